"""The caseload table's model: one row per patient of the triage queue, updated row by row (a new file
changes or adds one row, never rebuilds the table), and the sort/filter proxy that keeps the queue order.

Columns sort by their own value (the Priority column by the triage order of coach.domain.triage); the filter
box matches any column's text, case-insensitively. Rows are addressed by record id, so a selection made
through the proxy stays on its patient while rows move.
"""

from __future__ import annotations

import bisect
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from coach.domain import triage as tr
from coach.domain.wording import count
from coach.services.caseload.queue import CaseloadPatient
from coach.ui.widgets.common import shown_as_typed

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = (
    "New",
    "Priority",
    "Patient",
    "Why",
    "Last practice",
    "Last file",
    "Practice",
    "Adherence",
    "PEG trend",
)
NEW, PRIORITY, PATIENT, WHY, LAST_PRACTICE, LAST_FILE, PRACTICE, ADHERENCE, PEG = range(len(COLUMNS))
_SEVERITY_WORDS = {"urgent": "Urgent", "high": "High", "watch": "Watch"}
_Index = QModelIndex | QPersistentModelIndex
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.AccessibleTextRole,
        SORT_ROLE,
        RECORD_ROLE,
    }
)


def _day(value: date | None) -> str:
    return value.strftime("%d %b %Y") if value else "—"


def _ordinal(value: date | None) -> int:
    return value.toordinal() if value else 0


def ago_text(day: date | None, today: date | None) -> str:
    """How long ago `day` was, for people: "today", "yesterday", "5 days ago", "5 weeks ago", "3 months
    ago" ("" without a day, or without today to count from)."""
    if day is None or today is None:
        return ""
    days = (today - day).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{count(days, 'day')} ago"
    if days < 61:
        return f"{count(days // 7, 'week')} ago"
    return f"{count(days // 30, 'month')} ago"


def priority_text(patient: CaseloadPatient) -> str:
    """The severity word alone ("Urgent", "High", "Watch"), `Reviewed`, `No flags`: short enough to show
    whole; the Why cell says what it is about."""
    entry = patient.entry
    return _SEVERITY_WORDS[entry.severity] if entry.severity else tr.GROUP_LABELS[entry.group]


def why_text(patient: CaseloadPatient, today: date | None = None) -> str:
    """The lead unreviewed flag in plain words with its day, then the others (coach.domain.triage
    why_words): "Severe withdrawal today: 10 symptoms severe. Also: ..."."""
    return tr.why_words(patient.entry, today or date.today())


def practice_text(patient: CaseloadPatient) -> str:
    """`5 done, 1 partial · 52 min`: sessions done by the one rule, partial ones apart, minutes played."""
    o = patient.overview
    if "sessions" not in o.shared:
        return "not shared"
    partial = f", {o.sessions_partial} partial" if o.sessions_partial else ""
    return f"{o.sessions_completed} done{partial} · {round(o.minutes_practised)} min"


