"""A calm placeholder for a page that is still being built: says what is coming."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from coach.services.context import AppContext
from coach.ui.navigation import Navigator


def create_page(ctx: AppContext, nav: Navigator, key: str = "") -> QWidget:
    from coach.ui.navigation import COMING, PAGES

    page = QWidget()
    page.setObjectName(f"page_{key}")
    layout = QVBoxLayout(page)
    label = next((p.label for p in PAGES if p.key == key), key)
    title = QLabel(label)
    title.setObjectName("pageTitle")
    title.setProperty("role", "title")
    text = QLabel(f"Coming soon. {COMING.get(key, '')}")
    text.setWordWrap(True)
    text.setAccessibleName(f"{label}: coming soon")
    layout.addWidget(title)
    layout.addWidget(text)
    layout.addStretch(1)
    layout.setAlignment(Qt.AlignmentFlag.AlignTop)
    return page
