"""Exercise files and custom exercises against the schema: good ones load, bad ones say where and what."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from coach.domain.errors import CoachError
from coach.services.practice.library import (
    ContentError,
    ExerciseLibrary,
    load_exercise_file,
    validate_exercise_data,
)
from coach.storage.store import Store

GOOD: dict[str, Any] = {
    "id": "tiny-practice",
    "title": "A tiny practice",
    "category": "mindfulness",
    "minutes": 1,
    "purpose": "Check the loader.",
    "when_to_use": "In tests.",
    "source": "Kabat-Zinn, Full Catastrophe Living, 1990",
    "tags": ["test"],
    "steps": [
        {"kind": "speak", "text": "Welcome. Settle in."},
        {"kind": "pause", "seconds": 2.5},
        {"kind": "breath", "text": "Breathe with me.", "inhale": 4, "hold": 0, "exhale": 6, "cycles": 2},
        {"kind": "chime", "text": "The end."},
        {"kind": "chime"},
    ],
}


def write(directory: Path, data: object, name: str = "tiny-practice") -> Path:
    path = directory / f"{name}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def mutated(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = copy.deepcopy(GOOD)
    change(data)
    return data


def test_good_file_is_accepted_and_becomes_an_exercise(tmp_path: Path) -> None:
    exercise = load_exercise_file(write(tmp_path, GOOD))
    assert exercise.id == "tiny-practice"
    assert [s.kind for s in exercise.steps] == ["speak", "pause", "breath", "chime", "chime"]
    assert exercise.steps[2].cycles == 2
    assert exercise.tags == ("test",)
    assert ExerciseLibrary(directory=tmp_path).get("tiny-practice") == exercise


def _set_step(index: int, step: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    return lambda d: d["steps"].__setitem__(index, step)


def _edit_step(index: int, **fields: Any) -> Callable[[dict[str, Any]], None]:
    return lambda d: d["steps"][index].update(fields)


# (case, change, the field path the message must name, words the message must contain)
BAD_CASES: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    ("missing title", lambda d: d.pop("title"), "title", "missing"),
    ("missing steps", lambda d: d.pop("steps"), "steps", "missing"),
    ("unknown category", lambda d: d.update(category="yoga"), "category", "'yoga' is not one of"),
    ("negative pause", _edit_step(1, seconds=-1), "steps[1].seconds", "less than the minimum of 0.5"),
    ("endless pause", _edit_step(1, seconds=3600), "steps[1].seconds", "greater than the maximum"),
    ("pause without seconds", _set_step(1, {"kind": "pause"}), "steps[1].seconds", "missing"),
    ("unknown step kind", _set_step(0, {"kind": "sing", "text": "la"}), "steps[0].kind", "'sing' is not one"),
    ("step without kind", _set_step(0, {"text": "hello"}), "steps[0].kind", "missing"),
    ("extra top-level field", lambda d: d.update(colour="blue"), "colour", "not a known field"),
    ("extra step field", _edit_step(0, volume=3), "steps[0].volume", "not a known field"),
    ("text on a pause", _edit_step(1, text="shh"), "steps[1].text", "not allowed in a pause step"),
    ("seconds on a speak", _edit_step(0, seconds=3), "steps[0].seconds", "not allowed in a speak step"),
    ("empty speech", _edit_step(0, text="   "), "steps[0].text", "must not be empty"),
    ("speak without text", _set_step(0, {"kind": "speak"}), "steps[0].text", "missing"),
    (
        "breath without cycles",
        _set_step(2, {"kind": "breath", "inhale": 4, "hold": 0, "exhale": 6}),
        "steps[2].cycles",
        "missing",
    ),
    ("breath held too long", _edit_step(2, hold=30), "steps[2].hold", "maximum"),
    ("fractional cycles", _edit_step(2, cycles=2.5), "steps[2].cycles", "whole number"),
    ("no steps", lambda d: d.update(steps=[]), "steps", "non-empty"),
    ("steps not a list", lambda d: d.update(steps={"kind": "speak"}), "steps", "must be a list"),
    ("zero minutes", lambda d: d.update(minutes=0), "minutes", "less than the minimum of 1"),
    ("minutes as text", lambda d: d.update(minutes="five"), "minutes", "must be a number"),
    ("wrong id pattern", lambda d: d.update(id="Tiny_Practice"), "id", "lowercase letters"),
    ("empty title", lambda d: d.update(title=""), "title", "must not be empty"),
    ("bad tag", lambda d: d.update(tags=["Loud TAG!"]), "tags[0]", "lowercase"),
]


@pytest.mark.parametrize(
    ("change", "field", "words"), [c[1:] for c in BAD_CASES], ids=[c[0] for c in BAD_CASES]
)
def test_bad_file_is_rejected_naming_file_and_field(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], field: str, words: str
) -> None:
    path = write(tmp_path, mutated(change))
    with pytest.raises(ContentError) as caught:
        load_exercise_file(path)
    message = str(caught.value)
    assert message.startswith(f"tiny-practice.json: {field}: "), message
    assert words in message
    assert "\n" not in message


def test_id_must_match_the_file_name(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD, name="other-name")
    expected = r"^other-name\.json: id: 'tiny-practice' must match the file name 'other-name'$"
    with pytest.raises(ContentError, match=expected):
        load_exercise_file(path)


def test_malformed_json_names_the_file_and_the_place(tmp_path: Path) -> None:
    path = tmp_path / "tiny-practice.json"
    path.write_text('{"id": "tiny-practice",\n "title": }', encoding="utf-8")
    expected = r"^tiny-practice\.json: not valid JSON: .*\(line 2, column \d+\)$"
    with pytest.raises(ContentError, match=expected):
        load_exercise_file(path)


def test_a_list_instead_of_an_object_is_rejected() -> None:
    with pytest.raises(ContentError, match=r"^x\.json: must be an object, not a list$"):
        validate_exercise_data([GOOD], "x.json")


def test_several_problems_are_counted_on_the_same_line() -> None:
    data = mutated(lambda d: (d.pop("title"), d.update(category="yoga")))
    with pytest.raises(ContentError, match=r"\(and 1 more problem\)$"):
        validate_exercise_data(data, "x.json")


def test_one_bad_builtin_file_stops_the_library_with_its_name(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    write(tmp_path, mutated(lambda d: d.update(id="broken-one", minutes=-2)), name="broken-one")
    with pytest.raises(ContentError, match=r"^broken-one\.json: minutes: "):
        ExerciseLibrary(directory=tmp_path).all()


# --- custom exercises: the same schema, stored in the profile ----------------------------------------
def custom(exercise_id: str = "my-evening-practice", **changes: Any) -> dict[str, Any]:
    return {**copy.deepcopy(GOOD), "id": exercise_id, "title": "My evening practice", **changes}


def test_custom_exercise_is_saved_listed_after_builtins_and_found(store: Store) -> None:
    library = ExerciseLibrary(store)
    saved = library.save_custom(custom(), author="Coach Sam")
    assert not saved.builtin
    everything = ExerciseLibrary(store).all()
    assert everything[-1].id == "my-evening-practice"
    assert all(e.builtin for e in everything[:-1])
    assert ExerciseLibrary(store).get("my-evening-practice") == saved
    row = store.db.execute("select title, category, minutes, author from exercises").fetchone()
    assert row == ("My evening practice", "mindfulness", 1, "Coach Sam")


def test_saving_again_updates_the_same_custom_exercise(store: Store) -> None:
    library = ExerciseLibrary(store)
    library.save_custom(custom())
    library.save_custom(custom(title="Renamed practice"))
    assert store.db["exercises"].count == 1
    assert library.get("my-evening-practice").title == "Renamed practice"


def test_custom_exercise_cannot_take_a_builtin_id(store: Store) -> None:
    with pytest.raises(ContentError, match="already used by a built-in"):
        ExerciseLibrary(store).save_custom(custom("body-scan"))
    assert store.db["exercises"].count == 0


def test_invalid_custom_exercise_is_refused_with_its_field(store: Store) -> None:
    bad = custom()
    bad["steps"][1]["seconds"] = 0
    with pytest.raises(ContentError, match=r"^custom exercise 'my-evening-practice': steps\[1\]\.seconds: "):
        ExerciseLibrary(store).save_custom(bad)
    assert store.db["exercises"].count == 0


def test_delete_custom_but_never_a_builtin(store: Store) -> None:
    library = ExerciseLibrary(store)
    library.save_custom(custom())
    library.delete_custom("my-evening-practice")
    with pytest.raises(CoachError, match="no exercise called 'my-evening-practice'"):
        library.get("my-evening-practice")
    with pytest.raises(CoachError, match="built-in"):
        library.delete_custom("body-scan")
    with pytest.raises(CoachError, match="no custom exercise called 'ghost'"):
        library.delete_custom("ghost")


def test_a_damaged_custom_row_is_skipped_and_reported_not_fatal(store: Store) -> None:
    library = ExerciseLibrary(store)
    library.save_custom(custom())
    store.db.execute(
        "update exercises set definition = ? where id = ?",
        [json.dumps(custom(minutes=999)), "my-evening-practice"],
    )
    everything = library.all()
    assert "my-evening-practice" not in {e.id for e in everything}
    assert len(everything) >= 16
    assert library.problems == [
        "custom exercise 'my-evening-practice': minutes: 999 is greater than the maximum of 60"
    ]


def test_without_a_profile_only_builtins_and_no_saving() -> None:
    library = ExerciseLibrary()
    assert all(e.builtin for e in library.all())
    with pytest.raises(CoachError, match="open profile"):
        library.save_custom(custom())
