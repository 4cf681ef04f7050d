"""What a render produces: the playable file and the exact start and end of every step in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Phase:
    """A part of a breathing step ("in", "hold", "out") so captions can follow each breath."""

    name: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class StepTiming:
    index: int
    kind: str
    start_s: float
    end_s: float
    text: str
    phases: tuple[Phase, ...] = field(default=())

    def contains(self, seconds: float) -> bool:
        return self.start_s <= seconds < self.end_s

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "index": self.index,
            "kind": self.kind,
            "start_s": self.start_s,
            "end_s": self.end_s,
            "text": self.text,
        }
        if self.phases:
            out["phases"] = [{"name": p.name, "start_s": p.start_s, "end_s": p.end_s} for p in self.phases]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StepTiming:
        return cls(
            index=int(data["index"]),
            kind=str(data["kind"]),
            start_s=float(data["start_s"]),
            end_s=float(data["end_s"]),
            text=str(data.get("text", "")),
            phases=tuple(
                Phase(str(p["name"]), float(p["start_s"]), float(p["end_s"])) for p in data.get("phases", ())
            ),
        )


@dataclass(frozen=True)
class RenderedTrack:
    path: Path
    steps: list[StepTiming]
    duration_s: float
    engine: str
    cache_hit: bool
    is_prefix: bool = False  # True for the short first part handed out while the rest renders

    def step_at(self, seconds: float) -> StepTiming | None:
        """The step playing at `seconds` (the last one once past the end, None before the first)."""
        current: StepTiming | None = None
        for timing in self.steps:
            if timing.start_s <= seconds:
                current = timing
            else:
                break
        return current
