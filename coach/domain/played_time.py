"""How much of a track was really played: the union of the stretches heard, so skipping ahead is not
played time and listening again does not count twice (the session's honest played share).

Players feed it the positions their transport reports while audio plays; a move larger than
`MAX_STEP_S` between two reports (or an explicit `jumped()`, on every seek) starts a new stretch instead
of filling the gap.
"""

from __future__ import annotations

# Positions arrive a few times a second; a gap this large between two reports is a jump, not listening.
# The skip buttons move 15 s, well above it.
MAX_STEP_S = 3.0


class PlayedTime:
    """Seconds of a track really played, as the union of [start, end] stretches (seconds, >= 0)."""

    def __init__(self, already_s: float = 0.0) -> None:
        """`already_s`: a resumed session's start point, counted as played up to there (as it was saved)."""
        self._spans: list[tuple[float, float]] = [(0.0, already_s)] if already_s > 0 else []
        self._last: float | None = max(0.0, already_s)

    def heard(self, seconds: float) -> None:
        """The transport reported `seconds` while playing: the stretch since the last report was heard."""
        seconds = max(0.0, seconds)
        last = self._last
        if last is not None and 0.0 <= seconds - last <= MAX_STEP_S:
            self._add(last, seconds)
        self._last = seconds

    def jumped(self) -> None:
        """The position was moved (a seek or a skip): the next report starts a new stretch."""
        self._last = None

    def paused(self) -> None:
        """Playback stopped: nothing is heard until it plays again from wherever it is then."""
        self._last = None

    def _add(self, start: float, end: float) -> None:
        if end <= start:
            return
        merged: list[tuple[float, float]] = []
        for a, b in self._spans:
            if b < start or a > end:
                merged.append((a, b))
            else:
                start, end = min(a, start), max(b, end)
        merged.append((start, end))
        self._spans = sorted(merged)

    @property
    def played_s(self) -> float:
        """Seconds played, each moment of the track counted once."""
        return sum(b - a for a, b in self._spans)

    def fraction(self, duration_s: float) -> float:
        """Played seconds as a share (0-1) of a track `duration_s` seconds long (0 when unknown)."""
        return min(1.0, self.played_s / duration_s) if duration_s > 0 else 0.0
