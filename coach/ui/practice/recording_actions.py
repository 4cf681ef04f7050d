"""Adding the person's own recording of an exercise from Practice: choose an audio file or record one,
attach it through the session service, and say what was added (or why not)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from coach.domain.errors import CoachError
from coach.services.practice.recordings import supported_suffixes
from coach.services.practice.sessions import SessionService
from coach.ui.practice.player.view import clock_text

APP_NAME = "Pain Recovery Coach"

# Called with the line to show under the exercise once a recording was added.
Added = Callable[[str], None]


def choose_recording(parent: QWidget, service: SessionService, exercise_id: str, added: Added) -> None:
    """Ask for an audio file (the formats the app can read) and attach it to `exercise_id`."""
    if not exercise_id:
        return
    patterns = " ".join(f"*{s}" for s in supported_suffixes())
    path, _ = QFileDialog.getOpenFileName(
        parent, "Choose a recording", str(Path.home()), f"Audio ({patterns})"
    )
    if path:
        add_recording(parent, service, exercise_id, Path(path), added)


def add_recording(
    parent: QWidget, service: SessionService, exercise_id: str, path: Path, added: Added
) -> bool:
    """Attach the audio file at `path` to `exercise_id` (levelled to the guidance's loudness); False after
    a one-line warning when it cannot be read."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        recording = service.attach_recording(exercise_id, path)
    except CoachError as exc:
        QApplication.restoreOverrideCursor()
        QMessageBox.warning(parent, APP_NAME, str(exc))
        return False
    QApplication.restoreOverrideCursor()
    added(
        f"Added your recording: {recording.original_name} ({clock_text(recording.duration_s)}). "
        "It has been set to the same volume as the app's guidance."
    )
    return True


def record_voice(parent: QWidget, service: SessionService, exercise_id: str, added: Added) -> None:
    """Record the person's voice with the microphone and attach the recording to `exercise_id`."""
    if not exercise_id:
        return
    from coach.ui.practice.recording_dialog import RecordingDialog

    dialog = RecordingDialog(parent)
    if dialog.exec() and dialog.recorded_file is not None:
        add_recording(parent, service, exercise_id, dialog.recorded_file, added)
