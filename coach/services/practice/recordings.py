"""A person's own recordings for an exercise: decode wav/flac/ogg/opus/mp3, bring to the app's loudness, store.

Decoding is coach.audio.decode (libsndfile, one library for every format). Stored recordings are mono
16-bit WAV (what program bundles carry) at the source's sample rate (capped at 48 kHz), normalised to coach.audio.loudness.TARGET_DBFS like every rendered track.
"""

from __future__ import annotations

import hashlib
import os
from datetime import datetime
from pathlib import Path

from coach.audio.cache import export_wav
from coach.audio.decode import SUFFIXES as SUFFIXES
from coach.audio.decode import decode as decode
from coach.audio.decode import supported_suffixes as supported_suffixes
from coach.audio.loudness import gated_level_dbfs, normalize_segment, segment_to_float
from coach.domain.errors import CoachError
from coach.domain.timefmt import from_db, to_db
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.storage.exercises_repo import ExercisesRepo
from coach.storage.exercises_repo import Recording as Recording
from coach.storage.paths import ensure_private_dir

MIN_SECONDS = 0.5
MAX_SECONDS = 3 * 3600.0  # the same cap program bundles use
MAX_RATE = 48_000


def _stored_name(exercise_id: str, source: Path, now: datetime) -> str:
    digest = hashlib.sha256(f"{source.name}{now.isoformat()}{os.getpid()}".encode()).hexdigest()[:8]
    return f"{exercise_id}-{now:%Y%m%d-%H%M%S}-{digest}.wav"


def import_recording(ctx: AppContext, exercise_id: str, source: Path) -> Recording:
    """Decode `source`, normalise it to the app's loudness and keep it with the profile."""
    from coach.services.practice.library import ExerciseLibrary

    ExerciseLibrary(ctx.store).get(exercise_id)  # the exercise must exist
    segment = decode(source)
    seconds = len(segment) / 1000.0
    if seconds < MIN_SECONDS:
        raise CoachError(f"{source.name} is too short to use ({seconds:.1f} seconds)")
    if seconds > MAX_SECONDS:
        raise CoachError(f"{source.name} is longer than three hours")
    segment = segment.set_channels(1).set_sample_width(2)
    if segment.frame_rate > MAX_RATE:
        segment = segment.set_frame_rate(MAX_RATE)
    if gated_level_dbfs(segment_to_float(segment), segment.frame_rate) == float("-inf"):
        raise CoachError(f"{source.name} seems to be silent")
    segment = normalize_segment(segment)

    folder = ensure_private_dir(ctx.paths.recordings_dir)
    now = ctx.clock.now()
    stored = _stored_name(exercise_id, source, now)
    target = folder / stored
    export_wav(segment, target)
    os.chmod(target, 0o600)
    try:
        with ctx.store.transaction():
            recording_id = ExercisesRepo(ctx.store).add_recording(
                exercise_id, stored, round(seconds, 3), source.name[:200], to_db(now)
            )
    except Exception:
        target.unlink(missing_ok=True)  # no orphan file without its row
        raise
    ctx.bus.publish(Topic.EXERCISES)
    return Recording(
        recording_id, exercise_id, target, round(seconds, 3), source.name[:200], from_db(to_db(now))
    )


def recordings_for(ctx: AppContext, exercise_id: str) -> list[Recording]:
    """The exercise's recordings, newest first, with absolute paths."""
    return ExercisesRepo(ctx.store).recordings(exercise_id)


def recording_counts(ctx: AppContext) -> dict[str, int]:
    """Exercise id -> number of own recordings (exercises without any are absent), for the library list."""
    return ExercisesRepo(ctx.store).recording_counts()


def remove_recording(ctx: AppContext, recording_id: int) -> None:
    """Delete the recording's row, then its file; CoachError when there is no such recording."""
    repo = ExercisesRepo(ctx.store)
    path = repo.recording_path(recording_id)
    if path is None:
        raise CoachError(f"no recording number {recording_id}")
    with ctx.store.transaction():
        repo.delete_recording(recording_id)
    path.unlink(missing_ok=True)
    ctx.bus.publish(Topic.EXERCISES)
