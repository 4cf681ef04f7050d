"""One guided session, screen by screen: rate before, listen (autosaved every 15 s), rate after, see the change."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QStackedWidget, QWidget

from coach.domain.errors import CoachError
from coach.domain.exercise import Exercise
from coach.services.context import AppContext
from coach.services.practice.library import ExerciseLibrary
from coach.services.practice.sessions import Recording, SessionOutcome, SessionRecord, SessionService
from coach.ui.practice.player.recording_player import RecordingPlayer
from coach.ui.practice.player.view import clock_text
from coach.ui.practice.player.widget import PlayerWidget
from coach.ui.practice.session_parts import encouragement, saved_note
from coach.ui.practice.session_screens import AfterScreen, BeforeScreen, PlayingScreen, ResultScreen

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

    # --- screens (laid out in session_screens.py; named here as the flow and its tests use them) ---
    def _build_before(self) -> QWidget:
        screen = BeforeScreen()
        self.before_title, self.before_pain, self.before_distress = screen.title, screen.pain, screen.distress
        self.body_areas, self.voice_box = screen.body_areas, screen.voice_box
        self.use_guidance, self.use_recording = screen.use_guidance, screen.use_recording
        self.back_button, self.skip_before_button = screen.back_button, screen.skip_button
        self.start_button = screen.start_button
        self.back_button.clicked.connect(self._back_to_list)
        self.skip_before_button.clicked.connect(lambda: self._start(rated=False))
        self.start_button.clicked.connect(lambda: self._start(rated=True))
        for scale in (self.before_pain, self.before_distress):
            scale.valueChanged.connect(self._update_before_buttons)
        return screen

    def _build_playing(self) -> QWidget:
        screen = PlayingScreen(self.ctx)
        self.playing_title, self.players = screen.title, screen.players
        self.player, self.recording_player = screen.player, screen.recording_player
        self.end_button = screen.end_button
        self.player.finished.connect(self._on_player_finished)
        self.recording_player.finished.connect(self._on_player_finished)
        self.end_button.clicked.connect(self.end_session)
        return screen

    def _build_after(self) -> QWidget:
        screen = AfterScreen()
        self._after = screen
        self._ask_distress = True  # the after screen asks only what was asked before (see _go_after)
        self.before_ratings_line = screen.before_line
        self.after_pain, self.after_distress, self.note = screen.pain, screen.distress, screen.note
        self.keep_listening_button, self.skip_after_button = screen.keep_listening_button, screen.skip_button
        self.save_button = screen.save_button
        self.keep_listening_button.clicked.connect(self._keep_listening)
        self.skip_after_button.clicked.connect(lambda: self._save(rated=False))
        self.save_button.clicked.connect(lambda: self._save(rated=True))
        for scale in (self.after_pain, self.after_distress):
            scale.valueChanged.connect(self._update_after_buttons)
        return screen

    def _build_result(self) -> QWidget:
        screen = ResultScreen()
        self.change_label, self.encouragement_label = screen.change_label, screen.encouragement_label
        self.saved_label, self.done_button = screen.saved_label, screen.done_button
        self.done_button.clicked.connect(self._back_to_list)
        return screen

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
        pain_before, distress_before = self._before_ratings()
        # A pain spike's quick start asks only about pain: asking about distress afterwards, and keeping
        # Save grey until it is answered, asked for a comparison with nothing.
        self._ask_distress = not (pain_before is not None and distress_before is None)
        self.after_distress.setVisible(self._ask_distress)
        self._after.show_before(pain_before, distress_before)
        self.note.clear()
        self.keep_listening_button.setVisible(not finished)
        self._update_after_buttons()
        self.setCurrentIndex(2)
        self.after_pain.setFocus()
        # Focus scrolls the question into view; the screen still opens at its top, so its heading and the
        # ratings from before are read first (at 150% they were hidden above the fold).
        self._after.verticalScrollBar().setValue(0)
        QTimer.singleShot(0, self, lambda: self._after.verticalScrollBar().setValue(0))

    def _before_ratings(self) -> tuple[int | None, int | None]:
        """Pain and distress (0-10 or None) as stored when the session started (a resumed one too)."""
        if self._session_id is None:
            return None, None
        try:
            record = self.service.get(self._session_id)
        except CoachError:
            return None, None
        return record.pre_pain, record.pre_distress

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
        distress = self.after_distress.value() if rated and self._ask_distress else None
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
        rated = self.after_pain.value() is not None and (
            not self._ask_distress or self.after_distress.value() is not None
        )
        self.save_button.setEnabled(rated)
