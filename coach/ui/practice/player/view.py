"""The player's widgets and words: layout, transcript lines, captions and notices (no playback logic)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSlider,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from coach.audio.track import StepTiming
from coach.domain.exercise import Step
from coach.domain.wording import times
from coach.ui.theme import set_role
from coach.ui.widgets.common import plain_label

# Short: at 1024x600 with large text every line of the notice is a line less of caption and transcript.
NO_DEVICE_NOTICE = (
    "No speaker or headphones found: follow the captions below. The sound plays when you connect one."
)
NO_VOICE_NOTICE = "The voice is switched off in Settings, so follow the captions at your own pace."
WAITING_NOTICE = "Preparing the rest of the exercise… it will carry on by itself in a moment."
_PHASE_CAPTIONS = {"in": "Breathe in…", "hold": "Hold…", "out": "Breathe out…"}


def clock_text(seconds: float) -> str:
    minutes, secs = divmod(max(0, round(seconds)), 60)
    return f"{minutes}:{secs:02d}"


def step_label(step: Step) -> str:
    """How a step reads in the transcript."""
    if step.kind == "speak":
        return step.text
    if step.kind == "pause":
        return f"Quiet for {step.seconds:g} second{'' if step.seconds == 1 else 's'}"
    if step.kind == "chime":
        return step.text or "A soft chime"
    if step.hold:
        counts = f"in {step.inhale:g}, hold {step.hold:g}, out {step.exhale:g}"
    else:
        counts = f"in {step.inhale:g}, out {step.exhale:g}"
    breaths = f"Breathe with the tone: {counts}, {times(step.cycles)}"
    return f"{step.text}\n{breaths}" if step.text else breaths


def caption_for(timing: StepTiming, seconds: float) -> str:
    """The large caption at `seconds`: the words being spoken, or the part of the breath."""
    if timing.kind == "breath":
        for phase in timing.phases:
            if phase.start_s <= seconds < phase.end_s:
                return _PHASE_CAPTIONS.get(phase.name, "")
        return timing.text
    if timing.kind in ("pause", "chime") and not timing.text:
        return "…"
    return timing.text


@dataclass
class PlayerView:
    notice: QLabel
    caption: QLabel
    render_bar: QProgressBar
    elapsed: QLabel
    seek_slider: QSlider
    remaining: QLabel
    back_button: QPushButton
    play_button: QPushButton
    forward_button: QPushButton
    volume_label: QLabel
    volume: QSlider
    transcript: QListWidget


QUIET_ROLE = Qt.ItemDataRole.UserRole + 1  # item data: True for a transcript line that is a pause or chime


class _TranscriptLines(QStyledItemDelegate):
    """Draws the quiet lines (pauses, chimes) in the palette's muted text colour, read as each line is
    painted, so they follow a theme change like the words do."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if index.data(QUIET_ROLE):
            muted = option.palette.color(QPalette.ColorRole.PlaceholderText)
            option.palette.setColor(QPalette.ColorRole.Text, muted)


def _label(text: str, name: str, accessible: str) -> QLabel:
    label = plain_label(text)
    label.setObjectName(name)
    label.setAccessibleName(accessible)
    return label


def _button(text: str, name: str, accessible: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(accessible)
    button.setToolTip(accessible)
    return button


def keep_room(view: PlayerView) -> None:
    """Room to read at any text size, in px from the fonts as styled: two lines of the caption (longer
    words wrap and the caption grows when there is room) and four lines of the transcript, which scrolls
    inside itself. Call once the player is shown (the style sheet sets the fonts)."""
    for widget in (view.caption, view.transcript):
        widget.ensurePolished()
    view.caption.setMinimumHeight(view.caption.fontMetrics().lineSpacing() * 2 + 8)
    view.transcript.setMinimumHeight(view.transcript.fontMetrics().lineSpacing() * 4 + 12)


def build_view(owner: QWidget) -> PlayerView:
    """Lays the player out on `owner`: notice, big caption, progress, position row, controls, transcript."""
    root = QVBoxLayout(owner)
    root.setSpacing(8)

    notice = _label("", "playerNotice", "Player notice")
    notice.setWordWrap(True)
    set_role(notice, "muted")
    notice.hide()
    root.addWidget(notice)

    caption = _label("", "playerCaption", "Current words")
    caption.setWordWrap(True)
    caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
    # The app stylesheet fixes every widget's font size, so the caption's larger size is a role of its own.
    set_role(caption, "caption")
    root.addWidget(caption, 2)

    render_bar = QProgressBar()
    render_bar.setObjectName("playerRenderProgress")
    render_bar.setAccessibleName("Preparing the audio")
    render_bar.setRange(0, 100)
    render_bar.setFormat("Preparing the audio… %p%")
    # Its room is kept when it hides, so the controls below do not jump up under a moving pointer.
    keep_room = render_bar.sizePolicy()
    keep_room.setRetainSizeWhenHidden(True)
    render_bar.setSizePolicy(keep_room)
    render_bar.hide()
    root.addWidget(render_bar)

    times = QHBoxLayout()
    elapsed = _label("0:00", "playerElapsed", "Time played")
    seek_slider = QSlider(Qt.Orientation.Horizontal)
    seek_slider.setObjectName("playerSeek")
    seek_slider.setAccessibleName("Position in the exercise")
    seek_slider.setRange(0, 0)
    seek_slider.setPageStep(15_000)
    remaining = _label("-0:00", "playerRemaining", "Time left")
    times.addWidget(elapsed)
    times.addWidget(seek_slider, 1)
    times.addWidget(remaining)
    root.addLayout(times)

    controls = QHBoxLayout()
    back_button = _button("← 15 s", "playerBack", "Back 15 seconds")
    play_button = _button("Play", "playerPlayPause", "Play")
    play_button.setProperty("role", "primary")
    play_button.setDefault(True)
    forward_button = _button("15 s →", "playerForward", "Forward 15 seconds")
    volume_label = _label("Volume", "playerVolumeLabel", "Volume")
    volume = QSlider(Qt.Orientation.Horizontal)
    volume.setObjectName("playerVolume")
    volume.setAccessibleName("Volume")
    volume.setRange(0, 100)
    volume.setValue(100)
    volume.setMaximumWidth(160)
    volume_label.setBuddy(volume)
    controls.addStretch(1)
    for widget in (back_button, play_button, forward_button):
        controls.addWidget(widget)
    controls.addSpacing(24)
    controls.addWidget(volume_label)
    controls.addWidget(volume)
    controls.addStretch(1)
    root.addLayout(controls)

    transcript = QListWidget()
    transcript.setObjectName("playerTranscript")
    transcript.setAccessibleName("Transcript: choose a line to jump to it")
    transcript.setWordWrap(True)
    transcript.setSpacing(4)
    transcript.setItemDelegate(_TranscriptLines(transcript))
    root.addWidget(transcript, 3)

    return PlayerView(
        notice=notice,
        caption=caption,
        render_bar=render_bar,
        elapsed=elapsed,
        seek_slider=seek_slider,
        remaining=remaining,
        back_button=back_button,
        play_button=play_button,
        forward_button=forward_button,
        volume_label=volume_label,
        volume=volume,
        transcript=transcript,
    )
