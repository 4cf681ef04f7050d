"""The layout audit's checks: what a person would notice is wrong with a window or dialog as laid out now
(too big for the screen, scrolling sideways, cut off, squeezed, overlapping, too faint), as findings.

A finding names the surface, the configuration, the widget (objectName, class, text) and the fault, so a
failing audit says where to look. Checks read geometry after layout (no pixels), except contrast, which
samples a grab of the widget as painted (WCAG 2.2: text 4.5:1, indicators and icons 3:1).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QColor, QIcon, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QScrollBar,
    QStackedWidget,
    QStyle,
    QStyleOptionButton,
    QTabBar,
    QTableView,
    QTabWidget,
    QTextEdit,
    QWidget,
)

TEXT_CONTRAST = 4.5
INDICATOR_CONTRAST = 3.0


@dataclass(frozen=True)
class Config:
    """One configuration: the screen's available size in px, the theme and the text size in percent."""

    width: int
    height: int
    theme: str = "light"
    text_scale: int = 100

    @property
    def available(self) -> QRect:
        return QRect(0, 0, self.width, self.height)

    def __str__(self) -> str:
        return f"{self.width}x{self.height}-{self.theme}-{self.text_scale}"


# --- naming ---------------------------------------------------------------------------------------------


def describe(widget: QWidget) -> str:
    """`objectName` (or the nearest named ancestor's), class, and the first words of its text."""
    name = widget.objectName()
    if not name:
        parent = widget.parentWidget()
        while parent is not None and not parent.objectName():
            parent = parent.parentWidget()
        name = f"in {parent.objectName()}" if parent is not None else "unnamed"
    text = ""
    for attr in ("text", "title", "windowTitle"):
        read = getattr(widget, attr, None)
        if callable(read):
            try:
                value = read()
            except TypeError:
                continue
            if isinstance(value, str) and value:
                text = value
                break
    text = " ".join(text.split())
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{name} ({type(widget).__name__}{': ' + repr(text) if text else ''})"


# --- geometry -------------------------------------------------------------------------------------------


def shown_children(widget: QWidget) -> list[QWidget]:
    """The direct child widgets of `widget` that are on screen (not windows of their own)."""
    return [c for c in widget.findChildren(QWidget, options=_DIRECT) if c.isVisible() and not c.isWindow()]


try:  # PySide6 spells the enum FindDirectChildrenOnly under Qt.FindChildOption
    from PySide6.QtCore import Qt

    _DIRECT = Qt.FindChildOption.FindDirectChildrenOnly
except AttributeError:  # pragma: no cover
    _DIRECT = None


# Widgets whose insides are Qt's own business (an editor in a spin box, a combo's arrow, a scroll bar's
# container), or that scroll by design: their children are not checked for cuts or overlaps.
OPAQUE = (QAbstractSpinBox, QComboBox, QAbstractItemView, QTextEdit, QLineEdit, QTabBar, QScrollBar)


def _is_pyqtgraph(widget: QWidget) -> bool:
    return type(widget).__module__.startswith("pyqtgraph")


def walk(root: QWidget) -> Iterator[QWidget]:
    """`root` and every widget on screen below it whose layout is ours to check."""
    yield root
    if isinstance(root, OPAQUE) or _is_pyqtgraph(root):
        return
    for child in shown_children(root):
        yield from walk(child)


def _scroll_content(widget: QWidget) -> bool:
    """Whether `widget` is the content of a scroll area (it may be taller than the view: it scrolls)."""
    viewport = widget.parentWidget()
    area = viewport.parentWidget() if viewport is not None else None
    return isinstance(area, QAbstractScrollArea) and area.viewport() is viewport


def geometry_findings(root: QWidget, available: QSize) -> list[str]:
    """Everything about the layout of `root` (a shown window or dialog) a person would notice, as text."""
    found: list[str] = []
    if root.frameGeometry().width() > available.width() or root.frameGeometry().height() > available.height():
        found.append(
            f"{describe(root)} is {root.width()}x{root.height()}, larger than the screen's "
            f"{available.width()}x{available.height()} (smallest it can be: "
            f"{root.minimumSizeHint().width()}x{root.minimumSizeHint().height()})"
        )
    for widget in walk(root):
        found.extend(_widget_findings(widget))
        found.extend(_overlaps(widget))
    return found


