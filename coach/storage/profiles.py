"""The profile registry (<data dir>/profiles.json), the last-profile marker, and passcode hashing.

Each profile has its own database under <data dir>/profiles/<slug>/. The registry adds what must be known
before a database is opened: display name, kind (patient or coach), an optional passcode hash, and the
failed-attempt counter whose slow-down must survive a restart.

A passcode keeps another person at the same laptop out of a profile in the app; it does not encrypt the
database file, which anyone with access to the user account can copy.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import re
import secrets
import sqlite3
import unicodedata
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from coach.domain.errors import CoachError
from coach.storage.paths import DB_FILENAME, ensure_private_dir, slugify

REGISTRY_NAME = "profiles.json"
LAST_PROFILE_NAME = "last-profile"
KINDS: tuple[str, ...] = ("patient", "coach")

# scrypt: memory-hard (128 * n * r bytes = 16 MiB here), about 50 ms on a laptop core.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_DKLEN = 32
SALT_BYTES = 16


class RegistryError(CoachError):
    pass


@dataclass(frozen=True)
class PasscodeHash:
    salt: str  # hex
    hash: str  # hex
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P


def _derive(passcode: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    # maxmem must allow 128*n*r plus headroom; OpenSSL's 32 MiB default is just enough, be explicit.
    return hashlib.scrypt(
        passcode.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=SCRYPT_DKLEN
    )


def hash_passcode(passcode: str) -> PasscodeHash:
    salt = secrets.token_bytes(SALT_BYTES)
    return PasscodeHash(salt.hex(), _derive(passcode, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P).hex())


def passcode_matches(passcode: str, stored: PasscodeHash) -> bool:
    try:
        salt = bytes.fromhex(stored.salt)
        expected = bytes.fromhex(stored.hash)
        # Refuse parameters weaker than ours, so an edited registry cannot make guessing cheap.
        if stored.n < SCRYPT_N or stored.r < SCRYPT_R or stored.p < 1:
            return False
        actual = _derive(passcode, salt, stored.n, stored.r, stored.p)
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(actual, expected)


# The name a person gave (first run, Settings), kept in their entry so the chooser can greet them before a
# profile opens (coach.services.profiles.greeting). Never kept for a profile with a passcode: the list is
# readable without it, and whose encrypted profile it is stays as private as the rest of its data.
PERSON_KEY = "person"


@dataclass
class ProfileEntry:
    slug: str
    name: str
    kind: str = "patient"
    created_at: str = ""
    passcode: PasscodeHash | None = None
    failed_attempts: int = 0
    locked_until: str | None = None  # UTC ISO time before which no passcode is checked
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("extra")
        out.update(self.extra)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ProfileEntry:
        known = {"slug", "name", "kind", "created_at", "passcode", "failed_attempts", "locked_until"}
        code = data.get("passcode")
        kind = data.get("kind", "patient")
        return cls(
            slug=slugify(str(data["slug"])),
            name=str(data.get("name") or data["slug"]),
            kind=kind if kind in KINDS else "patient",
            created_at=str(data.get("created_at", "")),
            passcode=PasscodeHash(**code) if isinstance(code, dict) else None,
            failed_attempts=int(data.get("failed_attempts", 0)),
            locked_until=data.get("locked_until") or None,
            extra={k: v for k, v in data.items() if k not in known},
        )


MAX_DISPLAY_NAME = 60
_FOLDER_BASE_CHARS = 32
# Names Windows will not let a folder have (in any case, with any extension); refused on every system so a
# data folder can move between machines.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def clean_display_name(name: str) -> str:
    """The name as the person typed it (spaces trimmed, Unicode NFC), in any script.

    Raises RegistryError for an empty name, one longer than MAX_DISPLAY_NAME characters, or one holding
    control characters (line breaks, tabs) or unpaired surrogates.
    """
    display = unicodedata.normalize("NFC", name.strip())
    if not display:
        raise RegistryError("give the profile a name")
    if len(display) > MAX_DISPLAY_NAME:
        raise RegistryError(f"a profile name can be at most {MAX_DISPLAY_NAME} characters")
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in display):
        raise RegistryError("a profile name cannot hold line breaks, tabs or other control characters")
    return display


def same_name(a: str, b: str) -> bool:
    """Two display names a person would take for the same profile (case and Unicode form ignored)."""
    return unicodedata.normalize("NFC", a).casefold() == unicodedata.normalize("NFC", b).casefold()


def folder_name_for(display: str, taken: set[str]) -> str:
    """A new profile's folder name: ASCII letters, digits and dashes derived from the display name
    (`Café` -> `cafe`), `profile` when nothing Latin is left (`测试`), never a name Windows reserves, and
    made unique against `taken` by a numeric suffix (`cafe-2`). The display name itself is kept as typed."""
    ascii_text = unicodedata.normalize("NFKD", display).encode("ascii", "ignore").decode("ascii").lower()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:_FOLDER_BASE_CHARS].strip("-")
    if not base:
        base = "profile"
    elif base.split("-")[0] in _RESERVED:
        base = f"profile-{base}"[:_FOLDER_BASE_CHARS]
    taken_folded = {t.casefold() for t in taken}  # case-insensitive file systems (macOS, Windows)
    candidate, n = base, 2
    while candidate in taken_folded:
        candidate, n = f"{base}-{n}", n + 1
    return slugify(candidate)


def registry_path(data_dir: Path) -> Path:
    return data_dir / REGISTRY_NAME


@contextlib.contextmanager
def registry_lock(data_dir: Path) -> Iterator[None]:
    """Serialise read-modify-write of the registry between two app windows or a window and the CLI."""
    ensure_private_dir(data_dir)
    lock_path = data_dir / ".profiles.lock"
    fd = os.open(lock_path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        try:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover - Windows: a single user rarely runs two writers at once
            pass
        yield
    finally:
        os.close(fd)


def load_registry(data_dir: Path) -> dict[str, ProfileEntry]:
    path = registry_path(data_dir)
    if not path.exists():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        entries = [ProfileEntry.from_json(item) for item in raw["profiles"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise RegistryError(
            f"the profile list {path} is damaged ({exc.__class__.__name__}); restore it or move it aside"
        ) from exc
    return {e.slug: e for e in entries}


def save_registry(data_dir: Path, entries: dict[str, ProfileEntry]) -> None:
    ensure_private_dir(data_dir)
    path = registry_path(data_dir)
    tmp = path.with_name(path.name + ".partial")
    payload = {
        "version": 1,
        "profiles": [e.to_json() for e in sorted(entries.values(), key=lambda e: e.slug)],
    }
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(payload, fh, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    # The failed-attempt counter must never be lost half-written, so the file is replaced atomically.
    os.replace(tmp, path)


def discover_profiles(data_dir: Path) -> list[str]:
    """Slugs of profile folders that hold a database (made by the CLI, or before the registry existed)."""
    root = data_dir / "profiles"
    if not root.is_dir():
        return []
    out = []
    for child in sorted(root.iterdir()):
        if (child / DB_FILENAME).is_file():
            try:
                out.append(slugify(child.name))
            except CoachError:
                continue
    return out


def kind_in_database(data_dir: Path, slug: str) -> str:
    """The kind stored in a profile's own database, read without migrating or writing it."""
    from coach.storage.database import read_only_uri  # escapes #, ? and % in the folder names

    path = data_dir / "profiles" / slug / DB_FILENAME
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            row = conn.execute("select kind from profile where id = 1").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return "patient"
    return str(row[0]) if row and row[0] in KINDS else "patient"


def write_last_profile(data_dir: Path, slug: str) -> None:
    ensure_private_dir(data_dir)
    marker = data_dir / LAST_PROFILE_NAME
    tmp = marker.with_name(marker.name + ".partial")
    tmp.write_text(slugify(slug), encoding="utf-8")
    os.replace(tmp, marker)


def read_last_profile(data_dir: Path) -> str | None:
    marker = data_dir / LAST_PROFILE_NAME
    try:
        return slugify(marker.read_text(encoding="utf-8"))
    except (OSError, CoachError):
        return None
