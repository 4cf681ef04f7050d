"""The exercise model: a guided practice is a titled list of steps (speak, pause, chime, breathing cue)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

CATEGORIES: tuple[str, ...] = (
    "somatic tracking",
    "mindfulness",
    "pain reprocessing",
    "self-compassion",
    "movement",
    "sleep",
    "urge surfing",
)

StepKind = Literal["speak", "pause", "chime", "breath"]


@dataclass(frozen=True)
class Step:
    """One step of a script.

    - speak: `text` is read aloud (and shown as a caption).
    - pause: `seconds` of quiet (the ambient bed continues if enabled).
    - chime: a soft bowl tone; `text` may hold an optional caption.
    - breath: `cycles` of inhale/hold/exhale counts in seconds; `text` is an optional spoken lead-in.
    """

    kind: StepKind
    text: str = ""
    seconds: float = 0.0
    inhale: float = 0.0
    hold: float = 0.0
    exhale: float = 0.0
    cycles: int = 0

    def planned_seconds(self) -> float:
        """Silence this step adds by itself (speech length is only known once synthesized)."""
        if self.kind == "pause":
            return self.seconds
        if self.kind == "breath":
            return self.cycles * (self.inhale + self.hold + self.exhale)
        return 0.0


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    category: str
    minutes: float
    purpose: str
    when_to_use: str
    source: str
    steps: tuple[Step, ...]
    builtin: bool = True
    tags: tuple[str, ...] = field(default=())

    @property
    def spoken_text(self) -> str:
        return " ".join(step.text for step in self.steps if step.kind in ("speak", "breath") and step.text)


def step_from_dict(data: dict[str, Any]) -> Step:
    return Step(
        kind=data["kind"],
        text=str(data.get("text", "")),
        seconds=float(data.get("seconds", 0.0)),
        inhale=float(data.get("inhale", 0.0)),
        hold=float(data.get("hold", 0.0)),
        exhale=float(data.get("exhale", 0.0)),
        cycles=int(data.get("cycles", 0)),
    )


def step_to_dict(step: Step) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": step.kind}
    if step.text:
        out["text"] = step.text
    if step.kind == "pause":
        out["seconds"] = step.seconds
    if step.kind == "breath":
        out.update(inhale=step.inhale, hold=step.hold, exhale=step.exhale, cycles=step.cycles)
    return out


def exercise_from_dict(data: dict[str, Any], builtin: bool = True) -> Exercise:
    """Build an Exercise from already-validated data (see resources/schemas/exercise.schema.json)."""
    return Exercise(
        id=data["id"],
        title=data["title"],
        category=data["category"],
        minutes=float(data["minutes"]),
        purpose=data["purpose"],
        when_to_use=data["when_to_use"],
        source=data["source"],
        steps=tuple(step_from_dict(s) for s in data["steps"]),
        builtin=builtin,
        tags=tuple(data.get("tags", ())),
    )


def exercise_to_dict(ex: Exercise) -> dict[str, Any]:
    return {
        "id": ex.id,
        "title": ex.title,
        "category": ex.category,
        "minutes": ex.minutes,
        "purpose": ex.purpose,
        "when_to_use": ex.when_to_use,
        "source": ex.source,
        "tags": list(ex.tags),
        "steps": [step_to_dict(s) for s in ex.steps],
    }


# A chime is a short bowl tone that rings out; the audio renderer decides its exact length, this is
# the figure used to plan scripts before anything is synthesized.
CHIME_SECONDS = 4.0


def _spoken_seconds(text: str, words_per_second: float) -> float:
    return len(text.split()) / words_per_second


def estimate_seconds(exercise: Exercise, words_per_second: float = 2.4) -> float:
    """How long the exercise lasts when read at a calm pace: speech + pauses + breathing + chimes.

    2.4 words a second (144 a minute) is an unhurried guided-meditation pace; the real track differs a
    little with the voice and speaking-rate setting.
    """
    if words_per_second <= 0:
        raise ValueError("words_per_second must be positive")
    total = 0.0
    for step in exercise.steps:
        if step.kind == "speak":
            total += _spoken_seconds(step.text, words_per_second)
        elif step.kind == "chime":
            total += CHIME_SECONDS
        else:
            total += _spoken_seconds(step.text, words_per_second) + step.planned_seconds()
    return total


# --- how long an exercise may last --------------------------------------------------------------------
# The stated minutes are what the library, Today and programs promise; the script is what Begin renders.
# Both must agree within a factor of two, and no script may run past 90 minutes: a script that claims
# 1 minute but holds 500 pauses of 10 minutes would otherwise render an 8 GB track.
MAX_TOTAL_MINUTES = 90.0
MIN_SHARE_OF_STATED = 0.5
MAX_SHARE_OF_STATED = 2.0
# Minutes cannot be stated below 1, so a script shorter than a minute is honestly "1 minute".
SHORTEST_STATED_MINUTES = 1.0
LONGEST_STATED_MINUTES = 60  # the schema's maximum (resources/schemas/exercise.schema.json)


def _minutes_text(minutes: float) -> str:
    if minutes < 1:
        return f"{max(1, round(minutes * 60))} seconds"
    return f"{minutes:.1f}".removesuffix(".0") + (" minute" if round(minutes, 1) == 1 else " minutes")


def duration_problem(exercise: Exercise) -> str | None:
    """Why the script's length does not fit its stated minutes, in one plain sentence; None when it fits.

    The script's length is `estimate_seconds` (speech at a calm pace, pauses, breathing cycles, chimes).
    It must be at most MAX_TOTAL_MINUTES and within 50-200% of `exercise.minutes`, where a script shorter
    than a minute counts as one minute. The sentence suggests the range of minutes that would fit.
    """
    total = estimate_seconds(exercise) / 60.0
    if total > MAX_TOTAL_MINUTES:
        return (
            f"the steps last about {_minutes_text(total)}; an exercise may last at most"
            f" {MAX_TOTAL_MINUTES:.0f} minutes"
        )
    counted = max(total, SHORTEST_STATED_MINUTES)
    if MIN_SHARE_OF_STATED * exercise.minutes <= counted <= MAX_SHARE_OF_STATED * exercise.minutes:
        return None
    # Whole minutes inside the allowed band (the editor states minutes as whole numbers).
    low = max(math.ceil(counted / MAX_SHARE_OF_STATED), int(SHORTEST_STATED_MINUTES))
    high = max(min(math.floor(counted / MIN_SHARE_OF_STATED), LONGEST_STATED_MINUTES), low)
    advice = f"set minutes between {low} and {high}" if low != high else f"set minutes to {low}"
    return (
        f"the steps last about {_minutes_text(total)} but minutes says {_minutes_text(exercise.minutes)}:"
        f" {advice}"
    )
