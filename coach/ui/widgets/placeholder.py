"""A calm placeholder for a page that is still being built: says what is coming."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from coach.services.context import AppContext
from coach.ui.navigation import Navigator
from coach.ui.widgets.common import plain_label


def create_page(ctx: AppContext, nav: Navigator, key: str = "") -> QWidget:
    from coach.ui.navigation import COMING, PAGES

    page = QWidget()
    page.setObjectName(f"page_{key}")
    layout = QVBoxLayout(page)
    label = next((p.label for p in PAGES if p.key == key), key)
    title = plain_label(label)
    title.setObjectName("pageTitle")
    title.setProperty("role", "title")
    text = plain_label(f"Coming soon. {COMING.get(key, '')}")
    text.setWordWrap(True)
    text.setAccessibleName(f"{label}: coming soon")
    layout.addWidget(title)
    layout.addWidget(text)
    layout.addStretch(1)
    layout.setAlignment(Qt.AlignmentFlag.AlignTop)
    return page
