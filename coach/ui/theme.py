"""The app's one theme: the light and dark colour sets, the stylesheet that styles widgets by their `role`
property, the text size, and how a view that draws its own colours (charts) follows a theme change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from coach.services.context import AppContext

BASE_POINT_SIZE = 12.0


@dataclass(frozen=True)
class Palette:
    """One colour set, as `#rrggbb` strings (`#aarrggbb`, as QColor reads it, where a colour is see-through:
    pass those to pyqtgraph as a QColor, since it reads eight digits as `#rrggbbaa`). The first group
    colours widgets through the stylesheet; the second is data colour for chart series, drawn on `base`.
    Text colours keep 4.5:1 and series colours 3:1 against the background they are drawn on (WCAG 2.2),
    which tests/gui/test_theme.py checks for both sets."""

    name: str  # "light" or "dark"
    window: str  # page background
    base: str  # cards, inputs, chart backgrounds
    text: str
    muted: str  # secondary text, axis lines
    accent: str  # primary buttons, the chosen navigation row, checked toggles, focus rings
    accent_text: str  # text on `accent`
    nav: str  # navigation column
    border: str
    warn: str  # warning text
    help: str  # the Help now button's text
    urgent: str  # an Urgent flag's text (self-harm answer): red, apart from High's amber
    high: str  # a High flag's text (withdrawal, use above the plan)
    watch: str  # a Watch flag's text (rising pain, gone quiet)
    # Chart series, by what they show.
    pain: str  # PEG line, and the PEG axis title (so text contrast)
    pain_soft: str  # single PEG check-ins, behind the line
    mme: str  # agreed daily MME, and the MME axis title (so text contrast)
    mme_soft: str  # logged doses, a thin line behind the agreed one
    practice: str
    distress: str
    withdrawal: str
    pause: str  # a see-through band behind the taper line while a taper is paused


LIGHT = Palette(
    name="light",
    window="#f6f4ef",
    base="#ffffff",
    text="#1f2a30",
    muted="#56636b",
    accent="#2f6f73",
    accent_text="#ffffff",
    nav="#e9e5dc",
    border="#d5cfc3",
    warn="#8a4b0f",
    help="#a23b2a",
    urgent="#a3161a",
    high="#8a4b0f",
    watch="#2b5c8a",
    pain="#c2553b",
    pain_soft="#cf7a64",
    mme="#2f6f9f",
    mme_soft="#5f8fbf",
    practice="#3f8f6b",
    distress="#7a5aa6",
    withdrawal="#b0722a",
    pause="#3ce6be5a",
)
# Series are lighter on the dark background: the light set's blue and violet fall below 3:1 there.
DARK = Palette(
    name="dark",
    window="#1c2226",
    base="#242c31",
    text="#e9eef0",
    muted="#a9b6bc",
    accent="#5fb3b3",
    accent_text="#0f1a1c",
    nav="#161b1e",
    border="#39444a",
    warn="#f0b46a",
    help="#ff8a7a",
    urgent="#ff8f8f",
    high="#f0b46a",
    watch="#8cc0ee",
    pain="#ee8b72",
    pain_soft="#b96b57",
    mme="#6aa8dc",
    mme_soft="#4f7fa8",
    practice="#56b08a",
    distress="#a88bd8",
    withdrawal="#d39a4f",
    pause="#40e6be5a",
)


# What the "system" theme resolves to while the desktop has not been asked yet in this process. Asking
# (QStyleHints.colorScheme) builds every enum of the Qt namespace on first use, ~15 ms, so the first window
# uses the answer remembered from the last run and the app asks once the window is on screen.
_assumed_system_dark: bool | None = None


def assume_system_dark(dark: bool | None) -> None:
    """Remember the desktop's light/dark answer (None: ask it on the next `is_dark("system")`)."""
    global _assumed_system_dark
    _assumed_system_dark = dark


def system_prefers_dark() -> bool:
    """The desktop's own light/dark preference, asked now."""
    from PySide6.QtCore import Qt  # after the first window: the Qt namespace costs ~20 ms to build

    hints = QGuiApplication.styleHints()
    return bool(hints is not None and hints.colorScheme() == Qt.ColorScheme.Dark)


def is_dark(theme: str) -> bool:
    """Whether the theme setting ("light", "dark" or "system") means dark colours now."""
    if theme == "dark":
        return True
    if theme == "light":
        return False
    if _assumed_system_dark is not None:
        return _assumed_system_dark
    return system_prefers_dark()


def palette_for(theme: str) -> Palette:
    """The colour set for the theme setting ("light", "dark" or "system")."""
    return DARK if is_dark(theme) else LIGHT


def current_palette(ctx: AppContext) -> Palette:
    """The colour set for the profile's theme setting as it is now."""
    return palette_for(str(ctx.store.setting("theme")))


