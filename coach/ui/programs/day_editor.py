"""The program builder's editor for the chosen day (its exercises in order, check-ins) and for the theme
and note of that day's week. Edits go through coach.domain.programs; the builder owns the Program."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from coach.domain.exercise import Exercise
from coach.domain.programs import (
    CHECKIN_KINDS,
    CHECKIN_LABELS,
    Program,
    add_exercise,
    move_exercise,
    remove_exercise,
    set_checkins,
    set_week_text,
)
from coach.ui.widgets.common import FlowLayout, button, named, text_label
from coach.ui.widgets.forms import shrink_to_fit

ErrorSink = Callable[[str], None]


class DayEditor(QWidget):
    """Shows one day of the builder's program; each edit is announced with the new Program."""

    dayChanged = Signal(object)  # the new Program after an edit of the day (its grid cell changes)
    weekChanged = Signal(object)  # the new Program after an edit of the week's theme or note

    def __init__(
        self, program: Callable[[], Program], on_error: ErrorSink, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("programDayEditor")
        self._program = program  # the builder's program, read at each edit so no copy goes stale
        self.on_error = on_error
        self.week = 0
        self.day = 0
        self._loading = False
        self._exercises: dict[str, Exercise] = {}
        self._build()

    # --- layout ----------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        """Day and week side by side from about 70 characters wide (enough for both), else stacked."""
        wide = event.size().width() >= self.fontMetrics().averageCharWidth() * 70
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self._editors.direction() != direction:
            self._editors.setDirection(direction)
        super().resizeEvent(event)

    def _build(self) -> None:
        # The day and the week side by side on a wide window, the week below the day on a narrow one or
        # at a large text size (see resizeEvent): the builder never scrolls sideways.
        editors = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._editors = editors
        editors.setContentsMargins(0, 0, 0, 0)
        editors.setSpacing(10)  # as in the builder around it (a nested layout used to inherit it)
        day_box = QVBoxLayout()
        self.day_title = text_label("", role="subtitle", object_name="dayTitle")
        day_box.addWidget(self.day_title)
        self.day_list = named(QListWidget(), "dayExercises", "Exercises on this day, in order")
        self.day_list.setMinimumHeight(110)
        self.day_list.setMaximumHeight(160)
        self.day_list.setWordWrap(True)
        day_box.addWidget(self.day_list)
        order = FlowLayout()  # wraps instead of squeezing the labels
        self.up_button = button("Move up", "moveUp", "Move the chosen exercise earlier (Alt+Up)")
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button = button("Move down", "moveDown", "Move the chosen exercise later (Alt+Down)")
        self.down_button.clicked.connect(lambda: self._move(1))
        self.remove_button = button("Remove", "removeExercise", "Remove the chosen exercise from this day")
        self.remove_button.clicked.connect(self._remove)
        for b in (self.up_button, self.down_button, self.remove_button):
            order.addWidget(b)
        day_box.addLayout(order)
        add_row = QHBoxLayout()
        # As narrow as a short name: a long exercise title must not widen the whole builder.
        self.exercise_choice = shrink_to_fit(named(QComboBox(), "exerciseChoice", "Exercise to add"), 12)
        self.add_button = button("Add to this day", "addExercise")
        self.add_button.clicked.connect(self._add)
        add_row.addWidget(self.exercise_choice, 1)
        add_row.addWidget(self.add_button)
        day_box.addLayout(add_row)
        # Several at once: tick them (in the order they should come) and add them in one go.
        self.picker = named(QListWidget(), "exercisePicker", "Exercises to add together: tick several")
        self.picker.setMaximumHeight(120)
        self.picker.setWordWrap(True)  # long titles wrap: the list never scrolls sideways
        self.picker.itemChanged.connect(lambda _item: self._update_ticked())
        day_box.addWidget(self.picker)
        ticked_row = QHBoxLayout()
        self.add_ticked_button = button(
            "Add the ticked exercises", "addTicked", "Add every ticked exercise to this day"
        )
        self.add_ticked_button.setEnabled(False)
        self.add_ticked_button.clicked.connect(self._add_ticked)
        ticked_row.addStretch(1)
        ticked_row.addWidget(self.add_ticked_button)
        day_box.addLayout(ticked_row)
        self._ticked: list[str] = []  # in the order they were ticked
        checks = FlowLayout()
        self.checkin_boxes: dict[str, QCheckBox] = {}
        for kind in CHECKIN_KINDS:
            box = named(
                QCheckBox(CHECKIN_LABELS[kind]), f"checkin_{kind}", f"{CHECKIN_LABELS[kind]} on this day"
            )
            box.toggled.connect(self._checkins_changed)
            self.checkin_boxes[kind] = box
            checks.addWidget(box)
        day_box.addLayout(checks)
        day_widget = QWidget()
        day_widget.setLayout(day_box)
        editors.addWidget(day_widget, 3)

        week_box = QVBoxLayout()
        self.week_title = text_label("", role="subtitle", object_name="weekTitle")
        week_box.addWidget(self.week_title)
        self.theme_edit = named(QLineEdit(), "weekTheme", "Theme of this week")
        self.theme_edit.setPlaceholderText("Theme, e.g. 'Noticing with curiosity'")
        self.theme_edit.textEdited.connect(self._week_text_changed)
        self.note_edit = named(QPlainTextEdit(), "weekNote", "Note for this week")
        self.note_edit.setPlaceholderText("A note for this week: what to focus on, what to expect.")
        self.note_edit.textChanged.connect(self._week_text_changed)
        week_box.addWidget(self.theme_edit)
        week_box.addWidget(self.note_edit, 1)
        week_widget = QWidget()
        week_widget.setLayout(week_box)
        editors.addWidget(week_widget, 2)

        for keys, step in (("Alt+Up", -1), ("Alt+Down", 1)):
            shortcut = QShortcut(QKeySequence(keys), self.day_list)
            shortcut.activated.connect(lambda s=step: self._move(s))

    # --- what it shows ---------------------------------------------------------------------------
    def set_exercises(self, exercises: Iterable[Exercise]) -> None:
        """The exercises that can be added (the choice keeps its place when it still exists)."""
        current = self.exercise_choice.currentData()
        self._exercises = {e.id: e for e in exercises}
        self.exercise_choice.clear()
        for exercise in self._exercises.values():
            mark = "" if exercise.builtin else " (custom)"
            self.exercise_choice.addItem(f"{exercise.title} · {exercise.minutes:g} min{mark}", exercise.id)
        index = self.exercise_choice.findData(current)
        self.exercise_choice.setCurrentIndex(max(index, 0))
        self.picker.blockSignals(True)
        self.picker.clear()
        for exercise in self._exercises.values():
            item = QListWidgetItem(f"{exercise.title} · {exercise.minutes:g} min")
            item.setData(Qt.ItemDataRole.UserRole, exercise.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.picker.addItem(item)
        self.picker.blockSignals(False)
        self._ticked = []
        self._update_ticked()

    def short_title(self, exercise_id: str) -> str:
        exercise = self._exercises.get(exercise_id)
        return exercise.title if exercise else f"{exercise_id} (missing)"

    def show_day(self, week_index: int, day_index: int) -> None:
        self.week, self.day = week_index, day_index
        self._loading = True
        try:
            week = self._program().weeks[week_index]
            plan = week.days[day_index]
            self.day_title.setText(f"Week {week_index + 1}, day {day_index + 1}")
            self.week_title.setText(f"Week {week_index + 1}")
            current = self.day_list.currentRow()
            self.day_list.clear()
            for exercise_id in plan.exercises:
                item = QListWidgetItem(self.short_title(exercise_id))
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
        finally:
            self._loading = False

    # --- edits -----------------------------------------------------------------------------------
    def _add(self) -> None:
        exercise_id = self.exercise_choice.currentData()
        if not exercise_id:
            return
        try:
            program = add_exercise(self._program(), self.week, self.day, str(exercise_id))
        except ValueError as exc:
            self.on_error(str(exc))
            return
        self.dayChanged.emit(program)
        self.day_list.setCurrentRow(self.day_list.count() - 1)

    def tick(self, *exercise_ids: str) -> None:
        """Tick these exercises in the picker, in this order (for keyboard users and tests alike)."""
        for exercise_id in exercise_ids:
            for row in range(self.picker.count()):
                item = self.picker.item(row)
                if item.data(Qt.ItemDataRole.UserRole) == exercise_id:
                    item.setCheckState(Qt.CheckState.Checked)

    def _update_ticked(self) -> None:
        ticked = {
            str(self.picker.item(r).data(Qt.ItemDataRole.UserRole))
            for r in range(self.picker.count())
            if self.picker.item(r).checkState() == Qt.CheckState.Checked
        }
        # Keep the order of ticking, so "warm-up, then body scan" is added in that order.
        self._ticked = [x for x in self._ticked if x in ticked] + sorted(ticked - set(self._ticked))
        n = len(self._ticked)
        self.add_ticked_button.setEnabled(n > 0)
        self.add_ticked_button.setText(
            f"Add the {n} ticked exercises" if n > 1 else "Add the ticked exercise"
        )

    def _add_ticked(self) -> None:
        program = self._program()
        try:
            for exercise_id in self._ticked:
                program = add_exercise(program, self.week, self.day, exercise_id)
        except ValueError as exc:
            self.on_error(str(exc))
            return
        self.picker.blockSignals(True)
        for r in range(self.picker.count()):
            self.picker.item(r).setCheckState(Qt.CheckState.Unchecked)
        self.picker.blockSignals(False)
        self._ticked = []
        self._update_ticked()
        self.dayChanged.emit(program)
        self.day_list.setCurrentRow(self.day_list.count() - 1)

    def _move(self, step: int) -> None:
        row = self.day_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.day_list.count():
            return
        self.dayChanged.emit(move_exercise(self._program(), self.week, self.day, row, target))
        self.day_list.setCurrentRow(target)

    def _remove(self) -> None:
        row = self.day_list.currentRow()
        if row >= 0:
            self.dayChanged.emit(remove_exercise(self._program(), self.week, self.day, row))

    def _checkins_changed(self) -> None:
        if self._loading:
            return
        kinds = [k for k, box in self.checkin_boxes.items() if box.isChecked()]
        self.dayChanged.emit(set_checkins(self._program(), self.week, self.day, kinds))

    def _week_text_changed(self) -> None:
        if self._loading:
            return
        theme, note = self.theme_edit.text().strip(), self.note_edit.toPlainText().strip()
        self.weekChanged.emit(set_week_text(self._program(), self.week, theme=theme, note=note))
