"""Owner-only files and folders: the one place that decides the modes of everything the app writes.

Health data (PHQ-9 answers, doses, pain ratings, recordings) must not be readable by other accounts on
the same computer. Every folder the app makes is 0700 and every file 0600, whatever the process umask:
`private_dir` creates folders, `private_file` tightens a file just written by a library (sqlite, soundfile,
wave, QPdfWriter), `write_private` writes bytes atomically, `owner_only_umask` is set once at the entry
point so that files made by libraries we don't control (sqlite's WAL/SHM, temporary files) start private,
and `repair_modes` is what `coach doctor --fix` runs over the data and cache folders.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600
OWNER_ONLY_UMASK = 0o077


def owner_only_umask() -> int:
    """Make every file and folder this process creates from now on owner-only; returns the old umask.

    Called first thing by the entry point (coach/launch.py). SQLite creates the WAL and SHM files with
    the database file's mode, and libraries create temporary files with the umask: this covers both.
    """
    return os.umask(OWNER_ONLY_UMASK)


def private_dir(path: Path) -> Path:
    """Create `path` (and any missing parents) as owner-only folders (0700) and return it.

    Only the folders that did not exist are created 0700, plus `path` itself, which is tightened to 0700
    if it already existed: a parent the person owns (their home, Documents) keeps its mode.
    Raises OSError when a folder cannot be created or its mode cannot be changed.
    """
    path = Path(path)
    missing: list[Path] = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another process made it meanwhile
            folder.mkdir(mode=DIR_MODE)
        os.chmod(folder, DIR_MODE)  # mkdir's mode is filtered by the umask
    if stat.S_IMODE(path.stat().st_mode) != DIR_MODE:
        os.chmod(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Make the existing file `path` owner-only (0600) and return it. Raises OSError (e.g. not found)."""
    os.chmod(path, FILE_MODE)
    return path


def write_private(path: Path, data: bytes) -> Path:
    """Write `data` to `path` atomically as an owner-only file (0600), creating its folder 0700.

    The bytes go to a temporary file beside `path` that is renamed into place once complete, so a reader
    never sees half a file. Raises OSError when the folder or the file cannot be written.
    """
    path = Path(path)
    private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def write_private_text(path: Path, text: str) -> Path:
    """`write_private` for UTF-8 text."""
    return write_private(path, text.encode("utf-8"))


@dataclass(frozen=True)
class ModeReport:
    """What `loose_modes` / `repair_modes` found under a folder: paths readable or writable by others."""

    loose: tuple[Path, ...]
    repaired: tuple[Path, ...] = ()


def loose_modes(root: Path) -> list[Path]:
    """Every folder (not 0700) and regular file (not 0600) under and including `root`; symlinks are
    neither followed nor listed. An absent `root` gives []."""
    if not root.exists():
        return []
    found: list[Path] = []
    if stat.S_IMODE(root.stat().st_mode) != DIR_MODE:
        found.append(root)
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            p = Path(folder) / name
            if not p.is_symlink() and stat.S_IMODE(p.stat().st_mode) != DIR_MODE:
                found.append(p)
        for name in files:
            p = Path(folder) / name
            info = p.lstat()
            if stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) != FILE_MODE:
                found.append(p)
    return found


def repair_modes(root: Path) -> ModeReport:
    """Set every folder under `root` to 0700 and every regular file to 0600.

    Returns the paths changed; a path that could not be changed (owned by someone else) stays in `loose`.
    """
    repaired: list[Path] = []
    still: list[Path] = []
    for p in loose_modes(root):
        try:
            os.chmod(p, DIR_MODE if p.is_dir() else FILE_MODE)
            repaired.append(p)
        except OSError:
            still.append(p)
    return ModeReport(tuple(still), tuple(repaired))
