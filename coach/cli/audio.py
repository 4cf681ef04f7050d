"""`coach audio`: render an exercise or a Learn lesson to a WAV file with its step timings, and list the speech
engines."""

from __future__ import annotations

import json
from pathlib import Path

import click

from coach.cli import CliContext, echo_json, pass_ctx
from coach.domain.exercise import Exercise


def register(cli: click.Group) -> None:
    cli.add_command(audio)


@click.group()
def audio() -> None:
    """Spoken guidance: render exercises and lessons to audio files, list the voices."""


def load_exercise(obj: CliContext, exercise_id: str) -> Exercise:
    """The exercise with this id, or the lesson read aloud (lesson and exercise ids never overlap)."""
    from coach.services.learn import lessons
    from coach.services.practice.library import ExerciseLibrary

    if lessons.is_lesson(exercise_id):
        return lessons.lesson_for_listening(exercise_id)
    return ExerciseLibrary(obj.store).get(exercise_id)


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


@audio.command()
@click.argument("exercise_id", metavar="ID")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The WAV file to write; step timings go beside it as FILE.steps.json.",
)
@click.option(
    "--engine",
    type=click.Choice(["auto", "piper", "espeak", "none"]),
    default=None,
    help="Voice to use (default: the speech_engine setting). A missing one falls back to the next.",
)
@pass_ctx
def render(obj: CliContext, exercise_id: str, out: Path, engine: str | None) -> None:
    """Render exercise or lesson ID to a WAV file (22,050 Hz mono) plus FILE.steps.json."""
    from coach.audio.cache import export_wav, read_audio
    from coach.audio.render import Renderer
    from coach.storage.outputs import guarded_file

    exercise = load_exercise(obj, exercise_id)
    steps_path = out.with_suffix(".steps.json")
    # Both outputs are checked before the (slow) render; each appears only once complete.
    with guarded_file(out, obj.data_dir) as wav_tmp, guarded_file(steps_path, obj.data_dir) as steps_tmp:
        track = Renderer.from_settings(obj.store, engine=engine).render(exercise)
        export_wav(read_audio(track.path), wav_tmp)
        steps = [
            {
                "index": s.index,
                "kind": s.kind,
                "start_s": round(s.start_s, 3),
                "end_s": round(s.end_s, 3),
                "text": s.text,
            }
            for s in track.steps
        ]
        steps_tmp.write_text(json.dumps(steps, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    click.echo(f"{_clock(track.duration_s)} ({track.duration_s:.1f} s) with {track.engine}: {out}")


@audio.command()
@click.option("--json", "as_json", is_flag=True, help="Print the engines as JSON.")
def engines(as_json: bool) -> None:
    """List the speech engines installed here, best first ("auto" uses the first)."""
    from coach.audio.engines import available_engines

    names = available_engines()
    descriptions = {
        "piper": "natural neural voice (bundled, offline)",
        "espeak": "espeak-ng: clear but robotic",
        "none": "no voice: captions with chimes and breathing tones",
    }
    if as_json:
        echo_json([{"name": n, "description": descriptions[n], "auto": i == 0} for i, n in enumerate(names)])
        return
    for index, name in enumerate(names):
        marker = "  (auto)" if index == 0 else ""
        click.echo(f"{name:<7} {descriptions[name]}{marker}")
