"""How a view follows the change broadcast: refresh now when it is on screen, otherwise remember that it is
stale and refresh the next time it is shown. Hidden pages then cost nothing while the person works."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from coach.services.changes import ChangeBus, Changes, Topic


class _StaleUntilShown(QObject):
    """Event filter on the followed view: runs the pending refresh when the view is shown again."""

    def __init__(self, view: QWidget, refresh: Callable[[], None]) -> None:
        super().__init__(view)
        self.view = view
        self.refresh = refresh
        self.stale = False
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # `stale` first: event.type() builds QEvent's Python enum (~30 ms), which start-up must not pay for.
        if self.stale and watched is self.view and event.type() == QEvent.Type.Show:
            self.stale = False
            self.refresh()
        return False

    def changed(self) -> None:
        if self.view.isVisible():
            self.stale = False
            self.refresh()
        else:
            self.stale = True


def follow_changes(
    view: QWidget,
    bus: ChangeBus,
    topics: Iterable[Topic],
    refresh: Callable[[], None],
    *,
    when_hidden: bool = False,
) -> Callable[[], None]:
    """Call `refresh()` after each publish touching `topics` (or `Topic.ALL`): at once if `view` is visible,
    else once when it is next shown (`when_hidden=True` refreshes hidden views at once too, for state that
    must never lag, such as the theme). Listening stops when `view` is destroyed. Returns `unsubscribe`."""
    wanted = frozenset(topics)
    tracker = _StaleUntilShown(view, refresh)
    alive = [True]

    def on_change(changes: Changes) -> None:
        if not alive[0] or not changes.touches(wanted):
            return
        if when_hidden:
            refresh()
        else:
            tracker.changed()

    unsubscribe = bus.subscribe(on_change)

    def gone(*_: object) -> None:
        alive[0] = False
        unsubscribe()

    view.destroyed.connect(gone)
    return gone


def is_stale(view: QWidget) -> bool:
    """True when `view` missed a change while hidden and will refresh when shown (for tests and benches)."""
    return any(isinstance(child, _StaleUntilShown) and child.stale for child in view.children())
