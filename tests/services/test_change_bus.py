"""The change broadcast: one typed Changes per write, and a listener that fails never fails the write."""

from __future__ import annotations

import logging

import pytest

from coach.services.changes import ChangeBus, Changes, Topic
from coach.services.context import AppContext
from coach.services.practice.sessions import SessionService


def _failing_view(changes: Changes) -> None:
    raise RuntimeError("the Today page could not refresh")


def test_a_listener_that_raises_is_logged_and_the_write_and_later_listeners_still_happen(
    ctx: AppContext, caplog: pytest.LogCaptureFixture
) -> None:
    heard: list[Changes] = []
    ctx.bus.subscribe(_failing_view)
    ctx.bus.subscribe(heard.append)
    service = SessionService(ctx)
    with caplog.at_level(logging.ERROR, logger="coach.services.changes"):
        session_id = service.start("somatic-tracking-5", 6, 5, [])
    assert service.get(session_id).status == "in_progress"  # the write is saved
    assert [c.topics for c in heard] == [frozenset({Topic.SESSIONS})]  # the next listener still ran
    assert "could not refresh" in caplog.text and "sessions" in caplog.text

    # Autosave goes on, again and again, and the session finishes normally.
    service.save_progress(session_id, 15.0, 0.05)
    service.save_progress(session_id, 30.0, 0.10)
    assert service.get(session_id).position_s == 30.0
    service.finish(session_id, 3, 2)
    assert service.get(session_id).status == "completed"


def test_saving_the_play_position_publishes_nothing(ctx: AppContext) -> None:
    service = SessionService(ctx)
    session_id = service.start("somatic-tracking-5", 6, 5, [])
    heard: list[Changes] = []
    ctx.bus.subscribe(heard.append)
    for second in (15, 30, 45):
        service.save_progress(session_id, float(second), second / 300)
    assert heard == []


def test_one_publish_carries_every_topic_and_its_origin() -> None:
    bus = ChangeBus()
    heard: list[Changes] = []
    unsubscribe = bus.subscribe(heard.append)
    origin = object()
    sent = bus.publish(Topic.PROFILE, Topic.SETTINGS, origin=origin)
    assert heard == [sent] and sent.topics == {Topic.PROFILE, Topic.SETTINGS} and sent.origin is origin
    assert sent.touches(Topic.SETTINGS) and not sent.touches(Topic.TAPER)
    assert bus.publish(Topic.ALL).touches(Topic.TAPER)  # restore, import, demo: everything may have changed
    unsubscribe()
    bus.publish(Topic.TAPER)
    assert len(heard) == 2
    with pytest.raises(ValueError):
        bus.publish()
