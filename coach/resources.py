"""Locates the content shipped with the app (resources/ and audio/), in a wheel or a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]


def resources_dir() -> Path:
    """The resources/ folder: inside the wheel (`coach/_data`) or at the repo root when run from source."""
    return _first_existing(_PACKAGE_DIR / "_data" / "resources", _PACKAGE_DIR.parent / "resources")


def audio_assets_dir() -> Path:
    """The audio/ folder of source sounds (chime, ambience)."""
    return _first_existing(_PACKAGE_DIR / "_data" / "audio", _PACKAGE_DIR.parent / "audio")


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
