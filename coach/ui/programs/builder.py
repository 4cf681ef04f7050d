"""The program builder: the program's title and summary, its weeks x days grid, adding and removing weeks,
then save or start the program. The chosen day and its week are edited by DayEditor (program_day_editor)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coach.domain.errors import CoachError
from coach.domain.programs import (
    DAYS_PER_WEEK,
    MAX_WEEKS,
    DayPlan,
    Program,
    Week,
    empty_program,
    remove_week,
)
from coach.domain.wording import count
from coach.services.context import AppContext
from coach.services.programs.service import ProgramService
from coach.ui.programs.day_editor import DayEditor
from coach.ui.widgets.common import FlowLayout, button, named, plain_label, shown_as_typed, text_label
from coach.ui.widgets.confirm import confirm

ErrorSink = Callable[[str], None]
UNDO_DEPTH = 50  # changes the builder can take back; older ones drop off
WEEKS_SHOWN = 6  # week rows the grid keeps room for when the screen has it
MIN_WEEKS_SHOWN = 2  # ... and at least these, however small the screen
ROW_PADDING = 8  # px above and below a grid row's two lines of text
SUMMARY_PADDING = 12  # px of the summary box's document margins around its two lines
DAY_CHARACTERS = 10  # a day's column shows at least this many characters ("Breath …") before scrolling
DAY_PADDING = 14  # px beside a day's text: the cell's margins and grid line
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,60}$")


def id_from_title(title: str) -> str:
    """`"Back to walking: week 1"` -> `back-to-walking-week-1`: lowercase ASCII letters, digits and dashes, as
    program ids must be (at most 56 characters, leaving room for a `-2` suffix); `my-program` when the
    title has nothing usable."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:56].strip("-")
    return slug if _ID_RE.match(slug) else "my-program"


def week_is_empty(week: Week) -> bool:
    """True when no day of `week` plans anything (no exercise, lesson, check-in or note)."""
    return all(day == DayPlan() for day in week.days)


def week_contents(week: Week) -> str:
    """What a week holds, counted: "9 exercises and 3 check-ins on 5 days"; "" for an empty week."""
    days = [d for d in week.days if d != DayPlan()]
    if not days:
        return ""
    parts = [
        count(n, noun)
        for n, noun in (
            (sum(len(d.exercises) for d in days), "exercise"),
            (sum(len(d.lessons) for d in days), "lesson"),
            (sum(len(d.checkins) for d in days), "check-in"),
        )
        if n
    ]
    what = " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts) or "notes"
    return f"{what} on {count(len(days), 'day')}"


def copy_week_after(program: Program, week: int) -> tuple[Program, int, bool]:
    """Copy week `week` (0-based; its days, not its theme or note) into the week right after it when that
    week is empty, else insert the copy right after it. Returns (new program, index of the copy, True when
    a week was inserted). Raises ValueError when a new week would pass MAX_WEEKS."""
    weeks = list(program.weeks)
    source = weeks[week]
    target = week + 1
    if target < len(weeks) and week_is_empty(weeks[target]):
        weeks[target] = replace(weeks[target], days=source.days)
        return replace(program, weeks=tuple(weeks)), target, False
    if len(weeks) >= MAX_WEEKS:
        raise ValueError(f"a program holds at most {MAX_WEEKS} weeks")
    weeks.insert(target, replace(source, theme="", note=""))
    return replace(program, weeks=tuple(weeks)), target, True


