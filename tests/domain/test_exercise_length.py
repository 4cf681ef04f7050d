"""An exercise's script must last about what its minutes say (50-200%) and never more than 90 minutes,
whether it ships with the app, is written in the app or arrives in a coach's bundle."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from coach.domain.exercise import (
    MAX_TOTAL_MINUTES,
    duration_problem,
    estimate_seconds,
    exercise_from_dict,
)
from coach.services.practice.library import ContentError, ExerciseLibrary, validate_exercise_data
from coach.storage.store import Store

BASE: dict[str, Any] = {
    "id": "quick-calm",
    "title": "Quick calm",
    "category": "mindfulness",
    "minutes": 5,
    "purpose": "A short rest.",
    "when_to_use": "Any time.",
    "source": "Written for this test.",
    "steps": [{"kind": "speak", "text": "Settle in."}, {"kind": "pause", "seconds": 300}],
}


def _with(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return data


def test_every_shipped_exercise_lasts_what_it_says() -> None:
    for exercise in ExerciseLibrary().builtins():
        minutes = estimate_seconds(exercise) / 60
        assert duration_problem(exercise) is None, exercise.id
        assert 0.5 * exercise.minutes <= minutes <= min(2 * exercise.minutes, MAX_TOTAL_MINUTES), exercise.id


def test_the_real_case_500_pauses_of_10_minutes_claiming_1_minute_is_refused() -> None:
    data = _with(minutes=1, steps=[{"kind": "pause", "seconds": 600}] * 500)
    with pytest.raises(ContentError) as info:
        validate_exercise_data(data, "exercises/quick-calm.json")
    message = str(info.value)
    assert message.startswith("exercises/quick-calm.json: minutes:")
    assert "may last at most 90 minutes" in message and "\n" not in message


@pytest.mark.parametrize(
    ("minutes", "pause_s", "fits"),
    [
        (5, 300, True),  # 5 min of pause + a few words for 5 minutes
        (10, 300, True),  # exactly half: allowed
        (11, 300, False),  # under half of what it promises
        (3, 300, True),  # under twice
        (2, 300, False),  # more than twice
        (1, 20, True),  # shorter than a minute counts as one minute (the smallest value minutes takes)
        (2, 20, True),
        (3, 20, False),
    ],
)
def test_minutes_must_be_within_half_and_double_the_script(minutes: int, pause_s: float, fits: bool) -> None:
    exercise = exercise_from_dict(_with(minutes=minutes, steps=[{"kind": "pause", "seconds": pause_s}]))
    assert (duration_problem(exercise) is None) is fits


def test_the_refusal_says_which_minutes_would_fit() -> None:
    data = _with(minutes=20, steps=[{"kind": "pause", "seconds": 240}] * 2)  # 8 minutes
    with pytest.raises(
        ContentError, match="last about 8 minutes but minutes says 20 minutes: set minutes between 4 and 16"
    ):
        validate_exercise_data(data, "custom exercise 'quick-calm'")


def test_breathing_cycles_and_chimes_count_towards_the_length() -> None:
    breaths = [{"kind": "breath", "inhale": 4, "hold": 4, "exhale": 6, "cycles": 30}] * 20  # 140 minutes
    exercise = exercise_from_dict(_with(minutes=60, steps=breaths))
    problem = duration_problem(exercise)
    assert problem is not None and "at most 90 minutes" in problem
    chimes = exercise_from_dict(_with(minutes=1, steps=[{"kind": "chime"}] * 40))  # 40 x 4 s
    assert duration_problem(chimes) is not None


def test_a_custom_exercise_that_lies_about_its_length_is_not_saved(store: Store) -> None:
    library = ExerciseLibrary(store)
    with pytest.raises(ContentError, match="set minutes"):
        library.save_custom(_with(minutes=30))
    assert library.custom() == []
    library.save_custom(_with(minutes=5))
    assert [e.id for e in library.custom()] == ["quick-calm"]


def test_a_stored_custom_exercise_that_is_too_long_is_skipped_with_a_reason(store: Store) -> None:
    """A row saved by an older version (before the length rule) must not be rendered."""
    from coach.storage.exercises_repo import ExercisesRepo

    endless = _with(minutes=1, steps=[{"kind": "pause", "seconds": 600}] * 500)
    ExercisesRepo(store).save_custom(
        exercise_id="quick-calm",
        title="Quick calm",
        category="mindfulness",
        minutes=1,
        definition=json.dumps(endless),
        author="",
        now="2026-11-21T10:00:00+00:00",
    )
    library = ExerciseLibrary(store)
    assert library.custom() == []
    assert any("at most 90 minutes" in p for p in library.problems)
    with pytest.raises(ContentError, match="at most 90 minutes"):
        library.get("quick-calm")
