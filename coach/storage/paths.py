"""Where a profile's files live: data dir (platformdirs, `--data-dir`, `COACH_DATA_DIR`) and cache dir."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from coach.domain.errors import CoachError
from coach.storage.private_files import private_dir

APP_NAME = "pain-recovery-coach"
DEFAULT_PROFILE = "default"
DB_FILENAME = "coach.db"
_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


class ProfileNameError(CoachError):
    """A profile name that cannot be used as a folder name."""


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9_-]+", "-", name.strip().lower()).strip("-")[:40]
    if not slug or not _SLUG_RE.match(slug):
        raise ProfileNameError(f"cannot use {name!r} as a profile name: use letters and digits")
    return slug


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The root data dir: an explicit `--data-dir` wins, then `COACH_DATA_DIR`, then the platform dir."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get("COACH_DATA_DIR")
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_cache_dir(data_dir: Path) -> Path:
    """Rendered audio is a cache: `COACH_CACHE_DIR`, else the platform cache dir.

    When the data dir was overridden (tests, a portable install) the cache sits beside it, so that one
    folder holds everything the run made and a test never touches the user's real cache.
    """
    env = os.environ.get("COACH_CACHE_DIR")
    if env:
        return Path(env).expanduser().resolve()
    if data_dir != Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)):
        return data_dir / "cache"
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and any missing parents) readable by the owner only (0700): health data stays
    private. The same as `coach.storage.private_files.private_dir`, kept for its many callers."""
    return private_dir(path)


@dataclass(frozen=True)
class ProfilePaths:
    """Every file of one profile, under `<data dir>/profiles/<slug>/`."""

    data_dir: Path
    profile: str = DEFAULT_PROFILE

    @property
    def profile_dir(self) -> Path:
        return self.data_dir / "profiles" / self.profile

    @property
    def database(self) -> Path:
        return self.profile_dir / DB_FILENAME

    @property
    def backups_dir(self) -> Path:
        return self.profile_dir / "backups"

    @property
    def recordings_dir(self) -> Path:
        return self.profile_dir / "recordings"

    @property
    def cache_dir(self) -> Path:
        return resolve_cache_dir(self.data_dir)
