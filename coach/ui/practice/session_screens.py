"""The four screens of a guided session as laid out (no flow logic): rate before, listen, rate after,
and the result. The session flow (session_flow.py) moves between them and connects their buttons."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from coach.services.context import AppContext
from coach.services.practice.sessions import BODY_AREAS
from coach.ui.practice.player.recording_player import RecordingPlayer
from coach.ui.practice.player.widget import PlayerWidget
from coach.ui.practice.session_parts import (
    DISTRESS_ENDS,
    DISTRESS_QUESTION,
    PAIN_ENDS,
    PAIN_QUESTION,
    before_line,
    column,
    page_title,
)
from coach.ui.widgets.chip_keys import one_tab_stop
from coach.ui.widgets.common import FlowLayout, button, plain_label, text_label
from coach.ui.widgets.rating import BodyAreaChips, RatingScale


def _scrolling(screen: QScrollArea, body: QWidget, name: str) -> None:
    screen.setObjectName(name)
    screen.setWidgetResizable(True)
    screen.setFrameShape(QScrollArea.Shape.NoFrame)
    screen.setWidget(body)


class BeforeScreen(QScrollArea):
    """Rate pain and distress (0-10) before, optionally the body areas, and choose the voice; then Start,
    Start without rating, or Back to exercises."""

    def __init__(self) -> None:
        super().__init__()
        body, layout = column()
        self.title = page_title("", "beforeTitle")
        layout.addWidget(self.title)
        layout.addWidget(text_label("First, a quick check-in. There are no right answers.", role="muted"))
        self.pain = RatingScale(PAIN_QUESTION, *PAIN_ENDS, object_name="beforePain")
        self.distress = RatingScale(DISTRESS_QUESTION, *DISTRESS_ENDS, object_name="beforeDistress")
        layout.addWidget(self.pain)
        layout.addWidget(self.distress)
        layout.addWidget(text_label("Where do you feel it? (optional)", role="subtitle"))
        self.body_areas = BodyAreaChips(BODY_AREAS, "bodyAreas")
        one_tab_stop(list(self.body_areas.chips.values()))
        layout.addWidget(self.body_areas)
        self.voice_box = QWidget()
        voice = QVBoxLayout(self.voice_box)
        voice.setContentsMargins(0, 6, 0, 0)
        voice.addWidget(text_label("Listen to", role="subtitle"))
        self.use_guidance = QRadioButton("The app's guidance")
        self.use_guidance.setObjectName("useGuidance")
        self.use_guidance.setAccessibleName("Listen to the app's guidance")
        self.use_recording = QRadioButton("Your recording")
        self.use_recording.setObjectName("useRecording")
        voice.addWidget(self.use_guidance)
        voice.addWidget(self.use_recording)
        layout.addWidget(self.voice_box)
        layout.addStretch(1)
        row = FlowLayout()  # wraps instead of pushing the screen sideways at a large text size
        self.back_button = button("Back to exercises", "backToList")
        self.skip_button = button("Start without rating", "startWithoutRating")
        self.skip_button.setFlat(True)
        self.start_button = button("Start", "startSession", "Start the session", role="primary")
        row.addWidget(self.back_button)
        row.addWidget(self.skip_button)
        row.addWidget(self.start_button)
        layout.addLayout(row)
        _scrolling(self, body, "sessionBefore")


class PlayingScreen(QWidget):
    """The exercise's title, the player (the app's guidance, or the person's own recording) and, always in
    view below it, End session. On a small screen with large text the title and player scroll up and
    down rather than letting the player's parts overlap (the caption and the transcript keep room to
    read: see player/view.keep_room)."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.setObjectName("sessionPlaying")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 12, 20, 12)
        outer.setSpacing(8)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.title = page_title("", "playingTitle")
        layout.addWidget(self.title)
        self.player = PlayerWidget(ctx)
        self.recording_player = RecordingPlayer()
        self.players = QStackedWidget()
        self.players.setObjectName("players")
        self.players.addWidget(self.player)
        self.players.addWidget(self.recording_player)
        layout.addWidget(self.players, 1)
        area = QScrollArea()
        _scrolling(area, body, "sessionPlayingScroll")
        outer.addWidget(area, 1)
        row = QHBoxLayout()
        inner = self.player.layout()
        if inner is not None:  # line the row up with the player's own edges
            m = inner.contentsMargins()
            row.setContentsMargins(m.left(), 0, m.right(), 0)
            self.title.setContentsMargins(m.left(), 0, m.right(), 0)
        saved = text_label("Your place is saved as you go: stop at any time.", role="muted")
        saved.setObjectName("autosaveNote")
        row.addWidget(saved, 1)
        self.end_button = button("End session", "endSession", "End the session and rate how you feel")
        row.addWidget(self.end_button)
        outer.addLayout(row)


class AfterScreen(QScrollArea):
    """Rate pain and distress again, an optional note; then Save, Save without rating, or Keep listening
    (after ending early)."""

    def __init__(self) -> None:
        super().__init__()
        body, layout = column()
        layout.addWidget(page_title("How do you feel now?", "afterTitle"))
        # What the person said before, in words, to compare with (see session_parts.before_line).
        self.before_line = text_label(before_line(None, None), object_name="afterBeforeRatings")
        layout.addWidget(self.before_line)
        self.pain = RatingScale(PAIN_QUESTION, *PAIN_ENDS, object_name="afterPain")
        self.distress = RatingScale(DISTRESS_QUESTION, *DISTRESS_ENDS, object_name="afterDistress")
        layout.addWidget(self.pain)
        layout.addWidget(self.distress)
        note_label = text_label("Anything you noticed? (optional)", role="subtitle")
        layout.addWidget(note_label)
        self.note = QPlainTextEdit()
        self.note.setObjectName("sessionNote")
        self.note.setAccessibleName("Note about this session (optional)")
        self.note.setPlaceholderText("For example: the tightness moved, or it felt easier to breathe.")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(110)
        note_label.setBuddy(self.note)
        layout.addWidget(self.note)
        layout.addStretch(1)
        row = QHBoxLayout()
        self.keep_listening_button = button("Keep listening", "keepListening", "Go back to the exercise")
        self.skip_button = button("Save without rating", "saveWithoutRating")
        self.skip_button.setFlat(True)
        self.save_button = button("Save", "saveSession", "Save how you feel now", role="primary")
        row.addWidget(self.keep_listening_button)
        row.addStretch(1)
        row.addWidget(self.skip_button)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        _scrolling(self, body, "sessionAfter")

    def show_before(self, pain: int | None, distress: int | None) -> None:
        """Say the ratings (0-10, None when not given) from before the session, to compare with."""
        self.before_line.setText(before_line(pain, distress))


class ResultScreen(QScrollArea):
    """The change in pain and distress, a kind word, what was played, and Done."""

    def __init__(self) -> None:
        super().__init__()
        body, layout = column()
        layout.addWidget(page_title("How did that go?", "resultTitle"))
        self.change_label = plain_label("")
        self.change_label.setObjectName("sessionChange")
        self.change_label.setProperty("role", "subtitle")
        self.change_label.setWordWrap(True)
        layout.addWidget(self.change_label)
        self.encouragement_label = text_label("", object_name="sessionEncouragement")
        layout.addWidget(self.encouragement_label)
        self.saved_label = text_label("", role="muted", object_name="sessionSavedNote")
        layout.addWidget(self.saved_label)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.done_button = button("Done", "sessionDone", "Done: back to the exercises", role="primary")
        row.addWidget(self.done_button)
        layout.addLayout(row)
        _scrolling(self, body, "sessionResult")
