"""The app's icons: the window and tray icon, and the line icons of the navigation and the sidebar's
buttons (Phosphor, MIT, bundled as SVG files in resources/icons/nav), drawn in the theme's colours.

SVG files rather than an icon font library: nothing to import before the first window (each icon is drawn
by Qt's SVG plug-in the first time it is painted), and nothing but files for the frozen build to carry
(resources/ ships whole; the licence is in resources/icons/nav and the .deb's copyright file)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from coach.resources import resource_path

# The sidebar's own buttons, by what they do (pages name theirs in coach/ui/navigation.py).
HELP_NOW_ICON = "lifebuoy"
SETTINGS_ICON = "gear-six"
QUIT_ICON = "sign-out"
BASE_ICON_PX = 20  # at 100% text; icons grow with the text size (icon_px)


def app_icon() -> QIcon:
    """The app's own icon (window, tray, task bar)."""
    return QIcon(str(resource_path("icons", "app.svg")))


def line_icon_path(name: str) -> Path:
    """The SVG file of line icon `name` (e.g. "house"); FileNotFoundError when the app ships none."""
    path = resource_path("icons", "nav", f"{name}.svg")
    if not path.is_file():
        raise FileNotFoundError(f"no icon {name!r} in {path.parent}")
    return path


def line_icon(name: str) -> QIcon:
    """Line icon `name`, black on a see-through ground: pass it through theme.tinted_icon to colour it."""
    return QIcon(str(line_icon_path(name)))


def icon_px(text_scale: int) -> QSize:
    """The navigation's icon size (px, square) at `text_scale` percent text: 20 px at 100%, growing with
    the text so a person who needs large text gets large icons too."""
    side = round(BASE_ICON_PX * text_scale / 100)
    return QSize(side, side)
