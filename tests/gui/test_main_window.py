"""The main window as a person meets it: navigation, Today from the data, Help now, first run, settings."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QListWidget

from coach.services.context import AppContext
from coach.services.data.demo import fill_demo
from coach.ui.app import CoachApp
from coach.ui.main_window import MainWindow
from coach.ui.navigation import PAGES
from coach.ui.profiles.first_run import FirstRunDialog


@pytest.fixture
def window(qtbot, ctx: AppContext) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    return w


def _text(widget, name: str) -> str:  # type: ignore[no-untyped-def]
    label = widget.findChild(QLabel, name)
    assert label is not None, name
    return str(label.text())


def test_title_and_every_section_reachable_by_click_and_keyboard(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert window.windowTitle() == "Pain Recovery Coach"
    nav = window.findChild(QListWidget, "navigation")
    labels = [nav.item(i).text() for i in range(nav.count())]
    assert labels == [
        "Today",
        "Practice",
        "Check-in",
        "Taper",
        "Progress",
        "Caseload",  # a coach's home, hidden in a patient's navigation
        "Programs",
        "Learn",
        "Reminders",
        "Help now",
    ]
    for i, page in enumerate(PAGES):
        nav.setCurrentRow(i)
        assert window.current_key() == page.key
        assert window.stack.currentWidget() is window.page(page.key)
    window.go("today")
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.current_key() == "help"


def test_help_now_shows_988_by_default_and_follows_the_country(
    qtbot, window: MainWindow, ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    window.go("help")
    page = window.page("help")
    assert "988" in _text(page, "crisisLine")
    assert "911" in _text(page, "emergencyNumber")
    assert "naloxone" in _text(page, "overdoseStep3").lower()
    from PySide6.QtWidgets import QComboBox

    combo = page.findChild(QComboBox, "helpCountry")
    combo.setCurrentIndex(combo.findData("GB"))
    assert "116 123" in _text(page, "crisisLine")
    assert "999" in _text(page, "emergencyNumber")
    assert ctx.store.profile().country == "GB"


def test_today_shows_practice_pain_and_taper_from_demo_data(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    today = ctx.clock.now().astimezone(ctx.clock.local_zone()).date()
    fill_demo(ctx.store, days=120, seed=3, until=today)
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    page = w.page("today")
    assert "Hello, Alex" in _text(page, "todayGreeting")
    assert "out of 10" in _text(page, "todayPain")
    assert "45 MME a day" in _text(page, "todayTaper")
    # Completing a session today changes the practice line at once (the page listens for changes).
    from coach.domain.timefmt import to_db
    from coach.services.changes import Topic

    now = ctx.clock.now()
    done_before = ctx.store.db.execute(
        "select count(*) from sessions where status='completed' and substr(started_at,1,10) = ?",
        [now.date().isoformat()],
    ).fetchone()[0]
    ctx.store.db.execute(
        "insert into sessions (exercise_id, started_at, ended_at, updated_at, status, completed_fraction) "
        "values ('body-scan', ?, ?, ?, 'completed', 1)",
        [to_db(now), to_db(now), to_db(now)],
    )
    ctx.bus.publish(Topic.SESSIONS)
    assert "Done today" in _text(page, "todayPractice")
    assert isinstance(today, date) and done_before >= 0


def test_first_run_answers_hide_taper_for_people_not_on_opioids(
    qtbot, ctx: AppContext, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    dialog = FirstRunDialog(ctx, window)
    qtbot.addWidget(dialog)
    dialog.nickname.setText("Jo")
    dialog.country.setCurrentIndex(dialog.country.findData("AU"))
    dialog.opioids_no.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    p = ctx.store.profile()
    assert (p.nickname, p.country, p.takes_opioids, p.onboarded) == ("Jo", "AU", False, True)
    nav = window.nav_list
    taper_row = [nav.item(i).text() for i in range(nav.count())].index("Taper")
    assert nav.item(taper_row).isHidden()
    window.go("help")
    assert "13 11 14" in _text(window.page("help"), "crisisLine")


def test_first_run_can_be_skipped(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    dialog = FirstRunDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.skip_button, Qt.MouseButton.LeftButton)
    assert ctx.store.profile().onboarded
    assert ctx.store.profile().takes_opioids  # Taper stays visible until they say otherwise


def test_window_geometry_is_remembered(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.resize(770, 560)  # the offscreen screen is 800x600
    first.show()
    first.close()
    second = MainWindow(ctx)
    qtbot.addWidget(second)
    second.restore_geometry_setting()
    assert (second.width(), second.height()) == (770, 560)


def test_theme_and_text_size_settings_apply(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    coach_app = CoachApp(ctx, app, with_tray=False)
    qtbot.addWidget(coach_app.window)
    from coach.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(ctx, coach_app.window)
    qtbot.addWidget(dialog)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.text_scale.setValue(150)
    dialog._save()
    assert ctx.store.setting("theme") == "dark"
    assert app.font().pointSizeF() == pytest.approx(18.0)
    assert app.palette().window().color().lightness() < 80


def test_today_suggests_the_active_programs_exercise(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    from coach.services.programs.service import ProgramService
    from coach.services.today import DEFAULT_SUGGESTION, today_summary

    assert today_summary(ctx).suggested_exercise_id == DEFAULT_SUGGESTION
    service = ProgramService(ctx)
    program_id = "pain-reprocessing-4-weeks"
    service.assign(program_id)
    plan = service.today()
    assert plan is not None and plan.exercises
    assert today_summary(ctx).suggested_exercise_id == plan.next_exercise()
