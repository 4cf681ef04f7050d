"""The program builder's weeks x days grid: a row of two lines per week (the day's exercises, then its
check-ins, cut short with "…" when the column is narrow; the whole day in its tooltip), "Week N" labels
with the week's theme as their tooltip, days that keep a few readable words (scrolling sideways inside the
grid when it is narrow), and a height for several weeks that never passes the part of the builder on
screen. Several days may be chosen (Ctrl/Shift+click) to paste a copied day onto all of them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from coach.domain.programs import DAYS_PER_WEEK, DayPlan, Program
from coach.ui.widgets.common import named, shown_as_typed

WEEKS_SHOWN = 6  # week rows the grid keeps room for when the screen has it
MIN_WEEKS_SHOWN = 2  # ... and at least these, however small the screen
ROW_PADDING = 8  # px above and below a grid row's two lines of text
DAY_CHARACTERS = 10  # a day's column shows at least this many characters ("Breath …") before scrolling
DAY_PADDING = 14  # px beside a day's text: the cell's margins and grid line


def day_lines(plan: DayPlan, short_title: Callable[[str], str]) -> list[str]:
    """What a day holds, a line per exercise ("rest" when none), then "+ PEG, withdrawal" for check-ins."""
    lines = [short_title(x) for x in plan.exercises] or ["rest"]
    if plan.checkins:
        lines.append(
            "+ " + ", ".join(k.upper() if k != "withdrawal" else "withdrawal" for k in plan.checkins)
        )
    return lines


class WeekGrid(QTableWidget):
    """The grid of a program's weeks (rows) and days (columns). `visible_height()` is the height in px of
    the part of the builder on screen, which the grid's height never passes."""

    def __init__(self, visible_height: Callable[[], int], parent: QWidget | None = None) -> None:
        super().__init__(0, DAYS_PER_WEEK, parent)
        self.visible_height = visible_height
        named(self, "programGrid", "Weeks and days: choose a day to edit")
        self.setHorizontalHeaderLabels([f"Day {d}" for d in range(1, DAYS_PER_WEEK + 1)])
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.viewport().installEventFilter(self)  # its width decides whether the days fit (fit_days)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Compact rows of two lines, each cut short with "…" when the column is narrow (the whole day is in
        # its tooltip and in the day editor below): every week row is the same height, so a small screen
        # shows several weeks of a 12-week program, not two tall ones.
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.fit_rows()

    # --- contents --------------------------------------------------------------------------------
    def show_weeks(self, program: Program, short_title: Callable[[str], str]) -> None:
        """Every week and day of `program`; `short_title` names an exercise by its id."""
        self.setRowCount(len(program.weeks))
        for w, week in enumerate(program.weeks):
            label = QTableWidgetItem(f"Week {w + 1}")
            label.setToolTip(shown_as_typed(week.theme) if week.theme else "")
            self.setVerticalHeaderItem(w, label)
            for d, plan in enumerate(week.days):
                self.show_day(w, d, plan, short_title)
        self.fit_rows()

    def show_day(self, week: int, day: int, plan: DayPlan, short_title: Callable[[str], str]) -> None:
        """One day's cell: the exercises on one line, the check-ins on the next; a line each in the tooltip."""
        lines = day_lines(plan, short_title)
        shown = [" · ".join(lines[:-1]), lines[-1]] if plan.checkins else [" · ".join(lines)]
        item = QTableWidgetItem("\n".join(shown))
        item.setToolTip(shown_as_typed("\n".join(lines)))
        self.setItem(week, day, item)

    # --- size ------------------------------------------------------------------------------------
    def fit_rows(self) -> None:
        """Two lines of text per week row at the text size now, and the grid's height for them."""
        row = 2 * self.fontMetrics().lineSpacing() + ROW_PADDING
        self.verticalHeader().setDefaultSectionSize(row)
        self.verticalHeader().setMinimumSectionSize(row)
        for week in range(self.rowCount()):
            self.setRowHeight(week, row)
        self.fit_height()

    def fit_height(self) -> None:
        """Room for WEEKS_SHOWN weeks (fewer when the program is shorter) under the day headings, but never
        taller than the builder's visible height (a grid taller than the screen scrolls inside a page that
        scrolls too); at least MIN_WEEKS_SHOWN weeks."""
        row = self.verticalHeader().defaultSectionSize()
        heading = self.horizontalHeader().sizeHint().height()
        around = heading + 2 * self.frameWidth() + self.horizontalScrollBar().sizeHint().height()
        shown = min(max(self.rowCount(), 1), WEEKS_SHOWN)
        visible = self.visible_height()
        if visible > 0:
            shown = min(shown, max((visible - around) // row, MIN_WEEKS_SHOWN))
        height = around + shown * row
        if self.minimumHeight() != height:
            self.setMinimumHeight(height)

    def fit_days(self) -> None:
        """The seven days share the grid's width when each gets room for its heading and a few words;
        on a narrower grid (a small screen at large text) each day keeps that room and the grid scrolls
        sideways inside itself, rather than cutting every day to "B…"."""
        metrics = self.fontMetrics()
        room = max(metrics.horizontalAdvance("Day 7"), metrics.averageCharWidth() * DAY_CHARACTERS)
        room += DAY_PADDING
        header = self.horizontalHeader()
        fits = self.viewport().width() >= room * DAYS_PER_WEEK
        mode = QHeaderView.ResizeMode.Stretch if fits else QHeaderView.ResizeMode.Fixed
        if header.sectionResizeMode(0) != mode:
            header.setSectionResizeMode(mode)
        if not fits:
            for day in range(DAYS_PER_WEEK):
                if header.sectionSize(day) != room:
                    header.resizeSection(day, room)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_days()
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_rows()  # the text size changed: rows of two lines at the new size
            self.fit_days()
