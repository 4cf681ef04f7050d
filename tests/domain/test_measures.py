"""Measures and their safety triggers: PEG, PGIC, PHQ-9 (item 9 crisis), GAD-7, the withdrawal checklist."""

from __future__ import annotations

import json

import pytest

from coach.domain import measures
from coach.domain.clock import FixedClock
from coach.domain.errors import CoachError
from coach.services.checkins.service import CheckinService
from coach.services.context import AppContext
from coach.services.taper.plans import TaperService


def _withdrawal(value: int = 0, **overrides: int) -> dict[str, int]:
    answers = {key: value for key, _ in measures.WITHDRAWAL_ITEMS}
    answers.update(overrides)
    return answers


# --- PEG and PGIC ------------------------------------------------------------------------------------
def test_peg_is_the_mean_of_its_three_items() -> None:
    assert measures.peg_score(7, 5, 6) == 6.0
    assert measures.peg_score(1, 2, 2) == 1.67
    assert measures.peg_score(0, 0, 0) == 0
    assert measures.peg_score(10, 10, 10) == 10


@pytest.mark.parametrize("bad", [-1, 11, 5.5, True])
def test_peg_items_are_whole_numbers_0_to_10(bad: object) -> None:
    with pytest.raises(CoachError, match="PEG"):
        measures.peg_score(bad, 5, 5)  # type: ignore[arg-type]


def test_pgic_has_seven_labels_from_much_improved_to_much_worse() -> None:
    assert measures.pgic_label(1) == "Very much improved"
    assert measures.pgic_label(4) == "No change"
    assert measures.pgic_label(7) == "Very much worse"
    for bad in (0, 8):
        with pytest.raises(CoachError):
            measures.pgic_label(bad)


# --- PHQ-9 and GAD-7 ---------------------------------------------------------------------------------
def _phq(total: int, item9: int = 0) -> list[int]:
    answers = [0] * 9
    answers[8] = item9
    remaining = total - item9
    for i in range(8):
        answers[i] = min(3, remaining)
        remaining -= answers[i]
    assert remaining == 0
    return answers


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
     (15, "moderately severe"), (19, "moderately severe"), (20, "severe"), (24, "severe")],
)  # fmt: skip
def test_phq9_bands(total: int, band: str) -> None:
    result = measures.score_phq9(_phq(total))
    assert (result.total, result.band, result.crisis) == (total, band, False)


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_any_answer_above_0_on_phq9_item_9_is_a_crisis_whatever_the_total(item9: int) -> None:
    result = measures.score_phq9(_phq(item9, item9=item9))
    assert result.crisis is True
    assert result.band == "minimal"  # a low total must not hide it
    assert measures.phq9_item9_needs_help(item9)
    assert not measures.phq9_item9_needs_help(0)


def test_phq9_needs_nine_answers_each_0_to_3() -> None:
    with pytest.raises(CoachError, match="9 answers"):
        measures.score_phq9([0] * 8)
    with pytest.raises(CoachError, match="0 to 3"):
        measures.score_phq9([4] + [0] * 8)


@pytest.mark.parametrize(
    ("answers", "band"),
    [([0] * 7, "minimal"), ([1, 1, 1, 1, 0, 0, 0], "minimal"), ([1, 1, 1, 1, 1, 0, 0], "mild"),
     ([3, 3, 3, 1, 0, 0, 0], "moderate"), ([3, 3, 3, 3, 2, 0, 0], "moderate"), ([3, 3, 3, 3, 3, 0, 0], "severe"),
     ([3] * 7, "severe")],
)  # fmt: skip
def test_gad7_bands(answers: list[int], band: str) -> None:
    result = measures.score_gad7(answers)
    assert result.total == sum(answers) and result.band == band and not result.crisis


# --- the withdrawal checklist -------------------------------------------------------------------------
def test_the_withdrawal_checklist_is_our_own_wording_and_never_about_craving() -> None:
    assert 14 <= len(measures.WITHDRAWAL_ITEMS) <= 16
    assert 4 * len(measures.WITHDRAWAL_ITEMS) == measures.WITHDRAWAL_MAX
    labels = " | ".join(label.lower() for _, label in measures.WITHDRAWAL_ITEMS)
    # Phrases of the published scale's items (first-person statements) must not be reproduced.
    for published in (
        "i feel anxious",
        "my eyes are tearing",
        "i'm perspiring",
        "i feel like using",
        "i have",
    ):
        assert published not in labels
    for framing in ("crav", "using", "urge", "fail", "weak"):
        assert framing not in labels
    assert "not a failing" in measures.WITHDRAWAL_INTRO


def test_withdrawal_total_band_and_severe_symptom() -> None:
    low = measures.score_withdrawal(_withdrawal(0, aches=2, sleep=2))
    assert (low.total, low.band, low.high) == (4, "low", False)
    moderate = measures.score_withdrawal(_withdrawal(1))
    assert (moderate.total, moderate.band, moderate.high) == (16, "moderate", False)
    one_severe = measures.score_withdrawal(_withdrawal(0, vomiting=4))
    assert one_severe.high and one_severe.severe_items == ("Being sick (vomiting)",)
    high = measures.score_withdrawal(_withdrawal(1, aches=3, restless=3, sweating=3))
    assert high.total == 22 and high.band == "high" and high.high