class CaseloadModel(QAbstractTableModel):
    """The queue's patients, in the order they arrived in the model (the proxy sorts)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseloadPatient] = []
        self._row_of: dict[int, int] = {}  # record id -> row
        self._keys: list[tuple[Any, ...]] = []  # each row's triage order, ascending (rows are kept so)
        # Sorting a thousand rows by a column asks each row's sort value a dozen times: made once per
        # patient and column.
        self._sort_values: dict[tuple[int, int], str] = {}
        self.today: date | None = None  # the coach's today, for "5 weeks ago" (set by the page)
        # Severity colours of the theme (coach.ui.theme.Palette urgent/high/watch), set by the page.
        self.severity_colours: dict[str, QColor] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    # --- changes --------------------------------------------------------------------------------------
    def reset_rows(self, patients: list[CaseloadPatient]) -> None:
        """Every row anew (first open, a restore): the only full reset. Rows are kept in triage order, so
        the queue as shown needs no sorting (see CaseloadProxy.sort)."""
        self.beginResetModel()
        self._sort_values.clear()
        self._rows = sorted(patients, key=CaseloadPatient.sort_key)
        self._keys = [p.sort_key() for p in self._rows]
        self._row_of = {p.record_id: i for i, p in enumerate(self._rows)}
        self.endResetModel()

    def put_patient(self, patient: CaseloadPatient) -> int:
        """Replace the patient's row (one dataChanged, and one rowsMoved when its place in the queue
        changed) or add it at its place (one rowsInserted); returns the row."""
        key = patient.sort_key()
        for column in range(len(COLUMNS)):
            self._sort_values.pop((patient.record_id, column), None)
        row = self._row_of.get(patient.record_id)
        if row is None:
            row = bisect.bisect_left(self._keys, key)
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.insert(row, patient)
            self._keys.insert(row, key)
            self._reindex()
            self.endInsertRows()
            return row
        others = self._keys[:row] + self._keys[row + 1 :]
        target = bisect.bisect_left(others, key)
        if target != row:
            # Qt's destination is the row before which it lands, counted before the move.
            self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), target + 1 if target > row else target)
            del self._rows[row]
            del self._keys[row]
            self._rows.insert(target, patient)
            self._keys.insert(target, key)
            self._reindex()
            self.endMoveRows()
            row = target
        self._rows[row] = patient
        self._keys[row] = key
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        return row

    def _reindex(self) -> None:
        self._row_of = {p.record_id: i for i, p in enumerate(self._rows)}

    def remove(self, record_id: int) -> None:
        """Drop a patient's row (their record was removed)."""
        row = self._row_of.get(record_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        del self._keys[row]
        self._reindex()
        self.endRemoveRows()

    # --- reading --------------------------------------------------------------------------------------
    def patient(self, row: int) -> CaseloadPatient:
        return self._rows[row]

    def filter_text(self, row: int) -> str:
        """What the filter box searches in one row, casefolded: every column's text and every flag, its
        group ("Self-harm answer") and severity, reviewed or not (a reviewed flag is still the coach's
        word for finding that patient again)."""
        patient = self._rows[row]
        parts = [self._text(patient, column, self.today) for column in range(len(COLUMNS))]
        for flag in patient.entry.flags:
            parts += [flag.text, flag.severity, tr.GROUP_LABELS.get(flag.group, "")]
        return "\n".join(parts).casefold()

    def patients(self) -> list[CaseloadPatient]:
        return list(self._rows)

    def row_of(self, record_id: int) -> int | None:
        return self._row_of.get(record_id)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's own signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Painting asks for a dozen roles per cell; answer the ones not used here first and fast.
        if role not in _ROLES or not index.isValid():
            return None
        column = index.column()
        if role == SORT_ROLE:
            patient = self._rows[index.row()]
            key = (patient.record_id, column)
            value = self._sort_values.get(key)
            if value is None:
                value = self._sort_values[key] = self._sort_value(patient, column)
            return value
        patient = self._rows[index.row()]
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole):
            # Severity shows by colour (and bold for Urgent) as well as by the Priority cell's word.
            severity = patient.entry.severity
            if column not in (PRIORITY, WHY) or severity is None:
                return None
            if role == Qt.ItemDataRole.FontRole:
                return self._bold if severity == "urgent" else None
            return self.severity_colours.get(severity)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(patient, column, self.today)
            if role == Qt.ItemDataRole.ToolTipRole:
                if column == WHY:
                    text = "\n".join(
                        f"{f.severity.capitalize()}: {f.text}" + (" (reviewed)" if f.reviewed else "")
                        for f in patient.entry.flags
                    )
                # Names come from the patient's file: a tooltip would render markup in them.
                return shown_as_typed(text) if text else None
            return text
        if role == RECORD_ROLE:
            return patient.record_id
        if role == Qt.ItemDataRole.AccessibleTextRole and column in (NEW, PRIORITY):
            text = (
                ("New data, not viewed yet" if patient.is_new else "Viewed")
                if column == NEW
                else priority_text(patient)
            )
            return text.replace("·", ",")
        return None

    def set_colours(self, urgent: str, high: str, watch: str) -> None:
        """The theme's severity colours (`#rrggbb`); repaints every row."""
        self.severity_colours = {"urgent": QColor(urgent), "high": QColor(high), "watch": QColor(watch)}
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1))

    @staticmethod
    def _text(p: CaseloadPatient, column: int, today: date | None = None) -> str:
        o = p.overview
        if column == NEW:
            return "NEW" if p.is_new else ""
        if column == PRIORITY:
            return priority_text(p)
        if column == PATIENT:
            return p.name
        if column == WHY:
            return why_text(p, today)
        if column == LAST_PRACTICE:
            return _day(o.last_practice)
        if column == LAST_FILE:
            return _day(p.last_file)
        if column == PRACTICE:
            return practice_text(p)
        if column == ADHERENCE:
            return f"{o.adherence_percent}%" if o.adherence_percent is not None else "—"
        return o.peg_trend

    @staticmethod
    def _sort_value(p: CaseloadPatient, column: int) -> str:
        # One string per cell whose plain order is the column's order (numbers zero-padded), so the proxy
        # compares in C++ without calling back into Python: sorting a thousand rows stays quick.
        o = p.overview
        tie = f"{p.name.strip().casefold()}\x00{p.record_id:012d}"
        if column in (NEW, PRIORITY):
            group, severity, newest, _name, _id = p.sort_key()
            key = f"{group}{severity}{9_999_999 + newest:07d}{tie}"
            return ("0" if p.is_new else "1") + key if column == NEW else key
        if column == PATIENT:
            return tie
        if column == WHY:
            return f"{why_text(p).casefold()}\x00{tie}"
        if column == LAST_PRACTICE:
            return f"{_ordinal(o.last_practice):07d}{tie}"
        if column == LAST_FILE:
            return f"{_ordinal(p.last_file):07d}{tie}"
        if column == PRACTICE:
            return f"{o.sessions_completed:06d}{min(o.minutes_practised, 9e8):011.1f}{tie}"
        if column == ADHERENCE:
            return f"{(o.adherence_percent if o.adherence_percent is not None else -1) + 1:04d}{tie}"
        change = o.peg_change if o.peg_change is not None else -99.0
        return f"{(max(-99.0, min(99.0, change)) + 100) * 10:06.0f}{tie}"


class CaseloadProxy(QSortFilterProxyModel):
    """Sorts by each column's sort value (SORT_ROLE strings) and filters on any column's text. The queue's
    own order (Priority, ascending) is the model's row order, kept as rows change: shown as is, without
    sorting a thousand rows on every open."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setDynamicSortFilter(True)
        self._needle = ""

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        """A row is shown when the filter's text is in its filter_text (reviewed flags included)."""
        model = self.sourceModel()
        if not self._needle or not isinstance(model, CaseloadModel):
            return super().filterAcceptsRow(source_row, source_parent)
        return self.filter_needle in model.filter_text(source_row)

    @property
    def filter_needle(self) -> str:
        """The filter box's text as typed, casefolded ('' shows every row)."""
        return self._needle

    def set_needle(self, text: str) -> None:
        """Show only rows whose text or flags contain `text` (any case)."""
        self._needle = text.strip().casefold()
        self.setFilterFixedString(self._needle)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column == PRIORITY and order == Qt.SortOrder.AscendingOrder:
            column = -1  # the model's own order
        super().sort(column, order)