class ProgramBuilder(QWidget):
    """Edits one Program in memory; Save writes it, Start assigns it (after saving)."""

    saved = Signal(str)  # program id
    assigned = Signal(str)

    def __init__(self, ctx: AppContext, on_error: ErrorSink, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("programBuilder")
        self.ctx = ctx
        self.service = ProgramService(ctx)
        self.on_error = on_error
        self.program: Program = empty_program("my-program", "My program", 4)
        self.week = 0
        self.day = 0
        self.dirty = False
        self._loading = False
        self.copied_day: DayPlan | None = None
        # Undo: the program before each grid change, with what the change was ("removed week 2").
        self.undo_stack: list[tuple[Program, str]] = []
        # A program never saved takes its id from its title ("Back to walking" -> back-to-walking), unique
        # among this profile's programs; once saved, the id stays (patients and bundles know it by it).
        self.id_from_title = True
        self._build()
        self.reload_exercises()
        self.new_program()

    # --- layout ----------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        # Everything but Save/Start scrolls, so a small screen squeezes nothing into overlap.
        self.body_scroll = scroll = QScrollArea()
        scroll.setObjectName("builderScroll")
        scroll.viewport().installEventFilter(self)  # its height bounds the grid's (_fit_grid_height)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        root = QVBoxLayout(body)
        root.setSpacing(10)
        head = QGridLayout()
        self.title_edit = named(QLineEdit(), "programTitle", "Program title")
        self.title_edit.textEdited.connect(self._title_changed)
        self.id_label = text_label("", role="muted", object_name="programId")
        self.summary_edit = named(QPlainTextEdit(), "programSummary", "What this program is about")
        self.summary_edit.setPlaceholderText("A few words about what this program is for.")
        self.summary_edit.textChanged.connect(self._summary_changed)
        head.addWidget(plain_label("Title"), 0, 0)
        head.addWidget(self.title_edit, 0, 1)
        # "saved as <id>" under the title: beside it, at large text, it squeezed the title to a few letters.
        head.addWidget(self.id_label, 1, 1)
        head.addWidget(plain_label("About"), 2, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.summary_edit, 2, 1)
        root.addLayout(head)

        self.grid = QTableWidget(0, DAYS_PER_WEEK)
        named(self.grid, "programGrid", "Weeks and days: choose a day to edit")
        self.grid.setHorizontalHeaderLabels([f"Day {d}" for d in range(1, DAYS_PER_WEEK + 1)])
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.viewport().installEventFilter(self)  # its width decides whether the days fit (_fit_days)
        # Several days may be chosen (Ctrl/Shift+click) to paste a copied day onto all of them at once.
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Compact rows of two lines, the exercises then the check-ins, each cut short with "…" when the
        # column is narrow (the whole day is in its tooltip and in the day editor below): every week row is
        # the same height, so a small screen shows several weeks of a 12-week program, not two tall ones.
        self.grid.setWordWrap(False)
        self.grid.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._fit_rows()
        self.grid.currentCellChanged.connect(self._cell_changed)
        root.addWidget(self.grid, 2)

        weeks_row = FlowLayout()  # wraps on a narrow window instead of squeezing the labels
        self.add_week_button = button(
            "Copy this week to the next",
            "addWeek",
            "Copy the chosen week into the week after it (or add a week after it when that one has content)",
        )
        self.add_week_button.clicked.connect(self._add_week)
        self.remove_week_button = button("Remove this week", "removeWeek")
        self.remove_week_button.clicked.connect(self._remove_week)
        self.taper_label = text_label("", role="muted", object_name="taperDays")
        self.copy_day_button = button(
            "Copy this day", "copyDay", "Copy the chosen day's exercises and check-ins"
        )
        self.copy_day_button.clicked.connect(self.copy_day)
        self.paste_day_button = button(
            "Paste onto chosen days", "pasteDay", "Paste the copied day onto every chosen day"
        )
        self.paste_day_button.setToolTip("Choose several days with Ctrl+click or Shift+click first")
        self.paste_day_button.setEnabled(False)
        self.paste_day_button.clicked.connect(self.paste_day)
        weeks_row.addWidget(self.add_week_button)
        weeks_row.addWidget(self.remove_week_button)
        weeks_row.addWidget(self.copy_day_button)
        weeks_row.addWidget(self.paste_day_button)
        self.undo_button = button("Undo", "builderUndo", "Take back the last change to the weeks (Ctrl+Z)")
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self.undo)
        weeks_row.addWidget(self.undo_button)
        root.addLayout(weeks_row)
        root.addWidget(self.taper_label)

        self.days = DayEditor(lambda: self.program, self.on_error)
        self.days.dayChanged.connect(self._changed)
        self.days.weekChanged.connect(self._week_text_changed)
        root.addWidget(self.days, 1)

        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        actions = QHBoxLayout()
        self.status = text_label("", role="muted", object_name="builderStatus")
        self.save_button = button("Save program", "saveProgram", role="primary")
        self.save_button.clicked.connect(self.save)
        self.assign_button = button("Start this program", "assignProgram")
        self.assign_button.clicked.connect(self.assign)
        actions.addWidget(self.status, 1)
        actions.addWidget(self.assign_button)
        actions.addWidget(self.save_button)
        outer.addLayout(actions)
        # Ctrl+Z in a text field still undoes typing there (the field takes the key first).
        undo_key = QShortcut(QKeySequence.StandardKey.Undo, self)
        undo_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo_key.activated.connect(self.undo)

    def _fit_rows(self) -> None:
        """Two lines of text per week row at any text size, and room for WEEKS_SHOWN weeks (fewer when the
        program is shorter) under the day headings."""
        metrics = self.grid.fontMetrics()
        row = 2 * metrics.lineSpacing() + ROW_PADDING
        self.grid.verticalHeader().setDefaultSectionSize(row)
        self.grid.verticalHeader().setMinimumSectionSize(row)
        for week in range(self.grid.rowCount()):
            self.grid.setRowHeight(week, row)
        self._fit_grid_height()
        # Two lines of the summary at any text size (a fixed 64 px cut them in half at 200%).
        lines = self.summary_edit.fontMetrics().lineSpacing() * 2
        self.summary_edit.setFixedHeight(lines + 2 * self.summary_edit.frameWidth() + SUMMARY_PADDING)

    def _fit_grid_height(self) -> None:
        """Room for WEEKS_SHOWN weeks (fewer when the program is shorter) under the day headings, but never
        taller than the builder's visible height (a grid taller than the screen scrolls inside a page that
        scrolls too); at least MIN_WEEKS_SHOWN weeks."""
        row = self.grid.verticalHeader().defaultSectionSize()
        heading = self.grid.horizontalHeader().sizeHint().height()
        around = heading + 2 * self.grid.frameWidth() + self.grid.horizontalScrollBar().sizeHint().height()
        shown = min(max(len(self.program.weeks), 1), WEEKS_SHOWN)
        visible = self.body_scroll.viewport().height()
        if visible > 0:
            shown = min(shown, max((visible - around) // row, MIN_WEEKS_SHOWN))
        height = around + shown * row
        if self.grid.minimumHeight() != height:
            self.grid.setMinimumHeight(height)

    def _fit_days(self) -> None:
        """The seven days share the grid's width when each gets room for its heading and a few words;
        on a narrower grid (a small screen at large text) each day keeps that room and the grid scrolls
        sideways inside itself, rather than cutting every day to "B…"."""
        metrics = self.grid.fontMetrics()
        room = max(metrics.horizontalAdvance("Day 7"), metrics.averageCharWidth() * DAY_CHARACTERS)
        room += DAY_PADDING
        header = self.grid.horizontalHeader()
        fits = self.grid.viewport().width() >= room * DAYS_PER_WEEK
        mode = QHeaderView.ResizeMode.Stretch if fits else QHeaderView.ResizeMode.Fixed
        if header.sectionResizeMode(0) != mode:
            header.setSectionResizeMode(mode)
        if not fits:
            for day in range(DAYS_PER_WEEK):
                if header.sectionSize(day) != room:
                    header.resizeSection(day, room)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.grid.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_days()
        elif watched is self.body_scroll.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_grid_height()
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_rows()  # the text size changed: rows of two lines at the new size
            self._fit_days()

    # --- loading ---------------------------------------------------------------------------------
    def reload_exercises(self) -> None:
        from coach.services.practice.library import ExerciseLibrary

        self.days.set_exercises(ExerciseLibrary(self.ctx.store).all())

    def new_program(self) -> None:
        program_id = self.service.free_id("my-program")
        self.load(empty_program(program_id, "My program", 4))
        self.id_from_title = True

    def load(self, program: Program) -> None:
        self.id_from_title = False
        self.program = program
        self.week = self.day = 0
        self._loading = True
        self.title_edit.setText(program.title)
        self.summary_edit.setPlainText(program.summary)
        self._loading = False
        self.dirty = False
        self.undo_stack.clear()
        self.undo_button.setEnabled(False)
        self.status.setText("")
        self._refresh_all()
        self.grid.setCurrentCell(0, 0)

    def load_copy(self, program: Program) -> None:
        """Start editing a copy of `program` (built-in templates are never changed in place)."""
        new_id = self.service.free_id(f"my-{program.id}"[:60])
        self.load(replace(program, id=new_id, title=f"{program.title} (my version)"[:80]))
        self.dirty = True
        self.id_from_title = True

    # --- refresh ---------------------------------------------------------------------------------
    def _refresh_all(self) -> None:
        self.id_label.setText(f"saved as {self.program.id}")
        self.grid.setRowCount(len(self.program.weeks))
        for w, week in enumerate(self.program.weeks):
            label = QTableWidgetItem(f"Week {w + 1}")
            label.setToolTip(shown_as_typed(week.theme) if week.theme else "")
            self.grid.setVerticalHeaderItem(w, label)
            for d, day in enumerate(week.days):
                self._set_cell(w, d, day.exercises, day.checkins)
        self._fit_rows()
        around = self.program.around_taper_step
        self.taper_label.setText(
            f"Around each taper step this program also has {count(len(around), 'special day')}; "
            "they are kept as they are."
            if around
            else ""
        )
        self._refresh_day()

    def _set_cell(self, w: int, d: int, exercises: tuple[str, ...], checkins: tuple[str, ...]) -> None:
        lines = [self.days.short_title(x) for x in exercises] or ["rest"]
        if checkins:
            lines.append("+ " + ", ".join(k.upper() if k != "withdrawal" else "withdrawal" for k in checkins))
        # Two lines in the grid (see _fit_rows): the exercises, then the check-ins; the tooltip lists the
        # day a line per item.
        shown = [" · ".join(lines[:-1]), lines[-1]] if checkins else [" · ".join(lines)]
        item = QTableWidgetItem("\n".join(shown))
        item.setToolTip(shown_as_typed("\n".join(lines)))
        self.grid.setItem(w, d, item)

    def _refresh_day(self) -> None:
        self.days.show_day(self.week, self.day)
        self.remove_week_button.setEnabled(len(self.program.weeks) > 1)

    def _remember(self, what: str) -> None:
        """Keep the program as it is now, so the change about to be made (`what`) can be undone."""
        self.undo_stack.append((self.program, what))
        del self.undo_stack[:-UNDO_DEPTH]
        self.undo_button.setEnabled(True)
        self.undo_button.setToolTip(f"Undo: {what} (Ctrl+Z)")

    def undo(self) -> None:
        """Put the program back as it was before the last change to the weeks and days."""
        if not self.undo_stack:
            self.status.setText("Nothing to undo.")
            return
        self.program, what = self.undo_stack.pop()
        self.dirty = True
        self.undo_button.setEnabled(bool(self.undo_stack))
        self.undo_button.setToolTip(
            f"Undo: {self.undo_stack[-1][1]} (Ctrl+Z)" if self.undo_stack else "Nothing to undo"
        )
        week, day = min(self.week, len(self.program.weeks) - 1), self.day
        self._refresh_all()
        self.grid.setCurrentCell(week, day)
        self.status.setText(f"Undone: {what}. Not saved yet.")

    def _changed(self, program: Program) -> None:
        self._remember(f"the change to week {self.week + 1}, day {self.day + 1}")
        self.program = program
        self.dirty = True
        self.status.setText("Not saved yet.")
        w, d = self.week, self.day
        plan = program.weeks[w].days[d]
        self._set_cell(w, d, plan.exercises, plan.checkins)
        self._refresh_day()

    # --- slots -----------------------------------------------------------------------------------
    def _cell_changed(self, row: int, column: int, *_: int) -> None:
        if row < 0 or column < 0:
            return
        self.week, self.day = row, column
        self._refresh_day()

    def select_day(self, week: int, day: int) -> None:
        """Choose this one day (as a plain click does: any other chosen days are let go)."""
        self.grid.setCurrentCell(week, day, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _title_changed(self, text: str) -> None:
        if not self._loading:
            self.program = replace(self.program, title=text.strip())
            if self.id_from_title:
                self.program = replace(self.program, id=self.service.free_id(id_from_title(text)))
                self.id_label.setText(f"saved as {self.program.id}")
            self.dirty = True

    def _summary_changed(self) -> None:
        if not self._loading:
            self.program = replace(self.program, summary=self.summary_edit.toPlainText().strip())
            self.dirty = True

    def _week_text_changed(self, program: Program) -> None:
        self.program = program
        self.dirty = True
        self.status.setText("Not saved yet.")

    def _add_week(self) -> None:
        """Copy the chosen week into the next week when that one is empty, else insert the copy after it."""
        source = self.week
        try:
            program, target, inserted = copy_week_after(self.program, source)
        except ValueError as exc:
            self.on_error(str(exc))
            return
        self._remember(f"the copy of week {source + 1}")
        self.program = program
        self.dirty = True
        self._refresh_all()
        self.grid.setCurrentCell(target, self.day)
        if inserted:
            later = len(self.program.weeks) - target - 1
            moved = f"; the {count(later, 'week')} after it moved down one" if later else ""
            text = f"Added week {target + 1}, a copy of week {source + 1}{moved}."
        else:
            text = f"Copied week {source + 1} into week {target + 1}, which was empty."
        self.status.setText(f"{text} Not saved yet.")

    def _remove_week(self) -> QWidget | None:
        """Remove the chosen week: at once when it is empty, after a question naming it when it holds
        anything. Returns the question box when one was opened (None otherwise)."""
        week = self.week
        if len(self.program.weeks) <= 1:
            self.on_error("a program needs at least one week")
            return None
        contents = week_contents(self.program.weeks[week])
        if not contents:
            self._do_remove_week(week)
            return None
        return confirm(
            self,
            "Remove a week",
            f"Remove week {week + 1}? It holds {contents}.",
            f"Remove week {week + 1}",
            lambda: self._do_remove_week(week),
            keep_text="Keep it",
            detail="You can take it back with Undo (Ctrl+Z) until you leave the builder.",
        )

    def _do_remove_week(self, week: int) -> None:
        try:
            program = remove_week(self.program, week)
        except ValueError as exc:
            self.on_error(str(exc))
            return
        self._remember(f"the removal of week {week + 1}")
        self.program = program
        self.dirty = True
        self.week = min(week, len(self.program.weeks) - 1)
        self._refresh_all()
        self.grid.setCurrentCell(self.week, self.day)
        self.status.setText(f"Removed week {week + 1}; Undo (Ctrl+Z) brings it back. Not saved yet.")

    def chosen_days(self) -> list[tuple[int, int]]:
        """(week, day) of every chosen cell of the grid, in grid order; the current cell when none."""
        cells = sorted({(i.row(), i.column()) for i in self.grid.selectedIndexes()})
        return cells or [(self.week, self.day)]

    def copy_day(self) -> None:
        self.copied_day = self.program.weeks[self.week].days[self.day]
        self.paste_day_button.setEnabled(True)
        self.status.setText(f"Copied week {self.week + 1}, day {self.day + 1}: choose days and paste.")

    def paste_day(self) -> None:
        """Put the copied day (exercises, lessons, check-ins, note) onto every chosen day."""
        if self.copied_day is None:
            return
        weeks = [list(week.days) for week in self.program.weeks]
        targets = self.chosen_days()
        self._remember(f"the paste onto {count(len(targets), 'day')}")
        for w, d in targets:
            weeks[w][d] = self.copied_day
        self.program = replace(
            self.program,
            weeks=tuple(replace(week, days=tuple(weeks[i])) for i, week in enumerate(self.program.weeks)),
        )
        self.dirty = True
        self._refresh_all()
        self.status.setText(f"Pasted onto {count(len(targets), 'day')}. Not saved yet.")

    # --- actions ---------------------------------------------------------------------------------
    def save(self) -> bool:
        if not self.program.title:
            self.on_error("give the program a title first")
            return False
        try:
            self.service.save(self.program, coach_name=self.ctx.store.profile().nickname)
        except CoachError as exc:
            self.on_error(str(exc))
            return False
        self.dirty = False
        self.id_from_title = False
        self.status.setText(f"Saved “{self.program.title}”.")
        self.saved.emit(self.program.id)
        return True

    def assign(self) -> None:
        if (self.dirty or not self.service.exists(self.program.id)) and not self.save():
            return
        try:
            self.service.assign(self.program.id, assigned_by=self.ctx.store.profile().nickname)
        except CoachError as exc:
            self.on_error(str(exc))
            return
        self.status.setText(f"You are now following “{self.program.title}”.")
        self.assigned.emit(self.program.id)
