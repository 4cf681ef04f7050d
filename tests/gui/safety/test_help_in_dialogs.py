"""Help now is one click (and F1) away from every dialog, not only from the main window."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPushButton

import coach.ui
from coach.services.context import AppContext
from coach.services.profiles.service import ProfileService
from coach.services.programs.bundle_import import plan_import
from coach.services.programs.bundles import export_program
from coach.ui.caseload.dialogs import RenamePatientDialog, ReviewDialog
from coach.ui.practice.flare import FlareDialog
from coach.ui.practice.recording_dialog import RecordingDialog
from coach.ui.practice.reprocessing_check import ReprocessingCheckDialog
from coach.ui.profiles.first_run import FirstRunDialog
from coach.ui.profiles.passcode_dialog import PasscodeDialog
from coach.ui.profiles.switcher import NewProfileDialog, ProfileSwitcher
from coach.ui.programs.bundle_dialogs import ImportPreviewDialog, ShareProgressDialog
from coach.ui.progress.report_range import ReportRangeDialog
from coach.ui.reminders.dialog import RemindersDialog
from coach.ui.reminders.editor import RuleEditor
from coach.ui.settings_dialog import SettingsDialog
from coach.ui.taper.dialogs import DraftDialog, PauseDialog, PlanDialog, StepDialog
from coach.ui.taper.medication_dialog import MedicationDialog
from coach.ui.widgets.help_now import HELP_BUTTON_NAME, DialogHelp, HelpNowDialog

# Opened before any profile is open: tested below with the profile-less Help now.
BEFORE_A_PROFILE = {"NewProfileDialog", "ProfileSwitcher"}


class _Nav:
    def go(self, key: str, **kwargs: Any) -> None:
        return None

    def start_exercise(self, exercise_id: str) -> None:
        return None


def _ignore(*_args: Any) -> None:
    return None


def _import_preview(ctx: AppContext, tmp_path: Path) -> ImportPreviewDialog:
    bundle = tmp_path / "companion.coachprog"
    export_program(ctx, "taper-companion", bundle)
    return ImportPreviewDialog(plan_import(ctx, bundle))


def _factories(ctx: AppContext, tmp_path: Path) -> dict[str, Callable[[], QDialog]]:
    today = date(2026, 11, 21)
    return {
        "FlareDialog": lambda: FlareDialog(ctx, _Nav()),
        "RecordingDialog": lambda: RecordingDialog(),
        "ReprocessingCheckDialog": lambda: ReprocessingCheckDialog(ctx),
        "FirstRunDialog": lambda: FirstRunDialog(ctx),
        "SettingsDialog": lambda: SettingsDialog(ctx),
        "PasscodeDialog": lambda: PasscodeDialog(ctx),
        "RemindersDialog": lambda: RemindersDialog(ctx),
        "RuleEditor": lambda: RuleEditor(ctx),
        "MedicationDialog": lambda: MedicationDialog(_ignore),
        "PlanDialog": lambda: PlanDialog(_ignore, 90.0, today, False),
        "StepDialog": lambda: StepDialog(_ignore, [], today, lambda _v: ""),
        "DraftDialog": lambda: DraftDialog(_ignore, 90.0, today),
        "PauseDialog": lambda: PauseDialog(_ignore, today),
        "ImportPreviewDialog": lambda: _import_preview(ctx, tmp_path),
        "ShareProgressDialog": lambda: ShareProgressDialog("Robin"),
        "ReportRangeDialog": lambda: ReportRangeDialog(None, today),
        "ReviewDialog": lambda: ReviewDialog(_caseload_patient(ctx, tmp_path), _ignore),
        "RenamePatientDialog": lambda: RenamePatientDialog(_caseload_patient(ctx, tmp_path), _ignore),
    }


def _caseload_patient(ctx: AppContext, tmp_path: Path) -> Any:
    """A patient of a coach's caseload (the dialogs only read it)."""
    from coach.services.caseload.importing import import_file
    from coach.services.caseload.queue import caseload
    from tests.helpers.progress_files import new_id, write_progress

    ctx.store.update_profile(kind="coach")
    import_file(ctx, write_progress(tmp_path / "ana.coachprogress", patient_id=new_id("ana")))
    return caseload(ctx).queue[0]


def _dialog_classes() -> set[str]:
    """Every QDialog subclass defined in coach.ui (the Help now window itself aside)."""
    found: set[str] = set()
    for info in pkgutil.walk_packages(coach.ui.__path__, "coach.ui."):
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, QDialog)
                and cls.__module__ == info.name
                and cls is not HelpNowDialog
                and not inspect.isabstract(cls)
                and name != "FormDialog"  # the taper dialogs' base, never shown alone
            ):
                found.add(name)
    return found


