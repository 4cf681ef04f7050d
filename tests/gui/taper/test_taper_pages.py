"""Taper and Check-in pages, and the flare flow, driven like a user would (pytest-qt, offscreen, real SQLite)."""

from __future__ import annotations

from datetime import date

from helpers.nav import RecordingNav as FakeNav
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from coach.domain import measures
from coach.domain.clock import FixedClock
from coach.services.context import AppContext
from coach.services.taper.medicines import MedicationService
from coach.services.taper.plans import TaperService
from coach.ui.checkins.forms import ChoiceGrid
from coach.ui.checkins.page import CheckinPage
from coach.ui.navigation import PAGES
from coach.ui.taper.dialogs import DraftDialog, PlanDialog, StepDialog
from coach.ui.taper.page import TaperPage
from coach.ui.widgets.form_dialog import FormDialog


def _page(qtbot: QtBot, ctx: AppContext, nav: FakeNav | None = None) -> TaperPage:
    page = TaperPage(ctx, nav or FakeNav())
    qtbot.addWidget(page)
    page.show()
    return page


def _ok(qtbot: QtBot, dialog: FormDialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def _click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_pages_are_installed_in_the_navigation() -> None:
    modules = {p.key: p.module for p in PAGES}
    assert modules["taper"] == "coach.ui.taper.page"
    assert modules["checkin"] == "coach.ui.checkins.page"


def test_add_a_medicine_through_the_dialog_shows_its_mme(qtbot: QtBot, ctx: AppContext) -> None:
    page = _page(qtbot, ctx)
    _click(qtbot, page.medicines.add_button)
    dialog = page.medicines.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.name, "Oxy IR")
    dialog.is_opioid.setChecked(True)
    dialog.drug.setCurrentIndex(dialog.drug.findData("oxycodone"))
    dialog.strength.setValue(10)
    dialog.per_day.setValue(3)
    assert "About 45 MME a day" in dialog.preview.text()
    assert "not a way to switch" in dialog.preview.text()
    _ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert page.medicines.table.rowCount() == 1
    assert page.medicines.table.item(0, 3).text() == "45"
    assert page.medicines.total.text() == "Total as prescribed: 45 MME a day"


def test_a_refused_medicine_keeps_the_dialog_open_with_the_reason(qtbot: QtBot, ctx: AppContext) -> None:
    page = _page(qtbot, ctx)
    dialog = page.medicines.add_medication()
    _ok(qtbot, dialog)  # no name
    assert dialog.isVisible()
    assert "name" in dialog.error.text()


def test_log_a_dose(qtbot: QtBot, ctx: AppContext) -> None:
    MedicationService(ctx).add("OxyContin", "oxycodone", 20, None, 2)
    page = _page(qtbot, ctx)
    page.show_tab("doses")
    tab = page.doses
    assert tab.amount.value() == 20  # the prescribed strength is offered
    tab.amount.setValue(10)
    tab.as_needed.setChecked(True)
    _click(qtbot, tab.log_button)
    row = ctx.store.db.execute("select amount, unit, kind, taken_at from dose_events").fetchone()
    assert tuple(row[:3]) == (10, "mg", "as_needed")
    assert row[3] == "2026-11-21T15:00:00+00:00"  # 10:00 in New York, stored as UTC
    assert tab.recent.count() == 1 and "OxyContin 10 mg (as needed)" in tab.recent.item(0).text()
    assert tab.today_total.text().startswith("Logged today: 15 MME")


def test_a_dose_logged_hours_after_the_page_opened_gets_the_time_it_was_logged(
    qtbot: QtBot, ctx: AppContext, clock: FixedClock
) -> None:
    MedicationService(ctx).add("OxyContin", "oxycodone", 20, None, 2)
    page = _page(qtbot, ctx)
    page.show_tab("doses")
    clock.advance(seconds=6 * 3600 + 7 * 60)  # the window stayed open all day
    _click(qtbot, page.doses.log_button)
    clock.advance(seconds=60)
    _click(qtbot, page.doses.log_button)
    rows = [r[0] for r in ctx.store.db.execute("select taken_at from dose_events order by id")]
    assert rows == ["2026-11-21T21:07:00+00:00", "2026-11-21T21:08:00+00:00"]
    # A time the person set themselves is kept.
    page.doses.when.setDateTime(page.doses.when.dateTime().addSecs(-3600))
    _click(qtbot, page.doses.log_button)
    last = ctx.store.db.execute("select taken_at from dose_events order by id desc").fetchone()[0]
    assert last == "2026-11-21T20:08:00+00:00"


