"""Views follow the change broadcast: visible ones refresh at once, hidden ones once when shown again."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from coach.services.changes import ChangeBus, Topic
from coach.ui.changes import follow_changes, is_stale


def _view(qtbot) -> tuple[QWidget, list[str]]:  # type: ignore[no-untyped-def]
    view = QWidget()
    qtbot.addWidget(view)
    return view, []


def test_a_visible_view_refreshes_at_once_and_only_for_its_topics(qtbot) -> None:  # type: ignore[no-untyped-def]
    bus = ChangeBus()
    view, refreshed = _view(qtbot)
    view.show()
    follow_changes(view, bus, (Topic.SESSIONS,), lambda: refreshed.append("now"))
    bus.publish(Topic.TAPER)
    assert refreshed == []
    bus.publish(Topic.SESSIONS, Topic.TAPER)
    bus.publish(Topic.ALL)
    assert refreshed == ["now", "now"]


def test_a_hidden_view_is_marked_stale_and_refreshes_once_when_shown(qtbot) -> None:  # type: ignore[no-untyped-def]
    bus = ChangeBus()
    view, refreshed = _view(qtbot)
    follow_changes(view, bus, (Topic.CHECKINS,), lambda: refreshed.append("shown"))
    for _ in range(3):
        bus.publish(Topic.CHECKINS)
    assert refreshed == [] and is_stale(view)
    view.show()
    assert refreshed == ["shown"] and not is_stale(view)
    view.hide()
    view.show()
    assert refreshed == ["shown"]  # nothing new happened: no second refresh


def test_when_hidden_refreshes_even_off_screen(qtbot) -> None:  # type: ignore[no-untyped-def]
    bus = ChangeBus()
    view, refreshed = _view(qtbot)
    follow_changes(view, bus, (Topic.SETTINGS,), lambda: refreshed.append("themed"), when_hidden=True)
    bus.publish(Topic.SETTINGS)
    assert refreshed == ["themed"]


def test_a_destroyed_view_stops_listening(qtbot) -> None:  # type: ignore[no-untyped-def]
    bus = ChangeBus()
    view = QWidget()
    refreshed: list[str] = []
    follow_changes(view, bus, (Topic.TAPER,), lambda: refreshed.append("late"), when_hidden=True)
    view.deleteLater()
    qtbot.waitUntil(lambda: not bus._listeners, timeout=2000)
    bus.publish(Topic.TAPER)
    assert refreshed == []
