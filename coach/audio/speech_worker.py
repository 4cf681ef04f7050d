"""The piper voice in a short-lived helper process, so onnxruntime and the 63 MB voice never live in the app.

Why: loaded in the app's own process the voice and onnxruntime's arenas stay resident (~160 MB) for as
long as the app runs, and the allocator does not hand the memory back; in a helper they go away with it.
The app (`PiperEngine` in coach/audio/engines.py) starts `python -m coach.audio.speech_worker`, which
loads the voice and answers one request at a time over its stdin/stdout; the helper ends when its stdin
closes (the engine is released after each render, or the app quits or dies).

Protocol (little-endian, binary): the helper first sends `<i` the voice's sample rate in Hz, or -1 and an
error. Each request is `<I` length + UTF-8 JSON `{"text": str, "rate": float}`; the answer is `<i` the
number of chunks (one per sentence) then each chunk as `<I` byte length + float32 samples in [-1, 1], or
-1 and an error. An error is `<I` length + UTF-8 text (one line).
"""

from __future__ import annotations

import json
import os
import struct
import sys
from typing import IO

import numpy as np

import coach.offline  # noqa: F401  (telemetry off before piper imports onnxruntime)

_INT = struct.Struct("<i")
_UINT = struct.Struct("<I")


def read_exact(stream: IO[bytes], size: int) -> bytes:
    """Exactly `size` bytes from `stream`; raises EOFError when it ends first."""
    data = b""
    while len(data) < size:
        block = stream.read(size - len(data))
        if not block:
            raise EOFError("the stream ended")
        data += block
    return data


def read_int(stream: IO[bytes]) -> int:
    return int(_INT.unpack(read_exact(stream, _INT.size))[0])


def read_blob(stream: IO[bytes]) -> bytes:
    size = int(_UINT.unpack(read_exact(stream, _UINT.size))[0])
    return read_exact(stream, size)


def write_blob(stream: IO[bytes], data: bytes) -> None:
    stream.write(_UINT.pack(len(data)))
    stream.write(data)


def _write_error(stream: IO[bytes], exc: BaseException) -> None:
    text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    stream.write(_INT.pack(-1))
    write_blob(stream, text.encode("utf-8"))
    stream.flush()


def serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    """Load the voice, then answer requests until `requests` ends."""
    from coach.audio.engines import LocalPiperVoice

    voice = LocalPiperVoice()
    try:
        rate = voice.sample_rate
    except Exception as exc:  # a missing or broken voice: the app reports it as the render's error
        _write_error(answers, exc)
        return
    answers.write(_INT.pack(rate))
    answers.flush()
    while True:
        try:
            request = json.loads(read_blob(requests).decode("utf-8"))
        except EOFError:
            return
        try:
            chunks = voice.synthesize(str(request["text"]), float(request["rate"]))
        except Exception as exc:
            _write_error(answers, exc)
            continue
        answers.write(_INT.pack(len(chunks)))
        for chunk in chunks:
            write_blob(answers, np.ascontiguousarray(chunk, dtype="<f4").tobytes())
        answers.flush()


def main() -> None:
    """Entry point of the helper: the protocol runs on the real stdout, so anything a library prints goes
    to stderr instead of corrupting it."""
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve(sys.stdin.buffer, answers)


if __name__ == "__main__":
    main()
