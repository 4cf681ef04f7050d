"""Reading audio files people bring (their own recordings) into pydub segments, through libsndfile only.

libsndfile (the `soundfile` wheel carries it) reads WAV of any sample format, FLAC, Ogg Vorbis, Opus and
MP3, so one library covers every format the app imports and writes; no ffmpeg binary and no sox
subprocess. AAC in M4A is not among them (a patent-encumbered codec libsndfile leaves out): the refusal
says to save the recording as MP3, FLAC or WAV.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile

from coach.audio._pydub import AudioSegment
from coach.domain.errors import CoachError

SUFFIXES: tuple[str, ...] = (".wav", ".wave", ".flac", ".ogg", ".oga", ".opus", ".mp3")
# Formats people have that cannot be read here, with the advice the refusal gives.
_REFUSED: dict[str, str] = {
    ".m4a": "M4A (AAC) files cannot be read here: save the recording as MP3, FLAC or WAV and try again",
    ".aac": "AAC files cannot be read here: save the recording as MP3, FLAC or WAV and try again",
    ".wma": "WMA files cannot be read here: save the recording as MP3, FLAC or WAV and try again",
}
_BLOCK_FRAMES = 1 << 18


def supported_suffixes() -> tuple[str, ...]:
    """The file name endings import accepts (for the file dialog's filter)."""
    return SUFFIXES


def decode(path: Path) -> AudioSegment:
    """The audio in `path` as 16-bit PCM at the file's own sample rate and channel count.

    Raises CoachError with a plain one-line reason: an unsupported type, a missing file, or a file that
    is damaged or not audio. Reads in blocks, so a long file is converted without a float copy of it all.
    """
    suffix = path.suffix.lower()
    name = path.name
    if suffix in _REFUSED:
        raise CoachError(f"{name}: {_REFUSED[suffix]}")
    if suffix not in SUFFIXES:
        raise CoachError(f"{name} is not a file type that can be imported (use WAV, FLAC, OGG, Opus or MP3)")
    if not path.is_file():
        raise CoachError(f"{name} cannot be found")
    try:
        with soundfile.SoundFile(str(path)) as src:
            rate, channels = int(src.samplerate), int(src.channels)
            # Read as float and scale ourselves: libsndfile does not scale float files read as integers
            # (a float WAV would come out silent). x * 32768 is exact for 16-bit sources.
            blocks = [
                np.clip(np.round(block * 32768.0), -32768, 32767).astype("<i2")
                for block in src.blocks(blocksize=_BLOCK_FRAMES, dtype="float32", always_2d=True)
            ]
    except (soundfile.LibsndfileError, RuntimeError, OSError, ValueError, EOFError) as exc:
        raise CoachError(
            f"{name} could not be read as audio: it may be damaged or in an unusual format"
        ) from exc
    pcm = np.concatenate(blocks) if blocks else np.zeros((0, channels), dtype="<i2")
    return AudioSegment(data=pcm.tobytes(), sample_width=2, frame_rate=rate, channels=channels)
