"""When a practice session counts as done: the one rule every count of sessions uses (honest adherence).

A session is done when it was finished (status "completed") and at least `session_done_fraction` of it
(default 0.8, a setting) was played; one finished with less is "partial" and is shown as such, never
counted as done. The patient's Today and Progress, program adherence, reminders, the progress file and the
coach's caseload all ask this module (SQL reads use coach.storage.sessions_repo.done_clause, built from
the same setting and default).
"""

from __future__ import annotations

from coach.domain.settings import SESSION_DONE_FRACTION

DEFAULT_DONE_FRACTION: float = SESSION_DONE_FRACTION.default
# Floating-point slack: 0.8 stored and read back must still count against a 0.8 threshold.
_EPSILON = 1e-9


def counts_as_done(status: str, fraction: float | None, threshold: float = DEFAULT_DONE_FRACTION) -> bool:
    """True when a session with this status and played fraction (0-1; None = not recorded, as in files
    from before the rule) counts as done. Finished sessions without a fraction count, as they always did."""
    if status != "completed":
        return False
    return fraction is None or fraction + _EPSILON >= threshold


def is_partial(status: str, fraction: float | None, threshold: float = DEFAULT_DONE_FRACTION) -> bool:
    """True for a finished session of which less than `threshold` was played: shown as partial."""
    return status == "completed" and fraction is not None and fraction + _EPSILON < threshold


def percent_played(fraction: float | None) -> str:
    """`9% played` for a fraction 0-1 ('' when unknown): how a partial session is described."""
    if fraction is None:
        return ""
    return f"{round(max(0.0, min(1.0, fraction)) * 100)}% played"
