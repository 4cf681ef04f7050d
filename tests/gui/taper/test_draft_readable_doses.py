"""A draft's step doses are readable amounts (the issue-13 trial saw 10.8, 9.72, 8.75 mg a day of OxyContin):
rounded DOWN to 0.5 mg, never above the computed dose, with the MME of the amount shown and a note that the
prescriber chooses the tablet strengths. Never a conversion between opioids."""

from __future__ import annotations

import re

from helpers.nav import RecordingNav as FakeNav
from pytestqt.qtbot import QtBot

from coach.domain import taper as rules
from coach.services.context import AppContext
from coach.services.taper.medicines import MedicationService
from coach.services.taper.step_units import DRAFT_DOSE_NOTE
from coach.ui.taper.dialogs import DraftDialog
from coach.ui.taper.page import TaperPage


def test_draft_doses_are_rounded_down_to_half_a_mg_with_the_prescriber_note(
    qtbot: QtBot, ctx: AppContext
) -> None:
    MedicationService(ctx).add("OxyContin", "oxycodone", 20, None, 2)  # 40 mg a day, 60 MME
    page = TaperPage(ctx, FakeNav())
    qtbot.addWidget(page)
    dialog = page.plan.make_draft()
    assert isinstance(dialog, DraftDialog)
    dialog.start_mme.setValue(60)
    dialog.pace.setCurrentIndex(dialog.pace.findData(rules.WEEKLY_10))
    rows = [dialog.preview.item(i).text() for i in range(dialog.preview.count())]
    assert DRAFT_DOSE_NOTE in rows and "prescriber chooses the tablet strengths" in DRAFT_DOSE_NOTE
    steps = rules.draft_schedule(60, rules.WEEKLY_10, rules_start(dialog), 0.0, dialog.lowest.value())
    shown = [r for r in rows if " mg a day of OxyContin" in r]
    assert len(shown) == len([s for s in steps if s.target_mme > 0])
    for row, step in zip(shown, [s for s in steps if s.target_mme > 0], strict=True):
        amount = float(re.search(r"([\d.]+) mg a day", row).group(1))  # type: ignore[union-attr]
        exact = step.target_mme / 1.5  # oxycodone: 1.5 MME a mg
        assert amount * 2 == int(amount * 2)  # a multiple of 0.5 mg
        assert amount <= exact + 1e-9 and exact - amount < 0.5  # rounded down, never up
        assert ("   about " in row) == (abs(amount - exact) >= 0.01)
        mme_shown = float(re.search(r"\(([\d.]+) MME\)", row).group(1))  # type: ignore[union-attr]
        assert abs(mme_shown - amount * 1.5) < 0.01  # the MME beside is that of the amount shown


def rules_start(dialog: DraftDialog):  # type: ignore[no-untyped-def]
    from coach.ui.widgets.forms import from_qdate

    return from_qdate(dialog.first.date())


def test_a_saved_draft_s_steps_read_as_its_preview_did(qtbot: QtBot, ctx: AppContext) -> None:
    """A patient's trial: the preview said amounts are rounded down to 0.5 mg; the saved draft's table
    then showed 5.4, 4.86 and 4.37 mg a day."""
    from coach.services.taper.plans import TaperService

    MedicationService(ctx).add("OxyContin", "oxycodone", 10, None, 2)  # 20 mg a day, 30 MME (the trial)
    taper = TaperService(ctx)
    taper.save_draft(30, rules.CDC_MONTHLY, taper.today())  # the trial saw 5.4, 4.86, 4.37 mg
    page = TaperPage(ctx, FakeNav())
    qtbot.addWidget(page)
    page.show_tab("plan")
    table = page.plan.table
    doses = [table.item(row, 1).text() for row in range(table.rowCount())]
    assert doses and all("of OxyContin" in d for d in doses)
    for text in doses:
        amount = float(re.search(r"([\d.]+) mg a day", text).group(1))  # type: ignore[union-attr]
        assert amount * 2 == int(amount * 2), text  # a multiple of 0.5 mg, as the preview promised
