"""The profile chooser as a person with one protected profile meets it each morning (issue 15's leftovers):
greeted by the name they gave rather than the folder name "default", the same simple passcode box before
and after a wrong passcode with the refusal shown as an error (and the wait, if any), both new-passcode
fields emptied after a refused one, and the app's own colours and text size at every screen size."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.profiles.greeting import greetings
from coach.services.profiles.service import ProfileService
from coach.storage.cipher import forget_key
from coach.storage.passcode_wait import read_wait
from coach.storage.paths import ProfilePaths
from coach.ui.app import CoachApp
from coach.ui.profiles.new_profile import NewProfileDialog
from coach.ui.profiles.opening import dress_chooser, profile_to_open
from coach.ui.profiles.passcode_dialog import PasscodeDialog
from coach.ui.profiles.switcher import ProfileSwitcher
from coach.ui.theme import DARK, LIGHT
from coach.ui.widgets.common import fit_to_screen
from tests.gui.layout.audit import Config, contrast, contrast_findings, geometry_findings, settle

CODE = "blue heron 7"


@pytest.fixture
def look(qapp: QApplication) -> Iterator[None]:
    """These tests re-theme the one QApplication; give the next test the look it had."""
    sheet, palette, font = qapp.styleSheet(), QPalette(qapp.palette()), qapp.font()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)


def _run_once(qtbot: Any, ctx: AppContext, qapp: QApplication) -> CoachApp:
    """The app opened on `ctx` until its start-up work is done (it remembers what the chooser may show)."""
    coach_app = CoachApp(ctx, qapp, with_tray=False, desktop_notifications=False)
    coach_app.show_window()
    coach_app.start_background_work()
    qtbot.waitUntil(lambda: coach_app.warmed_up, timeout=30_000)
    assert coach_app.greeting_kept
    return coach_app


def _sam_sets_a_passcode(
    qtbot: Any, ctx: AppContext, qapp: QApplication, theme: str = "system", scale: int = 100
) -> Path:
    """Sam's first run named the "default" profile's person; then Settings › Passcode… set a passcode
    (the running app closes the profile, encrypts it and opens it again before it restarts)."""
    ctx.store.update_profile(nickname="Sam", onboarded=True)
    ctx.store.set_setting("theme", theme)
    ctx.store.set_setting("text_scale", scale)
    coach_app = _run_once(qtbot, ctx, qapp)
    assert coach_app.change_passcode(CODE, None).ok
    ctx.close()  # what the restart does; the window goes with it
    coach_app.window.hide()
    coach_app.window.deleteLater()
    data_dir = ctx.paths.data_dir
    forget_key(ProfilePaths(data_dir, "default").database)
    return data_dir


def _shown_text(dialog: ProfileSwitcher) -> str:
    labels = [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()]
    rows = [dialog.list.item(i).text() for i in range(dialog.list.count())] if dialog.list.isVisible() else []
    return "\n".join([dialog.windowTitle(), *labels, *rows])


def _visible_buttons(dialog: ProfileSwitcher) -> set[str]:
    return {b.text() for b in (dialog.new_button, dialog.set_code_button, dialog.change_code_button,
                               dialog.remove_code_button, dialog.open_button) if b.isVisible()}  # fmt: skip


def test_the_chooser_greets_the_person_by_the_name_they_gave(
    qtbot: Any, ctx: AppContext, qapp: QApplication, look: None
) -> None:
    ctx.store.update_profile(nickname="Sam", onboarded=True)
    coach_app = _run_once(qtbot, ctx, qapp)
    coach_app._stop_profile_work()
    coach_app.window.hide()
    coach_app.window.deleteLater()
    ProfileService(ctx.paths.data_dir).create("Clinic", kind="coach")  # two profiles: the chooser shows both
    dialog = ProfileSwitcher(ctx.paths.data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    settle()
    rows = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert any(row.startswith("Sam\n") for row in rows), rows
    assert not any("default" in row for row in rows)  # the folder's name is only in a tooltip


def test_a_protected_profile_keeps_its_person_s_name_out_of_the_profile_list(
    qtbot: Any, ctx: AppContext, qapp: QApplication, look: None
) -> None:
    """The profile list is readable before the passcode: it must not name whose encrypted profile it is."""
    data_dir = _sam_sets_a_passcode(qtbot, ctx, qapp)
    assert b"Sam" not in (data_dir / "profiles.json").read_bytes()
    for only in (None, "default"):  # a plain start, and the restart after setting the passcode
        dialog = ProfileSwitcher(data_dir, only=only)
        qtbot.addWidget(dialog)
        dialog.show()
        settle()
        shown = _shown_text(dialog)
        assert "Welcome back" in shown and "Sam" not in shown
        assert "default" not in shown  # the folder's name is only in a tooltip
        assert "default" in dialog.detail.toolTip()
        dialog.close()


def test_a_new_nickname_reaches_the_chooser(qtbot: Any, ctx: AppContext, qapp: QApplication) -> None:
    ctx.store.update_profile(nickname="Sam", onboarded=True)
    coach_app = _run_once(qtbot, ctx, qapp)
    assert greetings(ctx.paths.data_dir)["default"].person == "Sam"
    ctx.store.update_profile(nickname="Samira")  # Settings saves the profile, then says so
    ctx.bus.publish(Topic.PROFILE)
    assert greetings(ctx.paths.data_dir)["default"].person == "Samira"
    coach_app._stop_profile_work()
    coach_app.window.hide()
    coach_app.window.deleteLater()


def test_a_wrong_passcode_keeps_the_simple_box_and_shows_an_error_with_the_wait(
    qtbot: Any, ctx: AppContext, qapp: QApplication, look: None
) -> None:
    data_dir = _sam_sets_a_passcode(qtbot, ctx, qapp, theme="light")
    dress_chooser(qapp, data_dir)
    dialog = ProfileSwitcher(data_dir)  # the one profile there is, protected: a plain start
    qtbot.addWidget(dialog)
    dialog.show()
    settle()
    before = _visible_buttons(dialog)
    assert before == {"Open"} and not dialog.list.isVisible()

    qtbot.keyClicks(dialog.passcode, "blue heron 8")
    qtbot.keyClick(dialog.passcode, Qt.Key.Key_Return)
    settle()
    assert _visible_buttons(dialog) == before and not dialog.list.isVisible()  # still the simple box
    # One Enter is one try (it also ran Open's click and tried the emptied field: two wrong tries counted).
    assert read_wait(ProfilePaths(data_dir, "default").profile_dir).failures == 1
    assert "Welcome back" in _shown_text(dialog)
    assert (
        dialog.message.isVisible()
        and dialog.message.text() == "That passcode is not right; please try again."
    )
    assert dialog.passcode.text() == "" and dialog.focusWidget() is dialog.passcode
    # Styled as an error: the theme's warning colour, in bold, readable (4.5:1) on the dialog.
    shot = dialog.message.grab().toImage()
    colours = {shot.pixelColor(x, y).name() for x in range(shot.width()) for y in range(shot.height())}
    assert LIGHT.warn in colours and dialog.message.font().bold()
    assert contrast(QColor(LIGHT.warn), QColor(LIGHT.window)) >= 4.5

    for wrong in ("blue heron 9", "blue heron 0"):  # the third wrong try in a row starts a wait
        dialog.passcode.setText(wrong)
        dialog.open_button.click()
    settle()
    assert "you can try again in 5 seconds" in dialog.message.text()
    assert not dialog.open_button.isEnabled() and _visible_buttons(dialog) == {"Open"}
    qtbot.keyClicks(dialog.passcode, "x")  # typing while waiting leaves the wait on screen
    assert "try again in" in dialog.message.text()


def test_a_too_short_new_passcode_empties_both_fields(qtbot: Any, ctx: AppContext, data_dir: Path) -> None:
    dialog = PasscodeDialog(ctx)  # Settings › Passcode…
    qtbot.addWidget(dialog)
    dialog.show()
    for first, second, said in (("abc", "abc", "at least 4"), ("abcd", "abce", "not the same")):
        qtbot.keyClicks(dialog.new, first)
        qtbot.keyClicks(dialog.again, second)
        qtbot.keyClick(dialog.again, Qt.Key.Key_Return)
        assert said in dialog.error.text() and dialog.error.isVisible()
        assert dialog.new.text() == dialog.again.text() == ""
        assert dialog.focusWidget() is dialog.new  # the cursor waits in the first field
        qtbot.keyClicks(dialog.new, "a")  # typing again takes the old message away
        assert not dialog.error.isVisible()
        dialog.new.clear()

    new = NewProfileDialog(ProfileService(data_dir))  # the chooser's New profile…
    qtbot.addWidget(new)
    new.show()
    new.name.setText("Ana")
    new.use_passcode.setChecked(True)
    for first, second, said in (("abc", "abc", "at least 4"), ("abcd", "abce", "not the same")):
        new.passcode.setText(first)
        new.repeat.setText(second)
        new.create_button.click()
        assert said in new.error.text() and new.error.isVisible() and new.created is None
        assert new.passcode.text() == new.repeat.text() == "" and new.focusWidget() is new.passcode


CHOOSER_CONFIGS = [
    Config(w, h, theme, scale)
    for theme in ("light", "dark")
    for w, h, scale in ((1024, 600, 150), (1024, 600, 200), (1366, 768, 100))
]


@pytest.mark.parametrize("config", CHOOSER_CONFIGS, ids=str)
def test_the_chooser_wears_the_remembered_theme_and_fits(
    qtbot: Any, ctx: AppContext, qapp: QApplication, look: None, config: Config
) -> None:
    data_dir = _sam_sets_a_passcode(qtbot, ctx, qapp, theme=config.theme, scale=config.text_scale)
    ProfileService(data_dir).create("Clinic", "coach")  # for the full chooser too
    seen: list[str] = []

    def check(dialog: ProfileSwitcher) -> None:
        palette = DARK if config.theme == "dark" else LIGHT
        seen.append(qapp.palette().window().color().name())
        assert seen[-1] == palette.window
        assert round(qapp.font().pointSizeF()) == round(12 * config.text_scale / 100)
        for only in (None, "default"):
            box = ProfileSwitcher(data_dir, only=only) if only else dialog
            box.reload(select="default")  # Sam's, with its passcode field
            box.show()
            settle()
            fit_to_screen(box, config.available)
            settle()
            box.passcode.setText("wrong passcode")
            box.open_selected()  # the box with its error message shown
            settle()
            found = geometry_findings(box, config.available.size()) + contrast_findings(box)
            assert found == [], f"{'simple' if only else 'full'} chooser at {config}:\n" + "\n".join(found)
            if only:
                box.close()
        dialog.reject()

    def when_up() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ProfileSwitcher):
            QTimer.singleShot(20, when_up)
            return
        try:
            check(dialog)
        except AssertionError as exc:
            seen.append(f"FAILED {exc}")
            dialog.reject()

    QTimer.singleShot(0, when_up)
    assert profile_to_open(data_dir, qapp, "default", ask_profile=True) is None  # the person quit
    assert seen and not any(s.startswith("FAILED") for s in seen), seen