def test_withdrawal_answers_are_checked() -> None:
    incomplete = _withdrawal(0)
    del incomplete["yawning"]
    with pytest.raises(CoachError, match="rate every symptom"):
        measures.score_withdrawal(incomplete)
    with pytest.raises(CoachError, match="unknown"):
        measures.score_withdrawal({**_withdrawal(0), "cravings": 2})
    with pytest.raises(CoachError, match="0 to 4"):
        measures.score_withdrawal(_withdrawal(0, aches=5))


@pytest.mark.parametrize(
    ("totals", "rising"),
    [([10, 12, 15], True), ([10, 12, 14], False), ([10, 20, 15], False), ([2, 3, 4], False), ([20, 30], False),
     ([0, 0, 5], True), ([30, 20, 10, 14, 19], True)],
)  # fmt: skip
def test_rising_means_up_30_percent_and_5_points_over_the_last_three(totals: list[int], rising: bool) -> None:
    assert measures.withdrawal_rising(totals) is rising


# --- the triggers through the service, on a real database ----------------------------------------------
def test_a_high_withdrawal_total_shows_the_prescriber_card_with_data(ctx: AppContext) -> None:
    taper = TaperService(ctx)
    plan = taper.create_plan("Plan", 90, "2026-10-01")
    step = taper.add_step(plan.id, "2026-11-18", 81)
    service = CheckinService(ctx)
    service.record_peg(6, 5, 7)
    outcome = service.record_withdrawal(_withdrawal(1, aches=3, restless=3, sweating=3))
    assert outcome.card is not None
    text = " ".join([outcome.card.why, *outcome.card.lines])
    assert outcome.card.title == "Talk with your prescriber"
    assert "81 MME a day since Wed 18 Nov 2026 (day 4)" in text
    assert "Withdrawal totals (0-64): Sat 21 Nov 2026: 22" in text
    assert "Aching muscles, joints or bones" in text and "Latest PEG pain score: 6 of 10" in text
    assert "increase" not in text.lower()
    assert "Help now" in outcome.card.safety
    row = ctx.store.db.execute("select total, step_id, answers from withdrawal_checkins").fetchone()
    assert row[0] == 22 and row[1] == step.id and json.loads(row[2])["aches"] == 3


def test_a_low_total_shows_no_card_but_a_rising_trend_does(ctx: AppContext, clock: FixedClock) -> None:
    service = CheckinService(ctx)
    totals = []
    for level in (6, 8, 11):
        answers = _withdrawal(0)
        for key, _ in measures.WITHDRAWAL_ITEMS[:level]:
            answers[key] = 1
        outcome = service.record_withdrawal(answers)
        totals.append(outcome.score.total)
        clock.advance(days=1)
    assert totals == [6, 8, 11]
    assert outcome.rising and not outcome.score.high
    assert outcome.card is not None and "rising" in outcome.card.why


def test_a_quiet_check_in_shows_no_card(ctx: AppContext) -> None:
    outcome = CheckinService(ctx).record_withdrawal(_withdrawal(0, yawning=1))
    assert outcome.card is None and not outcome.rising


def test_phq9_item_9_is_saved_and_flags_crisis(ctx: AppContext) -> None:
    result = CheckinService(ctx).record_phq9(_phq(1, item9=1))
    assert result.crisis
    row = ctx.store.db.execute("select kind, score, answers from checkins").fetchone()
    assert row[0] == "phq9" and row[1] == 1 and json.loads(row[2])[8] == 1


def test_due_check_ins(ctx: AppContext, clock: FixedClock) -> None:
    service = CheckinService(ctx)
    assert "peg" in {d.kind for d in service.due()}
    service.record_peg(3, 3, 3)
    assert "peg" not in {d.kind for d in service.due()}
    clock.advance(days=7)
    assert "peg" in {d.kind for d in service.due()}
    taper = TaperService(ctx)
    plan = taper.create_plan("Plan", 90, "2026-10-01")
    taper.add_step(plan.id, taper.today().isoformat(), 81)
    due = {d.kind: d for d in service.due()}
    assert due["withdrawal"].reason == "day 1 of 7 on your new step"
    service.record_withdrawal(_withdrawal(0))
    assert "withdrawal" not in {d.kind for d in service.due()}
    clock.advance(days=7)
    assert "withdrawal" not in {d.kind for d in service.due()}  # day 8: the first week is over


def test_pgic_is_due_monthly(ctx: AppContext, clock: FixedClock) -> None:
    service = CheckinService(ctx)
    assert "pgic" not in {d.kind for d in service.due()}  # not in the first month: nothing to compare yet
    clock.advance(days=40)
    assert "pgic" in {d.kind for d in service.due()}
    service.record_pgic(3)
    assert "pgic" not in {d.kind for d in service.due()}


def test_flare_notes_go_to_the_journal(ctx: AppContext) -> None:
    service = CheckinService(ctx)
    flare = service.log_flare(8, "lifting boxes")
    service.update_flare(flare.id, 8, "lifting boxes", "the 3-minute practice")
    row = ctx.store.db.execute("select kind, intensity, trigger, what_helped from journal").fetchone()
    assert tuple(row) == ("flare", 8, "lifting boxes", "the 3-minute practice")
    with pytest.raises(CoachError, match="0 to 10"):
        service.log_flare(11)