@pytest.fixture
def helper(qapp: QApplication, ctx: AppContext) -> Iterator[DialogHelp]:
    installed = DialogHelp(ctx, qapp).install()
    yield installed
    installed.remove()
    for window in list(installed.opened):
        window.close()


def test_every_dialog_of_the_app_is_covered_by_this_test(ctx: AppContext, tmp_path: Path) -> None:
    # A dialog added later must join the list below, so its Help now button is checked too.
    assert _dialog_classes() - BEFORE_A_PROFILE == set(_factories(ctx, tmp_path))


def test_every_dialog_shows_a_help_now_button_that_opens_help(
    qtbot: Any, ctx: AppContext, tmp_path: Path, helper: DialogHelp
) -> None:
    for name, make in _factories(ctx, tmp_path).items():
        dialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        found = dialog.findChildren(QPushButton, HELP_BUTTON_NAME)
        assert len(found) == 1, f"{name} has {len(found)} Help now buttons"
        help_button = found[0]
        assert help_button.isVisible(), name
        assert help_button.text() == "Help now"
        qtbot.mouseClick(help_button, Qt.MouseButton.LeftButton)
        assert helper.opened, f"Help now did not open from {name}"
        shown = helper.opened[-1]
        assert shown.isVisible() and shown.parent() is dialog
        assert "988" in shown.page.crisis.text() or shown.page.crisis.text()  # the page is filled in
        assert dialog.isVisible(), f"pressing Help now closed {name}"
        shown.close()
        dialog.hide()  # showing again must not add a second button
        dialog.show()
        assert len(dialog.findChildren(QPushButton, HELP_BUTTON_NAME)) == 1, name
        dialog.close()


def test_f1_in_a_dialog_opens_help_now_with_the_crisis_line(
    qtbot: Any, ctx: AppContext, helper: DialogHelp
) -> None:
    ctx.store.update_profile(country="US")
    dialog = MedicationDialog(_ignore)
    qtbot.addWidget(dialog)
    dialog.show()
    field = dialog.findChild(QLineEdit, "medName")
    assert field is not None
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_F1)
    assert len(helper.opened) == 1
    help_window = helper.opened[0]
    assert help_window.isVisible()
    assert help_window.page.crisis.text() == "Crisis support: 988 Suicide & Crisis Lifeline: Call or text 988"
    assert dialog.isVisible()  # the form the person was filling in is still there behind it
    # F1 inside Help now itself does not stack another window.
    qtbot.keyClick(help_window, Qt.Key.Key_F1)
    assert len(helper.opened) == 1


def test_the_running_app_gives_its_dialogs_help_now(qtbot: Any, ctx: AppContext, qapp: QApplication) -> None:
    from coach.ui.app import CoachApp

    coach_app = CoachApp(ctx, qapp, with_tray=False)
    qtbot.addWidget(coach_app.window)
    assert coach_app.dialog_help is None  # not before the first window: it needs ~50 ms of Qt enums
    coach_app.install_dialog_help()  # what the first step after start-up does
    assert coach_app.dialog_help is not None
    try:
        dialog = SettingsDialog(ctx, coach_app.window)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.findChild(QPushButton, HELP_BUTTON_NAME) is not None
        qtbot.keyClick(dialog, Qt.Key.Key_F1)
        assert len(coach_app.dialog_help.opened) == 1
        coach_app.dialog_help.opened[0].close()
    finally:
        coach_app.dialog_help.remove()


def test_choosing_a_profile_has_help_now_too(qtbot: Any, qapp: QApplication, tmp_path: Path) -> None:
    helper = DialogHelp(None, qapp).install()
    try:
        for make in (lambda: ProfileSwitcher(tmp_path), lambda: NewProfileDialog(ProfileService(tmp_path))):
            dialog = make()
            qtbot.addWidget(dialog)
            dialog.show()
            help_button = dialog.findChild(QPushButton, HELP_BUTTON_NAME)
            assert help_button is not None and help_button.isVisible()
            qtbot.mouseClick(help_button, Qt.MouseButton.LeftButton)
            shown = helper.opened[-1]
            # No profile yet, so no country: the catch-all numbers first, every country to pick from.
            assert "112 works in many countries" in shown.page.crisis.text()
            combo = shown.page.country
            combo.setCurrentIndex(combo.findData("US"))
            assert "Call or text 988" in shown.page.crisis.text()
            shown.close()
            dialog.close()
    finally:
        helper.remove()
