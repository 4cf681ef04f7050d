"""Practice sessions: start with ratings, autosave the position, finish with the change, resume."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from coach.domain.errors import CoachError
from coach.domain.session_done import counts_as_done
from coach.domain.settings import SESSION_DONE_FRACTION
from coach.domain.timefmt import to_db
from coach.domain.wording import count
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.practice.recordings import Recording, import_recording, recordings_for
from coach.storage.sessions_repo import SessionRecord as SessionRecord
from coach.storage.sessions_repo import SessionsRepo

# Offered as checkable chips before a session; the person may pick none.
BODY_AREAS: tuple[str, ...] = (
    "head",
    "jaw",
    "neck",
    "shoulders",
    "arms",
    "hands",
    "chest",
    "upper back",
    "lower back",
    "belly",
    "hips",
    "legs",
    "knees",
    "feet",
    "all over",
)
MAX_NOTE_CHARS = 2000
# An in-progress session older than this is stale: it is no longer offered for resume.
RESUME_WITHIN = timedelta(days=7)


def describe_change(label: str, before: int | None, after: int | None) -> str:
    """ "Pain 6 → 4: down 2 points" in plain words (an empty string when either rating is missing)."""
    if before is None or after is None:
        return ""
    delta = after - before
    points = count(abs(delta), "point")
    if delta < 0:
        how = f"down {points}"
    elif delta > 0:
        how = f"up {points}"
    else:
        how = "no change"
    return f"{label} {before} \u2192 {after}: {how}"


@dataclass(frozen=True)
class SessionOutcome:
    """What changed over one session (negative changes mean less pain or distress)."""

    session_id: int
    exercise_id: str
    completed_fraction: float
    pre_pain: int | None
    post_pain: int | None
    pre_distress: int | None
    post_distress: int | None
    done: bool = False  # counts as done (coach.domain.session_done, with the session_done_fraction setting)

    @property
    def pain_change(self) -> int | None:
        if self.pre_pain is None or self.post_pain is None:
            return None
        return self.post_pain - self.pre_pain

    @property
    def distress_change(self) -> int | None:
        if self.pre_distress is None or self.post_distress is None:
            return None
        return self.post_distress - self.pre_distress

    def lines(self) -> list[str]:
        """Sentences for the "how did that go" screen."""
        out = [
            line
            for line in (
                describe_change("Pain", self.pre_pain, self.post_pain),
                describe_change("Distress", self.pre_distress, self.post_distress),
            )
            if line
        ]
        return out


def validate_rating(value: int | None, what: str) -> int | None:
    """A 0-10 rating (None means the person chose not to rate)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise CoachError(f"{what} must be a whole number from 0 to 10, not {value!r}")
    if not 0 <= value <= 10:
        raise CoachError(f"{what} must be from 0 to 10, not {value}")
    return value


def _clean_areas(areas: Iterable[str]) -> list[str]:
    out: list[str] = []
    for area in areas:
        text = " ".join(str(area).split()).lower()
        if not text:
            continue
        if len(text) > 40:
            raise CoachError(f"the body area {text[:40]!r}... is too long (40 characters at most)")
        if text not in out:
            out.append(text)
    return out