def set_role(widget: QWidget, role: str) -> None:
    """Style `widget` by the stylesheet's rules for `role` (e.g. "muted", "card", "range"; "" for none).
    A widget already on screen is re-polished, as Qt does not re-read a changed property by itself."""
    widget.setProperty("role", role)
    # isVisible, not the WA_WState_Polished attribute: reading any Qt.* enum builds the whole Qt namespace
    # (~20 ms), which the first window must not wait for. A widget not on screen is polished when shown.
    if widget.isVisible():
        style = widget.style()
        style.unpolish(widget)
        style.polish(widget)


def stylesheet(c: Palette, point_size: float) -> str:
    """The application stylesheet: every colour and per-role style in the app, for colour set `c` and a
    base text size in points. Widgets opt in with `set_role`; none sets colours of its own."""
    pt = point_size
    indicator = round(pt * 96 / 72 * 1.05)  # px: about the height of a capital letter and a half
    return f"""
        QWidget {{ font-size: {pt:.1f}pt; }}
        QLabel[role="title"] {{ font-size: {pt * 1.9:.1f}pt; font-weight: 600; padding-bottom: 6px; }}
        QLabel[role="subtitle"] {{ font-size: {pt * 1.25:.1f}pt; font-weight: 600; }}
        QLabel[role="caption"] {{ font-size: {pt * 1.6:.1f}pt; padding: 12px; }}
        QLabel[role="muted"] {{ color: {c.muted}; }}
        QLabel[role="warning"] {{ color: {c.warn}; font-weight: 600; }}
        QLabel[role="urgent"] {{ color: {c.urgent}; font-weight: 700; }}
        QLabel[role="high"] {{ color: {c.high}; font-weight: 600; }}
        QLabel[role="watch"] {{ color: {c.watch}; }}
        QFrame[role="card"] {{ background: {c.base}; border: 1px solid {c.border}; border-radius: 10px; }}
        QWidget[role="see-through"] {{ background: transparent; }}
        QListWidget#navigation {{ background: {c.nav}; border: none; padding: 8px; outline: 0; }}
        QListWidget#navigation::item {{ padding: 6px 12px; border-radius: 8px; margin: 1px 0; }}
        QListWidget#navigation::item:selected {{ background: {c.accent}; color: {c.accent_text}; }}
        QPushButton {{ padding: 8px 16px; border-radius: 8px; border: 1px solid {c.border}; }}
        QPushButton:focus {{ border: 2px solid {c.accent}; }}
        /* A button that cannot be pressed yet (nothing chosen) must not look ready: muted text, dashed edge. */
        QPushButton:disabled {{ color: {c.muted}; border-style: dashed; }}
        /* A filled button's focus ring sits outside the fill, in the text colour: 4.5:1 against the page
           where the unfocused button shows the page itself (WCAG 2.2 focus appearance). */
        QPushButton[role="primary"] {{ background: {c.accent}; color: {c.accent_text};
            background-clip: padding; border: 3px solid transparent; font-weight: 600; padding: 9px 19px; }}
        QPushButton[role="primary"]:focus {{ border: 3px solid {c.text}; }}
        /* A disabled primary button must not look ready to press (Start waits for both ratings). */
        QPushButton[role="primary"]:disabled {{ background: {c.border}; color: {c.muted}; }}
        QPushButton[role="help"] {{ color: {c.help}; font-weight: 600; }}
        QPushButton[role="range"]:checked {{ background: {c.accent}; color: {c.accent_text};
            border-color: {c.accent}; }}
        QPushButton[role="scale"] {{ font-size: {pt * 1.15:.1f}pt; padding: 6px 0; }}
        QPushButton[role="chip"] {{ border-radius: 16px; padding: 8px 16px; border: 1px solid {c.border}; }}
        /* Chosen: more than colour. Bold and a thick ring in the text colour. */
        /* (A property, not :checked, for the scale: Qt applies a style sheet's font-weight only on polish.) */
        QPushButton[role="scale"][scaleFocused="true"] {{ border: 3px solid {c.accent}; }}
        QPushButton[role="scale"][chosen="true"] {{
            background: {c.accent}; color: {c.accent_text}; border: 3px solid {c.text}; font-weight: 700; }}
        /* A chip's size is measured unchosen: the chosen ring takes from the padding, not from the text, and
           the text stays its weight (bold is wider: a chosen "Withdrawal" read "Vithdrawa"). */
        QPushButton[role="chip"]:checked {{
            background: {c.accent}; color: {c.accent_text}; border: 3px solid {c.text}; padding: 6px 14px; }}
        /* Radio buttons and check boxes grow with the text and keep 3:1 against the page and cards. */
        QRadioButton, QCheckBox {{ spacing: {indicator // 2}px; }}
        QRadioButton::indicator, QCheckBox::indicator {{ width: {indicator}px; height: {indicator}px;
            border: 2px solid {c.muted}; background: {c.base}; }}
        QRadioButton::indicator {{ border-radius: {indicator // 2 + 2}px; }}
        QCheckBox::indicator {{ border-radius: 4px; }}
        QRadioButton::indicator:checked {{ border-color: {c.accent}; background: qradialgradient(cx:0.5,
            cy:0.5, radius:0.5, fx:0.5, fy:0.5, stop:0 {c.accent}, stop:0.5 {c.accent}, stop:0.6 {c.base},
            stop:1 {c.base}); }}
        /* Checked is more than a filled square: a tick in the text-on-accent colour (3:1 and more). */
        QCheckBox::indicator:checked {{ border-color: {c.accent}; background: {c.accent};
            image: url("{tick_image(c, indicator)}"); }}
        QRadioButton::indicator:focus, QCheckBox::indicator:focus {{ border-color: {c.text}; }}
        QRadioButton::indicator:disabled, QCheckBox::indicator:disabled {{ border-color: {c.border}; }}
        """


