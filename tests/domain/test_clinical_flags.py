"""The flag rules shared by the clinician report and the coach's review: every kind of fault the issue
found (a self-harm answer, a single severe symptom under a low total) is caught at its boundary."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coach.domain import clinical_flags as cf
from coach.domain.measures import WITHDRAWAL_HIGH_TOTAL

DAY = date(2026, 11, 10)


def phq9(answers: list[int], day: date = DAY) -> cf.Questionnaire:
    return cf.Questionnaire(day, "phq9", sum(answers), tuple(answers))


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_any_self_harm_answer_is_urgent_even_with_a_low_total(item9: int) -> None:
    flags = cf.mood_flags([phq9([0] * 8 + [item9])])
    assert [(f.kind, f.severity, f.on) for f in flags] == [("self_harm", "urgent", DAY)]
    assert f"{item9} (" in flags[0].text and "2026-11-10" in flags[0].text


def test_a_self_harm_answer_of_zero_raises_nothing() -> None:
    assert cf.mood_flags([phq9([1] * 8 + [0])]) == []  # total 8: minimal-mild, no flag


@pytest.mark.parametrize(
    ("total", "severity"), [(9, None), (10, "watch"), (14, "watch"), (15, "high"), (27, "high")]
)
def test_phq9_bands(total: int, severity: str | None) -> None:
    item = cf.Questionnaire(DAY, "phq9", total, (0,) * 9)  # item 9 at 0: only the total speaks
    found = [f for f in cf.mood_flags([item]) if f.kind == "phq9"]
    assert [f.severity for f in found] == ([severity] if severity else [])


@pytest.mark.parametrize(("total", "severity"), [(9, None), (10, "watch"), (15, "high"), (21, "high")])
def test_gad7_bands(total: int, severity: str | None) -> None:
    found = cf.mood_flags([cf.Questionnaire(DAY, "gad7", total)])
    assert [f.severity for f in found] == ([severity] if severity else [])


def test_the_highest_score_is_named_with_its_date_not_the_latest() -> None:
    flags = cf.mood_flags([phq9([3] * 8 + [0], DAY), phq9([1] * 8 + [0], DAY + timedelta(days=14))])
    assert "24 of 27 (severe) on 2026-11-10" in flags[0].text


def test_pgic_worse_is_watched_and_better_is_not() -> None:
    better = cf.Questionnaire(DAY, "pgic", 2)
    worse = cf.Questionnaire(DAY, "pgic", 5)
    assert cf.mood_flags([better]) == []
    assert "Minimally worse" in cf.mood_flags([worse])[0].text


def test_one_severe_symptom_flags_though_the_total_is_low() -> None:
    flags = cf.withdrawal_flags([cf.WithdrawalRecord(DAY, 4, ("Stomach cramps",))])
    assert [(f.kind, f.severity) for f in flags] == [("severe_symptom", "high")]
    assert "Stomach cramps on 2026-11-10" in flags[0].text


def test_strong_but_not_severe_symptoms_under_the_high_total_raise_nothing() -> None:
    assert cf.withdrawal_flags([cf.WithdrawalRecord(DAY, WITHDRAWAL_HIGH_TOTAL - 1)]) == []
    high = cf.withdrawal_flags([cf.WithdrawalRecord(DAY, WITHDRAWAL_HIGH_TOTAL)])
    assert [f.kind for f in high] == ["severe_withdrawal"]


def test_flags_sort_urgent_then_high_then_watch_newest_first() -> None:
    flags = [
        cf.ClinicalFlag("a", "watch", "a", DAY),
        cf.ClinicalFlag("b", "high", "b", DAY),
        cf.ClinicalFlag("c", "high", "c", DAY + timedelta(days=1)),
        cf.ClinicalFlag("d", "urgent", "d", None),
    ]
    assert [f.kind for f in cf.sort_flags(flags)] == ["d", "c", "b", "a"]
