"""How a page asks to show another page, without knowing the main window."""

from __future__ import annotations

from typing import Any, Protocol


class Navigator(Protocol):
    def go(self, key: str, **kwargs: Any) -> None:
        """Show page `key`; the page's optional `on_navigate(**kwargs)` receives the arguments."""
        ...

    def start_exercise(self, exercise_id: str) -> None:
        """Open Practice and begin the session for `exercise_id`."""
        ...