_TICKS: list[Path] = []


def _tick_folder() -> Path:
    """A folder of this run's own (mkdtemp: an unguessable name, 0700), removed at exit: nobody else can
    put an image there for the app to show, and nothing is left behind."""
    if not _TICKS:
        import atexit
        import shutil
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="coach-theme-"))
        atexit.register(shutil.rmtree, folder, True)
        _TICKS.append(folder)
    return _TICKS[0]


def tick_image(c: Palette, size: int) -> str:
    """Path (forward slashes, for a stylesheet `url()`) of a PNG tick `size` px square drawn in
    `c.accent_text` on a see-through ground, for a checked check box's `accent` fill. Drawn once per colour
    and size into a private folder of this run: a stylesheet can only name an image by file."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QImage, QPainter, QPen

    path = _tick_folder() / f"tick-{c.accent_text.strip('#')}-{size}.png"
    if not path.exists():
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(QColor(0, 0, 0, 0))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(c.accent_text), max(2.0, size / 7))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.drawPolyline(
            [
                QPointF(size * 0.22, size * 0.52),
                QPointF(size * 0.42, size * 0.72),
                QPointF(size * 0.78, size * 0.3),
            ]
        )
        painter.end()
        image.save(str(path))
    return path.as_posix()


def tinted_icon(icon: QIcon, size: QSize, normal: str, selected: str) -> QIcon:
    """`icon`'s shapes redrawn in colour `normal` (and `selected` for a chosen row), so icons follow the
    theme: the style's stock icons are black whatever the background (black on near-black in dark)."""
    from PySide6.QtGui import QPainter, QPixmap

    out = QIcon()
    for colour, mode in ((normal, QIcon.Mode.Normal), (selected, QIcon.Mode.Selected)):
        for scale in (1, 2):
            base = icon.pixmap(size * scale)
            pixmap = QPixmap(base.size())
            pixmap.fill(QColor(0, 0, 0, 0))
            painter = QPainter(pixmap)
            painter.drawPixmap(0, 0, base)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
            painter.fillRect(pixmap.rect(), QColor(colour))
            painter.end()
            out.addPixmap(pixmap, mode)
    return out


def apply_theme(app: QApplication, theme: str, text_scale: int) -> None:
    """Give `app` the colours of the theme setting and text at `text_scale` percent of 12 pt: its palette
    (for what Qt draws itself) and the stylesheet (for roles). Every widget is re-polished by Qt."""
    c = palette_for(theme)
    app.setStyle("Fusion")
    pal = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, c.window),
        (QPalette.ColorRole.WindowText, c.text),
        (QPalette.ColorRole.Base, c.base),
        (QPalette.ColorRole.AlternateBase, c.nav),
        (QPalette.ColorRole.Text, c.text),
        (QPalette.ColorRole.Button, c.base),
        (QPalette.ColorRole.ButtonText, c.text),
        (QPalette.ColorRole.Highlight, c.accent),
        (QPalette.ColorRole.HighlightedText, c.accent_text),
        (QPalette.ColorRole.ToolTipBase, c.base),
        (QPalette.ColorRole.ToolTipText, c.text),
        (QPalette.ColorRole.PlaceholderText, c.muted),
    ):
        pal.setColor(role, QColor(colour))
    app.setPalette(pal)
    pt = BASE_POINT_SIZE * text_scale / 100.0
    font = app.font()
    font.setPointSizeF(pt)
    app.setFont(font)
    app.setStyleSheet(stylesheet(c, pt))


def follow_theme(view: QWidget, ctx: AppContext, restyle: Callable[[Palette], None]) -> None:
    """Call `restyle(palette)` whenever the colour set or the text size changes (theme setting, the
    desktop's scheme, text size: all published as Topic.SETTINGS), hidden or not, so what `view` drew
    earlier changes colour and size too (chart axis titles and numbers follow the app's font).
    `view` applies the current colours itself when it is built. Stops when `view` is destroyed."""
    from coach.services.changes import Topic  # not at import time: app.py imports this module first
    from coach.ui.changes import follow_changes

    shown = [(current_palette(ctx), ctx.store.setting("text_scale"))]

    def changed() -> None:
        now = (current_palette(ctx), ctx.store.setting("text_scale"))
        if now != shown[0]:  # other settings (speech rate, reminders) leave the look alone
            shown[0] = now
            restyle(now[0])

    follow_changes(view, ctx.bus, (Topic.SETTINGS,), changed, when_hidden=True)
