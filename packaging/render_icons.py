"""Renders the menu icon's PNG sizes (48, 128, 256 px) from packaging/icons/pain-recovery-coach.svg with
Qt's own SVG renderer, so the hicolor theme has every size desktops ask for. Run after changing the SVG:
    QT_QPA_PLATFORM=offscreen python packaging/render_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent / "icons"
SIZES = (48, 128, 256)


def main() -> None:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - QImage painting needs a GUI application
    renderer = QSvgRenderer(str(HERE / "pain-recovery-coach.svg"))
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(str(HERE / f"pain-recovery-coach-{size}.png"))


if __name__ == "__main__":
    main()
