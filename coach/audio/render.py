"""Renders an exercise to a cached track, handing out a playable prefix early so playback starts at once.

Runs on any thread (the player calls it from a worker). It never touches the database: `from_settings`
reads everything it needs up front, on the caller's thread.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import time
from collections.abc import Callable
from pathlib import Path

from coach.audio.cache import AudioCache, cache_key
from coach.audio.compose import RATE, TrackBuilder, needs_speech, step_audio
from coach.audio.engines import SpeechEngine, get_engine, resolve_engine
from coach.audio.sounds import chime_fingerprint
from coach.audio.track import RenderedTrack
from coach.domain.errors import CoachError
from coach.domain.exercise import MAX_TOTAL_MINUTES, Exercise, estimate_seconds, step_to_dict
from coach.domain.settings import AMBIENT, AMBIENT_VOLUME, AUDIO_CACHE_MB, SPEECH_ENGINE, SPEECH_RATE
from coach.storage.private_files import private_dir
from coach.storage.store import Store

# The prefix is handed out once it holds some synthesised speech and the next step needs the voice again,
# and either it is long enough to cover a good part of the remaining render, or synthesis has already
# taken long enough that the listener should not wait any more.
MIN_PREFIX_S = 12.0
PREFIX_DEADLINE_S = 0.4
# While the rest renders, longer prefixes are written (each at least PARTIAL_EVERY_S longer and twice as
# long as the one before, so the files written add up to about twice the audio), and a player whose prefix
# runs out moves on to the longer one instead of waiting for the whole track.
PARTIAL_EVERY_S = 60.0
# Prefix files are deleted by the player once it has moved on; this sweep catches what a crash left.
_PARTIAL_MAX_AGE_S = 3600
_prefix_counter = itertools.count()


class RenderCancelled(Exception):
    """The caller asked to stop (the player was closed or another exercise was loaded)."""


class Renderer:
    def __init__(
        self,
        cache_dir: Path,
        engine: str = "auto",
        rate: float = 1.0,
        ambient: str = "none",
        ambient_volume: float = 0.15,
        cache_mb: int = 500,
        *,
        available: list[str] | None = None,
    ) -> None:
        self.cache_dir = cache_dir
        self.requested_engine = engine
        self.engine = resolve_engine(engine, available)
        self.rate = rate
        self.ambient = ambient
        self.ambient_volume = ambient_volume if ambient != "none" else 0.0
        self.cache = AudioCache(cache_dir, cache_mb)

    @classmethod
    def from_settings(cls, store: Store, engine: str | None = None) -> Renderer:
        """A renderer configured by the profile's settings (`engine` overrides speech_engine). Call it on
        the thread that owns the store; the renderer itself can then run anywhere."""
        return cls(
            store.paths.cache_dir / "audio",
            engine=engine or store.setting(SPEECH_ENGINE),
            rate=store.setting(SPEECH_RATE),
            ambient=store.setting(AMBIENT),
            ambient_volume=store.setting(AMBIENT_VOLUME),
            cache_mb=store.setting(AUDIO_CACHE_MB),
        )

    def _engine(self) -> SpeechEngine | None:
        return get_engine(self.engine)

    def cache_key(self, exercise: Exercise) -> str:
        engine = self._engine()
        return cache_key(
            {
                "steps": [step_to_dict(step) for step in exercise.steps],
                "engine": self.engine,
                "voice": engine.voice_id() if engine else "",
                "rate": round(self.rate, 3),
                "ambient": self.ambient,
                "ambient_volume": round(self.ambient_volume, 3),
                "chime": chime_fingerprint(),
            }
        )

    def cached(self, exercise: Exercise) -> RenderedTrack | None:
        return self.cache.get(self.cache_key(exercise))

    def render(
        self,
        exercise: Exercise,
        progress: Callable[[float], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        on_first_ready: Callable[[RenderedTrack], None] | None = None,
        on_partial: Callable[[RenderedTrack], None] | None = None,
    ) -> RenderedTrack:
        """The whole exercise as a cached track. `on_first_ready` gets a short playable prefix as soon as
        one exists (or the whole track when it is cached or quick to make); `on_partial` then gets longer
        prefixes as the render goes on; `cancelled` is polled between steps and raises RenderCancelled.
        Raises CoachError, before anything is written, for a script longer than 90 minutes."""
        report = progress or (lambda _fraction: None)
        stop = cancelled or (lambda: False)
        # Loaded exercises were checked already; this also covers one built in code or a preview.
        if estimate_seconds(exercise) > MAX_TOTAL_MINUTES * 60:
            raise CoachError(
                f"“{exercise.title}” would last more than {MAX_TOTAL_MINUTES:.0f} minutes, so it is not played"
            )
        key = self.cache_key(exercise)
        hit = self.cache.get(key)
        if hit is not None:
            self._release_voice()  # a voice started ahead of time (the player's warm-up) is not needed
            report(1.0)
            if on_first_ready is not None:
                on_first_ready(hit)
            return hit

        engine = self._engine()
        try:
            if engine is not None and exercise.steps and any(needs_speech(s) for s in exercise.steps):
                prepare = getattr(engine, "load", None)
                if callable(prepare):
                    prepare()  # load the voice before timing the prefix deadline
            self._sweep_partials()
            # The track streams to a spool file beside the cache, so even a 90-minute render stays small.
            with TrackBuilder(self.ambient_volume, spool_dir=self.cache_dir) as builder:
                return self._compose(exercise, key, engine, builder, report, stop, on_first_ready, on_partial)
        finally:
            self._release_voice()

    def _release_voice(self) -> None:
        """End piper's helper process, so the voice's memory is not held while the track plays."""
        release = getattr(self._engine(), "release", None)
        if callable(release):
            release()

    def _compose(
        self,
        exercise: Exercise,
        key: str,
        engine: SpeechEngine | None,
        builder: TrackBuilder,
        report: Callable[[float], None],
        stop: Callable[[], bool],
        on_first_ready: Callable[[RenderedTrack], None] | None,
        on_partial: Callable[[RenderedTrack], None] | None,
    ) -> RenderedTrack:
        steps = exercise.steps
        work = [len(s.text) + 1 if engine is not None and needs_speech(s) else 0 for s in steps]
        total_work = sum(work) or 1
        done = 0
        prefix_pending = on_first_ready is not None
        last_partial_s = 0.0
        synthesised = False
        started = time.monotonic()
        for index, step in enumerate(steps):
            if stop():
                raise RenderCancelled
            clips = engine.synthesize(step.text, self.rate) if engine is not None and work[index] else None
            builder.add(
                index, step, step_audio(step, clips, engine.sample_rate if engine else RATE, self.rate)
            )
            synthesised = synthesised or clips is not None
            done += work[index]
            report(0.95 * done / total_work)
            if not (synthesised and index + 1 < len(steps) and work[index + 1] > 0):
                continue  # a prefix is only worth writing just before more synthesis
            if prefix_pending and on_first_ready is not None:
                long_enough = builder.duration_s >= MIN_PREFIX_S
                if long_enough or time.monotonic() - started >= PREFIX_DEADLINE_S:
                    on_first_ready(self._write_prefix(key, builder))
                    prefix_pending = False
                    last_partial_s = builder.duration_s
            elif on_partial is not None and builder.duration_s >= max(
                2 * last_partial_s, last_partial_s + PARTIAL_EVERY_S
            ):
                on_partial(self._write_prefix(key, builder))
                last_partial_s = builder.duration_s
        if stop():
            raise RenderCancelled
        private_dir(self.cache_dir)
        final = self.cache_dir / f".{key[:20]}-{os.getpid()}-{next(_prefix_counter)}.wav"
        try:
            builder.write_wav(final, final=True)
            track = self.cache.put_wav(key, final, builder.timings, self.engine)
        finally:
            final.unlink(missing_ok=True)
        report(1.0)
        if prefix_pending and on_first_ready is not None:
            on_first_ready(track)
        return track

    def _write_prefix(self, key: str, builder: TrackBuilder) -> RenderedTrack:
        folder = self.cache_dir / "partial"
        private_dir(folder)
        path = folder / f"{key[:20]}-{os.getpid()}-{next(_prefix_counter)}.wav"
        builder.write_wav(path, final=False)
        return RenderedTrack(
            path=path,
            steps=builder.timings,
            duration_s=builder.duration_s,
            engine=self.engine,
            cache_hit=False,
            is_prefix=True,
        )

    def discard(self, track: RenderedTrack) -> None:
        """Delete a prefix file once nothing plays it any more (full tracks belong to the cache)."""
        if track.is_prefix and track.path.parent == self.cache_dir / "partial":
            with contextlib.suppress(OSError):  # still open elsewhere (Windows): the sweep gets it later
                track.path.unlink()

    def _sweep_partials(self) -> None:
        """Prefix files are only needed while their render runs; clear out old ones."""
        folder = self.cache_dir / "partial"
        if not folder.is_dir():
            return
        cutoff = time.time() - _PARTIAL_MAX_AGE_S
        for path in folder.iterdir():
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < cutoff:
                    path.unlink()