class SessionService:
    """The rules of a session (ratings, one running at a time, fractions that never go down); writes
    through SessionsRepo on the thread that owns the store, and says so on the bus."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.repo = SessionsRepo(ctx.store)

    def _now(self) -> str:
        return to_db(self.ctx.clock.now())

    # --- reading ---------------------------------------------------------------------------------
    def get(self, session_id: int) -> SessionRecord:
        record = self.repo.get(session_id)
        if record is None:
            raise CoachError(f"no session number {session_id}")
        return record

    def interrupted(self) -> SessionRecord | None:
        """The most recent session left in progress (app closed, page left) within the last week."""
        return self.repo.latest_in_progress(to_db(self.ctx.clock.now() - RESUME_WITHIN))

    def recent(self, n: int = 10) -> list[SessionRecord]:
        return self.repo.recent(max(0, n))

    # --- writing ---------------------------------------------------------------------------------
    def start(
        self,
        exercise_id: str,
        pre_pain: int | None,
        pre_distress: int | None,
        body_areas: Sequence[str] = (),
    ) -> int:
        """A new in-progress session. One session runs at a time: an older in-progress one is set aside
        as abandoned, keeping how far it got."""
        from coach.services.practice.library import ExerciseLibrary

        pain = validate_rating(pre_pain, "pain before")
        distress = validate_rating(pre_distress, "distress before")
        areas = _clean_areas(body_areas)
        ExerciseLibrary(self.ctx.store).get(exercise_id)  # CoachError naming the id if it does not exist
        now = self._now()
        with self.ctx.store.transaction():
            self.repo.abandon_all_in_progress(now)
            session_id = self.repo.add_started(exercise_id, now, pain, distress, areas)
        self.ctx.bus.publish(Topic.SESSIONS)
        return session_id

    def _require_in_progress(self, session_id: int) -> SessionRecord:
        record = self.get(session_id)
        if record.status != "in_progress":
            raise CoachError(f"session {session_id} is already {record.status.replace('_', ' ')}")
        return record

    @staticmethod
    def _fraction(value: float) -> float:
        # Players report positions a hair past the end; anything outside [0, 1] beyond that is a bug.
        if not -0.01 <= value <= 1.01:
            raise CoachError(f"completed fraction must be between 0 and 1, not {value}")
        return min(1.0, max(0.0, float(value)))

    def save_progress(self, session_id: int, position_s: float, completed_fraction: float) -> None:
        """Autosave (every 15 s and on close). The fraction never goes down: seeking back to listen
        again does not undo what was already heard."""
        record = self._require_in_progress(session_id)
        fraction = max(record.completed_fraction, self._fraction(completed_fraction))
        with self.ctx.store.transaction():
            self.repo.save_position(session_id, max(0.0, float(position_s)), fraction, self._now())
        # Nothing is published: the play position is the player's own business, and a change every 15 s
        # would refresh every page that shows sessions.

    def finish(
        self,
        session_id: int,
        post_pain: int | None,
        post_distress: int | None,
        note: str = "",
        completed_fraction: float | None = None,
    ) -> SessionOutcome:
        """Close the session with the after-ratings; returns what changed."""
        record = self._require_in_progress(session_id)
        pain = validate_rating(post_pain, "pain after")
        distress = validate_rating(post_distress, "distress after")
        text = note.strip()
        if len(text) > MAX_NOTE_CHARS:
            raise CoachError(f"the note is too long ({len(text)} characters; {MAX_NOTE_CHARS} at most)")
        fraction = record.completed_fraction
        if completed_fraction is not None:
            fraction = max(fraction, self._fraction(completed_fraction))
        now = self._now()
        with self.ctx.store.transaction():
            self.repo.complete(
                session_id,
                now=now,
                post_pain=pain,
                post_distress=distress,
                note=text,
                completed_fraction=fraction,
            )
        self.ctx.bus.publish(Topic.SESSIONS)
        return SessionOutcome(
            session_id=session_id,
            exercise_id=record.exercise_id,
            completed_fraction=fraction,
            pre_pain=record.pre_pain,
            post_pain=pain,
            pre_distress=record.pre_distress,
            post_distress=distress,
            done=counts_as_done("completed", fraction, self.ctx.store.setting(SESSION_DONE_FRACTION)),
        )

    def abandon(self, session_id: int) -> None:
        """Set an unfinished session aside (the person chose to start fresh); it keeps how far it got."""
        self._require_in_progress(session_id)
        now = self._now()
        with self.ctx.store.transaction():
            self.repo.abandon(session_id, now)
        self.ctx.bus.publish(Topic.SESSIONS)

    # --- recordings ------------------------------------------------------------------------------
    def attach_recording(self, exercise_id: str, source_file: Path | str) -> Recording:
        """Import a person's own recording for an exercise (see coach/services/practice/recordings.py)."""
        return import_recording(self.ctx, exercise_id, Path(source_file))

    def recordings(self, exercise_id: str) -> list[Recording]:
        return recordings_for(self.ctx, exercise_id)


__all__ = [
    "BODY_AREAS",
    "Recording",
    "SessionOutcome",
    "SessionRecord",
    "SessionService",
    "describe_change",
    "validate_rating",
]
