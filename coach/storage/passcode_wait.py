"""The wait after wrong passcodes, kept in the profile's own folder and measured on the boot-time clock.

The record (`<profile>/passcode-wait.json`) holds the number of wrong tries, the wait in seconds and the
boot-time reading when the wait began. Boot time (CLOCK_BOOTTIME: counts while suspended, unaffected by
setting the date) is what elapses, so moving the wall clock forward skips nothing and moving it back
stretches nothing. After a restart boot time begins again, so the stored wait is counted again from the
start: never more than the wait itself (at most the 15-minute cap), never less than what remained.
Kept beside the database rather than in profiles.json, so moving the profile list aside keeps it.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

WAIT_FILE = "passcode-wait.json"
MAX_WAIT_S = 15 * 60


class BootClock(Protocol):
    """Seconds since boot and an id of the current boot (tests pass a fake)."""

    def seconds(self) -> float: ...
    def boot_id(self) -> str: ...


class SystemBootClock:
    """CLOCK_BOOTTIME where the system has it (Linux), else the monotonic clock; the kernel's boot id."""

    def seconds(self) -> float:
        clock = getattr(time, "CLOCK_BOOTTIME", None)
        return time.clock_gettime(clock) if clock is not None else time.monotonic()

    def boot_id(self) -> str:
        try:
            return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
        except OSError:
            return ""


@dataclass
class WaitRecord:
    failures: int = 0
    wait_s: float = 0.0  # seconds, from `boot_ref`
    boot_ref: float = 0.0  # BootClock.seconds() when the wait began
    boot_id: str = ""


def read_wait(profile_dir: Path) -> WaitRecord:
    """The stored record; an empty one when there is none. A damaged file counts as the longest wait, so
    editing it cannot shorten one."""
    path = profile_dir / WAIT_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return WaitRecord(
            failures=int(raw["failures"]),
            wait_s=min(float(raw["wait_s"]), MAX_WAIT_S),
            boot_ref=float(raw["boot_ref"]),
            boot_id=str(raw["boot_id"]),
        )
    except FileNotFoundError:
        return WaitRecord()
    except (OSError, ValueError, KeyError, TypeError):
        return WaitRecord(failures=0, wait_s=MAX_WAIT_S, boot_ref=0.0, boot_id="damaged")


def write_wait(profile_dir: Path, record: WaitRecord) -> None:
    """Replace the record atomically (0600); an empty record removes the file."""
    path = profile_dir / WAIT_FILE
    if record.failures == 0 and record.wait_s == 0:
        path.unlink(missing_ok=True)
        return
    profile_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(asdict(record), fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def remaining_s(record: WaitRecord, clock: BootClock) -> float:
    """Seconds still to wait (0 when none), between 0 and min(record.wait_s, MAX_WAIT_S)."""
    if record.wait_s <= 0:
        return 0.0
    now = clock.seconds()
    same_boot = record.boot_id == clock.boot_id() and now >= record.boot_ref
    # Another boot (or a damaged record): the whole wait again, which is at most what remained.
    elapsed = now - record.boot_ref if same_boot else 0.0
    return max(0.0, min(record.wait_s, MAX_WAIT_S) - elapsed)


def restart_after_reboot(record: WaitRecord, clock: BootClock) -> WaitRecord:
    """Re-anchor a wait left from an earlier boot to this boot, so it runs down from now."""
    if record.wait_s > 0 and record.boot_id != clock.boot_id():
        return WaitRecord(record.failures, min(record.wait_s, MAX_WAIT_S), clock.seconds(), clock.boot_id())
    return record
