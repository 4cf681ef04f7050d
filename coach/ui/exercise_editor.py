"""The custom-exercise editor: the same script format as the built-in exercises (speak, pause, chime,
breathing cue), checked by the same schema, with a preview that renders and plays it in a PlayerWidget."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from coach.domain.errors import CoachError
from coach.domain.exercise import CATEGORIES, exercise_from_dict, exercise_to_dict
from coach.services.context import AppContext
from coach.services.events import Topic
from coach.ui.widgets import button, text_label

ErrorSink = Callable[[str], None]
W = TypeVar("W", bound=QWidget)
STEP_KINDS = ("speak", "pause", "chime", "breath")
KIND_LABELS = {"speak": "Speak", "pause": "Quiet pause", "chime": "Chime", "breath": "Breathing cue"}


def _named(widget: W, name: str, accessible: str) -> W:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


def step_summary(step: dict[str, Any]) -> str:
    kind = step["kind"]
    if kind == "speak":
        text = str(step.get("text", ""))
        return f"Speak: {text[:70]}{'…' if len(text) > 70 else ''}"
    if kind == "pause":
        return f"Quiet for {step.get('seconds', 0):g} s"
    if kind == "chime":
        return "Chime" + (f": {step['text'][:60]}" if step.get("text") else "")
    return (
        f"Breathe in {step.get('inhale', 0):g}, hold {step.get('hold', 0):g}, out {step.get('exhale', 0):g}"
        f" × {step.get('cycles', 0)}"
    )


def slug_for(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:56]
    return slug if len(slug) >= 2 else "my-exercise"


class ExerciseEditor(QWidget):
    saved = Signal(str)

    def __init__(self, ctx: AppContext, on_error: ErrorSink, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exerciseEditor")
        self.ctx = ctx
        self.on_error = on_error
        self.steps: list[dict[str, Any]] = []
        self.editing_id: str | None = None  # set once the exercise exists in the profile
        self.player: Any = None  # PlayerWidget, made on the first preview (it owns a media player)
        self._loading = False
        self._build()
        self.reload_list()
        self.new_exercise()

    # --- layout ----------------------------------------------------------------------------------
    def _build(self) -> None:
        root = QHBoxLayout(self)
        side = QVBoxLayout()
        side.addWidget(text_label("Your exercises", role="subtitle"))
        self.list = _named(QListWidget(), "customExercises", "Your custom exercises")
        self.list.currentItemChanged.connect(self._picked)
        side.addWidget(self.list, 1)
        self.new_button = button("New exercise", "newExercise")
        self.new_button.clicked.connect(self.new_exercise)
        self.delete_button = button("Delete", "deleteExercise", "Delete the chosen custom exercise")
        self.delete_button.clicked.connect(self.delete)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.delete_button)
        side.addLayout(row)
        side_widget = QWidget()
        side_widget.setLayout(side)

        form_widget = QWidget()
        main = QVBoxLayout(form_widget)
        form = QFormLayout()
        self.title_edit = _named(QLineEdit(), "exerciseTitle", "Exercise title")
        self.id_edit = _named(QLineEdit(), "exerciseId", "Exercise id (letters, digits and dashes)")
        self.id_edit.setPlaceholderText("made from the title when you save")
        self.category = _named(QComboBox(), "exerciseCategory", "Category")
        self.category.addItems(list(CATEGORIES))
        self.minutes = _named(QSpinBox(), "exerciseMinutes", "Length in minutes")
        self.minutes.setRange(1, 60)
        self.purpose = _named(QLineEdit(), "exercisePurpose", "What it is for")
        self.when = _named(QLineEdit(), "exerciseWhen", "When to use it")
        self.source = _named(QLineEdit(), "exerciseSource", "Where it comes from")
        form.addRow("Title", self.title_edit)
        form.addRow("Id", self.id_edit)
        form.addRow("Category", self.category)
        form.addRow("Minutes", self.minutes)
        form.addRow("What it is for", self.purpose)
        form.addRow("When to use it", self.when)
        form.addRow("Source", self.source)
        main.addLayout(form)

        main.addWidget(text_label("Script", role="subtitle"))
        self.step_list = _named(QListWidget(), "exerciseSteps", "Script steps, in order")
        self.step_list.currentRowChanged.connect(self._step_picked)
        main.addWidget(self.step_list, 1)
        steps_row = QHBoxLayout()
        self.add_step_button = button("Add step", "addStep")
        self.add_step_button.clicked.connect(self.add_step)
        self.step_up = button("Up", "stepUp", "Move the chosen step earlier")
        self.step_up.clicked.connect(lambda: self._move_step(-1))
        self.step_down = button("Down", "stepDown", "Move the chosen step later")
        self.step_down.clicked.connect(lambda: self._move_step(1))
        self.remove_step_button = button("Remove step", "removeStep")
        self.remove_step_button.clicked.connect(self._remove_step)
        for b in (self.add_step_button, self.step_up, self.step_down, self.remove_step_button):
            steps_row.addWidget(b)
        steps_row.addStretch(1)
        main.addLayout(steps_row)

        step_form = QFormLayout()
        self.kind = _named(QComboBox(), "stepKind", "Kind of step")
        for kind in STEP_KINDS:
            self.kind.addItem(KIND_LABELS[kind], kind)
        self.text = _named(QPlainTextEdit(), "stepText", "Words for this step")
        self.text.setFixedHeight(70)
        self.seconds = self._spin("stepSeconds", "Pause length in seconds", 0.5, 600, 5)
        self.inhale = self._spin("stepInhale", "Breathe in, seconds", 1, 10, 4)
        self.hold = self._spin("stepHold", "Hold, seconds", 0, 10, 1)
        self.exhale = self._spin("stepExhale", "Breathe out, seconds", 1, 12, 6)
        self.cycles = _named(QSpinBox(), "stepCycles", "Breaths")
        self.cycles.setRange(1, 30)
        self.cycles.setValue(5)
        step_form.addRow("Kind", self.kind)
        step_form.addRow("Words", self.text)
        step_form.addRow("Pause (s)", self.seconds)
        breath = QHBoxLayout()
        for label, spin in (("in", self.inhale), ("hold", self.hold), ("out", self.exhale)):
            breath.addWidget(QLabel(label))
            breath.addWidget(spin)
        breath.addWidget(QLabel("breaths"))
        breath.addWidget(self.cycles)
        step_form.addRow("Breathing", breath)
        main.addLayout(step_form)
        self.kind.currentIndexChanged.connect(self._step_edited)
        self.text.textChanged.connect(self._step_edited)
        for spin in (self.seconds, self.inhale, self.hold, self.exhale):
            spin.valueChanged.connect(self._step_edited)
        self.cycles.valueChanged.connect(self._step_edited)

        actions = QHBoxLayout()
        self.status = text_label("", role="muted", object_name="exerciseStatus")
        self.preview_button = button("Preview", "previewExercise", "Render and play this script")
        self.preview_button.clicked.connect(self.preview)
        self.save_button = button("Save exercise", "saveExercise", role="primary")
        self.save_button.clicked.connect(self.save)
        actions.addWidget(self.status, 1)
        actions.addWidget(self.preview_button)
        actions.addWidget(self.save_button)
        main.addLayout(actions)

        scroll = QScrollArea()
        scroll.setObjectName("exerciseScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(form_widget)
        # The preview player sits under the form and appears on the first preview.
        self.preview_holder = QWidget()
        self.preview_holder.setObjectName("exercisePreview")
        self.preview_area = QVBoxLayout(self.preview_holder)
        self.preview_area.setContentsMargins(0, 8, 0, 0)
        self.preview_holder.hide()
        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.addWidget(scroll)
        self.right.addWidget(self.preview_holder)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(side_widget)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(1, 3)
        root.addWidget(splitter)

    def _spin(self, name: str, accessible: str, low: float, high: float, value: float) -> QDoubleSpinBox:
        spin = _named(QDoubleSpinBox(), name, accessible)
        spin.setRange(low, high)
        spin.setDecimals(1)
        spin.setSingleStep(0.5)
        spin.setValue(value)
        return spin

    # --- list ------------------------------------------------------------------------------------
    def reload_list(self) -> None:
        from coach.services.library import ExerciseLibrary

        self.list.blockSignals(True)
        self.list.clear()
        for exercise in ExerciseLibrary(self.ctx.store).custom():
            item = QListWidgetItem(exercise.title)
            item.setData(Qt.ItemDataRole.UserRole, exercise.id)
            self.list.addItem(item)
        self.list.blockSignals(False)

    def _picked(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None = None) -> None:
        if item is None:
            return
        from coach.services.library import ExerciseLibrary

        try:
            exercise = ExerciseLibrary(self.ctx.store).get(str(item.data(Qt.ItemDataRole.UserRole)))
        except CoachError as exc:
            self.on_error(str(exc))
            return
        self.load(exercise_to_dict(exercise), existing=True)

    def new_exercise(self) -> None:
        nickname = self.ctx.store.profile().nickname
        self.load(
            {
                "id": "",
                "title": "",
                "category": "self-compassion",
                "minutes": 3,
                "purpose": "",
                "when_to_use": "",
                "source": f"Written by {nickname}." if nickname else "Written by your coach.",
                "steps": [
                    {"kind": "speak", "text": "Settle into a comfortable position and let your eyes rest."},
                    {"kind": "pause", "seconds": 5},
                    {"kind": "chime"},
                ],
            },
            existing=False,
        )

    def load(self, data: dict[str, Any], existing: bool) -> None:
        self._loading = True
        try:
            self.editing_id = data["id"] if existing else None
            self.title_edit.setText(data["title"])
            self.id_edit.setText(data["id"])
            self.id_edit.setReadOnly(existing)
            self.category.setCurrentText(data["category"])
            self.minutes.setValue(round(float(data["minutes"])))
            self.purpose.setText(data["purpose"])
            self.when.setText(data["when_to_use"])
            self.source.setText(data["source"])
            self.steps = [dict(s) for s in data["steps"]]
            self._refresh_steps(0)
            self.status.setText("")
        finally:
            self._loading = False

    # --- steps -----------------------------------------------------------------------------------
    def _refresh_steps(self, select: int) -> None:
        self.step_list.blockSignals(True)
        self.step_list.clear()
        for step in self.steps:
            self.step_list.addItem(step_summary(step))
        self.step_list.blockSignals(False)
        if self.steps:
            self.step_list.setCurrentRow(max(0, min(select, len(self.steps) - 1)))
            self._step_picked(self.step_list.currentRow())

    def _step_picked(self, row: int) -> None:
        if not 0 <= row < len(self.steps):
            return
        step = self.steps[row]
        was = self._loading
        self._loading = True
        try:
            self.kind.setCurrentIndex(STEP_KINDS.index(step["kind"]))
            self.text.setPlainText(str(step.get("text", "")))
            self.seconds.setValue(float(step.get("seconds", 5)))
            self.inhale.setValue(float(step.get("inhale", 4)))
            self.hold.setValue(float(step.get("hold", 1)))
            self.exhale.setValue(float(step.get("exhale", 6)))
            self.cycles.setValue(int(step.get("cycles", 5)))
            self._enable_fields(step["kind"])
        finally:
            self._loading = was

    def _enable_fields(self, kind: str) -> None:
        self.text.setEnabled(kind != "pause")
        self.seconds.setEnabled(kind == "pause")
        for widget in (self.inhale, self.hold, self.exhale, self.cycles):
            widget.setEnabled(kind == "breath")

    def _form_step(self) -> dict[str, Any]:
        kind = str(self.kind.currentData())
        text = self.text.toPlainText().strip()
        step: dict[str, Any] = {"kind": kind}
        if kind == "speak" or (kind in ("chime", "breath") and text):
            step["text"] = text
        if kind == "pause":
            step["seconds"] = self.seconds.value()
        if kind == "breath":
            step.update(
                inhale=self.inhale.value(),
                hold=self.hold.value(),
                exhale=self.exhale.value(),
                cycles=self.cycles.value(),
            )
        return step

    def _step_edited(self) -> None:
        if self._loading:
            return
        row = self.step_list.currentRow()
        if not 0 <= row < len(self.steps):
            return
        self.steps[row] = self._form_step()
        self._enable_fields(self.steps[row]["kind"])
        item = self.step_list.item(row)
        if item is not None:
            item.setText(step_summary(self.steps[row]))

    def add_step(self) -> None:
        row = self.step_list.currentRow()
        self.steps.insert(row + 1, {"kind": "speak", "text": "…"})
        self._refresh_steps(row + 1)

    def _move_step(self, delta: int) -> None:
        row = self.step_list.currentRow()
        target = row + delta
        if 0 <= row < len(self.steps) and 0 <= target < len(self.steps):
            self.steps.insert(target, self.steps.pop(row))
            self._refresh_steps(target)

    def _remove_step(self) -> None:
        row = self.step_list.currentRow()
        if 0 <= row < len(self.steps):
            del self.steps[row]
            self._refresh_steps(row)

    # --- build, preview, save --------------------------------------------------------------------
    def data(self) -> dict[str, Any]:
        title = self.title_edit.text().strip()
        exercise_id = self.id_edit.text().strip() or slug_for(title)
        minutes = self.minutes.value()
        return {
            "id": exercise_id,
            "title": title,
            "category": self.category.currentText(),
            "minutes": minutes,
            "purpose": self.purpose.text().strip(),
            "when_to_use": self.when.text().strip(),
            "source": self.source.text().strip(),
            "tags": [],
            "steps": [dict(s) for s in self.steps],
        }

    def _validated(self) -> dict[str, Any] | None:
        from coach.services.library import validate_exercise_data

        data = self.data()
        try:
            return validate_exercise_data(data, data["title"] or "this exercise")
        except CoachError as exc:
            self.on_error(str(exc))
            return None

    def preview(self) -> None:
        data = self._validated()
        if data is None:
            return
        if self.player is None:
            from coach.ui.player import PlayerWidget

            self.player = PlayerWidget(self.ctx, self)
            self.player.setAccessibleName("Preview of this exercise")
            self.preview_area.addWidget(self.player)
            self.preview_holder.show()
            height = max(self.right.height(), 400)
            self.right.setSizes([height // 2, height - height // 2])
        self.player.load(exercise_from_dict(data, builtin=False), autoplay=True)
        self.status.setText("Playing a preview. Nothing is saved until you press Save.")

    def save(self) -> bool:
        from coach.services.library import ExerciseLibrary

        data = self._validated()
        if data is None:
            return False
        if self.editing_id is None and any(
            e.id == data["id"] for e in ExerciseLibrary(self.ctx.store).custom()
        ):
            self.on_error(f"an exercise with the id {data['id']!r} already exists: choose another id")
            return False
        try:
            ExerciseLibrary(self.ctx.store).save_custom(data, author=self.ctx.store.profile().nickname)
        except CoachError as exc:
            self.on_error(str(exc))
            return False
        self.ctx.bus.publish(Topic.EXERCISES)
        self.editing_id = data["id"]
        self.id_edit.setText(data["id"])
        self.id_edit.setReadOnly(True)
        self.reload_list()
        self.status.setText(f"Saved “{data['title']}”. You can now add it to a program.")
        self.saved.emit(data["id"])
        return True

    def delete(self) -> None:
        from coach.services.library import ExerciseLibrary

        item = self.list.currentItem()
        if item is None:
            return
        try:
            ExerciseLibrary(self.ctx.store).delete_custom(str(item.data(Qt.ItemDataRole.UserRole)))
        except CoachError as exc:
            self.on_error(str(exc))
            return
        self.ctx.bus.publish(Topic.EXERCISES)
        self.reload_list()
        self.new_exercise()

    def shutdown(self) -> None:
        if self.player is not None:
            self.player.shutdown()
