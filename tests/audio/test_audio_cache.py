"""The rendered-audio cache: hit, miss, LRU eviction under the size cap, damaged files rendered again."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from test_audio_support import SHORT, exercise

from coach.audio.cache import AudioCache, compressed_codec, read_audio, write_audio
from coach.audio.compose import RATE
from coach.audio.render import Renderer
from coach.domain.exercise import Step


def _pause_exercise(seconds: float, exercise_id: str) -> object:
    return exercise(Step("speak", "Rest now."), Step("pause", seconds=seconds), exercise_id=exercise_id)


def test_second_render_is_a_hit_with_the_same_timings(tmp_path: Path) -> None:
    renderer = Renderer(tmp_path, engine="espeak")
    first = renderer.render(SHORT)
    second = renderer.render(SHORT)
    assert not first.cache_hit and second.cache_hit
    assert second.path == first.path and second.steps == first.steps
    assert second.duration_s == pytest.approx(first.duration_s)


def test_anything_that_changes_the_sound_is_a_miss(tmp_path: Path) -> None:
    Renderer(tmp_path, engine="espeak").render(SHORT)
    changed = [
        Renderer(tmp_path, engine="espeak", rate=1.2),
        Renderer(tmp_path, engine="none"),
        Renderer(tmp_path, engine="espeak", ambient="soft"),
    ]
    assert all(not r.render(SHORT).cache_hit for r in changed)
    edited = exercise(*SHORT.steps[:-1], Step("speak", "Well done, and thank you."))
    assert not Renderer(tmp_path, engine="espeak").render(edited).cache_hit
    # The title is not part of the sound: renaming an exercise keeps its audio.
    renamed = exercise(*SHORT.steps, exercise_id="another-id")
    assert Renderer(tmp_path, engine="espeak").render(renamed).cache_hit


def test_tracks_are_stored_compressed_when_an_encoder_exists(tmp_path: Path) -> None:
    track = Renderer(tmp_path, engine="none").render(SHORT)
    if compressed_codec() == "wav":
        pytest.skip("neither soundfile nor sox is installed: the cache keeps WAV")
    assert track.path.suffix == ".flac"
    raw_size = track.duration_s * RATE * 2
    assert track.path.stat().st_size < raw_size * 0.6
    assert len(read_audio(track.path).raw_data) == pytest.approx(raw_size, abs=4)


def test_plain_wav_fallback_round_trips(tmp_path: Path) -> None:
    track = Renderer(tmp_path / "a", engine="none").render(SHORT)
    segment = read_audio(track.path)
    path = write_audio(segment, tmp_path / "copy", codec="wav")
    assert path.suffix == ".wav" and read_audio(path).raw_data == segment.raw_data


@pytest.mark.parametrize("damage", ["truncate", "delete", "garble_sidecar", "flip_bytes"])
def test_a_damaged_entry_is_rendered_again(tmp_path: Path, damage: str) -> None:
    renderer = Renderer(tmp_path, engine="none")
    track = renderer.render(SHORT)
    sidecar = track.path.with_suffix(".json")
    if damage == "truncate":
        track.path.write_bytes(track.path.read_bytes()[:1000])
    elif damage == "delete":
        track.path.unlink()
    elif damage == "garble_sidecar":
        sidecar.write_text("{not json", encoding="utf-8")
    else:
        data = bytearray(track.path.read_bytes())
        data[len(data) // 2] ^= 0xFF
        track.path.write_bytes(bytes(data))
    again = renderer.render(SHORT)
    assert not again.cache_hit
    assert renderer.render(SHORT).cache_hit
    assert json.loads(again.path.with_suffix(".json").read_text())["duration_s"] == pytest.approx(
        track.duration_s
    )


def test_least_recently_used_tracks_are_evicted_past_the_cap(tmp_path: Path) -> None:
    renderer = Renderer(tmp_path, engine="none")
    first = renderer.render(_pause_exercise(8, "a"))
    second = renderer.render(_pause_exercise(9, "b"))
    old = time.time() - 100
    os.utime(first.path, (old, old))
    os.utime(second.path, (old - 50, old - 50))
    assert renderer.render(_pause_exercise(8, "a")).cache_hit  # a hit makes "a" the most recent
    # Cap the cache at what it holds now, so one more (shorter) track must push one out.
    renderer.cache.max_bytes = renderer.cache.total_bytes()
    third = renderer.render(_pause_exercise(2, "c"))
    assert third.path.exists()
    assert first.path.exists(), "the recently used track stays"
    assert not second.path.exists(), "the least recently used track goes"
    assert not second.path.with_suffix(".json").exists()
    assert renderer.cache.total_bytes() <= renderer.cache.max_bytes


def test_the_newest_track_is_kept_even_when_bigger_than_the_cap(tmp_path: Path) -> None:
    cache = AudioCache(tmp_path, max_mb=0)
    renderer = Renderer(tmp_path, engine="none")
    renderer.cache = cache
    track = renderer.render(SHORT)
    assert track.path.exists()
    assert cache.evict(keep=track.path.stem) == []