def _widget_findings(widget: QWidget) -> Iterator[str]:
    parent = widget.parentWidget()
    if isinstance(widget, QScrollArea):
        bar = widget.horizontalScrollBar()
        if bar.isVisible() and bar.maximum() > 0:
            yield f"{describe(widget)} scrolls sideways by {bar.maximum()} px"
        content = widget.widget()
        if content is not None and content.width() > widget.viewport().width() + 1 and not bar.isVisible():
            yield (
                f"{describe(widget)} cuts its content on the right: {content.width()} px wide in a "
                f"{widget.viewport().width()} px view"
            )
    elif isinstance(widget, QAbstractScrollArea) and not isinstance(widget, QTableView):
        bar = widget.horizontalScrollBar()
        if bar.isVisible() and bar.maximum() > 0:
            yield f"{describe(widget)} scrolls sideways by {bar.maximum()} px"
    elif isinstance(widget, QTabBar) and widget.sizeHint().width() > widget.width() + 1:
        # Qt then shows scroll arrows and hides the names past the edge ("Weekly pain check" at 200%).
        yield (
            f"{describe(widget)} hides section names behind scroll arrows: {widget.width()} px wide for "
            f"names that need {widget.sizeHint().width()} px"
        )
    if parent is not None and not widget.isWindow() and not isinstance(parent, OPAQUE):
        rect = widget.geometry()
        inside = parent.rect()
        if _scroll_content(widget):
            if rect.right() > inside.right() + 1 and not isinstance(parent.parentWidget(), QScrollArea):
                yield f"{describe(widget)} is cut on the right by {describe(parent)}"
        elif not _is_pyqtgraph(parent) and not inside.adjusted(-1, -1, 1, 1).contains(rect):
            yield (
                f"{describe(widget)} at {_rect(rect)} is cut off by {describe(parent)} "
                f"({inside.width()}x{inside.height()})"
            )
    if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
        if not widget.wordWrap():
            need = widget.sizeHint().width()
            if widget.width() + 1 < need:
                yield f"{describe(widget)} is {widget.width()} px wide for one line of text that needs {need} px"
        elif widget.hasHeightForWidth():
            need = widget.heightForWidth(widget.width())
            if widget.height() + 1 < need:
                yield (
                    f"{describe(widget)} is {widget.height()} px high for wrapped text that needs {need} px: "
                    "its lines are cut or overlap what is below"
                )
    elif (
        isinstance(widget, QAbstractButton)
        and widget.text()
        and not isinstance(widget.parentWidget(), QTabBar)
    ):
        text = widget.fontMetrics().horizontalAdvance(widget.text().replace("&", ""))
        if isinstance(widget, (QCheckBox, QRadioButton)):
            need = widget.sizeHint().width()  # indicator, gap and text
        elif isinstance(widget, QPushButton) and widget.icon().isNull():
            # The text goes inside the button's padding and frame: a button only as wide as its text shows
            # "ooze 10 minut" (the reminder pop-up's snoozes at 200% text).
            # A button at its own size hint is as Qt made it (a default button's frame takes 2 px more).
            need = min(text + widget.width() - _button_contents(widget).width(), widget.sizeHint().width())
        else:
            need = text
        if widget.width() + 1 < need:
            yield f"{describe(widget)} is {widget.width()} px wide for a label that needs {need} px"
    elif (
        isinstance(widget, (QComboBox, QLineEdit, QAbstractSpinBox))
        and widget.width() + 1 < widget.minimumSizeHint().width()
    ):
        yield f"{describe(widget)} is squeezed to {widget.width()} px (needs {widget.minimumSizeHint().width()} px)"


def _button_contents(button: QPushButton) -> QRect:
    """Where a push button draws its text: inside its frame and the theme's padding."""
    option = QStyleOptionButton()
    button.initStyleOption(option)
    return button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button)


def _rect(rect: QRect) -> str:
    return f"({rect.x()},{rect.y()} {rect.width()}x{rect.height()})"


def _overlaps(widget: QWidget) -> Iterator[str]:
    if isinstance(widget, (*OPAQUE, QStackedWidget, QScrollArea, QTabWidget)) or _is_pyqtgraph(widget):
        return
    if isinstance(widget, QAbstractScrollArea):
        return
    children = [
        c
        for c in shown_children(widget)
        if not isinstance(c, QScrollBar) and c.width() > 0 and c.height() > 0
    ]
    for i, first in enumerate(children):
        for second in children[i + 1 :]:
            both = first.geometry().intersected(second.geometry())
            if both.width() > 2 and both.height() > 2:
                yield f"{describe(first)} and {describe(second)} overlap by {both.width()}x{both.height()} px"


# --- contrast (WCAG 2.2) --------------------------------------------------------------------------------


