"""Taper words for patients (issue 13): each step in the medicine's own units with its MME beside it (the
same MME the medicine list shows, never a conversion between opioids), plain words with the clinical term in
a tooltip, dates in words in the tense they need, and nothing in the future ticked as done."""

from __future__ import annotations

from helpers.nav import RecordingNav as FakeNav
from pytestqt.qtbot import QtBot

from coach.services.context import AppContext
from coach.services.taper.medicines import MedicationService
from coach.services.taper.plans import TaperService
from coach.ui.taper.dialogs import DraftDialog
from coach.ui.taper.page import TaperPage


def _page(qtbot: QtBot, ctx: AppContext) -> TaperPage:
    page = TaperPage(ctx, FakeNav())
    qtbot.addWidget(page)
    page.show()
    page.show_tab("plan")
    return page


def _cells(page: TaperPage, row: int) -> list[str]:
    return [page.plan.table.item(row, c).text() for c in range(page.plan.table.columnCount())]


def _timeline(page: TaperPage) -> list[str]:
    return [page.timeline.list.item(i).text() for i in range(page.timeline.list.count())]


def test_steps_typed_as_mme_show_in_the_medicines_own_mg_with_the_same_mme(
    qtbot: QtBot, ctx: AppContext
) -> None:
    med = MedicationService(ctx).add("OxyContin", "oxycodone", 45, None, 3)  # 135 MME a day
    plan = TaperService(ctx).create_plan("Plan from Dr Lee", 135, "2026-11-01")
    TaperService(ctx).add_step(plan.id, "2026-12-03", 121.5)
    TaperService(ctx).add_step(plan.id, "2027-01-07", 33.75, prescriber_set_higher=False)
    page = _page(qtbot, ctx)
    assert _cells(page, 0)[:3] == ["Thu 3 Dec 2026", "81 mg a day of OxyContin", "121.5"]
    assert _cells(page, 1)[:3] == ["Thu 7 Jan 2027", "22.5 mg a day of OxyContin", "33.75"]
    # The same arithmetic as the medicine list: 81 mg of oxycodone a day is 121.5 MME there too.
    assert MedicationService(ctx).get(med.id).mme() is not None
    summary = page.plan.summary.text()
    assert "on Thu 3 Dec 2026 your daily dose will drop to 81 mg a day of OxyContin (121.5 MME)" in summary
    assert "agreed with your prescriber" in summary
    assert "MME" in page.plan.table.horizontalHeaderItem(2).toolTip()
    assert "morphine milligram equivalents" in page.plan.table.horizontalHeaderItem(2).toolTip()
    lines = _timeline(page)
    step = next(t for t in lines if "Step 1" in t)
    assert step.startswith("○  Thu 3 Dec 2026   Step 1: will drop to 81 mg a day of OxyContin (121.5 MME)")


def test_a_patch_step_is_in_mcg_per_hour(qtbot: QtBot, ctx: AppContext) -> None:
    MedicationService(ctx).add("Fentanyl patch", "fentanyl_patch", 25, "mcg/h", 1)  # 60 MME a day
    plan = TaperService(ctx).create_plan("Plan", 60, "2026-11-01")
    TaperService(ctx).add_step(plan.id, "2026-12-03", 30)
    page = _page(qtbot, ctx)
    assert _cells(page, 0)[1:3] == ["12.5 mcg/h of Fentanyl patch", "30"]


def test_two_opioids_are_never_converted_into_each_other(qtbot: QtBot, ctx: AppContext) -> None:
    MedicationService(ctx).add("OxyContin", "oxycodone", 20, None, 2)
    MedicationService(ctx).add("Morphine", "morphine", 10, None, 2)
    plan = TaperService(ctx).create_plan("Plan", 80, "2026-11-01")
    TaperService(ctx).add_step(plan.id, "2026-12-03", 72)
    page = _page(qtbot, ctx)
    cells = _cells(page, 0)
    assert cells[1] == "MME total only" and cells[2] == "72"
    assert "mg" not in page.plan.summary.text().split("Next step")[1]


def test_a_plan_that_starts_later_says_so_and_nothing_ahead_is_ticked(qtbot: QtBot, ctx: AppContext) -> None:
    MedicationService(ctx).add("OxyContin", "oxycodone", 20, None, 2)
    plan = TaperService(ctx).create_plan("Plan from Dr Lee", 60, "2026-12-03")
    TaperService(ctx).add_step(plan.id, "2026-12-31", 54)
    page = _page(qtbot, ctx)
    assert page.plan.summary.text().startswith(
        "Starts on Thu 3 Dec 2026 at 40 mg a day of OxyContin (60 MME)."
    )
    for line in _timeline(page):
        if "Start:" in line or "Step 1" in line:
            assert not line.startswith("✓"), line


def test_a_draft_reads_in_plain_words_and_its_steps_are_never_done(qtbot: QtBot, ctx: AppContext) -> None:
    MedicationService(ctx).add("OxyContin", "oxycodone", 20, None, 2)
    TaperService(ctx).save_draft(60, "cdc-monthly", "2026-10-01")  # its first dates have passed
    page = _page(qtbot, ctx)
    assert page.plan.chooser.currentText().startswith("A draft at the usual monthly pace")
    assert "cdc-monthly" not in page.plan.chooser.currentText()
    assert "would be" not in page.plan.summary.text() and "was on" in page.plan.summary.text()
    assert not any(t.startswith("✓") for t in _timeline(page))
    assert page.timeline.heading.text().startswith("A draft at the usual monthly pace")


def test_the_draft_dialog_says_lowest_dose_you_agreed_to_stop_at(qtbot: QtBot, ctx: AppContext) -> None:
    MedicationService(ctx).add("OxyContin", "oxycodone", 20, None, 2)
    page = _page(qtbot, ctx)
    dialog = page.plan.make_draft()
    assert isinstance(dialog, DraftDialog)
    assert dialog.form.labelForField(dialog.floor).text() == "Lowest dose you agreed to stop at"
    assert "floor" in dialog.floor.toolTip()
    dialog.floor.setValue(200)
    assert "the floor" not in dialog.error.text() and dialog.preview.count() == 0
    assert dialog.error.text().startswith("The lowest dose to stop at (200 MME a day)")
    dialog.floor.setValue(0)
    first = next(
        t for t in (dialog.preview.item(i).text() for i in range(dialog.preview.count())) if "2026" in t
    )
    assert first.startswith("Sat 28 Nov 2026")  # a real weekday and date, never ISO
    assert "mg a day of OxyContin (" in first and "MME)" in first
    assert "2026-" not in first


def test_the_learn_tab_says_it_plainly_with_oih_in_the_tooltip(qtbot: QtBot, ctx: AppContext) -> None:
    page = _page(qtbot, ctx)
    index = next(i for i in range(page.tabs.count()) if page.tabs.widget(i).isAncestorOf(page.learn))
    assert page.tabs.tabText(index) == "Learn: medicine and pain"
    assert "OIH" in page.tabs.tabToolTip(index)
