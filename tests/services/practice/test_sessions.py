"""Session records as the person would notice them: saved as they go, finished with the change, resumable."""

from __future__ import annotations

import json
import math
import struct
import wave
from pathlib import Path

import pytest

from coach.audio.cache import read_audio
from coach.audio.loudness import TARGET_DBFS, TOLERANCE_DB, segment_level_dbfs
from coach.domain.clock import FixedClock
from coach.domain.errors import CoachError
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.practice.recordings import decode, recordings_for, remove_recording
from coach.services.practice.sessions import SessionService, describe_change


def _row(ctx: AppContext, session_id: int) -> dict:  # type: ignore[type-arg]
    return dict(next(ctx.store.db.query("select * from sessions where id = ?", [session_id])))


def test_a_whole_session_is_recorded_with_the_change(ctx: AppContext, clock: FixedClock) -> None:
    service = SessionService(ctx)
    heard: list[Topic] = []
    ctx.bus.subscribe(lambda changes: heard.extend(changes.topics))
    sid = service.start("somatic-tracking-5", 7, 6, ["Lower back", "lower back", " hips "])
    row = _row(ctx, sid)
    assert (row["status"], row["pre_pain"], row["pre_distress"]) == ("in_progress", 7, 6)
    assert json.loads(row["body_areas"]) == ["lower back", "hips"]
    assert row["started_at"] == "2026-11-21T15:00:00+00:00"

    clock.advance(seconds=15)
    service.save_progress(sid, 15.0, 0.05)
    clock.advance(minutes=5)
    service.save_progress(sid, 300.0, 1.0)
    clock.advance(seconds=30)
    outcome = service.finish(sid, 4, 3, "  the ache moved left  ")

    row = _row(ctx, sid)
    assert row["status"] == "completed"
    assert row["completed_fraction"] == 1.0
    assert (row["post_pain"], row["post_distress"], row["note"]) == (4, 3, "the ache moved left")
    assert row["ended_at"] == "2026-11-21T15:05:45+00:00"
    assert (outcome.pain_change, outcome.distress_change) == (-3, -3)
    assert outcome.lines() == ["Pain 7 → 4: down 3 points", "Distress 6 → 3: down 3 points"]
    assert heard.count(Topic.SESSIONS) == 2  # start and finish; saving the play position publishes nothing
    assert service.recent(1)[0].id == sid


def test_change_wording_covers_up_down_same_and_missing() -> None:
    assert describe_change("Pain", 6, 4) == "Pain 6 → 4: down 2 points"
    assert describe_change("Pain", 3, 4) == "Pain 3 → 4: up 1 point"
    assert describe_change("Distress", 5, 5) == "Distress 5 → 5: no change"
    assert describe_change("Pain", None, 4) == ""


@pytest.mark.parametrize("bad", [-1, 11, 3.5, "7", True])
def test_ratings_outside_0_to_10_are_refused(ctx: AppContext, bad: object) -> None:
    service = SessionService(ctx)
    with pytest.raises(CoachError, match="0 to 10"):
        service.start("body-scan", bad, 5)  # type: ignore[arg-type]
    sid = service.start("body-scan", 5, 5)
    with pytest.raises(CoachError, match="0 to 10"):
        service.finish(sid, 4, bad)  # type: ignore[arg-type]
    assert _row(ctx, sid)["status"] == "in_progress"  # nothing half-written


def test_unknown_exercise_and_closed_sessions_are_refused(ctx: AppContext) -> None:
    service = SessionService(ctx)
    with pytest.raises(CoachError, match="no exercise called 'nope'"):
        service.start("nope", 5, 5)
    sid = service.start("body-scan", None, None)  # ratings may be skipped
    service.finish(sid, None, None)
    with pytest.raises(CoachError, match="already completed"):
        service.save_progress(sid, 10.0, 0.5)
    with pytest.raises(CoachError, match="already completed"):
        service.abandon(sid)
    with pytest.raises(CoachError, match="no session number 999"):
        service.finish(999, 1, 1)
    with pytest.raises(CoachError, match="completed fraction"):
        service.save_progress(service.start("body-scan", 1, 1), 1.0, 2.0)


def test_going_back_does_not_lose_how_far_you_got(ctx: AppContext) -> None:
    service = SessionService(ctx)
    sid = service.start("body-scan", 5, 5)
    service.save_progress(sid, 400.0, 0.6)
    service.save_progress(sid, 100.0, 0.2)  # went back to hear a part again
    row = _row(ctx, sid)
    assert (row["position_s"], row["completed_fraction"]) == (100.0, 0.6)


def test_interrupted_session_is_offered_and_abandon_sets_it_aside(ctx: AppContext, clock: FixedClock) -> None:
    service = SessionService(ctx)
    assert service.interrupted() is None
    sid = service.start("body-scan", 6, 5, ["neck"])
    clock.advance(minutes=3)
    service.save_progress(sid, 181.5, 0.25)
    # The app closes here; next time:
    again = SessionService(ctx).interrupted()
    assert again is not None
    assert (again.id, again.exercise_id, again.position_s, again.body_areas) == (
        sid,
        "body-scan",
        181.5,
        ("neck",),
    )
    service.abandon(sid)
    assert service.interrupted() is None
    row = _row(ctx, sid)
    assert (row["status"], row["completed_fraction"]) == ("abandoned", 0.25)


