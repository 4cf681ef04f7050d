"""The caseload's patient table: a sortable QTableView over the caseload proxy with one patient chosen at a
time, its starting column widths (growing with the text size), and the heading that says how it is sorted."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from coach.ui.caseload.bar import TRIAGE_HEADING
from coach.ui.caseload.queue_model import (
    ADHERENCE,
    COLUMNS,
    LAST_FILE,
    LAST_PRACTICE,
    NEW,
    PATIENT,
    PEG,
    PRACTICE,
    PRIORITY,
    WHY,
    CaseloadProxy,
)
from coach.ui.widgets.common import named

# Starting widths in px at 100% text; each grows to its heading's text (and the sort arrow) at larger text.
COLUMN_WIDTHS = {
    NEW: 48,
    PRIORITY: 190,
    PATIENT: 140,
    WHY: 280,
    LAST_PRACTICE: 100,
    LAST_FILE: 100,
    PRACTICE: 120,
    ADHERENCE: 80,
    PEG: 110,
}
MIN_ROWS_SHOWN = 5
HEADER_ROOM = 30  # px beside a heading's text: the sort arrow and the style's margins
# Keys that choose a patient in the table (a choice by the coach marks their new data as seen).
CHOOSING_KEYS = frozenset(
    {
        Qt.Key.Key_Up,
        Qt.Key.Key_Down,
        Qt.Key.Key_PageUp,
        Qt.Key.Key_PageDown,
        Qt.Key.Key_Home,
        Qt.Key.Key_End,
        Qt.Key.Key_Space,
        Qt.Key.Key_Return,
        Qt.Key.Key_Enter,
    }
)


def patient_table(proxy: CaseloadProxy) -> QTableView:
    """The table over `proxy`: sorted in triage order (Priority ascending), whole rows chosen one at a time,
    read-only, cells on one line (elided; their tooltips have the whole text), columns at their starting
    widths."""
    table = named(QTableView(), "patientTable", "Patients, most pressing first")
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.sortByColumn(PRIORITY, Qt.SortOrder.AscendingOrder)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setMinimumSectionSize(44)
    fit_columns(table)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    return table


def fit_columns(table: QTableView) -> None:
    """Starting widths, each at least its heading's text: fixed widths, not ResizeToContents, because
    measuring a thousand rows on every change is what froze the old table (cells elide; their tooltips
    have the whole text). Also a minimum height for the headings and MIN_ROWS_SHOWN patients."""
    header = table.horizontalHeader()
    metrics = header.fontMetrics()
    scale = max(1.0, metrics.height() / 17)  # the 100% text's line height, so widths grow with the text
    model = table.model()
    for column, width in COLUMN_WIDTHS.items():
        heading = str(model.headerData(column, Qt.Orientation.Horizontal))
        header.resizeSection(
            column, max(round(width * scale), metrics.horizontalAdvance(heading) + HEADER_ROOM)
        )
    # Room for the heading and a few patients at any text size; past that the page scrolls instead.
    rows = table.verticalHeader().defaultSectionSize()
    table.setMinimumHeight(header.sizeHint().height() + MIN_ROWS_SHOWN * rows + 24)


def sort_heading(column: int, order: Qt.SortOrder) -> str:
    """What the heading above the table says for this sort, so it never claims triage order when not."""
    if column == PRIORITY and order == Qt.SortOrder.AscendingOrder:
        return TRIAGE_HEADING
    direction = "" if order == Qt.SortOrder.AscendingOrder else ", reversed"
    return f"Sorted by {COLUMNS[column]}{direction}: click Priority for triage order"
