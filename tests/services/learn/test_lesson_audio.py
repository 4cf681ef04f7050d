"""Every lesson read aloud through the exercise voice pipeline: a script of speak steps with short pauses,
rendered to a cached track whose step timings carry the transcript."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest

from coach.audio.render import Renderer
from coach.domain.lesson import PAGE_PAUSE_S, PARAGRAPH_PAUSE_S, lesson_script
from coach.services.learn import lessons
from coach.services.practice.library import ExerciseLibrary


def test_lesson_and_exercise_ids_never_overlap() -> None:
    # `coach audio render ID` and the player take either, so one id must mean one thing.
    assert not set(lessons.lesson_ids()) & {e.id for e in ExerciseLibrary().builtins()}


def test_a_lesson_script_reads_every_paragraph_with_short_pauses_between() -> None:
    lesson = lessons.get_lesson("overdose-safety")
    steps = lesson_script(lesson)
    spoken = [s.text for s in steps if s.kind == "speak"]
    for page in lesson.pages:
        assert f"{page.title}." in spoken
        assert all(paragraph in spoken for paragraph in page.paragraphs)
    assert lesson.reflection.question in spoken[-1]
    pauses = [s.seconds for s in steps if s.kind == "pause"]
    assert set(pauses) == {PARAGRAPH_PAUSE_S, PAGE_PAUSE_S}
    # Never two speak steps in a row: the listener always gets a breath between ideas.
    assert all(a.kind != b.kind for a, b in itertools.pairwise(steps))


@pytest.mark.parametrize("lesson_id", lessons.lesson_ids())
def test_every_lesson_renders_with_its_transcript(tmp_path: Path, lesson_id: str) -> None:
    exercise = lessons.lesson_for_listening(lesson_id)
    track = Renderer(tmp_path, engine="none").render(exercise)
    assert track.path.is_file() and track.duration_s > 0
    assert [t.text for t in track.steps if t.kind == "speak"] == [
        s.text for s in exercise.steps if s.kind == "speak"
    ]


def test_a_lesson_renders_with_a_real_voice_and_is_cached(tmp_path: Path) -> None:
    exercise = lessons.lesson_for_listening("the-escalation-trap")
    first = Renderer(tmp_path, engine="espeak").render(exercise)
    if first.engine != "espeak":
        pytest.skip("espeak-ng is not installed here")
    # A three-minute lesson read aloud lasts minutes, not seconds.
    assert first.duration_s > 60
    started = time.monotonic()
    again = Renderer(tmp_path, engine="espeak").render(exercise)
    assert again.cache_hit and again.duration_s == pytest.approx(first.duration_s)
    assert time.monotonic() - started < 5
