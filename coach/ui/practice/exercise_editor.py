"""The custom-exercise editor: your exercises, their details (title, category, purpose, source), a preview
that renders and plays the script in a PlayerWidget, and save/delete through the same schema as the
built-in exercises. The script's steps are edited by ScriptEditor (script_editor)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from coach.domain.errors import CoachError
from coach.domain.exercise import CATEGORIES, exercise_from_dict, exercise_to_dict
from coach.services.context import AppContext
from coach.ui.practice.script_editor import ScriptEditor
from coach.ui.widgets.common import FlowLayout, button, named, text_label
from coach.ui.widgets.confirm import confirm
from coach.ui.widgets.forms import shrink_to_fit
from coach.ui.widgets.time_entry import WholeNumberBox

ErrorSink = Callable[[str], None]


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
        self.editing_id: str | None = None  # set once the exercise exists in the profile
        self.player: Any = None  # PlayerWidget, made on the first preview (it owns a media player)
        self._build()
        self.reload_list()
        self.new_exercise()

    # --- layout ----------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        """The list beside the form from about 90 characters wide, above it when narrower (a small screen
        or a large text size), so the form keeps a readable width and never scrolls sideways."""
        wide = event.size().width() >= self.fontMetrics().averageCharWidth() * 90
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)
            if not wide:  # stacked: the list as small as it may be, the form gets the rest
                self.splitter.setSizes([1, 1_000_000])
        super().resizeEvent(event)

    def _build(self) -> None:
        root = QHBoxLayout(self)
        side = QVBoxLayout()
        side.addWidget(text_label("Your exercises", role="subtitle"))
        self.list = named(QListWidget(), "customExercises", "Your custom exercises")
        self.list.currentItemChanged.connect(self._picked)
        side.addWidget(self.list, 1)
        self.new_button = button("New exercise", "newExercise")
        self.new_button.clicked.connect(self.new_exercise)
        self.delete_button = button("Delete", "deleteExercise", "Delete the chosen custom exercise")
        self.delete_button.clicked.connect(self.delete)
        row = FlowLayout()  # wraps instead of squeezing the labels
        row.addWidget(self.new_button)
        row.addWidget(self.delete_button)
        side.addLayout(row)
        side_widget = QWidget()
        side_widget.setLayout(side)

        form_widget = QWidget()
        main = QVBoxLayout(form_widget)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # labels above fields when narrow
        self.title_edit = named(QLineEdit(), "exerciseTitle", "Exercise title")
        self.id_edit = named(QLineEdit(), "exerciseId", "Exercise id (letters, digits and dashes)")
        self.id_edit.setPlaceholderText("made from the title when you save")
        self.category = shrink_to_fit(named(QComboBox(), "exerciseCategory", "Category"), 10)
        self.category.addItems(list(CATEGORIES))
        self.minutes = named(WholeNumberBox(), "exerciseMinutes", "Length in minutes")
        self.minutes.setRange(1, 60)
        self.purpose = named(QLineEdit(), "exercisePurpose", "What it is for")
        self.when = named(QLineEdit(), "exerciseWhen", "When to use it")
        self.source = named(QLineEdit(), "exerciseSource", "Where it comes from")
        form.addRow("Title", self.title_edit)
        form.addRow("Id", self.id_edit)
        form.addRow("Category", self.category)
        form.addRow("Minutes", self.minutes)
        form.addRow("What it is for", self.purpose)
        form.addRow("When to use it", self.when)
        form.addRow("Source", self.source)
        main.addLayout(form)

        self.script = ScriptEditor()
        main.addWidget(self.script, 1)

        actions = FlowLayout()
        self.status = text_label("", role="muted", object_name="exerciseStatus")
        self.preview_button = button("Preview", "previewExercise", "Render and play this script")
        self.preview_button.clicked.connect(self.preview)
        self.save_button = button("Save exercise", "saveExercise", role="primary")
        self.save_button.clicked.connect(self.save)
        actions.addWidget(self.preview_button)
        actions.addWidget(self.save_button)
        main.addLayout(actions)
        main.addWidget(self.status)

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
        self.splitter = splitter
        splitter.addWidget(side_widget)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(1, 3)
        root.addWidget(splitter)

    # --- list ------------------------------------------------------------------------------------
    def reload_list(self) -> None:
        from coach.services.practice.library import ExerciseLibrary

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
        from coach.services.practice.library import ExerciseLibrary

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
                "minutes": 1,  # the starter script lasts well under a minute
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
        self.editing_id = data["id"] if existing else None
        self.title_edit.setText(data["title"])
        self.id_edit.setText(data["id"])
        self.id_edit.setReadOnly(existing)
        self.category.setCurrentText(data["category"])
        self.minutes.setValue(round(float(data["minutes"])))
        self.purpose.setText(data["purpose"])
        self.when.setText(data["when_to_use"])
        self.source.setText(data["source"])
        self.script.set_steps(data["steps"])
        self.status.setText("")

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
            "steps": [dict(s) for s in self.script.steps],
        }

    def _validated(self) -> dict[str, Any] | None:
        from coach.services.practice.library import validate_exercise_data

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
            from coach.ui.practice.player.widget import PlayerWidget

            self.player = PlayerWidget(self.ctx, self)
            self.player.setAccessibleName("Preview of this exercise")
            self.preview_area.addWidget(self.player)
            self.preview_holder.show()
            height = max(self.right.height(), 400)
            self.right.setSizes([height // 2, height - height // 2])
        self.player.load(exercise_from_dict(data, builtin=False), autoplay=True)
        self.status.setText("Playing a preview. Nothing is saved until you press Save.")

    def save(self) -> bool:
        from coach.services.practice.library import ExerciseLibrary, save_custom_exercise

        data = self._validated()
        if data is None:
            return False
        if self.editing_id is None and any(
            e.id == data["id"] for e in ExerciseLibrary(self.ctx.store).custom()
        ):
            self.on_error(f"an exercise with the id {data['id']!r} already exists: choose another id")
            return False
        try:
            save_custom_exercise(self.ctx, data)
        except CoachError as exc:
            self.on_error(str(exc))
            return False
        self.editing_id = data["id"]
        self.id_edit.setText(data["id"])
        self.id_edit.setReadOnly(True)
        self.reload_list()
        self.status.setText(f"Saved “{data['title']}”. You can now add it to a program.")
        self.saved.emit(data["id"])
        return True

    def delete(self) -> None:
        from coach.services.practice.library import delete_custom_exercise

        item = self.list.currentItem()
        if item is None:
            return
        exercise_id = str(item.data(Qt.ItemDataRole.UserRole))

        def delete() -> None:
            try:
                delete_custom_exercise(self.ctx, exercise_id)
            except CoachError as exc:
                self.on_error(str(exc))
                return
            self.reload_list()
            self.new_exercise()

        confirm(
            self,
            "Delete the exercise",
            f"Delete your exercise “{item.text().strip()}”? This cannot be undone.",
            "Delete it",
            delete,
            keep_text="Keep it",
        )

    def shutdown(self) -> None:
        if self.player is not None:
            self.player.shutdown()