def test_starting_a_new_session_sets_the_old_one_aside(ctx: AppContext) -> None:
    service = SessionService(ctx)
    first = service.start("body-scan", 6, 5)
    second = service.start("breath-awareness", 4, 4)
    assert _row(ctx, first)["status"] == "abandoned"
    interrupted = service.interrupted()
    assert interrupted is not None and interrupted.id == second


def test_a_week_old_unfinished_session_is_not_offered(ctx: AppContext, clock: FixedClock) -> None:
    service = SessionService(ctx)
    service.start("body-scan", 6, 5)
    clock.advance(days=8)
    assert service.interrupted() is None


# --- recordings ---------------------------------------------------------------------------------------


def _tone_wav(
    path: Path, seconds: float = 2.0, rate: int = 44_100, amplitude: float = 0.02, channels: int = 2
) -> Path:
    """A quiet 220 Hz tone with a gap, far below the app's loudness target."""
    frames = bytearray()
    for n in range(int(seconds * rate)):
        t = n / rate
        value = amplitude * math.sin(2 * math.pi * 220 * t) if (t % 1.0) < 0.7 else 0.0
        sample = struct.pack("<h", int(value * 32767))
        frames += sample * channels
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(bytes(frames))
    return path


def test_a_recording_is_normalised_to_the_app_loudness_and_stored(ctx: AppContext, tmp_path: Path) -> None:
    source = _tone_wav(tmp_path / "My voice.wav")
    assert segment_level_dbfs(decode(source)) < TARGET_DBFS - 10  # really much quieter to begin with
    service = SessionService(ctx)
    heard: list[Topic] = []
    ctx.bus.subscribe(lambda changes: heard.extend(changes.topics))
    recording = service.attach_recording("body-scan", source)

    assert recording.path.parent == ctx.paths.recordings_dir
    assert recording.path.is_file() and recording.path.suffix == ".wav"
    assert recording.path.stat().st_mode & 0o077 == 0  # private to the user
    assert recording.duration_s == pytest.approx(2.0, abs=0.01)
    stored = read_audio(recording.path)
    assert stored.channels == 1
    assert abs(segment_level_dbfs(stored) - TARGET_DBFS) <= TOLERANCE_DB
    row = next(ctx.store.db.query("select * from recordings"))
    assert (row["exercise_id"], row["original_name"]) == ("body-scan", "My voice.wav")
    assert not Path(row["path"]).is_absolute()  # the profile folder can move
    assert [r.id for r in service.recordings("body-scan")] == [recording.id]
    assert Topic.EXERCISES in heard

    remove_recording(ctx, recording.id)
    assert not recording.path.exists()
    assert recordings_for(ctx, "body-scan") == []


def test_flac_and_ogg_import_without_ffmpeg(ctx: AppContext, tmp_path: Path) -> None:
    import soundfile

    wav = _tone_wav(tmp_path / "voice.wav", channels=1)
    data, rate = soundfile.read(str(wav), dtype="int16")
    service = SessionService(ctx)
    for suffix in (".flac", ".ogg"):
        target = tmp_path / f"voice{suffix}"
        soundfile.write(str(target), data, rate)
        recording = service.attach_recording("body-scan", target)
        assert recording.duration_s == pytest.approx(2.0, abs=0.05)
        assert abs(segment_level_dbfs(read_audio(recording.path)) - TARGET_DBFS) <= TOLERANCE_DB


def test_bad_recordings_get_a_plain_message(ctx: AppContext, tmp_path: Path) -> None:
    service = SessionService(ctx)
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(CoachError, match="not a file type that can be imported"):
        service.attach_recording("body-scan", text)
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk")
    with pytest.raises(CoachError, match="could not be read as audio"):
        service.attach_recording("body-scan", broken)
    silent = _tone_wav(tmp_path / "silent.wav", amplitude=0.0)
    with pytest.raises(CoachError, match="seems to be silent"):
        service.attach_recording("body-scan", silent)
    with pytest.raises(CoachError, match="no exercise called"):
        service.attach_recording("nope", _tone_wav(tmp_path / "ok.wav"))
    mp3 = tmp_path / "talk.mp3"
    mp3.write_bytes(b"ID3fake")
    with pytest.raises(CoachError, match="could not be read as audio"):
        service.attach_recording("body-scan", mp3)
    m4a = tmp_path / "talk.m4a"
    m4a.write_bytes(b"\x00\x00\x00\x18ftypM4A ")
    with pytest.raises(CoachError, match="save the recording as MP3, FLAC or WAV"):
        service.attach_recording("body-scan", m4a)
    assert ctx.store.db["recordings"].count == 0
    assert not ctx.paths.recordings_dir.exists() or not any(ctx.paths.recordings_dir.iterdir())
