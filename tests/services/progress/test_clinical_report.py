"""The clinician PDF's first page: what a clinician must see in two minutes (issue 12, item 1).

The real case from the issue: a PHQ-9 of 23 with item 9 answered 3, a GAD-7 of 18, a PGIC answer, a
withdrawal checklist with one symptom rated 4 (total far below the high band), a fentanyl patch and
oxycodone on the list. Read back from the PDF's own text with pypdf.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from coach.domain.measures import WITHDRAWAL_ITEMS
from coach.domain.stats import mean_with_interval
from coach.services.checkins.service import CheckinService
from coach.services.context import AppContext
from coach.services.practice.sessions import SessionService
from coach.services.progress.charts import TOO_FEW, fmt_interval
from coach.services.progress.clinical import clinical_summary, dose_days
from coach.services.progress.dashboard import ProgressService
from coach.services.progress.report import write_report
from coach.services.taper.medicines import Medication, MedicationService

NY = ZoneInfo("America/New_York")
PHQ9_23_ITEM9_3 = [3, 3, 3, 3, 2, 3, 2, 1, 3]
GAD7_18 = [3, 3, 3, 3, 2, 2, 2]


def local(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), NY)


def words(path: Path) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    return " ".join(re.sub(r"[ \t]+", " ", text).split())


def first_page(path: Path) -> str:
    return " ".join((PdfReader(str(path)).pages[0].extract_text() or "").split())


def one_severe_symptom() -> dict[str, int]:
    answers = {key: 0 for key, _ in WITHDRAWAL_ITEMS}
    answers["aches"] = 4
    return answers


@pytest.fixture
def patient(ctx: AppContext) -> AppContext:
    checkins = CheckinService(ctx)
    checkins.record_phq9(PHQ9_23_ITEM9_3, at=local(date(2026, 11, 10)))
    checkins.record_gad7(GAD7_18, at=local(date(2026, 11, 10)))
    checkins.record_pgic(6, at=local(date(2026, 11, 12)))
    checkins.record_withdrawal(one_severe_symptom(), at=local(date(2026, 11, 14)))
    meds = MedicationService(ctx)
    meds.add("Duragesic", drug="fentanyl", strength=25, unit="mcg/h")
    oxy = meds.add("Oxycodone IR", drug="oxycodone", strength=5, unit="mg", doses_per_day=3)
    for day, count in ((date(2026, 11, 15), 3), (date(2026, 11, 16), 5), (date(2026, 11, 18), 3)):
        for n in range(count):
            meds.log_dose(oxy.id, taken_at=local(day, 7 + n * 3))
    return ctx


def test_first_page_names_mood_self_harm_pgic_severe_symptom_and_medicines(
    patient: AppContext, tmp_path: Path
) -> None:
    out = tmp_path / "report.pdf"
    result = write_report(patient, out, days=90)
    assert result.flag_severities[0] == "urgent"
    page1 = first_page(out)
    # Flags come first, the most urgent at the top.
    assert page1.index("Flags to discuss") < page1.index("Key figures")
    assert page1.index("Urgent:") < page1.index("High:")
    assert "PHQ-9 item 9" in page1 and "3 (nearly every day) on 2026-11-10" in page1
    assert "Mood (PHQ-9) reached 23 of 27 (severe) on 2026-11-10" in page1
    assert "Worry (GAD-7) reached 18 of 21 (severe) on 2026-11-10" in page1
    assert '"Much worse" (6/7) on 2026-11-12' in page1
    # One symptom at 4 reaches the report though the total (4 of 64) is low.
    assert "single symptom rated severe (4 of 4): Aching muscles, joints or bones on 2026-11-14" in page1
    assert "not a validated scale" in page1
    # Doses against the prescription: 5 doses on the 16th, none on the 17th.
    assert "Oxycodone IR: more than prescribed logged on 1 day (2026-11-16)" in page1
    assert "no dose logged on 1 day (2026-11-17)" in page1
    # The medicines by name, strength, schedule and prescribed MME (patch: 25 x 2.4 = 60).
    for expected in ("Duragesic", "25 mcg/h", "patch, worn all day", "60.0", "Oxycodone IR", "5 mg",
                     "3 times a day", "22.5", "Prescribed total: 82.5 MME a day"):  # fmt: skip
        assert expected in page1, expected
    # The range used is printed.
    assert "Period: 2026-08-24 to 2026-11-21 (90 days)" in page1


def test_the_range_leaves_out_what_came_before_it(patient: AppContext, tmp_path: Path) -> None:
    out = tmp_path / "week.pdf"
    write_report(patient, out, days=7)  # 2026-11-15 .. 2026-11-21: no mood check-ins in it
    text = words(out)
    assert "Period: 2026-11-15 to 2026-11-21 (7 days)" in text
    assert "no PHQ-9 in this period" in text and "PHQ-9 item 9" not in text


def test_no_flags_reads_as_such(ctx: AppContext, tmp_path: Path) -> None:
    CheckinService(ctx).record_phq9([0] * 9)
    out = tmp_path / "calm.pdf"
    write_report(ctx, out, days=28)
    page1 = first_page(out)
    assert "No flags in this period" in page1
    assert "Doses against the prescription no opioid on the medicine list" in page1
    assert "item 9 (self-harm) answered 0 every time" in page1


def test_summary_flags_are_ordered_by_severity(patient: AppContext) -> None:
    service = ProgressService(patient)
    summary = clinical_summary(patient, service.period_days(90))
    kinds = [f.kind for f in summary.flags]
    assert kinds[0] == "self_harm"
    assert {"phq9", "gad7", "pgic_worse", "severe_symptom", "extra_doses", "missed_doses"} <= set(kinds)
    assert [f.severity for f in summary.flags] == sorted(
        (f.severity for f in summary.flags), key=["urgent", "high", "watch"].index
    )


def test_fewer_than_five_values_show_no_interval(ctx: AppContext, tmp_path: Path) -> None:
    sessions = SessionService(ctx)
    for pre, post in ((6, 4), (5, 4), (7, 4)):
        session_id = sessions.start("body-scan", pre, 5)
        sessions.finish(session_id, post, 4, completed_fraction=1.0)
    out = tmp_path / "few.pdf"
    write_report(ctx, out, days=28)
    text = words(out)
    assert f"95% CI {TOO_FEW}, n=3" in text
    assert not re.search(r"-?\d+\.\d to -?\d+\.\d", text)  # no interval printed anywhere
    assert fmt_interval(mean_with_interval([1, 2, 3, 4])) == TOO_FEW
    assert fmt_interval(mean_with_interval([1, 2, 3, 4, 5])) == "1.0 to 5.0"


D = date(2026, 11, 10)


def med(unit: str = "mg", per_day: float | None = 2) -> Medication:
    return Medication(1, "Oxycodone", "oxycodone", True, 10, unit, per_day, "", True, None, None, "")


def test_dose_days_counts_extra_doses_and_missed_days_only_within_the_logging_span() -> None:
    logged = {D: (2, 20.0), D + timedelta(days=1): (3, 30.0), D + timedelta(days=3): (2, 20.0)}
    found = dose_days(med(), logged, D - timedelta(days=30), D + timedelta(days=10))
    assert found is not None
    assert found.extra_days == (D + timedelta(days=1),)
    assert found.missed_days == (D + timedelta(days=2),)  # not the 30 days before logging began
    assert dose_days(med(), {}, D, D) is None
    assert dose_days(med(unit="mcg/h"), logged, D, D + timedelta(days=5)) is None  # a patch
    assert dose_days(med(per_day=None), logged, D, D + timedelta(days=5)) is None  # as needed


def test_doses_as_prescribed_read_apart_from_no_doses_logged(ctx: AppContext, tmp_path: Path) -> None:
    meds = MedicationService(ctx)
    oxy = meds.add("Oxycodone IR", drug="oxycodone", strength=5, unit="mg", doses_per_day=2)
    write_report(ctx, tmp_path / "none.pdf", days=28)
    assert "no opioid doses logged in this period" in first_page(tmp_path / "none.pdf")
    for day in (date(2026, 11, 19), date(2026, 11, 20)):
        meds.log_dose(oxy.id, taken_at=local(day, 8))
        meds.log_dose(oxy.id, taken_at=local(day, 20))
    write_report(ctx, tmp_path / "fine.pdf", days=28)
    assert "4 opioid doses logged; no day above the prescription, no day missed" in first_page(
        tmp_path / "fine.pdf"
    )
