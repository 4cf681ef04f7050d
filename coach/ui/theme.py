"""Light, dark or system colours and a text-size setting, applied app-wide: calm, legible, high contrast."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

BASE_POINT_SIZE = 12.0

_LIGHT = {
    "window": "#f6f4ef",
    "base": "#ffffff",
    "text": "#1f2a30",
    "muted": "#56636b",
    "accent": "#2f6f73",
    "accent_text": "#ffffff",
    "nav": "#e9e5dc",
    "border": "#d5cfc3",
    "warn": "#8a4b0f",
    "help": "#a23b2a",
}
_DARK = {
    "window": "#1c2226",
    "base": "#242c31",
    "text": "#e9eef0",
    "muted": "#a9b6bc",
    "accent": "#5fb3b3",
    "accent_text": "#0f1a1c",
    "nav": "#161b1e",
    "border": "#39444a",
    "warn": "#f0b46a",
    "help": "#ff8a7a",
}


# What the "system" theme resolves to while the desktop has not been asked yet in this process. Asking
# (QStyleHints.colorScheme) builds every enum of the Qt namespace on first use, ~15 ms, so the first window
# uses the answer remembered from the last run and the app asks once the window is on screen.
_assumed_system_dark: bool | None = None


def assume_system_dark(dark: bool | None) -> None:
    global _assumed_system_dark
    _assumed_system_dark = dark


def system_prefers_dark() -> bool:
    """The desktop's own light/dark preference, asked now."""
    from PySide6.QtCore import Qt  # not at import time: see above

    hints = QGuiApplication.styleHints()
    return bool(hints is not None and hints.colorScheme() == Qt.ColorScheme.Dark)


def is_dark(theme: str) -> bool:
    if theme == "dark":
        return True
    if theme == "light":
        return False
    if _assumed_system_dark is not None:
        return _assumed_system_dark
    return system_prefers_dark()


def colours(theme: str) -> dict[str, str]:
    return _DARK if is_dark(theme) else _LIGHT


def apply_theme(app: QApplication, theme: str, text_scale: int) -> None:
    c = colours(theme)
    app.setStyle("Fusion")
    pal = QPalette()
    pal.setColor(QPalette.ColorRole.Window, QColor(c["window"]))
    pal.setColor(QPalette.ColorRole.WindowText, QColor(c["text"]))
    pal.setColor(QPalette.ColorRole.Base, QColor(c["base"]))
    pal.setColor(QPalette.ColorRole.AlternateBase, QColor(c["nav"]))
    pal.setColor(QPalette.ColorRole.Text, QColor(c["text"]))
    pal.setColor(QPalette.ColorRole.Button, QColor(c["base"]))
    pal.setColor(QPalette.ColorRole.ButtonText, QColor(c["text"]))
    pal.setColor(QPalette.ColorRole.Highlight, QColor(c["accent"]))
    pal.setColor(QPalette.ColorRole.HighlightedText, QColor(c["accent_text"]))
    pal.setColor(QPalette.ColorRole.ToolTipBase, QColor(c["base"]))
    pal.setColor(QPalette.ColorRole.ToolTipText, QColor(c["text"]))
    pal.setColor(QPalette.ColorRole.PlaceholderText, QColor(c["muted"]))
    app.setPalette(pal)
    font = app.font()
    font.setPointSizeF(BASE_POINT_SIZE * text_scale / 100.0)
    app.setFont(font)
    pt = BASE_POINT_SIZE * text_scale / 100.0
    app.setStyleSheet(
        f"""
        QWidget {{ font-size: {pt:.1f}pt; }}
        QLabel[role="title"] {{ font-size: {pt * 1.9:.1f}pt; font-weight: 600; padding-bottom: 6px; }}
        QLabel[role="subtitle"] {{ font-size: {pt * 1.25:.1f}pt; font-weight: 600; }}
        QLabel[role="muted"] {{ color: {c["muted"]}; }}
        QLabel[role="warning"] {{ color: {c["warn"]}; font-weight: 600; }}
        QFrame[role="card"] {{ background: {c["base"]}; border: 1px solid {c["border"]}; border-radius: 10px; }}
        QListWidget#navigation {{ background: {c["nav"]}; border: none; padding: 8px; outline: 0; }}
        QListWidget#navigation::item {{ padding: 10px 12px; border-radius: 8px; margin: 2px 0; }}
        QListWidget#navigation::item:selected {{ background: {c["accent"]}; color: {c["accent_text"]}; }}
        QPushButton {{ padding: 8px 16px; border-radius: 8px; border: 1px solid {c["border"]}; }}
        QPushButton:focus {{ border: 2px solid {c["accent"]}; }}
        QPushButton[role="primary"] {{ background: {c["accent"]}; color: {c["accent_text"]};
            border: none; font-weight: 600; padding: 12px 22px; }}
        QPushButton[role="help"] {{ color: {c["help"]}; font-weight: 600; }}
        """
    )
