"""The clinician report's flags reach the coach: a patient's .coachprogress file, imported into a real coach
profile, shows the self-harm answer, mood and worry bands and a single severe withdrawal symptom, with
severity, most severe first (issue 12, item 1)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coach.domain.bundle_manifest import BundleError
from coach.domain.clock import FixedClock
from coach.domain.measures import WITHDRAWAL_ITEMS
from coach.domain.progress_review import parse_progress_data
from coach.services.caseload.progress_files import (
    export_progress,
    import_progress,
    patient_overviews,
    read_progress_file,
)
from coach.services.checkins.service import CheckinService
from coach.services.context import AppContext
from coach.services.taper.medicines import MedicationService
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store

NY = ZoneInfo("America/New_York")  # the fixture clock's zone
PHQ9_23_ITEM9_3 = [3, 3, 3, 3, 2, 3, 2, 1, 3]
GAD7_18 = [3, 3, 3, 3, 2, 2, 2]


def local(day: date) -> datetime:
    return datetime.combine(day, time(9), NY)


def one_severe_symptom() -> dict[str, int]:
    answers = {key: 0 for key, _ in WITHDRAWAL_ITEMS}
    answers["aches"] = 4
    return answers


@pytest.fixture
def coach_ctx(data_dir: Path, clock: FixedClock) -> Iterator[AppContext]:
    store = Store.open(ProfilePaths(data_dir, "coach-sam"))
    store.update_profile(kind="coach", nickname="Sam")
    yield AppContext(store=store, clock=clock)
    store.close()


def share(ctx: AppContext, out: Path, name: str) -> Path:
    return export_progress(ctx, out, days=28, share=("checkins", "withdrawal"), patient_name=name).path


def test_the_coach_sees_the_reports_flags_with_severity(
    ctx: AppContext, coach_ctx: AppContext, tmp_path: Path
) -> None:
    checkins = CheckinService(ctx)
    checkins.record_phq9(PHQ9_23_ITEM9_3, at=local(date(2026, 11, 10)))
    checkins.record_gad7(GAD7_18, at=local(date(2026, 11, 10)))
    checkins.record_pgic(6, at=local(date(2026, 11, 12)))
    checkins.record_withdrawal(one_severe_symptom(), at=local(date(2026, 11, 14)))
    path = share(ctx, tmp_path / "ana.coachprogress", "Ana")
    # The file carries which symptom was severe, not only the (low) total.
    assert read_progress_file(path).data["withdrawal"] == [
        {"date": "2026-11-14", "total": 4, "severe": ["aches"]}
    ]
    import_progress(coach_ctx, path)
    (overview,) = patient_overviews(coach_ctx)
    by_kind = {f.kind: f for f in overview.review_flags}
    assert overview.top_severity == "urgent" and overview.review_flags[0].kind == "self_harm"
    assert "3 (nearly every day) on 2026-11-10" in by_kind["self_harm"].text
    assert by_kind["phq9"].severity == "high" and "23 of 27 (severe)" in by_kind["phq9"].text
    assert by_kind["gad7"].severity == "high" and "18 of 21 (severe)" in by_kind["gad7"].text
    assert by_kind["severe_symptom"].severity == "high"
    assert "Aching muscles, joints or bones on 2026-11-14" in by_kind["severe_symptom"].text
    assert "Much worse" in by_kind["pgic_worse"].text
    # The sentences the caseload list and `coach caseload` print carry the severity in front.
    assert overview.flags[0].startswith("Urgent: PHQ-9 item 9")
    assert sum(f.startswith("High: ") for f in overview.flags) == 3


def test_patients_are_listed_most_severe_first(
    ctx: AppContext, coach_ctx: AppContext, data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    CheckinService(ctx).record_gad7([2, 2, 2, 2, 1, 1, 1], at=local(date(2026, 11, 10)))  # 11: watch
    import_progress(coach_ctx, share(ctx, tmp_path / "ana.coachprogress", "Ana"))
    other = Store.open(ProfilePaths(data_dir, "zoe"))
    try:
        zoe = AppContext(store=other, clock=clock)
        CheckinService(zoe).record_phq9([0, 0, 0, 0, 0, 0, 0, 0, 1], at=local(date(2026, 11, 12)))
        import_progress(coach_ctx, share(zoe, tmp_path / "zoe.coachprogress", "Zoe"))
    finally:
        other.close()
    names = [(o.name, o.top_severity) for o in patient_overviews(coach_ctx)]
    assert names == [("Zoe", "urgent"), ("Ana", "watch")]


def test_extra_and_missed_doses_reach_the_coach_only_when_shared(
    ctx: AppContext, coach_ctx: AppContext, tmp_path: Path
) -> None:
    meds = MedicationService(ctx)
    oxy = meds.add("Oxycodone IR", drug="oxycodone", strength=5, unit="mg", doses_per_day=3)
    for day, count in ((date(2026, 11, 15), 3), (date(2026, 11, 16), 5), (date(2026, 11, 18), 3)):
        for n in range(count):
            meds.log_dose(oxy.id, taken_at=datetime.combine(day, time(7 + n * 3), NY))
    private = export_progress(ctx, tmp_path / "private.coachprogress", days=28, share=("checkins",)).path
    assert "Oxycodone" not in json.dumps(read_progress_file(private).data)
    path = export_progress(
        ctx, tmp_path / "ana.coachprogress", days=28, share=("doses",), patient_name="Ana"
    ).path
    assert read_progress_file(path).data["doses"] == [
        {"medicine": "Oxycodone IR", "extra_days": ["2026-11-16"], "missed_days": ["2026-11-17"]}
    ]
    import_progress(coach_ctx, path)
    (overview,) = patient_overviews(coach_ctx)
    assert overview.flags == (  # same severity: the newest first
        "Watch: Oxycodone IR: no dose logged on 1 day (2026-11-17).",
        "Watch: Oxycodone IR: more than prescribed logged on 1 day (2026-11-16).",
    )


@pytest.mark.parametrize(
    ("doses", "message"),
    [
        ([{"medicine": "Oxycodone", "extra_days": ["2026-02-30"]}], "doses"),
        ([{"medicine": "Oxycodone", "missed_days": ["2025-01-01"]}], "outside the shared dates"),
        ([{"medicine": "Oxycodone", "extra_days": ["2026-11-16"], "note": "x"}], "does not belong"),
        ([{"extra_days": ["2026-11-16"]}], "doses"),
    ],
)
def test_a_doses_part_with_bad_days_or_fields_is_refused(
    doses: list[dict[str, object]], message: str
) -> None:
    raw = json.dumps({"doses": doses}).encode()
    with pytest.raises(BundleError, match=message):
        parse_progress_data(raw, within=(date(2026, 10, 25), date(2026, 11, 21)))


def test_withdrawal_severe_symptoms_must_be_checklist_keys() -> None:
    raw = json.dumps({"withdrawal": [{"date": "2026-11-14", "total": 4, "severe": ["craving"]}]}).encode()
    with pytest.raises(BundleError, match="withdrawal"):
        parse_progress_data(raw)
