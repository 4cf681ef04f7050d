"""Shared helpers for the audio tests (small exercises, reading a track back), and checks of them."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from coach.audio.cache import read_audio
from coach.audio.compose import RATE
from coach.audio.loudness import segment_to_float
from coach.audio.track import RenderedTrack
from coach.domain.exercise import Exercise, Step


def exercise(*steps: Step, exercise_id: str = "test-exercise") -> Exercise:
    return Exercise(
        id=exercise_id,
        title="A short test exercise",
        category="mindfulness",
        minutes=1,
        purpose="Testing",
        when_to_use="In tests",
        source="test",
        steps=tuple(steps),
    )


SHORT = exercise(
    Step("chime"),
    Step("speak", "Let yourself settle. Notice where your body is supported."),
    Step("pause", seconds=2.5),
    Step("breath", "Breathe along with the tone.", inhale=3, hold=1, exhale=4, cycles=2),
    Step("speak", "Well done."),
)


def samples(track: RenderedTrack) -> npt.NDArray[np.float32]:
    segment = read_audio(track.path)
    assert segment.frame_rate == RATE and segment.channels == 1
    return segment_to_float(segment)


def span(audio: npt.NDArray[np.float32], start_s: float, end_s: float) -> npt.NDArray[np.float32]:
    return audio[round(start_s * RATE) : round(end_s * RATE)]


def test_short_exercise_covers_every_step_kind() -> None:
    assert {s.kind for s in SHORT.steps} == {"speak", "pause", "chime", "breath"}
