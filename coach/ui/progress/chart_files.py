"""Saving from the Progress page: where a Save dialog starts (the folder last saved to), the notice that
says where a chart image or report went, and a chart image composed with its title and date range."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QFont, QImage, QPainter
from PySide6.QtWidgets import QMessageBox, QWidget

from coach.ui.theme import Palette

_last_folder: list[Path] = []  # the folder a chart image or report was last saved to, this session


def save_start(name: str) -> str:
    """Where a Save dialog for file `name` starts: the folder last saved to (chart image or report), else
    Documents, else home - never the program's own folder (the working directory)."""
    from PySide6.QtCore import QStandardPaths

    if _last_folder and _last_folder[0].is_dir():
        return str(_last_folder[0] / name)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(documents) if documents and Path(documents).is_dir() else Path.home()
    return str(folder / name)


def remember_folder(path: Path) -> None:
    """Note the folder of a file just saved, so the next Save dialog starts there."""
    _last_folder[:] = [path.parent]


def saved_notice(parent: QWidget, title: str, text: str, path: Path) -> QMessageBox:
    """Say where a file went, with "Open folder" (the system's file manager) and "OK"; not blocking."""
    box = QMessageBox(parent)
    box.setObjectName("savedNotice")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setText(text)
    folder = box.addButton("Open folder", QMessageBox.ButtonRole.ActionRole)
    folder.setObjectName("openFolder")
    ok = box.addButton(QMessageBox.StandardButton.Ok)
    box.setDefaultButton(ok)

    def done(_result: int) -> None:
        box.setObjectName("")
        if box.clickedButton() is folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))

    box.finished.connect(done)
    box.open()
    return box


def compose_chart_image(chart: QImage, title: str, period: str, colours: Palette) -> QImage:
    """`chart` with a heading band above it: `title` in bold and `period` (the date range) below it."""
    width = chart.width()
    title_font = QFont()
    title_font.setPixelSize(max(18, width // 45))
    title_font.setBold(True)
    period_font = QFont()
    period_font.setPixelSize(max(14, width // 65))
    margin = title_font.pixelSize() // 2 + 6
    band = margin * 2 + title_font.pixelSize() + (period_font.pixelSize() + 8 if period else 0) + 6
    out = QImage(width, chart.height() + band, QImage.Format.Format_ARGB32)
    out.fill(QColor(colours.base))
    painter = QPainter(out)
    try:
        painter.setPen(QColor(colours.text))
        painter.setFont(title_font)
        top = margin
        painter.drawText(margin, top, width - 2 * margin, title_font.pixelSize() + 8, 0, title)
        if period:
            painter.setFont(period_font)
            top += title_font.pixelSize() + 10
            painter.setPen(QColor(colours.muted))
            painter.drawText(margin, top, width - 2 * margin, period_font.pixelSize() + 8, 0, period)
        painter.drawImage(0, band, chart)
    finally:
        painter.end()
    return out
