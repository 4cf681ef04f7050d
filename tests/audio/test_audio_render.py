"""The renderer: progress, cancelling, the early prefix for progressive playback, settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_audio_support import SHORT, exercise

from coach.audio.cache import read_audio
from coach.audio.render import MIN_PREFIX_S, RenderCancelled, Renderer
from coach.audio.track import RenderedTrack
from coach.domain.exercise import Step
from coach.storage.store import Store

LONG = exercise(
    Step("speak", "Welcome. Let yourself arrive."),
    Step("pause", seconds=MIN_PREFIX_S),
    Step("speak", "Notice your breath."),
    Step("pause", seconds=70),
    Step("speak", "Notice your feet."),
    Step("pause", seconds=3),
    Step("speak", "Well done."),
)


def test_progress_rises_to_one(tmp_path: Path) -> None:
    seen: list[float] = []
    Renderer(tmp_path, engine="espeak").render(SHORT, progress=seen.append)
    assert seen == sorted(seen)
    assert seen[-1] == 1.0 and seen[0] < 1.0


def test_cancel_stops_between_steps_and_caches_nothing(tmp_path: Path) -> None:
    calls = iter([False, False, True])
    renderer = Renderer(tmp_path, engine="espeak")
    with pytest.raises(RenderCancelled):
        renderer.render(SHORT, cancelled=lambda: next(calls, True))
    assert renderer.cached(SHORT) is None


def test_first_part_is_ready_before_the_rest_and_is_its_exact_start(tmp_path: Path) -> None:
    order: list[str] = []
    firsts: list[RenderedTrack] = []
    partials: list[RenderedTrack] = []

    def first(track: RenderedTrack) -> None:
        order.append("first")
        firsts.append(track)

    def partial(track: RenderedTrack) -> None:
        order.append("partial")
        partials.append(track)

    full = Renderer(tmp_path, engine="espeak").render(LONG, on_first_ready=first, on_partial=partial)
    assert order[0] == "first" and len(firsts) == 1
    prefix = firsts[0]
    assert prefix.is_prefix and not full.is_prefix
    assert MIN_PREFIX_S <= prefix.duration_s < full.duration_s
    assert [t.index for t in prefix.steps] == [0, 1]
    assert prefix.steps == full.steps[: len(prefix.steps)]
    head = read_audio(prefix.path).raw_data
    assert read_audio(full.path).raw_data[: len(head)] == head  # so a player can swap without a jump
    assert partials and all(p.duration_s > prefix.duration_s for p in partials)


def test_a_cached_track_is_ready_at_once_as_a_whole(tmp_path: Path) -> None:
    renderer = Renderer(tmp_path, engine="espeak")
    full = renderer.render(LONG)
    firsts: list[RenderedTrack] = []
    again = renderer.render(LONG, on_first_ready=firsts.append)
    assert again.cache_hit and firsts == [again] and firsts[0].path == full.path


def test_without_a_voice_the_whole_track_is_the_first_part(tmp_path: Path) -> None:
    firsts: list[RenderedTrack] = []
    full = Renderer(tmp_path, engine="none").render(LONG, on_first_ready=firsts.append)
    assert firsts == [full]


def test_settings_choose_engine_rate_ambience_and_cache_size(store: Store) -> None:
    store.set_setting("speech_engine", "none")
    store.set_setting("speech_rate", 0.8)
    store.set_setting("ambient", "soft")
    store.set_setting("ambient_volume", 0.3)
    store.set_setting("audio_cache_mb", 64)
    renderer = Renderer.from_settings(store)
    assert (renderer.engine, renderer.rate, renderer.ambient) == ("none", 0.8, "soft")
    assert renderer.ambient_volume == 0.3
    assert renderer.cache.max_bytes == 64 * 1024 * 1024
    assert renderer.cache_dir == store.paths.cache_dir / "audio"
    assert Renderer.from_settings(store, engine="espeak").engine in ("espeak", "none")


def test_slower_speech_makes_a_longer_silent_track(tmp_path: Path) -> None:
    normal = Renderer(tmp_path, engine="none").render(SHORT)
    slow = Renderer(tmp_path, engine="none", rate=0.5).render(SHORT)
    assert slow.duration_s > normal.duration_s + 3