def test_dose_log_without_medicines_says_what_to_do(qtbot: QtBot, ctx: AppContext) -> None:
    page = _page(qtbot, ctx)
    assert not page.doses.log_button.isEnabled()
    assert "Add a medicine" in page.doses.error.text()


def _plan_with_medicine(ctx: AppContext) -> int:
    meds = MedicationService(ctx)
    meds.add("OxyContin", "oxycodone", 20, None, 2)  # 60 MME a day
    return TaperService(ctx).create_plan("Plan from Dr Lee", 60, "2026-11-01").id


def test_enter_the_plan_from_the_prescriber(qtbot: QtBot, ctx: AppContext) -> None:
    MedicationService(ctx).add("OxyContin", "oxycodone", 20, None, 2)
    page = _page(qtbot, ctx)
    page.show_tab("plan")
    assert "No taper plan yet" in page.plan.summary.text()
    _click(qtbot, page.plan.new_plan_button)
    dialog = page.plan.dialog
    assert isinstance(dialog, PlanDialog)
    assert dialog.start_mme.value() == 60  # today's prescribed total is offered as the start
    dialog.pace.setCurrentIndex(dialog.pace.findData("weekly-10"))
    _ok(qtbot, dialog)
    plan = TaperService(ctx).active_plan()
    assert plan is not None and (plan.start_mme, plan.pace) == (60, "weekly-10")
    assert "(current plan)" in page.plan.chooser.currentText()
    assert page.plan.add_step_button.isEnabled()


def test_enter_a_plan_step_from_the_new_daily_doses(qtbot: QtBot, ctx: AppContext) -> None:
    plan_id = _plan_with_medicine(ctx)
    page = _page(qtbot, ctx)
    page.show_tab("plan")
    _click(qtbot, page.plan.add_step_button)
    dialog = page.plan.dialog
    assert isinstance(dialog, StepDialog)
    dialog.day.setDate(QDate(2026, 12, 1))
    (box,) = dialog.dose_boxes.values()
    box.setValue(36)  # 54 MME: 10% of the start
    assert dialog.summary.text().startswith("36 mg a day of OxyContin (54 MME).")
    assert "faster" not in dialog.summary.text()
    _ok(qtbot, dialog)
    steps = TaperService(ctx).steps(plan_id)
    assert [(s.date, s.target_mme) for s in steps] == [(date(2026, 12, 1), 54)]
    assert page.plan.table.rowCount() == 1
    assert page.plan.table.item(0, 1).text() == "36 mg a day of OxyContin"
    assert page.plan.table.item(0, 2).text() == "54"  # MME beside it, the same figure as the medicine list
    assert not page.plan.warnings_card.isVisible()


def test_a_step_faster_than_the_guideline_is_warned_before_and_after_saving(
    qtbot: QtBot, ctx: AppContext
) -> None:
    _plan_with_medicine(ctx)
    page = _page(qtbot, ctx)
    page.show_tab("plan")
    dialog = page.plan.add_step()
    assert isinstance(dialog, StepDialog)
    dialog.use_mme.setChecked(True)
    dialog.mme.setValue(40)  # a third of the start in one step
    assert "more than a quarter of it in one step" in dialog.summary.text()
    _ok(qtbot, dialog)
    assert page.plan.warnings_card.isVisible()
    assert "Talk it over with your prescriber" in page.plan.warnings_text.text()
    assert page.plan.table.item(0, 3).text().startswith("⚠ faster than the guideline pace")


