"""The exercise player widget: captions, a transcript to jump around in, the controls, keyboard first.

What plays and from where (the background render and the seamless swaps from the first part of the track
to the full one) is decided by a Playback (player/playback.py); the widgets are laid out by player/view.py.
This module connects the two: it forwards what the person presses and draws what Playback reports. While
the audio is prepared a bar shows how far it got; stop() (leaving the session) or loading another exercise
cancels that work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import QAbstractButton, QApplication, QListWidget, QListWidgetItem, QSlider, QWidget

from coach.domain.exercise import Exercise
from coach.services.context import AppContext
from coach.ui.media_threads import ready_for_media_threads
from coach.ui.practice.player.playback import Playback
from coach.ui.practice.player.view import (
    QUIET_ROLE,
    build_view,
    caption_for,
    clock_text,
    keep_room,
    step_label,
)

SKIP_S = 15.0
VOLUME_STEP = 10


def window_keys(owner: QWidget, keys: Iterable[tuple[Qt.Key, Callable[[], object]]]) -> None:
    """Give `owner` (a player) its keys anywhere in the window while it shows: a shortcut of a hidden widget
    is inactive, so they stop with the playing screen. Space on a focused button outside the player (End
    session) still presses that button."""

    def pressed(key: Qt.Key, slot: Callable[[], object]) -> None:
        focused = QApplication.focusWidget()
        outside = focused is not None and not owner.isAncestorOf(focused)
        if key == Qt.Key.Key_Space and outside and isinstance(focused, QAbstractButton):
            focused.animateClick()
            return
        slot()

    for key, slot in keys:
        shortcut = QShortcut(QKeySequence(key), owner)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(lambda key=key, slot=slot: pressed(key, slot))


class PlayerWidget(QWidget):
    positionChanged = Signal(float)
    finished = Signal()
    renderProgress = Signal(float)
    trackReady = Signal()  # the whole exercise is rendered and playing from the full track
    renderFailed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("player")
        self.setAccessibleName("Exercise player")
        self.ctx = ctx
        self.playback = Playback(ctx, self)
        self._slider_held = False
        self._current_row = -1
        self._build()
        self._follow_playback()
        self.playback.transport.set_volume(self.volume.value() / 100)
        self._shortcuts()
        self._devices = QMediaDevices(self)
        ready_for_media_threads(self._devices)
        self._devices.audioOutputsChanged.connect(self._follow_outputs)
        self._follow_outputs()

    # --- layout ----------------------------------------------------------------------------------
    def _build(self) -> None:
        view = build_view(self)
        self._view = view
        self.notice, self.caption, self.render_bar = view.notice, view.caption, view.render_bar
        self.elapsed, self.seek_slider, self.remaining = view.elapsed, view.seek_slider, view.remaining
        self.back_button, self.play_button = view.back_button, view.play_button
        self.forward_button, self.volume, self.transcript = view.forward_button, view.volume, view.transcript
        self.volume_label = view.volume_label
        self.seek_slider.sliderPressed.connect(self._slider_pressed)
        self.seek_slider.sliderReleased.connect(self._slider_released)
        self.seek_slider.actionTriggered.connect(self._slider_action)
        self.back_button.clicked.connect(lambda: self.skip(-SKIP_S))
        self.play_button.clicked.connect(self.toggle)
        self.forward_button.clicked.connect(lambda: self.skip(SKIP_S))
        # The transport can change (the silent-clock fallback), so it is looked up at each change.
        self.volume.valueChanged.connect(lambda v: self.playback.transport.set_volume(v / 100))
        self.transcript.itemClicked.connect(self._jump_to_item)
        self.transcript.itemActivated.connect(self._jump_to_item)

    def _follow_playback(self) -> None:
        playback = self.playback
        playback.moved.connect(self._show_position)
        playback.lengthChanged.connect(self._set_length)
        playback.wishChanged.connect(self._update_play_button)
        playback.noticeChanged.connect(self._set_notice)
        playback.renderProgress.connect(self._on_progress)
        playback.renderEnded.connect(self.render_bar.hide)
        playback.trackReady.connect(self.trackReady)
        playback.renderFailed.connect(self.renderFailed)
        playback.finished.connect(self.finished)

    def _shortcuts(self) -> None:
        """Space plays or pauses, Left/Right skip 15 s, Up/Down set the volume: anywhere in the window while
        the player shows (a shortcut of a hidden widget is inactive), not only with the focus inside it."""
        keys = (
            (Qt.Key.Key_Space, self.toggle),
            (Qt.Key.Key_Left, lambda: self.skip(-SKIP_S)),
            (Qt.Key.Key_Right, lambda: self.skip(SKIP_S)),
            (Qt.Key.Key_Up, lambda: self.volume.setValue(self.volume.value() + VOLUME_STEP)),
            (Qt.Key.Key_Down, lambda: self.volume.setValue(self.volume.value() - VOLUME_STEP)),
        )
        window_keys(self, keys)

    def _follow_outputs(self) -> None:
        """No speaker or headphones: no volume to set (the notice says the sound comes once one is
        connected); the slider comes back with the device."""
        has_output = bool(QMediaDevices.audioOutputs())
        self.volume.setVisible(has_output)
        self.volume_label.setVisible(has_output)

    def showEvent(self, event: QShowEvent) -> None:
        keep_room(self._view)
        super().showEvent(event)

    # --- public API ------------------------------------------------------------------------------
    def load(self, exercise: Exercise, start_at_s: float = 0.0, autoplay: bool = True) -> None:
        """Show `exercise` and start preparing its audio; plays from `start_at_s` as soon as it can."""
        self.playback.load(exercise, start_at_s, autoplay)
        self._current_row = -1
        self.transcript.clear()
        for step in exercise.steps:
            item = QListWidgetItem(step_label(step))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            if step.kind in ("pause", "chime"):
                item.setData(QUIET_ROLE, True)  # the words stand out; the silences stay in the background
            self.transcript.addItem(item)
        self.caption.setText(exercise.title)
        self.render_bar.setValue(0)
        self.render_bar.show()
        # The clock and the slider read the start point (0:00, or a resume's saved place) from now on, not
        # only once the first audio arrives: nothing moves, and nothing counts, while the audio is prepared.
        self._set_slider(self.playback.shown_s)
        self._update_times()

    def play(self) -> None:
        self.playback.play()

    def pause(self) -> None:
        self.playback.pause()

    def toggle(self) -> None:
        if self.playback.want_play:
            self.pause()
        else:
            self.play()

    def stop(self) -> None:
        """Stop playback and any rendering (the session is over or the page is left)."""
        self.playback.stop()

    def seek(self, seconds: float) -> None:
        self.playback.seek(seconds)

    def skip(self, delta_s: float) -> None:
        self.seek(self.position_s() + delta_s)

    def position_s(self) -> float:
        return self.playback.position_s()

    def duration_s(self) -> float:
        return self.playback.duration_s()

    def completed_fraction(self) -> float:
        """Share (0-1) of the track really played: skipped stretches are not played, and listening to a
        part again counts it once."""
        return self.playback.completed_fraction()

    def played_s(self) -> float:
        """Seconds of the track really played."""
        return self.playback.played_s()

    def is_captions_only(self) -> bool:
        return self.playback.is_captions_only()

    def is_playing(self) -> bool:
        return self.playback.is_playing()

    def is_ready(self) -> bool:
        """The whole exercise is rendered."""
        return self.playback.full is not None

    def engine(self) -> str:
        return self.playback.engine

    def current_step_index(self) -> int:
        return self._current_row

    def warm_up(self) -> None:
        """Start loading the voice in the background (e.g. while the person rates how they feel), so the
        first words come sooner. Safe to call more than once."""
        self.playback.warm_up()

    def shutdown(self, timeout_s: float = 5.0) -> None:
        """Stop, and wait up to `timeout_s` seconds for the render to let go of its files (tests, app exit)."""
        task = self.playback.task
        self.stop()
        if task is not None:
            task.wait(timeout_s)

    # --- drawing what Playback reports -------------------------------------------------------------
    def _set_slider(self, seconds: float) -> None:
        if not self._slider_held:
            self.seek_slider.blockSignals(True)
            self.seek_slider.setValue(round(seconds * 1000))
            self.seek_slider.blockSignals(False)

    def _show_position(self, seconds: float) -> None:
        self._set_slider(seconds)
        self._update_times()
        self._update_caption(seconds)
        self.positionChanged.emit(seconds)

    def _set_length(self, seconds: float) -> None:
        self.seek_slider.setRange(0, round(seconds * 1000))
        self._update_times()

    def _on_progress(self, fraction: float) -> None:
        self.render_bar.setValue(round(fraction * 100))
        self.renderProgress.emit(fraction)

    def _update_times(self) -> None:
        shown = self.playback.shown_s
        self.elapsed.setText(clock_text(shown))
        self.remaining.setText("-" + clock_text(max(0.0, self.duration_s() - shown)))

    def _update_play_button(self) -> None:
        text = "Pause" if self.playback.want_play else "Play"
        self.play_button.setText(text)
        self.play_button.setAccessibleName(text)

    def _set_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _update_caption(self, seconds: float) -> None:
        row = self.playback.step_at(seconds)
        if row < 0:
            return
        if row != self._current_row:
            self._current_row = row
            self.transcript.setCurrentRow(row)
            item = self.transcript.item(row)
            if item is not None:
                self.transcript.scrollToItem(item, QListWidget.ScrollHint.PositionAtCenter)
        self.caption.setText(caption_for(self.playback.steps[row], seconds))

    # --- seek slider and transcript --------------------------------------------------------------
    def _slider_pressed(self) -> None:
        self._slider_held = True

    def _slider_released(self) -> None:
        self._slider_held = False
        self.seek(self.seek_slider.value() / 1000)

    def _slider_action(self, action: int) -> None:
        # Keyboard and page clicks on the slider (not drags): seek once the slider has moved.
        if not self._slider_held and action != QSlider.SliderAction.SliderMove.value:
            self.seek(self.seek_slider.sliderPosition() / 1000)

    def _jump_to_item(self, item: QListWidgetItem) -> None:
        row = self.transcript.row(item)
        if 0 <= row < len(self.playback.steps):
            self.seek(self.playback.steps[row].start_s)
