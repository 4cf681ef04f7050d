"""The Practice page's detail card: what the chosen exercise is for, when to use it, and Begin."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from coach.domain.exercise import Exercise
from coach.services.practice.recordings import Recording
from coach.ui.practice.exercise_list import minutes_text
from coach.ui.practice.player.view import clock_text
from coach.ui.theme import set_role
from coach.ui.widgets.common import FlowLayout, button, text_label, title

HELP_NOW_KINDS = frozenset({"urge surfing"})


class ExerciseDetails(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exerciseDetails")
        set_role(self, "card")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(22, 18, 22, 18)
        outer.setSpacing(10)
        # The words scroll inside the card at large text sizes; Begin stays in view below them.
        words = QWidget()
        words.setObjectName("exerciseDetailsText")
        box = QVBoxLayout(words)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(8)
        area = QScrollArea()
        area.setObjectName("exerciseDetailsScroll")
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The card's colour shows through the scrolling words.
        set_role(area, "see-through")
        set_role(words, "see-through")
        area.setWidget(words)
        area.viewport().setAutoFillBackground(False)
        outer.addWidget(area, 1)

        self.title_label = title("", "detailTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setIndent(0)  # a style-sheet padding otherwise indents the title
        # A card's heading, as on Today: in the page title's size a long name took five lines of the
        # narrow column at 150% text, pushing what the exercise is for out of view.
        set_role(self.title_label, "subtitle")
        self.meta = text_label("", role="muted", object_name="detailMeta")
        self.purpose = text_label("", object_name="detailPurpose")
        self.when = text_label("", object_name="detailWhen")
        self.recordings = text_label("", role="muted", object_name="detailRecordings")
        box.addWidget(self.title_label)
        box.addWidget(self.meta)
        box.addSpacing(6)
        box.addWidget(text_label("What it is for", role="subtitle"))
        box.addWidget(self.purpose)
        box.addSpacing(6)
        box.addWidget(text_label("When to use it", role="subtitle"))
        box.addWidget(self.when)
        box.addWidget(self.recordings)
        box.addStretch(1)

        self.begin = button("Begin", "beginSession", "Begin this exercise", role="primary")
        outer.addWidget(self.begin)
        # Urge surfing is for cravings; an urge to hurt oneself needs a person, one click away.
        self.help_now = button(
            "Help now: urges to hurt yourself", "detailHelpNow", "Help now: urges to hurt yourself", "help"
        )
        self.help_now.setVisible(False)
        outer.addWidget(self.help_now)
        extra = FlowLayout()  # wraps instead of squeezing the labels
        self.add_recording = button(
            "Add a recording…", "addRecording", "Add your own recording of this exercise"
        )
        self.add_recording.setFlat(True)
        self.record = button("Record…", "recordVoice", "Record your own voice for this exercise")
        self.record.setFlat(True)
        self.record.setVisible(bool(QMediaDevices.audioInputs()))  # no microphone: no Record button
        extra.addWidget(self.add_recording)
        extra.addWidget(self.record)
        outer.addLayout(extra)

    def show_exercise(self, exercise: Exercise | None, recordings: list[Recording]) -> None:
        for widget in (self.begin, self.add_recording, self.record):
            widget.setEnabled(exercise is not None)
        self.help_now.setVisible(exercise is not None and exercise.category in HELP_NOW_KINDS)
        if exercise is None:
            for label in (self.title_label, self.meta, self.purpose, self.when, self.recordings):
                label.setText("")
            return
        self.title_label.setText(exercise.title)
        self.meta.setText(f"{minutes_text(exercise.minutes)} · {exercise.category.capitalize()}")
        self.purpose.setText(exercise.purpose)
        self.when.setText(exercise.when_to_use)
        self.begin.setAccessibleName(f"Begin {exercise.title}")
        if recordings:
            latest = recordings[0]
            more = f" and {len(recordings) - 1} more" if len(recordings) > 1 else ""
            self.recordings.setText(
                f"Your recording: {latest.original_name} ({clock_text(latest.duration_s)}){more}"
            )
        else:
            self.recordings.setText("")