def test_a_draft_from_a_preset_is_marked_and_never_active(qtbot: QtBot, ctx: AppContext) -> None:
    MedicationService(ctx).add("OxyContin", "oxycodone", 20, None, 2)
    page = _page(qtbot, ctx)
    page.show_tab("plan")
    _click(qtbot, page.plan.draft_button)
    dialog = page.plan.dialog
    assert isinstance(dialog, DraftDialog)
    assert dialog.start_mme.value() == 60
    assert dialog.preview.item(0).text().startswith("Draft: discuss with your prescriber")
    assert dialog.ok_button.text() == "Save as a draft"
    _ok(qtbot, dialog)
    assert TaperService(ctx).active_plan() is None
    assert page.plan.draft_banner.isVisible() and page.plan.adopt_button.isVisible()
    assert "draft: discuss with your prescriber" in page.plan.chooser.currentText()
    _click(qtbot, page.plan.adopt_button)
    assert TaperService(ctx).active_plan() is None  # asked first
    box = page.plan.findChild(QMessageBox, "confirmBox")
    _click(qtbot, box.findChild(QPushButton, "confirmDo"))
    active = TaperService(ctx).active_plan()
    assert active is not None and not page.plan.draft_banner.isVisible()


def test_pause_and_resume(qtbot: QtBot, ctx: AppContext) -> None:
    plan_id = _plan_with_medicine(ctx)
    TaperService(ctx).add_step(plan_id, "2026-11-01", 54)
    page = _page(qtbot, ctx)
    page.show_tab("plan")
    _click(qtbot, page.plan.pause_button)
    dialog = page.plan.dialog
    assert dialog is not None
    _ok(qtbot, dialog)
    assert (
        "Paused since today (Agreed with my prescriber): a normal part of tapering"
        in page.plan.summary.text()
    )
    assert page.plan.end_pause_button.isVisible()
    _click(qtbot, page.plan.end_pause_button)
    assert page.plan.pause_button.isVisible()
    (pause,) = TaperService(ctx).pauses(plan_id)
    assert pause.end_date == date(2026, 11, 21)


def test_timeline_and_milestones_show_the_record(qtbot: QtBot, ctx: AppContext) -> None:
    plan_id = _plan_with_medicine(ctx)
    TaperService(ctx).add_step(plan_id, "2026-11-01", 54)
    TaperService(ctx).add_step(plan_id, "2026-12-01", 48)
    page = _page(qtbot, ctx)
    items = [page.timeline.list.item(i).text() for i in range(page.timeline.list.count())]
    assert any("Step 1 reached: 54 MME a day" in t for t in items)
    assert any(t.startswith("●  Sat 21 Nov 2026   Today: 36 mg a day of OxyContin (54 MME)") for t in items)
    assert any(
        t.startswith("○  Tue 1 Dec 2026   Step 2: will drop to 32 mg a day of OxyContin (48 MME)")
        for t in items
    )
    milestones = [page.plan.milestones.item(i).text() for i in range(page.plan.milestones.count())]
    assert any("A first steady week at 54 MME a day" in t for t in milestones)


def test_learn_tab_self_check(qtbot: QtBot, ctx: AppContext) -> None:
    page = _page(qtbot, ctx)
    page.show_tab("learn")
    learn = page.learn
    learn.show_self_check()
    learn.answers["spreading"].setChecked(True)
    learn.answers["light_touch"].setChecked(True)
    _click(qtbot, learn.evaluate_button)
    assert learn.result_title.text() == "Some of this fits the pattern of OIH"
    assert "prescriber" in learn.always.text()


# --- the flare flow ------------------------------------------------------------------------------------
def test_flare_flow_saves_a_journal_row_and_starts_the_flare_practice(qtbot: QtBot, ctx: AppContext) -> None:
    from coach.ui.practice.flare import FLARE_EXERCISE, open_flare_flow

    nav = FakeNav()
    dialog = open_flare_flow(ctx, nav, None)  # closes itself (deleted) once the practice starts
    assert dialog.isVisible() and not dialog.isModal()
    assert "escalation trap" in " ".join(label.text() for label in dialog.findChildren(type(dialog.status)))
    dialog.intensity.set_value(8)
    qtbot.keyClicks(dialog.trigger, "carrying shopping")
    _click(qtbot, dialog.start_button)
    assert nav.went == [("practice", {"exercise_id": FLARE_EXERCISE, "start_now": True, "pain": 8})]
    row = ctx.store.db.execute("select kind, intensity, trigger, what_helped from journal").fetchone()
    assert tuple(row) == ("flare", 8, "carrying shopping", "")


