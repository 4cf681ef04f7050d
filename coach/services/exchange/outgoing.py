"""The patient's side of the exchange folder: their progress file written to `to-coach/<uuid>.coachprogress`
after each session or check-in (at most every WRITE_EVERY, never half-written) and on demand."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from coach.domain.errors import CoachError
from coach.domain.settings import EXCHANGE_WRITTEN_AT
from coach.services.changes import Changes, Topic
from coach.services.context import AppContext
from coach.services.exchange.folder import (
    PROGRESS_SUFFIX,
    TO_COACH,
    ExchangeError,
    exchange_folder,
    is_coach,
    place_atomically,
    require_folder,
)
from coach.services.profiles.identity import profile_uuid

WRITE_EVERY = timedelta(minutes=10)  # the patient's file is rewritten at most this often on its own
PLAYING_WITHIN = timedelta(hours=3)  # an unfinished session younger than this is still being played
SHARED_DAYS = 90  # the progress file the patient's app writes covers this many days, ending today
PROGRESS_TOPICS = (Topic.SESSIONS, Topic.CHECKINS, Topic.WITHDRAWAL)


def write_progress(ctx: AppContext) -> Path:
    """Write this patient's progress (the last SHARED_DAYS days) to `to-coach/<uuid>.coachprogress`,
    atomically. Returns the path. ExchangeError without a folder or in a coach profile."""
    from coach.services.caseload.progress_files import export_progress

    if is_coach(ctx):
        raise ExchangeError("a coach profile receives progress files; it does not write one")
    folder = require_folder(ctx)
    final = folder / TO_COACH / f"{profile_uuid(ctx)}{PROGRESS_SUFFIX}"
    place_atomically(final, lambda tmp: export_progress(ctx, tmp, days=SHARED_DAYS))
    final.chmod(0o644)  # the sync app shares it; its content is what the patient chose to share
    ctx.store.set_setting(EXCHANGE_WRITTEN_AT, ctx.clock.now().isoformat())
    return final


def last_written(ctx: AppContext) -> datetime | None:
    """When the progress file was last written to the folder (UTC), or None."""
    text = ctx.store.setting(EXCHANGE_WRITTEN_AT)
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def _session_playing(ctx: AppContext) -> bool:
    """A session was started in the last PLAYING_WITHIN and is not finished yet."""
    from coach.services.practice.sessions import SessionService

    record = SessionService(ctx).interrupted()
    return record is not None and ctx.clock.now() - record.started_at < PLAYING_WITHIN


class AutoWriter:
    """Rewrites the patient's progress file after a session or check-in, at most every WRITE_EVERY.

    Follows the ChangeBus: a change to sessions or check-ins marks the file out of date and writes it when
    the last write is old enough; `tick()` (called by the app's timer) writes one held back. Never raises:
    a failure is kept in `problem` for the status line."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.due = False
        self.problem = ""
        self._unsubscribe = ctx.bus.subscribe(self._on_change)

    def close(self) -> None:
        self._unsubscribe()

    def _on_change(self, changes: Changes) -> None:
        if changes.touches(*PROGRESS_TOPICS) or (changes.touches(Topic.SETTINGS) and not self._file_there()):
            # A folder chosen just now gets the file at once, without waiting for the next session.
            self.due = True
            self.tick()

    def _file_there(self) -> bool:
        folder = exchange_folder(self.ctx)
        if folder is None or is_coach(self.ctx):
            return True  # nothing to write
        return (folder / TO_COACH / f"{profile_uuid(self.ctx)}{PROGRESS_SUFFIX}").is_file()

    def tick(self) -> Path | None:
        """Write now if a change is waiting, a folder is chosen and the last write is WRITE_EVERY old."""
        if not self.due or is_coach(self.ctx) or exchange_folder(self.ctx) is None:
            return None
        if _session_playing(self.ctx):
            return None  # write once it is finished, with its ratings, rather than the empty start
        before = last_written(self.ctx)
        if before is not None and self.ctx.clock.now() - before < WRITE_EVERY:
            return None
        try:
            path = write_progress(self.ctx)
        except CoachError as exc:
            self.problem = str(exc)
            return None
        except OSError as exc:
            self.problem = f"could not write to the exchange folder ({exc.strerror})"
            return None
        self.due = False
        self.problem = ""
        return path
