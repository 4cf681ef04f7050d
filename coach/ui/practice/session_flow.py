"""One guided session, screen by screen: rate before, listen (autosaved every 15 s), rate after, see the change."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from coach.domain.errors import CoachError
from coach.domain.exercise import Exercise
from coach.domain.wording import about_minutes
from coach.services.context import AppContext
from coach.services.practice.library import ExerciseLibrary
from coach.services.practice.sessions import (
    BODY_AREAS,
    Recording,
    SessionOutcome,
    SessionRecord,
    SessionService,
)
from coach.ui.practice.player.recording_player import RecordingPlayer
from coach.ui.practice.player.view import clock_text
from coach.ui.practice.player.widget import PlayerWidget
from coach.ui.practice.session_parts import (
    DISTRESS_ENDS,
    DISTRESS_QUESTION,
    PAIN_ENDS,
    PAIN_QUESTION,
    column,
    encouragement,
    one_tab_stop,
    page_title,
    scroll,
)
from coach.ui.widgets.common import FlowLayout, button, plain_label, text_label
from coach.ui.widgets.rating import BodyAreaChips, RatingScale

AUTOSAVE_MS = 15_000
# Resuming a little before the saved point gives the listener the thread of what was being said.
RESUME_BACKUP_S = 3.0
APP_NAME = "Pain Recovery Coach"


class SessionFlow(QStackedWidget):
    """Before -> playing -> after -> result. Emits `closed` when the person goes back to the list."""

    closed = Signal()
    saved = Signal(int)  # session id, once the after-ratings are stored

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionFlow")
        self.ctx = ctx
        self.service = SessionService(ctx)
        self._exercise: Exercise | None = None
        self._session_id: int | None = None
        self._outcome: SessionOutcome | None = None
        self._recording: Recording | None = None  # set when the person chose their own recording
        self._offered_recording: Recording | None = None
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setObjectName("autosaveTimer")
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.addWidget(self._build_before())
        self.addWidget(self._build_playing())
        self.addWidget(self._build_after())
        self.addWidget(self._build_result())

    # --- screens ---------------------------------------------------------------------------------
    def _build_before(self) -> QWidget:
        body, layout = column()
        self.before_title = page_title("", "beforeTitle")
        layout.addWidget(self.before_title)
        layout.addWidget(text_label("First, a quick check-in. There are no right answers.", role="muted"))
        self.before_pain = RatingScale(PAIN_QUESTION, *PAIN_ENDS, object_name="beforePain")
        self.before_distress = RatingScale(DISTRESS_QUESTION, *DISTRESS_ENDS, object_name="beforeDistress")
        layout.addWidget(self.before_pain)
        layout.addWidget(self.before_distress)
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
        self.back_button.clicked.connect(self._back_to_list)
        self.skip_before_button = button("Start without rating", "startWithoutRating")
        self.skip_before_button.setFlat(True)
        self.skip_before_button.clicked.connect(lambda: self._start(rated=False))
        self.start_button = button("Start", "startSession", "Start the session", role="primary")
        self.start_button.clicked.connect(lambda: self._start(rated=True))
        row.addWidget(self.back_button)
        row.addWidget(self.skip_before_button)
        row.addWidget(self.start_button)
        layout.addLayout(row)
        for scale in (self.before_pain, self.before_distress):
            scale.valueChanged.connect(self._update_before_buttons)
        return scroll(body, "sessionBefore")

    def _build_playing(self) -> QWidget:
        body, layout = column(20)
        self.playing_title = page_title("", "playingTitle")
        layout.addWidget(self.playing_title)
        self.player = PlayerWidget(self.ctx)
        self.player.finished.connect(self._on_player_finished)
        self.recording_player = RecordingPlayer()
        self.recording_player.finished.connect(self._on_player_finished)
        self.players = QStackedWidget()
        self.players.setObjectName("players")
        self.players.addWidget(self.player)
        self.players.addWidget(self.recording_player)
        layout.addWidget(self.players, 1)
        row = QHBoxLayout()
        inner = self.player.layout()
        if inner is not None:  # line the row up with the player's own edges
            m = inner.contentsMargins()
            row.setContentsMargins(m.left(), 0, m.right(), 0)
            self.playing_title.setContentsMargins(m.left(), 0, m.right(), 0)
        saved = text_label("Your place is saved as you go, so you can stop at any time.", role="muted")
        saved.setObjectName("autosaveNote")
        row.addWidget(saved, 1)
        self.end_button = button("End session", "endSession", "End the session and rate how you feel")
        self.end_button.clicked.connect(self.end_session)
        row.addWidget(self.end_button)
        layout.addLayout(row)
        body.setObjectName("sessionPlaying")
        return body

    def _build_after(self) -> QWidget:
        body, layout = column()
        layout.addWidget(page_title("How do you feel now?", "afterTitle"))
        layout.addWidget(text_label("Rate again, just as you are now.", role="muted"))
        self.after_pain = RatingScale(PAIN_QUESTION, *PAIN_ENDS, object_name="afterPain")
        self.after_distress = RatingScale(DISTRESS_QUESTION, *DISTRESS_ENDS, object_name="afterDistress")
        layout.addWidget(self.after_pain)
        layout.addWidget(self.after_distress)
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
        self.keep_listening_button.clicked.connect(self._keep_listening)
        self.skip_after_button = button("Save without rating", "saveWithoutRating")
        self.skip_after_button.setFlat(True)
        self.skip_after_button.clicked.connect(lambda: self._save(rated=False))
        self.save_button = button("Save", "saveSession", "Save how you feel now", role="primary")
        self.save_button.clicked.connect(lambda: self._save(rated=True))
        row.addWidget(self.keep_listening_button)
        row.addStretch(1)
        row.addWidget(self.skip_after_button)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        for scale in (self.after_pain, self.after_distress):
            scale.valueChanged.connect(self._update_after_buttons)
        return scroll(body, "sessionAfter")

    def _build_result(self) -> QWidget:
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
        self.done_button.clicked.connect(self._back_to_list)
        row.addWidget(self.done_button)
        layout.addLayout(row)
        return scroll(body, "sessionResult")

    # --- state -----------------------------------------------------------------------------------
    def exercise(self) -> Exercise | None:
        return self._exercise

    def session_id(self) -> int | None:
        """The session in progress (between Start and Save), if any."""
        return self._session_id

    def stage(self) -> str:
        return ("before", "playing", "after", "result")[self.currentIndex()]

    def _warn(self, exc: CoachError) -> None:
        QMessageBox.warning(self, APP_NAME, str(exc))

    # --- entering the flow -----------------------------------------------------------------------
    def begin(self, exercise: Exercise) -> None:
        """Show the before-ratings for `exercise` (a session in progress is saved and set aside)."""
        self.autosave()
        self._stop_playing()
        self._session_id = None
        self._exercise = exercise
        self.before_title.setText(f"Before you begin: {exercise.title}")
        self.before_pain.set_value(None)
        self.before_distress.set_value(None)
        self.body_areas.clear()
        recordings = self.service.recordings(exercise.id)
        self._recording = None
        self._offered_recording = recordings[0] if recordings else None
        self.voice_box.setVisible(bool(recordings))
        self.use_guidance.setChecked(True)
        if recordings:
            latest = recordings[0]
            self.use_recording.setText(
                f"Your recording: {latest.original_name} ({clock_text(latest.duration_s)})"
            )
            self.use_recording.setAccessibleName(f"Listen to your recording {latest.original_name}")
        self._update_before_buttons()
        self.setCurrentIndex(0)
        self.before_pain.setFocus()
        self.player.warm_up()  # the voice loads while the person rates, so the first words come sooner

    def start_now(self, pain: int | None) -> None:
        """Skip the before screen and play at once, with `pain` (0-10, or None) as the rating before: the
        pain-spike flow has just asked how strong the pain is."""
        self.before_pain.set_value(pain)
        self._start(rated=pain is not None)

    def resume(self, record: SessionRecord) -> None:
        """Carry on an interrupted session from just before where it stopped."""
        exercise = ExerciseLibrary(self.ctx.store).get(record.exercise_id)
        self._exercise = exercise
        self._session_id = record.id
        self._recording = None  # the saved place is in the app's guidance
        self._play(max(0.0, record.position_s - RESUME_BACKUP_S))

    def _start(self, rated: bool) -> None:
        if self._exercise is None:
            return
        pain = self.before_pain.value() if rated else None
        distress = self.before_distress.value() if rated else None
        try:
            self._session_id = self.service.start(
                self._exercise.id, pain, distress, self.body_areas.selected()
            )
        except CoachError as exc:
            self._warn(exc)
            return
        self._recording = self._offered_recording if self.use_recording.isChecked() else None
        self._play(0.0)

    def _play(self, start_at_s: float) -> None:
        assert self._exercise is not None
        self.playing_title.setText(self._exercise.title)
        self.setCurrentIndex(1)
        if self._recording is not None:
            self.players.setCurrentWidget(self.recording_player)
            self.recording_player.load(self._recording, self._exercise, start_at_s=start_at_s)
        else:
            self.players.setCurrentWidget(self.player)
            self.player.load(self._exercise, start_at_s=start_at_s, autoplay=True)
        self.active_player().play_button.setFocus()
        self.autosave_timer.start()

    def active_player(self) -> PlayerWidget | RecordingPlayer:
        return self.recording_player if self._recording is not None else self.player

    # --- during the session ----------------------------------------------------------------------
    def autosave(self) -> None:
        """Store where the person is. Safe to call at any time (it does nothing without a session)."""
        if self._session_id is None or self.stage() not in ("playing", "after"):
            return
        try:
            player = self.active_player()
            self.service.save_progress(self._session_id, player.position_s(), player.completed_fraction())
        except CoachError:
            # The session was closed elsewhere (another window, a restore): stop tracking it.
            self._session_id = None
            self.autosave_timer.stop()

    def pause_for_leave(self) -> None:
        """The page was left or the window closed: save, and do not keep talking to an empty room."""
        self.autosave()
        if self.stage() == "playing":
            self.active_player().pause()

    def shutdown(self) -> None:
        """The app is quitting: save the place and stop rendering."""
        self.autosave()
        self.autosave_timer.stop()
        self.recording_player.shutdown()
        self.player.shutdown(timeout_s=2.0)

    def _on_player_finished(self) -> None:
        self.autosave()
        self._go_after(finished=True)

    def end_session(self) -> None:
        """The calm way out before the end: pause, save the place, and ask how it went."""
        self.active_player().pause()
        self.autosave()
        self._go_after(finished=False)

    def _go_after(self, finished: bool) -> None:
        self.autosave_timer.stop()
        self.after_pain.set_value(None)
        self.after_distress.set_value(None)
        self.note.clear()
        self.keep_listening_button.setVisible(not finished)
        self._update_after_buttons()
        self.setCurrentIndex(2)
        self.after_pain.setFocus()

    def _keep_listening(self) -> None:
        self.setCurrentIndex(1)
        self.autosave_timer.start()
        self.active_player().play()
        self.active_player().play_button.setFocus()

    # --- after -----------------------------------------------------------------------------------
    def _save(self, rated: bool) -> None:
        if self._session_id is None:
            self._back_to_list()
            return
        pain = self.after_pain.value() if rated else None
        distress = self.after_distress.value() if rated else None
        try:
            outcome = self.service.finish(
                self._session_id,
                pain,
                distress,
                self.note.toPlainText(),
                completed_fraction=self.active_player().completed_fraction(),
            )
        except CoachError as exc:
            self._warn(exc)
            return
        session_id, self._session_id = self._session_id, None
        self._stop_playing()
        self._outcome = outcome
        lines = outcome.lines()
        self.change_label.setText("\n".join(lines) if lines else "Session saved.")
        self.change_label.setAccessibleName(" ".join(lines) or "Session saved")
        self.encouragement_label.setText(encouragement(outcome))
        self.saved_label.setText(saved_note(outcome.done, self.active_player().played_s()))
        self.setCurrentIndex(3)
        self.done_button.setFocus()
        self.saved.emit(session_id)

    def outcome(self) -> SessionOutcome | None:
        return self._outcome

    # --- leaving ---------------------------------------------------------------------------------
    def _stop_playing(self) -> None:
        self.autosave_timer.stop()
        self.player.stop()
        self.recording_player.stop()

    def _back_to_list(self) -> None:
        self._stop_playing()
        self._session_id = None
        self.closed.emit()

    def _update_before_buttons(self, *_: object) -> None:
        rated = self.before_pain.value() is not None and self.before_distress.value() is not None
        self.start_button.setEnabled(rated)
        self.start_button.setToolTip(
            "" if rated else "Choose a number for both questions, or start without rating"
        )

    def _update_after_buttons(self, *_: object) -> None:
        rated = self.after_pain.value() is not None and self.after_distress.value() is not None
        self.save_button.setEnabled(rated)


def saved_note(done: bool, played_s: float) -> str:
    """The result screen's line on what was played: "all the way through" only when the session counts
    as done by the share really played (skipped stretches are not played; see
    coach.domain.session_done), else how much was played (`played_s` seconds), so a partial session
    says so and still counts."""
    if done:
        heard = "You listened all the way through."
    else:
        heard = f"You did {about_minutes(played_s)} of it - every bit counts."
    return f"Saved. {heard} Your sessions add up on the Progress page."
