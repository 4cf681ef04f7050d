"""How the reminder tables (the rules, the history) fit a small screen and large text: long cells wrap onto
more lines instead of ending in "…", rows grow to their text, and a short table can show every row without
a scroll bar of its own inside the scrolling page."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget


def wrapping_columns(
    table: QTableWidget, fitted: Sequence[int], wrapped: Sequence[int], *, all_rows: bool = False
) -> None:
    """Columns `fitted` as wide as their text (short: a time, "every day"); columns `wrapped` share the rest
    of the width and wrap their text (a label, "Missed (the app was closed...)"); never a sideways scroll.
    With `all_rows` the table is as tall as all its rows (call `fit_rows` after filling it)."""
    table.setWordWrap(True)
    table.setTextElideMode(Qt.TextElideMode.ElideNone)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = table.horizontalHeader()
    for column in fitted:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    for column in wrapped:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    table.setProperty("coachAllRows", all_rows)
    if all_rows:
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    # A new width re-wraps the text: give each row the height its lines need then.
    header.sectionResized.connect(lambda *_: fit_rows(table))


def fit_rows(table: QTableWidget) -> None:
    """Give each row the height its wrapped text needs; a table set up with `all_rows` then becomes
    exactly as tall as its header and rows (one scroll bar, the page's, instead of a second one)."""
    table.resizeRowsToContents()
    if not table.property("coachAllRows"):
        return
    header = table.horizontalHeader()
    height = max(header.height(), header.sizeHint().height()) + 2 * table.frameWidth()
    height += sum(table.rowHeight(row) for row in range(table.rowCount()))
    if table.height() != height or table.minimumHeight() != height:
        table.setFixedHeight(height)