def test_flare_note_saved_without_starting_the_practice(qtbot: QtBot, ctx: AppContext) -> None:
    from coach.ui.practice.flare import open_flare_flow

    dialog = open_flare_flow(ctx, FakeNav(), None)
    dialog.intensity.set_value(6)
    qtbot.keyClicks(dialog.helped, "slow breathing")
    _click(qtbot, dialog.save_button)
    rows = ctx.store.db.execute("select kind, intensity, what_helped from journal").fetchall()
    assert [tuple(r) for r in rows] == [("flare", 6, "slow breathing")]


# --- the check-in page ----------------------------------------------------------------------------------
def _checkin(qtbot: QtBot, ctx: AppContext, nav: FakeNav) -> CheckinPage:
    page = CheckinPage(ctx, nav)
    qtbot.addWidget(page)
    page.show()
    return page


def test_phq9_item_9_above_0_shows_the_crisis_lines_immediately(qtbot: QtBot, ctx: AppContext) -> None:
    nav = FakeNav()
    page = _checkin(qtbot, ctx, nav)
    page.show_tab("mood")
    grid: ChoiceGrid = page.phq9
    grid.choose(0, 1)
    assert not page.crisis_note.isVisible()
    grid.choose(measures.PHQ9_SELF_HARM_ITEM, 1)
    assert page.crisis_note.isVisible() and "988" in page.crisis_note.text()
    assert nav.went == []  # shown in the form: the person is not moved away mid-answer
    assert (
        ctx.store.db.execute("select count(*) from checkins").fetchone()[0] == 0
    )  # nothing had to be saved first


def test_phq9_item_9_at_0_does_not_navigate(qtbot: QtBot, ctx: AppContext) -> None:
    nav = FakeNav()
    page = _checkin(qtbot, ctx, nav)
    page.show_tab("mood")
    for row in range(9):
        page.phq9.choose(row, 0)
    _click(qtbot, page.phq9_save)
    assert nav.went == []
    assert "Total 0 of 27 (minimal)" in page.phq9_result.text()


def test_a_high_withdrawal_check_in_shows_the_prescriber_card(qtbot: QtBot, ctx: AppContext) -> None:
    page = _checkin(qtbot, ctx, FakeNav())
    page.show_tab("withdrawal")
    for row in range(len(measures.WITHDRAWAL_ITEMS)):
        page.withdrawal_grid.choose(row, 2)
    _click(qtbot, page.withdrawal_save)
    assert "Today's total: 32 of 64 (high)" in page.withdrawal_result.text()
    assert page.card.isVisible()
    assert page.card.title.text() == "Talk with your prescriber"
    assert "Sat 21 Nov 2026: 32" in page.card.lines.text()


def test_an_incomplete_withdrawal_check_in_asks_for_the_missing_line(qtbot: QtBot, ctx: AppContext) -> None:
    page = _checkin(qtbot, ctx, FakeNav())
    page.show_tab("withdrawal")
    _click(qtbot, page.withdrawal_save)
    assert "16 lines are still empty: 1 to 16." in page.withdrawal_error.text()
    assert ctx.store.db.execute("select count(*) from withdrawal_checkins").fetchone()[0] == 0


def test_weekly_peg(qtbot: QtBot, ctx: AppContext) -> None:
    page = _checkin(qtbot, ctx, FakeNav())
    assert "Weekly pain check (once a week)" in page.due.text()
    for scale, value in zip(page.peg_scales, (6, 4, 5), strict=True):
        scale.set_value(value)
    _click(qtbot, page.peg_save)
    assert page.peg_result.text() == "Saved. Your weekly pain score: 5 out of 10."
    assert "Weekly pain check" not in page.due.text()
