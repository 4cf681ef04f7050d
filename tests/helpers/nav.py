"""A navigator for page tests: records every page asked for and every exercise started."""

from __future__ import annotations

from typing import Any


class RecordingNav:
    """Stands in for the main window's `Navigator` (coach/ui/navigation.py).

    `went`: `(page key, kwargs)` per `go`; `started`: exercise ids per `start_exercise`; `calls`: both in
    order, an exercise start as `("practice", {"exercise_id": id})`.
    """

    def __init__(self) -> None:
        self.went: list[tuple[str, dict[str, Any]]] = []
        self.started: list[str] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def go(self, key: str, **kwargs: Any) -> None:
        self.went.append((key, kwargs))
        self.calls.append((key, kwargs))

    def start_exercise(self, exercise_id: str) -> None:
        self.started.append(exercise_id)
        self.calls.append(("practice", {"exercise_id": exercise_id}))
