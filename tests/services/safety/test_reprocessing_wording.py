"""Pain-reprocessing words hold for everyone: reassurance that pain is safe is tied to a clinician having
checked it, the trial behind them is named for the people it tested, and urge surfing says what it is for."""

from __future__ import annotations

import json
import re

from coach.resources import resources_dir
from coach.services.practice.library import ExerciseLibrary

REPROCESSING = {"somatic tracking", "pain reprocessing"}
# Ways an exercise tells the listener that their pain is harmless.
ABSOLUTE = re.compile(
    r"no danger|not in danger|not danger|body is safe\b|i'm safe|safe body|body is okay|not dangerous|"
    r"doesn't mean dangerous|not a sign of danger",
    re.I,
)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def _unconditional(texts: list[str]) -> list[str]:
    """Sentences promising safety in a text (a script step, a purpose) that never ties it to a check."""
    return [s for t in texts if "clinician has checked" not in t for s in _sentences(t) if ABSOLUTE.search(s)]


def test_the_scan_catches_an_absolute_no_danger_line() -> None:
    assert _unconditional(["Breathe. There's no danger here."]) == ["There's no danger here."]
    assert _unconditional(["Tell yourself: I'm safe.", "If a clinician has checked this pain, go on."]) == [
        "Tell yourself: I'm safe."
    ]
    assert _unconditional(["If a clinician has checked this pain, add: I'm safe right now."]) == []


def test_no_reprocessing_exercise_promises_safety_without_a_clinicians_check() -> None:
    found = []
    for exercise in ExerciseLibrary().builtins():
        if exercise.category not in REPROCESSING:
            continue
        texts = [exercise.purpose, exercise.when_to_use]
        texts += [step.text for step in exercise.steps if step.text]
        found += [f"{exercise.id}: {s}" for s in _unconditional(texts)]
    assert found == []


def test_program_notes_tie_safety_to_a_check_and_name_the_tested_group() -> None:
    program = json.loads((resources_dir() / "programs" / "pain-reprocessing-4-weeks.json").read_text())
    notes = [program["summary"]] + [w["note"] for w in program["weeks"]]
    notes += [d.get("note", "") for w in program["weeks"] for d in w["days"]]
    assert _unconditional(notes) == []
    assert "primary chronic back pain" in program["source"]
    assert "did not include people on long-term opioids" in program["source"]


def test_urge_surfing_says_what_it_is_for_and_sends_self_harm_urges_to_help_now() -> None:
    exercise = ExerciseLibrary().get("urge-surfing")
    assert exercise.purpose.startswith("For cravings")
    assert "hurt yourself" in exercise.purpose and "Help now" in exercise.purpose
    first_words = exercise.spoken_text.split(". ")[:4]
    assert any("hurt yourself" in s for s in first_words)
    assert "any urge" not in exercise.when_to_use
