"""MME taken, one number everywhere: a patch worn counts every day, in the dose log, the Progress chart, the
clinician PDF and the coach's progress file (issue 12: the report said 15 where 60 + 15 = 75 is right)."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from coach.domain import mme
from coach.domain.errors import CoachError
from coach.services.caseload.progress_files import export_progress
from coach.services.context import AppContext
from coach.services.progress.dashboard import ProgressService
from coach.services.progress.report import write_report
from coach.services.taper.medicines import MedicationService

TODAY = date(2026, 11, 21)  # the fixture clock: 10:00 in New York
YESTERDAY = TODAY - timedelta(days=1)


def _at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0)  # local: the service adds the zone


def _patch_case(ctx: AppContext) -> MedicationService:
    """Issue 12's case: patch 25 mcg/h + oxycodone 5 mg x3 prescribed, two oxycodone doses logged yesterday."""
    meds = MedicationService(ctx)
    meds.add("Durogesic", "fentanyl", 25, "mcg/hr", None)
    oxy = meds.add("Oxycodone IR", "oxycodone", 5, "mg", 3)
    meds.log_dose(oxy.id, taken_at=_at(YESTERDAY, 8))
    meds.log_dose(oxy.id, taken_at=_at(YESTERDAY, 14))
    return meds


def test_the_patch_counts_on_the_day_in_the_dose_log(ctx: AppContext) -> None:
    meds = _patch_case(ctx)
    assert meds.taken_mme_on(YESTERDAY) == 75  # 25 x 2.4 = 60, plus 2 x 5 mg x 1.5 = 15 (CDC 2022)
    assert meds.taken_mme_on(TODAY) == 60  # nothing logged yet today: the patch is still worn
    listed = {m.name: m.mme() for m in meds.all()}
    assert listed["Durogesic"] is not None and listed["Durogesic"].daily_mme == 60
    assert listed["Oxycodone IR"] is not None and listed["Oxycodone IR"].daily_mme == 22.5


def test_the_progress_chart_shows_the_same_75(ctx: AppContext) -> None:
    _patch_case(ctx)
    taper = ProgressService(ctx).taper(ProgressService(ctx).period("4w"))
    assert dict(taper.logged_mme)[YESTERDAY] == 75
    assert dict(taper.logged_mme)[TODAY] == 60


def test_the_clinician_pdf_shows_the_same_75(ctx: AppContext, tmp_path: Path) -> None:
    _patch_case(ctx)
    out = tmp_path / "report.pdf"
    write_report(ctx, out, days=28)
    text = re.sub(r"\s+", " ", "\n".join(p.extract_text() or "" for p in PdfReader(str(out)).pages))
    assert "Daily MME 75.0 at the start of the period, 60.0 now (logged doses)" in text


def test_the_coach_progress_file_carries_the_same_75(ctx: AppContext, tmp_path: Path) -> None:
    _patch_case(ctx)
    out = tmp_path / "me.coachprogress"
    export_progress(ctx, out, days=7, share=["taper"])
    with zipfile.ZipFile(out) as bundle:
        data = json.loads(bundle.read("progress.json"))
    taken = {row["date"]: row["mme"] for row in data["taper"]["taken_mme"]}
    assert taken == {YESTERDAY.isoformat(): 75, TODAY.isoformat(): 60}


def test_a_patch_counts_only_the_days_it_is_worn(ctx: AppContext) -> None:
    meds = MedicationService(ctx)
    patch = meds.add("Fentanyl patch", "fentanyl", 12, "µg/h", started_on="2026-11-10")
    by_day = meds.taken_mme_by_day(date(2026, 11, 1), TODAY)
    assert min(by_day) == date(2026, 11, 10) and by_day[date(2026, 11, 10)] == pytest.approx(28.8)
    meds.stop(patch.id, on="2026-11-15")
    by_day = meds.taken_mme_by_day(date(2026, 11, 1), TODAY)
    assert sorted(by_day) == [date(2026, 11, d) for d in range(10, 15)]  # not from the day it was stopped


def test_a_logged_patch_change_is_not_counted_twice(ctx: AppContext) -> None:
    meds = MedicationService(ctx)
    patch = meds.add("Durogesic", "fentanyl", 25, "mcg/h", started_on="2026-11-01")
    meds.log_dose(patch.id, taken_at=_at(YESTERDAY, 9))  # "changed my patch"
    assert meds.taken_mme_on(YESTERDAY) == 60


@pytest.mark.parametrize("unit", ["mcg/h", "mcg/hr", "µg/h", "μg/h", "MCG/HR"])
def test_every_spelling_of_a_patch_rate_is_accepted(ctx: AppContext, unit: str) -> None:
    med = MedicationService(ctx).add("Patch", "fentanyl", 25, unit)
    assert med.unit == "mcg/h" and med.mme() is not None and med.mme().daily_mme == 60  # type: ignore[union-attr]


def test_a_dose_past_any_prescription_is_refused_with_the_reason(ctx: AppContext) -> None:
    meds = MedicationService(ctx)
    with pytest.raises(mme.ImplausibleDoseError, match="past what any prescription could be"):
        meds.add("Oxycodone", "oxycodone", 1e9, "mg", 1)
    with pytest.raises(mme.ImplausibleDoseError, match="tramadol labels stop at 400 mg a day"):
        meds.add("Tramadol", "tramadol", 400, "mg", 3)  # 1200 mg a day
    tramadol = meds.add("Tramadol", "tramadol", 100, "mg", 4)  # the labelled maximum is fine
    meds.log_dose(tramadol.id, 400, taken_at=_at(TODAY, 8))
    meds.log_dose(tramadol.id, 400, taken_at=_at(TODAY, 9))
    with pytest.raises(mme.ImplausibleDoseError, match="a day"):
        meds.log_dose(tramadol.id, 100, taken_at=_at(TODAY, 9))  # 900 mg logged on one day
    with pytest.raises(CoachError, match="in one dose"):
        meds.log_dose(tramadol.id, 5000, taken_at=_at(YESTERDAY, 9))
    assert meds.taken_mme_on(TODAY) == 160


def test_a_progress_file_with_taken_mme_outside_its_dates_is_refused() -> None:
    from coach.domain.bundle_manifest import BundleError
    from coach.domain.progress_review import parse_progress_data

    row = {"name": "", "steps": [], "taken_mme": [{"date": "2026-01-01", "mme": 75}]}
    raw = json.dumps({"taper": row}).encode()
    assert parse_progress_data(raw, within=(date(2025, 12, 1), date(2026, 1, 31)))["taper"] == row
    with pytest.raises(BundleError, match=r"taper.taken_mme\[0\].date .* outside the shared dates"):
        parse_progress_data(raw, within=(date(2026, 2, 1), date(2026, 2, 28)))
    too_much = json.dumps({"taper": row | {"taken_mme": [{"date": "2026-01-01", "mme": 1e9}]}}).encode()
    with pytest.raises(BundleError):
        parse_progress_data(too_much)
