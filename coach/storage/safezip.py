"""Reading and writing bundle zips. Reading treats the file as hostile and never extracts to disk.

Every member is checked before a byte is decompressed (count, names, links, duplicates, declared sizes,
compression ratio, encryption), then read with a hard cap, because the sizes in a zip header are
whatever the author wrote. The result is a mapping of name -> bytes held in memory.
"""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from coach.domain.bundle_manifest import (
    MAX_BUNDLE_BYTES,
    MAX_ENTRIES,
    MAX_FILE_BYTES,
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    RATIO_FLOOR_BYTES,
    BundleError,
    check_member_name,
)

_CHUNK = 64 * 1024


def _size(n: int) -> str:
    return f"{n // 1048576} MB" if n >= 1048576 else f"{n // 1024} KB"


@dataclass(frozen=True)
class ZipLimits:
    bundle_bytes: int = MAX_BUNDLE_BYTES
    entries: int = MAX_ENTRIES
    total_bytes: int = MAX_TOTAL_BYTES
    file_bytes: int = MAX_FILE_BYTES
    ratio: int = MAX_RATIO


def _is_link_or_special(info: zipfile.ZipInfo) -> bool:
    """Unix mode bits live in the high 16 bits of external_attr; anything but a regular file is refused."""
    kind = stat.S_IFMT(info.external_attr >> 16)
    if kind == 0:
        return False  # no file type recorded (Windows tools, Python's writestr): a plain file
    return kind != stat.S_IFREG


def _check_entries(infos: list[zipfile.ZipInfo], limits: ZipLimits) -> None:
    if len(infos) > limits.entries:
        raise BundleError(f"the bundle holds {len(infos)} files; at most {limits.entries} are allowed")
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if info.is_dir():
            raise BundleError(f"the bundle holds a folder entry ({name[:60]!r}); only files are expected")
        check_member_name(name)
        # Case-insensitive file systems would merge these, so they count as duplicates.
        folded = name.casefold()
        if folded in seen:
            raise BundleError(f"the bundle holds two files named {name[:60]!r}")
        seen.add(folded)
        if _is_link_or_special(info):
            raise BundleError(f"the bundle holds a link or special file ({name[:60]!r})")
        if info.flag_bits & 0x1:
            raise BundleError(f"the bundle holds an encrypted file ({name[:60]!r})")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BundleError(f"the bundle uses an unsupported compression for {name[:60]!r}")
        if info.file_size > limits.file_bytes:
            raise BundleError(f"{name[:60]!r} in the bundle is too large ({_size(info.file_size)})")
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise BundleError(f"{name[:60]!r} in the bundle expands suspiciously far (a zip bomb?)")
        total += info.file_size
        if total > limits.total_bytes:
            raise BundleError(f"the bundle would unpack to more than {_size(limits.total_bytes)}")


def _read_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > cap or size > info.file_size:
                raise BundleError(f"{info.filename[:60]!r} in the bundle is larger than its header says")
            chunks.append(chunk)
    if size != info.file_size:
        raise BundleError(f"{info.filename[:60]!r} in the bundle is shorter than its header says")
    return b"".join(chunks)


def read_bundle(path: Path, limits: ZipLimits | None = None) -> dict[str, bytes]:
    """All members of the zip at `path`, checked and read into memory; BundleError on anything odd."""
    limits = limits or ZipLimits()
    try:
        st = os.stat(path)
    except OSError as exc:
        raise BundleError(f"cannot open {path.name}: {exc.strerror or exc.__class__.__name__}") from exc
    if not stat.S_ISREG(st.st_mode):
        raise BundleError(f"{path.name} is not a file")
    if st.st_size > limits.bundle_bytes:
        raise BundleError(f"{path.name} is too large ({_size(st.st_size)})")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_entries(infos, limits)
            out: dict[str, bytes] = {}
            remaining = limits.total_bytes
            for info in infos:
                data = _read_capped(zf, info, min(limits.file_bytes, remaining))
                remaining -= len(data)
                out[info.filename] = data
            return out
    except BundleError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise BundleError(f"{path.name} is not a readable bundle (damaged or not a zip file)") from exc
    except (OSError, ValueError, OverflowError, RuntimeError, UnicodeError, KeyError, IndexError) as exc:
        raise BundleError(f"{path.name} is not a readable bundle ({exc.__class__.__name__})") from exc


def write_bundle(out: Path, members: dict[str, bytes]) -> Path:
    """Write a zip with `members` (name -> bytes) atomically: a half-written bundle never has the name."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".partial")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for name, data in members.items():
                info = zipfile.ZipInfo(check_member_name(name), date_time=(2020, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = (stat.S_IFREG | 0o600) << 16
                zf.writestr(info, data)
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return out