def luminance(colour: QColor) -> float:
    """Relative luminance of an opaque colour, as WCAG 2.2 defines it."""
    lin = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in (colour.redF(), colour.greenF(), colour.blueF())
    ]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _pixels(image: QImage) -> np.ndarray:
    """The image as a (height, width) array of 0xAARRGGBB values."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    width, height = image.width(), image.height()
    data = np.frombuffer(image.constBits(), dtype=np.uint32, count=image.bytesPerLine() // 4 * height)
    return data.reshape(height, image.bytesPerLine() // 4)[:, :width].copy()  # the image is freed soon


def ink_contrast(image: QImage | np.ndarray, area: QRect | None = None) -> float:
    """The contrast between the background (the most common colour) and the ink in `area` of `image`: the
    highest contrast against the background that at least three pixels reach."""
    pixels = _pixels(image) if isinstance(image, QImage) else image
    box = area or QRect(0, 0, pixels.shape[1], pixels.shape[0])
    part = pixels[max(box.top(), 0) : box.bottom() + 1, max(box.left(), 0) : box.right() + 1]
    if part.size == 0:
        return 21.0
    colours, counts = np.unique(part, return_counts=True)
    background = QColor.fromRgb(int(colours[counts.argmax()]))
    # Curved glyphs ("3", "J") are all antialiased edge, so no single ink colour covers many pixels: the
    # ink's contrast is the highest that at least a few pixels reach (one stray pixel is not text).
    ranked = sorted(
        (
            (contrast(background, QColor.fromRgb(int(rgb))), int(n))
            for rgb, n in zip(colours, counts, strict=True)
        ),
        reverse=True,
    )
    reached = 0
    for value, n in ranked:
        reached += n
        if reached >= 3:
            return value
    return 21.0


def contrast_findings(root: QWidget) -> list[str]:
    """Text under 4.5:1 and indicators or icons under 3:1 anywhere in `root` as painted now."""
    found: list[str] = []
    image = root.grab().toImage()
    shot = _pixels(image)
    bounds = image.rect()
    for widget in walk(root):
        if not widget.isEnabled() or widget.width() < 4 or widget.height() < 4:
            continue  # WCAG leaves inactive controls out
        origin = widget.mapTo(root, QPoint(0, 0))
        shown = widget.visibleRegion().boundingRect()  # scrolled out of view: not on the grab
        if shown.width() < 4 or shown.height() < 4:
            continue
        area = shown.translated(origin).intersected(bounds)
        if isinstance(widget, (QRadioButton, QCheckBox)):
            indicator = _indicator_rect(widget).translated(origin)
            if not area.contains(indicator):
                continue  # partly scrolled out of view
            # The indicator against what is around it (a margin of the widget's own background).
            ring = indicator.adjusted(-3, -3, 3, 3).intersected(area)
            value = ink_contrast(shot, ring)
            if value < INDICATOR_CONTRAST:
                found.append(f"{describe(widget)}: its indicator has {value:.2f}:1 contrast (needs 3:1)")
        elif isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
            value = ink_contrast(shot, area)
            if value < TEXT_CONTRAST:
                found.append(f"{describe(widget)}: text contrast {value:.2f}:1 (needs 4.5:1)")
        elif isinstance(widget, QPushButton) and widget.text():
            value = ink_contrast(shot, area.adjusted(3, 3, -3, -3))
            if value < TEXT_CONTRAST:
                found.append(f"{describe(widget)}: text contrast {value:.2f}:1 (needs 4.5:1)")
        if isinstance(widget, QListWidget) and widget.objectName() == "navigation":
            found.extend(icon_findings(widget))
    return found


def _indicator_rect(widget: QAbstractButton) -> QRect:
    option = QStyleOptionButton()
    option.initFrom(widget)
    element = (
        QStyle.SubElement.SE_RadioButtonIndicator
        if isinstance(widget, QRadioButton)
        else QStyle.SubElement.SE_CheckBoxIndicator
    )
    return QRect(widget.style().subElementRect(element, option, widget))


def icon_contrast(icon: QIcon, size: QSize, background: QColor) -> float:
    """The contrast of an icon's most contrasting opaque colour against `background`."""
    image = icon.pixmap(size).toImage()
    best = 1.0
    for y in range(image.height()):
        for x in range(image.width()):
            colour = image.pixelColor(x, y)
            if colour.alpha() > 200:
                best = max(best, contrast(colour, background))
    return best


def icon_findings(nav: QListWidget) -> list[str]:
    """Navigation icons under 3:1 against the navigation column."""
    background = nav.palette().color(nav.backgroundRole())
    shot = nav.grab().toImage()
    background = QColor.fromRgb(
        Counter(shot.pixel(2, y) for y in range(0, shot.height(), 4)).most_common(1)[0][0]
    )
    found = []
    for row in range(nav.count()):
        item = nav.item(row)
        if item.isHidden() or nav.currentRow() == row:
            continue
        value = icon_contrast(item.icon(), nav.iconSize(), background)
        if value < INDICATOR_CONTRAST:
            found.append(
                f"navigation icon {item.text()!r}: {value:.2f}:1 on the navigation column (needs 3:1)"
            )
    return found


def settle(app: QApplication | None = None) -> None:
    """Let Qt lay out and polish what was just shown or resized."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    for _ in range(3):
        app.processEvents()  # type: ignore[union-attr]


__all__ = [
    "Config",
    "contrast",
    "contrast_findings",
    "describe",
    "geometry_findings",
    "icon_contrast",
    "ink_contrast",
    "settle",
]
