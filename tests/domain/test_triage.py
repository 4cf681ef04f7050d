"""The triage queue's order (coach.domain.triage), on the issue's cases: the self-harm patient of 206 is
row 1; two "Alex" stay two; silence is counted from today; a reviewed flag drops down until something new
arrives."""

from __future__ import annotations

from datetime import date, timedelta

from coach.domain import clinical_flags as cf
from coach.domain import triage as tr

TODAY = date(2026, 11, 21)


def _flag(kind: str, severity: str, days_ago: int) -> cf.ClinicalFlag:
    return cf.ClinicalFlag(kind, severity, f"{kind} text", TODAY - timedelta(days=days_ago))


def _facts(pid: str, name: str, *flags: cf.ClinicalFlag, **more: object) -> tr.TriageFacts:
    base: dict[str, object] = {
        "sessions_shared": True,
        "last_practice": TODAY - timedelta(days=1),
        "last_file": TODAY - timedelta(days=1),
    }
    base.update(more)
    return tr.TriageFacts(pid, name, tuple(flags), **base)  # type: ignore[arg-type]


def _queue(facts: list[tr.TriageFacts]) -> list[tr.TriageEntry]:
    return tr.order(tr.triage(f, TODAY) for f in facts)


def test_the_self_harm_patient_of_206_is_row_one() -> None:
    crowd = [
        _facts(f"p{i:03}", f"Patient {i:03}", _flag("severe_withdrawal", cf.HIGH, i % 20)) for i in range(119)
    ] + [_facts(f"q{i:03}", f"Quiet {i:03}") for i in range(86)]
    zoe = _facts("zoe", "Zoe", _flag("self_harm", cf.URGENT, 3))
    queue = _queue([*crowd, zoe])
    assert len(queue) == 206 and queue[0].patient_id == "zoe"
    assert queue[0].group == tr.SELF_HARM and queue[0].severity == cf.URGENT


def test_the_groups_come_in_the_issues_order() -> None:
    facts = [
        _facts("calm", "Calm"),
        _facts("mood", "Mood", _flag("phq9", cf.HIGH, 2)),
        _facts(
            "quiet", "Quiet", last_file=TODAY - timedelta(days=20), last_practice=TODAY - timedelta(days=20)
        ),
        _facts("pain", "Pain", peg=((TODAY - timedelta(days=21), 4.0), (TODAY - timedelta(days=1), 6.5))),
        _facts("above", "Above", _flag("above_plan", cf.HIGH, 1)),
        _facts("harm", "Harm", _flag("self_harm", cf.URGENT, 29)),
    ]
    assert [e.patient_id for e in _queue(facts)] == ["harm", "above", "pain", "quiet", "mood", "calm"]


def test_a_self_harm_answer_older_than_30_days_is_not_first_but_still_shown() -> None:
    old = tr.triage(_facts("old", "Old", _flag("self_harm", cf.URGENT, 45)), TODAY)
    assert old.group == tr.OTHER and old.flags[0].kind == "self_harm"


def test_two_patients_named_alex_are_two_entries() -> None:
    queue = _queue([_facts("a1", "Alex"), _facts("a2", "Alex", _flag("severe_symptom", cf.HIGH, 1))])
    assert [e.patient_id for e in queue] == ["a2", "a1"]


def test_silence_is_counted_from_today_not_from_the_files_end() -> None:
    # A 60-day-old file whose last week had practice every day: quiet on both counts today.
    facts = _facts("x", "X", last_practice=TODAY - timedelta(days=60), last_file=TODAY - timedelta(days=60))
    entry = tr.triage(facts, TODAY)
    assert {f.kind for f in entry.flags} == {"no_practice", "gone_quiet"}
    assert "60 days" in next(f.text for f in entry.flags if f.kind == "gone_quiet")
    fresh = tr.triage(_facts("y", "Y", last_practice=TODAY - timedelta(days=6)), TODAY)
    assert fresh.flags == ()


def test_rising_pain_uses_the_setting_and_the_last_four_weeks() -> None:
    peg = ((TODAY - timedelta(days=40), 1.0), (TODAY - timedelta(days=20), 5.0), (TODAY, 6.5))
    facts = _facts("p", "P", peg=peg)
    assert tr.triage(facts, TODAY, peg_rise=2.0).group == tr.NOTHING  # +1.5 inside the window
    assert tr.triage(facts, TODAY, peg_rise=1.5).group == tr.RISING_PAIN


def test_a_reviewed_flag_drops_down_until_something_new_arrives() -> None:
    harm = _flag("self_harm", cf.URGENT, 3)
    reviewed = frozenset({tr.flag_key("self_harm", harm.on)})
    seen = tr.triage(_facts("z", "Zoe", harm, reviewed=reviewed), TODAY)
    other = tr.triage(_facts("m", "Mo", _flag("phq9", cf.WATCH, 1)), TODAY)
    calm = tr.triage(_facts("c", "Cy"), TODAY)
    assert seen.group == tr.REVIEWED and [e.patient_id for e in tr.order([seen, calm, other])] == [
        "m",
        "z",
        "c",
    ]
    newer = tr.triage(_facts("z", "Zoe", _flag("self_harm", cf.URGENT, 1), reviewed=reviewed), TODAY)
    assert newer.group == tr.SELF_HARM  # a new answer brings her back to the top
    counts = tr.severity_counts([seen, other, calm])
    assert counts == {"urgent": 0, "high": 0, "watch": 1, "reviewed": 1, "none": 1}


def test_use_above_the_taper_plan_is_a_high_flag_that_asks_for_the_prescriber() -> None:
    steps = [(date(2026, 11, 1), 60.0), (date(2026, 11, 15), 45.0)]
    taken = [(date(2026, 11, 14), 60.0), (date(2026, 11, 16), 52.5), (date(2026, 11, 17), 45.4)]
    (flag,) = cf.above_plan_flags(steps, taken)
    assert (flag.kind, flag.severity, flag.on) == ("above_plan", cf.HIGH, date(2026, 11, 16))
    assert "52.5 MME (plan 45)" in flag.text and "prescriber" in flag.text
    assert tr.triage(_facts("u", "U", flag), TODAY).group == tr.WITHDRAWAL_OR_USE
