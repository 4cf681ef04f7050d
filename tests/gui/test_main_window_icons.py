"""The sidebar's icons as a person sees them: every section, Help now, Settings and Quit has its own clear
line icon (no blank square or circle), drawn in the theme's colours with 3:1 contrast, light and dark, and
growing with the text size."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QPushButton, QStyle

from coach.services.context import AppContext
from coach.ui.app import CoachApp
from coach.ui.main_window import MainWindow
from coach.ui.navigation import PAGES
from coach.ui.shell.icons import line_icon_path
from coach.ui.theme import DARK, LIGHT, Palette, tinted_icon
from tests.gui.layout.audit import contrast, settle

# What the sidebar showed before: the style's stock pixmaps, which Fusion draws as blank shapes.
OLD_STOCK = (
    "SP_DirHomeIcon", "SP_MediaPlay", "SP_DialogApplyButton", "SP_ArrowDown", "SP_FileDialogDetailedView",
    "SP_FileDialogListView", "SP_FileDialogInfoView", "SP_MessageBoxInformation", "SP_MessageBoxWarning",
)  # fmt: skip


@pytest.fixture
def look(qapp: QApplication) -> Iterator[None]:
    """These tests re-theme the one QApplication; give the next test the look it had."""
    sheet, palette, font = qapp.styleSheet(), QPalette(qapp.palette()), qapp.font()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)


def _window(qtbot: Any, ctx: AppContext, qapp: QApplication, theme: str, scale: int = 100) -> MainWindow:
    ctx.store.update_profile(kind="patient", takes_opioids=True, onboarded=True)
    ctx.store.set_setting("theme", theme)
    ctx.store.set_setting("text_scale", scale)
    coach_app = CoachApp(ctx, qapp, with_tray=False)
    window = coach_app.window
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.go("learn")  # the chosen row is drawn on the accent: look at the others on the column
    settle()
    return window


def _ink(image: QImage, background: QColor, least: float = 2.0) -> list[tuple[int, int, QColor]]:
    """Pixels of `image` that stand out from the background by `least`:1 (anti-aliasing fringe left out)."""
    out = []
    for y in range(image.height()):
        for x in range(image.width()):
            colour = image.pixelColor(x, y)
            if contrast(colour, background) >= least:
                out.append((x, y, colour))
    return out


def _shape(ink: list[tuple[int, int, QColor]]) -> frozenset[tuple[int, int]]:
    """The icon's drawn pixels, moved to its bounding box's corner (so rows at other heights compare)."""
    left = min(x for x, _y, _c in ink)
    top = min(y for _x, y, _c in ink)
    return frozenset((x - left, y - top) for x, y, _c in ink)


def _check_shape(name: str, ink: list[tuple[int, int, QColor]], size: QSize) -> frozenset[tuple[int, int]]:
    assert len(ink) >= size.width(), f"{name}: the icon is blank"
    shape = _shape(ink)
    width = max(x for x, _y in shape) + 1
    height = max(y for _x, y in shape) + 1
    fill = len(shape) / (width * height)
    # A line drawing, not a filled square (1.0) or circle (0.79): Phosphor's outlines fill 20-60%.
    assert fill < 0.7, f"{name}: a filled block ({fill:.0%} of its box), not a line icon"
    assert width >= size.width() * 0.6 and height >= size.height() * 0.6, f"{name}: drawn too small"
    return shape


def _different(shapes: dict[str, frozenset[tuple[int, int]]]) -> None:
    names = list(shapes)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            overlap = len(shapes[a] & shapes[b]) / len(shapes[a] | shapes[b])
            assert overlap < 0.6, f"{a} and {b} look alike ({overlap:.0%} the same pixels)"


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=lambda p: p.name)
def test_every_section_has_its_own_clear_icon_in_the_theme(
    qtbot: Any, ctx: AppContext, qapp: QApplication, look: None, palette: Palette
) -> None:
    window = _window(qtbot, ctx, qapp, palette.name)
    nav = window.nav_list
    size = nav.iconSize()
    shot = nav.viewport().grab().toImage()  # visualItemRect is in the viewport's coordinates
    column = QColor(palette.nav)
    shapes: dict[str, frozenset[tuple[int, int]]] = {}
    for row, page in enumerate(PAGES):
        item = nav.item(row)
        if item.isHidden() or row == nav.currentRow():
            continue
        rect = nav.visualItemRect(item)
        # The icon sits at the row's left, before its text: the row's padding (12 px), the icon, a gap.
        area = shot.copy(QRect(rect.left(), rect.top(), 12 + size.width() + 2, rect.height()))
        ink = _ink(area, column)
        shapes[page.label] = _check_shape(page.label, ink, size)
        best = max(contrast(colour, column) for _x, _y, colour in ink)
        assert best >= 3.0, f"{page.label}: icon at {best:.2f}:1 on the navigation column (needs 3:1)"
    assert set(shapes) >= {"Today", "Practice", "Check-in", "Taper", "Progress", "Programs", "Reminders"}

    page_bg = QColor(palette.base)  # the sidebar buttons' face
    for button in (window.help_now_button, window.settings_button, window.quit_button):
        assert isinstance(button, QPushButton)
        image = button.icon().pixmap(button.iconSize()).toImage()
        ink = [(x, y, c) for x, y, c in _ink(image, page_bg) if c.alpha() > 200]
        shapes[button.text()] = _check_shape(button.text(), ink, button.iconSize())
        best = max(contrast(colour, page_bg) for _x, _y, colour in ink)
        assert best >= 3.0, f"{button.text()}: icon at {best:.2f}:1 (needs 3:1)"
    _different(shapes)

    # And none is one of the stock shapes the sidebar had before.
    for name in OLD_STOCK:
        stock = window.style().standardIcon(getattr(QStyle.StandardPixmap, name))
        image = tinted_icon(stock, size, palette.text, palette.text).pixmap(size).toImage()
        ink = [(x, y, c) for x, y, c in _ink(image, column) if c.alpha() > 200]
        if not ink:
            continue  # blank: nothing like any icon above, which all have ink
        old = _shape(ink)
        for label, shape in shapes.items():
            assert len(old & shape) / len(old | shape) < 0.6, f"{label} is still the stock {name}"


def test_icons_grow_with_the_text_and_ship_as_files(
    qtbot: Any, ctx: AppContext, qapp: QApplication, look: None
) -> None:
    small = _window(qtbot, ctx, qapp, "light", 100).nav_list.iconSize()
    large = _window(qtbot, ctx, qapp, "light", 200)
    assert large.nav_list.iconSize().width() == 2 * small.width() == 40
    assert large.help_now_button.iconSize() == large.nav_list.iconSize()
    for page in PAGES:
        assert line_icon_path(page.icon).read_text(encoding="utf-8").startswith("<svg")
    licence = line_icon_path("house").parent / "LICENSE-phosphor.txt"
    assert "MIT License" in licence.read_text(encoding="utf-8")
