"""Played time counts what was heard, not where the position got to by skipping."""

from __future__ import annotations

import pytest

from coach.domain.played_time import PlayedTime
from coach.domain.session_done import DEFAULT_DONE_FRACTION


def _play(played: PlayedTime, start: float, end: float, tick: float = 0.25) -> None:
    t = start
    while t < end:
        played.heard(t)
        t += tick
    played.heard(end)


def test_skipping_forward_two_fifteen_of_three_minutes_is_not_all_the_way() -> None:
    # The tester's case: a 3:00 track, 15 s forward nine times (2:15) and the rest listened to.
    played = PlayedTime()
    position = 0.0
    for _ in range(9):
        _play(played, position, position + 0.5)  # a moment of listening, then 15 s forward
        played.jumped()
        position += 15.5
    _play(played, position, 180.0)
    assert played.played_s == pytest.approx(180 - 9 * 15, abs=0.1)
    assert played.fraction(180.0) < DEFAULT_DONE_FRACTION


def test_listening_through_is_all_of_it_and_again_counts_once() -> None:
    played = PlayedTime()
    _play(played, 0.0, 180.0)
    played.jumped()
    _play(played, 0.0, 60.0)  # back to the start and listened again
    assert played.fraction(180.0) == pytest.approx(1.0)


def test_a_report_far_ahead_without_a_seek_is_still_a_jump() -> None:
    played = PlayedTime()
    _play(played, 0.0, 10.0)
    played.heard(100.0)  # the slider was dragged and the transport just reported the new place
    _play(played, 100.0, 110.0)
    assert played.played_s == pytest.approx(20.0)


def test_a_resumed_session_keeps_what_it_had() -> None:
    played = PlayedTime(already_s=60.0)
    _play(played, 60.0, 90.0)
    assert played.played_s == pytest.approx(90.0)
    assert PlayedTime().fraction(0.0) == 0.0
