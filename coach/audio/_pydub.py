"""The one place pydub is imported, with its two known import-time warnings silenced (and only those)."""

from __future__ import annotations

import warnings

with warnings.catch_warnings():
    # pydub looks for ffmpeg on import; we only ever read and write WAV, which it handles natively.
    warnings.filterwarnings("ignore", message="Couldn't find ffmpeg or avconv", category=RuntimeWarning)
    # Python 3.11/3.12 deprecate audioop, which pydub uses; 3.13 needs the audioop-lts backport instead.
    warnings.filterwarnings("ignore", message="'audioop' is deprecated", category=DeprecationWarning)
    from pydub import AudioSegment

__all__ = ["AudioSegment"]
