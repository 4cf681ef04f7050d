"""Inside a tier the worst flag's severity and recency decide, not how many flags a patient has: the
trial's Eve (severe withdrawal today) before Carla (a high total eight days ago plus rising pain); and the
Why words lead with that flag in plain words."""

from __future__ import annotations

from datetime import date, timedelta

from coach.domain import clinical_flags as cf
from coach.domain import triage as tr
from coach.domain.clinical_flags import WithdrawalRecord
from coach.domain.measures import WITHDRAWAL_ITEMS

TODAY = date(2026, 11, 30)


def _ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def _facts(pid: str, name: str, *flags: cf.ClinicalFlag, **more: object) -> tr.TriageFacts:
    base: dict[str, object] = {"sessions_shared": True, "last_practice": _ago(1), "last_file": _ago(0)}
    base.update(more)
    return tr.TriageFacts(pid, name, tuple(flags), **base)  # type: ignore[arg-type]


def _queue(*facts: tr.TriageFacts) -> list[str]:
    return [e.name for e in tr.order(tr.triage(f, TODAY) for f in facts)]


def _eve() -> tr.TriageFacts:
    severe = tuple(label for _key, label in WITHDRAWAL_ITEMS[:10])
    flags = cf.withdrawal_flags([WithdrawalRecord(TODAY, 56, severe)])
    return _facts("eve", "Eve", *flags)


def _carla() -> tr.TriageFacts:
    flags = cf.withdrawal_flags([WithdrawalRecord(_ago(8), 30, ())])
    peg = ((_ago(20), 4.0), (_ago(0), 7.0))
    return _facts("carla", "Carla", *flags, peg=peg)


def test_severe_withdrawal_today_comes_before_a_milder_flag_a_week_old() -> None:
    assert _queue(_carla(), _eve()) == ["Eve", "Carla"]
    assert _queue(_eve(), _carla()) == ["Eve", "Carla"]


def test_the_newer_self_harm_answer_comes_first_and_self_harm_stays_on_top() -> None:
    old = _facts("a", "Aaron", cf.ClinicalFlag("self_harm", cf.URGENT, "item 9", _ago(20)))
    new = _facts("z", "Zed", cf.ClinicalFlag("self_harm", cf.URGENT, "item 9", _ago(1)))
    eve = _eve()
    assert _queue(old, eve, new) == ["Zed", "Aaron", "Eve"]


def test_extra_doses_today_come_before_extra_doses_a_week_ago() -> None:
    def doses(pid: str, name: str, days: int, *more: cf.ClinicalFlag) -> tr.TriageFacts:
        return _facts(pid, name, cf.ClinicalFlag("extra_doses", cf.HIGH, "extra", _ago(days)), *more)

    # Anna has more flags (a mood score today too), but her extra doses are a week old.
    anna = doses("a", "Anna", 7, cf.ClinicalFlag("phq9", cf.WATCH, "mood", _ago(0)))
    assert _queue(anna, doses("b", "Ben", 0)) == ["Ben", "Anna"]


def test_a_higher_severity_still_beats_a_newer_lower_one_in_the_same_tier() -> None:
    high_old = _facts("a", "Zara", cf.ClinicalFlag("extra_doses", cf.HIGH, "extra", _ago(9)))
    watch_new = _facts("b", "Abe", cf.ClinicalFlag("extra_doses", cf.WATCH, "extra", _ago(0)))
    assert _queue(watch_new, high_old) == ["Zara", "Abe"]


def test_why_leads_with_the_severe_symptoms_of_today_in_plain_words() -> None:
    entry = tr.triage(_eve(), TODAY)
    words = tr.why_words(entry, TODAY)
    assert words.startswith("today: Severe withdrawal: 10 symptoms severe")
    assert "56 of 64" in words  # the high total follows, after the lead
    carla = tr.why_words(tr.triage(_carla(), TODAY), TODAY)
    assert carla.startswith("8 days ago: Withdrawal checklist high: 30 of 64. Also")
    assert "Also: Pain (PEG) rising today" in carla


def test_why_names_each_kind_in_plain_words_and_says_reviewed() -> None:
    for kind in (
        "self_harm",
        "severe_symptom",
        "severe_withdrawal",
        "extra_doses",
        "above_plan",
        "missed_doses",
        "phq9",
        "gad7",
        "pgic_worse",
        "rising_pain",
        "no_practice",
        "gone_quiet",
        "adherence",
        "something_new",
    ):
        flag = tr.TriageFlag(kind, cf.WATCH, f"{kind} sentence.", _ago(3), tr.OTHER)
        head = tr.headline(flag, TODAY)
        assert head and "_" not in head, kind
    reviewed = tr.TriageFlag("phq9", cf.WATCH, "m", _ago(3), tr.OTHER, reviewed=True)
    entry = tr.TriageEntry("p", "P", tr.REVIEWED, (reviewed,))
    assert tr.why_words(entry, TODAY) == "1 flag reviewed"
    assert tr.why_words(tr.TriageEntry("q", "Q", tr.NOTHING), TODAY) == ""
