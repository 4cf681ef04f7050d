"""The program builder: a weeks x days grid, the chosen day's exercises (add, reorder, remove) and check-ins,
a theme and note per week, then save or start the program. Edits go through coach.domain.programs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coach.domain.errors import CoachError
from coach.domain.exercise import Exercise
from coach.domain.programs import (
    CHECKIN_KINDS,
    CHECKIN_LABELS,
    DAYS_PER_WEEK,
    Program,
    add_exercise,
    add_week,
    empty_program,
    move_exercise,
    remove_exercise,
    remove_week,
    set_checkins,
    set_week_text,
)
from coach.services.context import AppContext
from coach.services.programs import ProgramService
from coach.ui.widgets import button, text_label

ErrorSink = Callable[[str], None]


W = TypeVar("W", bound=QWidget)


def _labelled(widget: W, name: str, accessible: str) -> W:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


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
        self._exercises: dict[str, Exercise] = {}
        self._build()
        self.reload_exercises()
        self.new_program()

    # --- layout ----------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        # Everything but Save/Start scrolls, so a small screen squeezes nothing into overlap.
        scroll = QScrollArea()
        scroll.setObjectName("builderScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        root = QVBoxLayout(body)
        root.setSpacing(10)
        head = QGridLayout()
        self.title_edit = _labelled(QLineEdit(), "programTitle", "Program title")
        self.title_edit.textEdited.connect(self._title_changed)
        self.id_label = text_label("", role="muted", object_name="programId")
        self.summary_edit = _labelled(QPlainTextEdit(), "programSummary", "What this program is about")
        self.summary_edit.setPlaceholderText("A few words about what this program is for.")
        self.summary_edit.setFixedHeight(64)
        self.summary_edit.textChanged.connect(self._summary_changed)
        head.addWidget(QLabel("Title"), 0, 0)
        head.addWidget(self.title_edit, 0, 1)
        head.addWidget(self.id_label, 0, 2)
        head.addWidget(QLabel("About"), 1, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.summary_edit, 1, 1, 1, 2)
        root.addLayout(head)

        self.grid = QTableWidget(0, DAYS_PER_WEEK)
        _labelled(self.grid, "programGrid", "Weeks and days: choose a day to edit")
        self.grid.setHorizontalHeaderLabels([f"Day {d}" for d in range(1, DAYS_PER_WEEK + 1)])
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setMinimumHeight(230)
        self.grid.currentCellChanged.connect(self._cell_changed)
        root.addWidget(self.grid, 2)

        weeks_row = QHBoxLayout()
        self.add_week_button = button("Add a week", "addWeek")
        self.add_week_button.clicked.connect(self._add_week)
        self.remove_week_button = button("Remove this week", "removeWeek")
        self.remove_week_button.clicked.connect(self._remove_week)
        self.taper_label = text_label("", role="muted", object_name="taperDays")
        weeks_row.addWidget(self.add_week_button)
        weeks_row.addWidget(self.remove_week_button)
        weeks_row.addWidget(self.taper_label, 1)
        root.addLayout(weeks_row)

        editors = QHBoxLayout()
        day_box = QVBoxLayout()
        self.day_title = text_label("", role="subtitle", object_name="dayTitle")
        day_box.addWidget(self.day_title)
        self.day_list = QListWidget()
        _labelled(self.day_list, "dayExercises", "Exercises on this day, in order")
        self.day_list.setMinimumHeight(110)
        self.day_list.setMaximumHeight(160)
        day_box.addWidget(self.day_list)
        order = QHBoxLayout()
        self.up_button = button("Move up", "moveUp", "Move the chosen exercise earlier (Alt+Up)")
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button = button("Move down", "moveDown", "Move the chosen exercise later (Alt+Down)")
        self.down_button.clicked.connect(lambda: self._move(1))
        self.remove_button = button("Remove", "removeExercise", "Remove the chosen exercise from this day")
        self.remove_button.clicked.connect(self._remove)
        for b in (self.up_button, self.down_button, self.remove_button):
            order.addWidget(b)
        order.addStretch(1)
        day_box.addLayout(order)
        add_row = QHBoxLayout()
        self.exercise_choice = QComboBox()
        _labelled(self.exercise_choice, "exerciseChoice", "Exercise to add")
        self.add_button = button("Add to this day", "addExercise")
        self.add_button.clicked.connect(self._add)
        add_row.addWidget(self.exercise_choice, 1)
        add_row.addWidget(self.add_button)
        day_box.addLayout(add_row)
        checks = QGridLayout()
        self.checkin_boxes: dict[str, QCheckBox] = {}
        for index, kind in enumerate(CHECKIN_KINDS):
            box = QCheckBox(CHECKIN_LABELS[kind])
            _labelled(box, f"checkin_{kind}", f"{CHECKIN_LABELS[kind]} on this day")
            box.toggled.connect(self._checkins_changed)
            self.checkin_boxes[kind] = box
            checks.addWidget(box, index // 3, index % 3)
        day_box.addLayout(checks)
        day_widget = QWidget()
        day_widget.setLayout(day_box)
        editors.addWidget(day_widget, 3)

        week_box = QVBoxLayout()
        self.week_title = text_label("", role="subtitle", object_name="weekTitle")
        week_box.addWidget(self.week_title)
        self.theme_edit = QLineEdit()
        _labelled(self.theme_edit, "weekTheme", "Theme of this week")
        self.theme_edit.setPlaceholderText("Theme, e.g. 'Noticing with curiosity'")
        self.theme_edit.textEdited.connect(self._week_text_changed)
        self.note_edit = QPlainTextEdit()
        _labelled(self.note_edit, "weekNote", "Note for this week")
        self.note_edit.setPlaceholderText("A note for this week: what to focus on, what to expect.")
        self.note_edit.textChanged.connect(self._week_text_changed)
        week_box.addWidget(self.theme_edit)
        week_box.addWidget(self.note_edit, 1)
        week_widget = QWidget()
        week_widget.setLayout(week_box)
        week_widget.setMinimumWidth(320)
        editors.addWidget(week_widget, 2)
        root.addLayout(editors, 1)

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

        for keys, step in (("Alt+Up", -1), ("Alt+Down", 1)):
            shortcut = QShortcut(QKeySequence(keys), self.day_list)
            shortcut.activated.connect(lambda s=step: self._move(s))

    # --- loading ---------------------------------------------------------------------------------
    def reload_exercises(self) -> None:
        from coach.services.library import ExerciseLibrary

        current = self.exercise_choice.currentData()
        self._exercises = {e.id: e for e in ExerciseLibrary(self.ctx.store).all()}
        self.exercise_choice.clear()
        for exercise in self._exercises.values():
            mark = "" if exercise.builtin else " (custom)"
            self.exercise_choice.addItem(f"{exercise.title} · {exercise.minutes:g} min{mark}", exercise.id)
        index = self.exercise_choice.findData(current)
        self.exercise_choice.setCurrentIndex(max(index, 0))

    def new_program(self) -> None:
        program_id = self.service.free_id("my-program")
        self.load(empty_program(program_id, "My program", 4))

    def load(self, program: Program) -> None:
        self.program = program
        self.week = self.day = 0
        self._loading = True
        self.title_edit.setText(program.title)
        self.summary_edit.setPlainText(program.summary)
        self._loading = False
        self.dirty = False
        self._refresh_all()
        self.grid.setCurrentCell(0, 0)

    def load_copy(self, program: Program) -> None:
        """Start editing a copy of `program` (built-in templates are never changed in place)."""
        new_id = self.service.free_id(f"my-{program.id}"[:60])
        self.load(replace(program, id=new_id, title=f"{program.title} (my version)"[:80]))
        self.dirty = True

    # --- refresh ---------------------------------------------------------------------------------
    def _refresh_all(self) -> None:
        self.id_label.setText(f"saved as {self.program.id}")
        self.grid.setRowCount(len(self.program.weeks))
        self.grid.setVerticalHeaderLabels([f"Week {w}" for w in range(1, len(self.program.weeks) + 1)])
        for w, week in enumerate(self.program.weeks):
            for d, day in enumerate(week.days):
                self._set_cell(w, d, day.exercises, day.checkins)
        self.grid.resizeRowsToContents()
        around = self.program.around_taper_step
        self.taper_label.setText(
            f"Around each taper step this program also has {len(around)} special day(s); they are kept as they are."
            if around
            else ""
        )
        self._refresh_day()

    def _set_cell(self, w: int, d: int, exercises: tuple[str, ...], checkins: tuple[str, ...]) -> None:
        lines = [self._short_title(x) for x in exercises] or ["rest"]
        if checkins:
            lines.append("+ " + ", ".join(k.upper() if k != "withdrawal" else "withdrawal" for k in checkins))
        item = QTableWidgetItem("\n".join(lines))
        item.setToolTip("\n".join(lines))
        self.grid.setItem(w, d, item)

    def _short_title(self, exercise_id: str) -> str:
        exercise = self._exercises.get(exercise_id)
        return exercise.title if exercise else f"{exercise_id} (missing)"

    def _refresh_day(self) -> None:
        self._loading = True
        try:
            week = self.program.weeks[self.week]
            plan = week.days[self.day]
            self.day_title.setText(f"Week {self.week + 1}, day {self.day + 1}")
            self.week_title.setText(f"Week {self.week + 1}")
            current = self.day_list.currentRow()
            self.day_list.clear()
            for exercise_id in plan.exercises:
                item = QListWidgetItem(self._short_title(exercise_id))
                item.setData(Qt.ItemDataRole.UserRole, exercise_id)
                self.day_list.addItem(item)
            if plan.exercises:
                self.day_list.setCurrentRow(min(max(current, 0), len(plan.exercises) - 1))
            for kind, box in self.checkin_boxes.items():
                box.setChecked(kind in plan.checkins)
            if self.theme_edit.text() != week.theme:
                self.theme_edit.setText(week.theme)
                self.theme_edit.setCursorPosition(0)
            if self.note_edit.toPlainText() != week.note:
                self.note_edit.setPlainText(week.note)
            self.remove_week_button.setEnabled(len(self.program.weeks) > 1)
        finally:
            self._loading = False

    def _changed(self, program: Program) -> None:
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
        self.grid.setCurrentCell(week, day)

    def _title_changed(self, text: str) -> None:
        if not self._loading:
            self.program = replace(self.program, title=text.strip())
            self.dirty = True

    def _summary_changed(self) -> None:
        if not self._loading:
            self.program = replace(self.program, summary=self.summary_edit.toPlainText().strip())
            self.dirty = True

    def _add(self) -> None:
        exercise_id = self.exercise_choice.currentData()
        if not exercise_id:
            return
        try:
            program = add_exercise(self.program, self.week, self.day, str(exercise_id))
        except ValueError as exc:
            self.on_error(str(exc))
            return
        self._changed(program)
        self.day_list.setCurrentRow(self.day_list.count() - 1)

    def _move(self, step: int) -> None:
        row = self.day_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.day_list.count():
            return
        self._changed(move_exercise(self.program, self.week, self.day, row, target))
        self.day_list.setCurrentRow(target)

    def _remove(self) -> None:
        row = self.day_list.currentRow()
        if row >= 0:
            self._changed(remove_exercise(self.program, self.week, self.day, row))

    def _checkins_changed(self) -> None:
        if self._loading:
            return
        kinds = [k for k, box in self.checkin_boxes.items() if box.isChecked()]
        self._changed(set_checkins(self.program, self.week, self.day, kinds))

    def _week_text_changed(self) -> None:
        if self._loading:
            return
        self.program = set_week_text(
            self.program,
            self.week,
            theme=self.theme_edit.text().strip(),
            note=self.note_edit.toPlainText().strip(),
        )
        self.dirty = True
        self.status.setText("Not saved yet.")

    def _add_week(self) -> None:
        try:
            self.program = add_week(self.program, copy_of=self.week)
        except ValueError as exc:
            self.on_error(str(exc))
            return
        self.dirty = True
        self._refresh_all()
        self.grid.setCurrentCell(len(self.program.weeks) - 1, 0)

    def _remove_week(self) -> None:
        try:
            self.program = remove_week(self.program, self.week)
        except ValueError as exc:
            self.on_error(str(exc))
            return
        self.dirty = True
        self.week = min(self.week, len(self.program.weeks) - 1)
        self._refresh_all()
        self.grid.setCurrentCell(self.week, self.day)

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
