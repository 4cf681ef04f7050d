"""Rendered tracks on disk: keyed by a hash of everything that shapes the sound, compressed, size-capped.

Each entry is `<key>.<flac|wav>` plus `<key>.json` (step timings, duration, engine, the audio file's size
and sha256). A hit touches the audio file (least-recently-used eviction goes by its mtime). An entry whose
sidecar is unreadable or whose audio is missing or altered counts as a miss and is removed, so it gets
rendered again. FLAC is written and read with libsndfile (the `soundfile` wheel), the same library that
decodes imported recordings; plain WAV (codec "wav") stays possible for callers that ask for it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
import wave
from pathlib import Path
from typing import Any

import numpy as np
import soundfile

from coach.audio._pydub import AudioSegment
from coach.audio.track import RenderedTrack, StepTiming
from coach.storage.private_files import private_dir, private_file, write_private_text

FORMAT_VERSION = 1
_AUDIO_SUFFIXES = (".flac", ".wav")


def cache_key(parts: dict[str, Any]) -> str:
    """sha256 over a canonical JSON of the script and every setting that changes the audio."""
    blob = json.dumps({"format": FORMAT_VERSION, **parts}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


# --- codecs ---------------------------------------------------------------------------------------


def compressed_codec() -> str:
    """How the cache stores tracks: "flac" (libsndfile). Kept as a function so callers can still ask."""
    return "flac"


def write_audio(segment: AudioSegment, stem: Path, codec: str | None = None) -> Path:
    """Write `segment` as `<stem>.flac` (or `.wav` when `codec` is "wav"); returns the path written."""
    codec = codec or compressed_codec()
    if codec == "wav":
        path = stem.with_suffix(".wav")
        export_wav(segment, path)
        return path
    path = stem.with_suffix(".flac")
    data = np.frombuffer(segment.set_sample_width(2).raw_data, dtype="<i2").reshape(-1, segment.channels)
    soundfile.write(str(path), data, segment.frame_rate, format="FLAC", subtype="PCM_16")
    return path


def encode_wav_file(wav: Path, stem: Path, codec: str | None = None) -> Path:
    """Encode the 16-bit WAV file `wav` as `<stem>.flac` (or move it to `<stem>.wav` when `codec` is "wav")
    in blocks, never holding the whole track in memory; `wav` is consumed. Returns the path written."""
    codec = codec or compressed_codec()
    if codec == "wav":
        path = stem.with_suffix(".wav")
        os.replace(wav, path)
        return path
    path = stem.with_suffix(".flac")
    # Blocks of 256k frames (~6 s at 44.1 kHz): memory stays flat whatever the track's length.
    with (
        soundfile.SoundFile(str(wav)) as src,
        soundfile.SoundFile(
            str(path), "w", src.samplerate, src.channels, format="FLAC", subtype="PCM_16"
        ) as out,
    ):
        for block in src.blocks(blocksize=1 << 18, dtype="int16", always_2d=True):
            out.write(block)
    wav.unlink()
    return path


def read_audio(path: Path) -> AudioSegment:
    """Load a cached track (FLAC or WAV) as a pydub segment (16-bit PCM)."""
    if path.suffix.lower() == ".wav":
        return AudioSegment.from_wav(str(path))
    data, rate = soundfile.read(str(path), dtype="int16", always_2d=True)
    return AudioSegment(
        data=data.tobytes(), sample_width=2, frame_rate=int(rate), channels=int(data.shape[1])
    )


def export_wav(segment: AudioSegment, path: Path) -> None:
    """Write a WAV atomically (a half-written file is never seen by a reader)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    handle = segment.export(str(tmp), format="wav")
    handle.close()  # pydub returns the open file
    os.replace(private_file(tmp), path)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- the cache ------------------------------------------------------------------------------------


