"""The window and protected profiles: `coach --profile secret` asks for the passcode before anything opens,
a wrong one opens nothing, and the profile chooser sets, changes and removes a passcode (encrypting or
decrypting the data)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from coach.services.data.demo import fill_demo
from coach.services.profiles.service import ProfileService
from coach.storage.cipher import forget_key, is_encrypted
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store
from coach.ui.app import run_app
from coach.ui.profiles.switcher import ProfileSwitcher

CODE = "blue heron 7"
SHOTS = Path(os.environ.get("COACH_SHOTS", "/tmp/shots15a"))


def _secret(data_dir: Path) -> ProfilePaths:
    service = ProfileService(data_dir)
    service.create("Secret", "patient")
    service.create("Other", "patient")
    paths = ProfilePaths(data_dir, "secret")
    with Store.open(paths) as store:
        fill_demo(store, days=14, seed=2)
        store.update_profile(onboarded=True)
    service.set_passcode("secret", CODE)
    forget_key(paths.database)
    return paths


def _with_the_dialog(action: Any) -> None:
    """Run `action(dialog)` on the modal passcode dialog once it is up."""

    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ProfileSwitcher):
            QTimer.singleShot(20, step)
            return
        action(dialog)

    QTimer.singleShot(0, step)


def test_profile_option_asks_for_the_passcode_and_a_wrong_one_opens_nothing(
    qtbot: Any, data_dir: Path
) -> None:
    paths = _secret(data_dir)
    seen: list[str] = []

    def wrong_then_quit(dialog: ProfileSwitcher) -> None:
        seen.append(dialog.windowTitle())
        seen.append(str(dialog.list.count()))
        QApplication.processEvents()
        SHOTS.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(SHOTS / "profile-passcode.png"))
        dialog.passcode.setText("not the passcode")
        dialog.open_selected()
        seen.append(dialog.message.text())
        dialog.reject()

    _with_the_dialog(wrong_then_quit)
    assert run_app(data_dir, "secret", ask_profile=False) == 0
    assert seen[0] == "Passcode needed" and seen[1] == "1"  # only this profile, nothing else to choose
    assert "not right" in seen[2]
    assert not [w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow" and w.isVisible()]
    with pytest.raises(Exception, match="protected by a passcode"):
        Store.open(paths)  # the wrong passcode unlocked nothing


def test_the_chooser_sets_changes_and_removes_a_passcode(
    qtbot: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ProfileService(data_dir).create("Ana", "patient")
    ProfileService(data_dir).create("Clinic", "coach")
    database = ProfilePaths(data_dir, "ana").database
    dialog = ProfileSwitcher(data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reload(select="ana")
    assert dialog.set_code_button.isVisible() and not dialog.remove_code_button.isVisible()

    typed = iter(["green-field", "green-field", "new-code", "new-code"])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (next(typed), True))
    qtbot.mouseClick(dialog.set_code_button, Qt.MouseButton.LeftButton)
    assert is_encrypted(database) and "encrypted" in dialog.message.text()
    assert dialog.remove_code_button.isVisible() and dialog.change_code_button.isVisible()
    dialog.grab().save(str(SHOTS / "profile-chooser-passcode.png"))

    qtbot.mouseClick(dialog.change_code_button, Qt.MouseButton.LeftButton)
    assert "Type the current passcode" in dialog.message.text()
    dialog.passcode.setText("green-field")
    qtbot.mouseClick(dialog.change_code_button, Qt.MouseButton.LeftButton)
    assert "changed" in dialog.message.text()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.passcode.setText("green-field")
    qtbot.mouseClick(dialog.remove_code_button, Qt.MouseButton.LeftButton)
    assert "not right" in dialog.message.text() and is_encrypted(database)
    dialog.passcode.setText("new-code")
    qtbot.mouseClick(dialog.remove_code_button, Qt.MouseButton.LeftButton)
    assert not is_encrypted(database) and "not encrypted" in dialog.message.text()


def test_a_progress_file_from_a_protected_profile_says_it_is_not_encrypted(
    qtbot: Any, data_dir: Path, tmp_path: Path
) -> None:
    from helpers.nav import RecordingNav

    from coach.services.context import AppContext
    from coach.storage.cipher import NOT_ENCRYPTED
    from coach.ui.programs.page import ProgramsPage

    paths = _secret(data_dir)
    ProfileService(data_dir).check_passcode("secret", CODE)
    ctx = AppContext.open(data_dir, "secret")
    try:
        ctx.store.set_setting("speech_engine", "none")
        page = ProgramsPage(ctx, RecordingNav())
        qtbot.addWidget(page)
        out = page.share_progress(tmp_path / "me.coachprogress", days=7, share=("sessions", "checkins"))
        assert out is not None and out.exists()
        assert NOT_ENCRYPTED in page.status.text()
        page.editor.shutdown()
    finally:
        ctx.close()
    assert is_encrypted(paths.database)
