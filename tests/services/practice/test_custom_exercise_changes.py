"""Saving or deleting a custom exercise tells the views once; a refused one tells no one."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from coach.domain.errors import CoachError
from coach.domain.exercise import exercise_to_dict
from coach.services.changes import Changes, Topic
from coach.services.context import AppContext
from coach.services.practice.library import (
    ContentError,
    ExerciseLibrary,
    delete_custom_exercise,
    save_custom_exercise,
)


def _custom() -> dict[str, Any]:
    # A built-in exercise's definition under a new id is a valid custom one.
    data = copy.deepcopy(exercise_to_dict(ExerciseLibrary().builtins()[0]))
    data.update(id="my-evening-practice", title="My evening practice")
    return data


def test_saving_and_deleting_a_custom_exercise_is_announced(ctx: AppContext) -> None:
    heard: list[Changes] = []
    ctx.bus.subscribe(heard.append)
    ctx.store.update_profile(nickname="Sam")

    saved = save_custom_exercise(ctx, _custom())

    assert saved.title == "My evening practice"
    assert [e.id for e in ExerciseLibrary(ctx.store).custom()] == ["my-evening-practice"]
    author = ctx.store.conn.execute("select author from exercises").fetchone()[0]
    assert author == "Sam"  # credited to the person who wrote it
    delete_custom_exercise(ctx, "my-evening-practice")
    assert ExerciseLibrary(ctx.store).custom() == []
    assert [c.topics for c in heard] == [frozenset({Topic.EXERCISES})] * 2


def test_a_refused_exercise_is_not_announced(ctx: AppContext) -> None:
    heard: list[Changes] = []
    ctx.bus.subscribe(heard.append)
    with pytest.raises(ContentError):
        save_custom_exercise(ctx, {**_custom(), "minutes": -1})
    with pytest.raises(CoachError, match="built-in"):
        delete_custom_exercise(ctx, ExerciseLibrary().builtins()[0].id)
    assert heard == []