class AudioCache:
    def __init__(self, directory: Path, max_mb: float = 500, codec: str | None = None) -> None:
        self.directory = directory
        self.max_bytes = int(max_mb * 1024 * 1024)
        self.codec = codec

    def _sidecar(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def get(self, key: str) -> RenderedTrack | None:
        """The cached track for `key`, or None (missing or damaged entries are removed)."""
        sidecar = self._sidecar(key)
        if not sidecar.is_file():
            return None
        try:
            meta = json.loads(sidecar.read_text(encoding="utf-8"))
            audio = self.directory / str(meta["file"])
            if meta.get("format") != FORMAT_VERSION or audio.parent != self.directory:
                raise ValueError("stale entry")
            if audio.stat().st_size != int(meta["bytes"]) or _sha256(audio) != meta["sha256"]:
                raise ValueError("audio changed")
            track = RenderedTrack(
                path=audio,
                steps=[StepTiming.from_dict(s) for s in meta["steps"]],
                duration_s=float(meta["duration_s"]),
                engine=str(meta["engine"]),
                cache_hit=True,
            )
        except (OSError, ValueError, KeyError, TypeError):
            self.remove(key)
            return None
        now = time.time()
        with contextlib.suppress(OSError):
            os.utime(audio, (now, now))
        return track

    def put(self, key: str, segment: AudioSegment, steps: list[StepTiming], engine: str) -> RenderedTrack:
        """Store a track held in memory (short ones; renders stream through `put_wav`)."""
        private_dir(self.directory)
        with tempfile.TemporaryDirectory(dir=self.directory, prefix=".render-") as tmp:
            wav = Path(tmp) / f"{key}.wav"
            export_wav(segment, wav)
            return self.put_wav(key, wav, steps, engine)

    def put_wav(self, key: str, wav: Path, steps: list[StepTiming], engine: str) -> RenderedTrack:
        """Store the 16-bit WAV file `wav` (consumed: encoded or moved into the cache) with its step
        timings; the track is encoded as a stream, so its length does not matter to memory."""
        private_dir(self.directory)
        self.remove(key)
        with wave.open(str(wav), "rb") as src:
            duration = src.getnframes() / src.getframerate()
        # Encode under a temporary name, then rename: a crash never leaves a half file under the real name.
        with tempfile.TemporaryDirectory(dir=self.directory, prefix=".render-") as tmp:
            written = encode_wav_file(wav, Path(tmp) / key, self.codec)
            audio = self.directory / written.name
            private_file(written)
            os.replace(written, audio)
        meta = {
            "format": FORMAT_VERSION,
            "file": audio.name,
            "bytes": audio.stat().st_size,
            "sha256": _sha256(audio),
            "duration_s": duration,
            "engine": engine,
            "steps": [s.to_dict() for s in steps],
        }
        sidecar = self._sidecar(key)
        write_private_text(sidecar, json.dumps(meta))
        self.evict(keep=key)
        return RenderedTrack(
            path=audio, steps=list(steps), duration_s=duration, engine=engine, cache_hit=False
        )

    def remove(self, key: str) -> None:
        for path in (self._sidecar(key), *(self.directory / f"{key}{s}" for s in _AUDIO_SUFFIXES)):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    def entries(self) -> list[tuple[str, float, int]]:
        """(key, last used, bytes) of each entry, least recently used first."""
        found: list[tuple[str, float, int]] = []
        if not self.directory.is_dir():
            return found
        for audio in self.directory.iterdir():
            if audio.suffix not in _AUDIO_SUFFIXES or audio.name.startswith("."):
                continue
            key = audio.stem
            try:
                size = audio.stat().st_size
                used = audio.stat().st_mtime
                sidecar = self._sidecar(key)
                size += sidecar.stat().st_size if sidecar.exists() else 0
            except FileNotFoundError:
                continue
            found.append((key, used, size))
        found.sort(key=lambda entry: entry[1])
        return found

    def total_bytes(self) -> int:
        return sum(size for _, _, size in self.entries())

    def evict(self, keep: str | None = None) -> list[str]:
        """Remove least recently used entries until the cache fits its cap; returns the removed keys."""
        entries = self.entries()
        total = sum(size for _, _, size in entries)
        removed: list[str] = []
        for key, _, size in entries:
            if total <= self.max_bytes:
                break
            if key == keep:
                continue
            self.remove(key)
            total -= size
            removed.append(key)
        return removed
