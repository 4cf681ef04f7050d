"""The program builder: the program's title and summary, its weeks x days grid (WeekGrid), copying, removing
and pasting weeks and days with Undo, then save or start the program. The chosen day and its week are
edited by DayEditor (coach/ui/programs/day_editor.py); the week functions are program_weeks.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from coach.domain.errors import CoachError
from coach.domain.programs import (
    DayPlan,
    Program,
    empty_program,
    remove_week,
)
from coach.domain.wording import count
from coach.services.context import AppContext
from coach.services.programs.service import ProgramService
from coach.ui.programs.day_editor import DayEditor
from coach.ui.programs.program_weeks import copy_week_after, id_from_title, week_contents
from coach.ui.programs.week_grid import WeekGrid
from coach.ui.widgets.common import FlowLayout, button, named, plain_label, text_label
from coach.ui.widgets.confirm import confirm

ErrorSink = Callable[[str], None]
UNDO_DEPTH = 50  # changes the builder can take back; older ones drop off
SUMMARY_PADDING = 8  # px of the summary box's document margins around its two lines


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
        scroll.viewport().installEventFilter(self)  # its height bounds the grid's (WeekGrid.fit_height)
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
        self._fit_summary()
        root.addLayout(head)

        self.grid = WeekGrid(lambda: self.body_scroll.viewport().height())
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

    def _fit_summary(self) -> None:
        """Two lines of the summary at any text size (a fixed 64 px cut them in half at 200%)."""
        lines = self.summary_edit.fontMetrics().lineSpacing() * 2
        self.summary_edit.setFixedHeight(lines + 2 * self.summary_edit.frameWidth() + SUMMARY_PADDING)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.body_scroll.viewport() and event.type() == QEvent.Type.Resize:
            self.grid.fit_height()  # the grid is never taller than the part of the builder on screen
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_summary()  # the text size changed

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
        self.grid.show_weeks(self.program, self.days.short_title)
        around = self.program.around_taper_step
        self.taper_label.setText(
            f"Around each taper step this program also has {count(len(around), 'special day')}; "
            "they are kept as they are."
            if around
            else ""
        )
        self._refresh_day()

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
        self.grid.show_day(w, d, program.weeks[w].days[d], self.days.short_title)
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
