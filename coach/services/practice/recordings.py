"""A person's own recordings for an exercise: decode wav/flac/ogg/mp3/m4a, bring to the app's loudness, store.

Decoders, in order: WAV natively (pydub); FLAC/OGG with `soundfile` if installed, else the `sox` command;
anything (including MP3/M4A) with an ffmpeg binary (on PATH, or from the `imageio-ffmpeg` wheel). Stored
recordings are mono 16-bit WAV (what program bundles carry) at the source's sample rate (capped at 48 kHz),
normalised to coach.audio.loudness.TARGET_DBFS like every rendered track.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import wave
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from coach.audio._pydub import AudioSegment
from coach.audio.cache import export_wav
from coach.audio.loudness import gated_level_dbfs, normalize_segment, segment_to_float
from coach.domain.errors import CoachError
from coach.domain.timefmt import from_db, to_db
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.storage.exercises_repo import ExercisesRepo
from coach.storage.exercises_repo import Recording as Recording
from coach.storage.paths import ensure_private_dir

SUFFIXES: tuple[str, ...] = (".wav", ".wave", ".flac", ".ogg", ".oga", ".mp3", ".m4a")
MIN_SECONDS = 0.5
MAX_SECONDS = 3 * 3600.0  # the same cap program bundles use
MAX_RATE = 48_000
_DECODE_RATE = 44_100  # external decoders are asked for this rate
_TIMEOUT_S = 600


def _soundfile() -> Any:
    try:
        import soundfile
    except (ImportError, OSError):  # OSError: the wheel is there but libsndfile is not
        return None
    return soundfile


def ffmpeg_binary() -> str | None:
    """An ffmpeg executable: the system one, else the one the imageio-ffmpeg wheel ships."""
    found = shutil.which("ffmpeg")
    if found:
        return found
    try:
        import imageio_ffmpeg  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    try:
        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except RuntimeError:
        return None


def supported_suffixes() -> tuple[str, ...]:
    """The file types this machine can import (for the file dialog's filter)."""
    if ffmpeg_binary():
        return SUFFIXES
    if _soundfile() is not None or shutil.which("sox"):
        return (".wav", ".wave", ".flac", ".ogg", ".oga")
    return (".wav", ".wave")


def _raw_to_segment(pcm: bytes) -> AudioSegment:
    usable = len(pcm) - len(pcm) % 2
    return AudioSegment(data=pcm[:usable], sample_width=2, frame_rate=_DECODE_RATE, channels=1)


def _run(command: list[str]) -> bytes:
    result = subprocess.run(command, capture_output=True, timeout=_TIMEOUT_S, check=False)
    if result.returncode != 0:
        raise OSError(result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or "decoder failed")
    return result.stdout


def _with_sox(path: Path) -> AudioSegment:
    return _raw_to_segment(
        _run(["sox", "-q", str(path), "-t", "raw", "-e", "signed", "-b", "16", "-c", "1",
              "-r", str(_DECODE_RATE), "-"])
    )  # fmt: skip


def _with_ffmpeg(path: Path, binary: str) -> AudioSegment:
    return _raw_to_segment(
        _run([binary, "-v", "error", "-nostdin", "-i", str(path), "-vn", "-ac", "1",
              "-ar", str(_DECODE_RATE), "-f", "s16le", "-"])
    )  # fmt: skip


def _with_wave(path: Path) -> AudioSegment:
    """PCM WAV of any sample size, read with the standard library (pydub would reach for ffprobe on
    anything it does not expect, and print warnings)."""
    with wave.open(str(path)) as wav:
        channels, width, rate = wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
        data = wav.readframes(wav.getnframes())
    if width == 1:  # 8-bit WAV is unsigned
        pcm = ((np.frombuffer(data, dtype=np.uint8).astype(np.int16) - 128) << 8).astype("<i2")
    elif width == 2:
        pcm = np.frombuffer(data[: len(data) - len(data) % 2], dtype="<i2")
    elif width == 3:
        raw = np.frombuffer(data[: len(data) - len(data) % 3], dtype=np.uint8).reshape(-1, 3)
        pcm = (raw[:, 1].astype(np.uint16) | (raw[:, 2].astype(np.uint16) << 8)).view("<i2")
    elif width == 4:
        pcm = (np.frombuffer(data[: len(data) - len(data) % 4], dtype="<i4") >> 16).astype("<i2")
    else:
        raise ValueError(f"unusual sample size {width}")
    usable = len(pcm) - len(pcm) % channels
    return AudioSegment(data=pcm[:usable].tobytes(), sample_width=2, frame_rate=rate, channels=channels)


def _with_soundfile(path: Path) -> AudioSegment:
    sf = _soundfile()
    assert sf is not None
    data, rate = sf.read(str(path), dtype="int16", always_2d=True)
    return AudioSegment(
        data=data.tobytes(), sample_width=2, frame_rate=int(rate), channels=int(data.shape[1])
    )


_DECODE_ERRORS = (
    OSError,
    ValueError,
    EOFError,
    IndexError,
    wave.Error,
    subprocess.SubprocessError,
    RuntimeError,
)


def decode(path: Path) -> AudioSegment:
    """The audio in `path`, or CoachError saying in plain words why it cannot be read here."""
    suffix = path.suffix.lower()
    name = path.name
    if suffix not in SUFFIXES:
        raise CoachError(f"{name} is not a file type that can be imported (use WAV, FLAC, OGG, MP3 or M4A)")
    if not path.is_file():
        raise CoachError(f"{name} cannot be found")
    attempts: list[Callable[[], AudioSegment]] = []
    if suffix in (".wav", ".wave"):
        attempts.append(lambda: _with_wave(path))
    if suffix in (".wav", ".wave", ".flac", ".ogg", ".oga"):
        if _soundfile() is not None:
            attempts.append(lambda: _with_soundfile(path))
        if shutil.which("sox"):
            attempts.append(lambda: _with_sox(path))
    binary = ffmpeg_binary()
    if binary:
        attempts.append(lambda: _with_ffmpeg(path, binary))
    if not attempts:
        kind = suffix.lstrip(".").upper()
        raise CoachError(
            f"{kind} files need ffmpeg, which is not installed here: save the recording as WAV and try again"
        )
    for attempt in attempts:
        try:
            segment = attempt()
        except _DECODE_ERRORS:
            continue  # the next decoder may know the format
        if len(segment) > 0:
            return segment
    raise CoachError(f"{name} could not be read as audio: it may be damaged or in an unusual format")


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
