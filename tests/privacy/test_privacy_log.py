"""The log for bug reports: a rotating file in the log folder, 0600, that never holds health data, and
`coach doctor --report FILE` that writes a shareable diagnostics file and refuses the app's own files."""

from __future__ import annotations

import logging
import os
import re
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.storage.applog import BACKUPS, LOG_NAME, MAX_BYTES, PrivateRotatingFileHandler, Safe, setup_logging

# Values a person enters: none of them may reach the log or the diagnostics file.
NAME = "Zelda Quartermain"
MEDICINE = "Oxyzeldafen"
NOTE = "my knee after Marguerite's wedding"
STRENGTH = "37.5"
DOSE = "41.25"


def _coach(env: dict[str, str], *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    out = subprocess.run(
        [sys.executable, "-m", "coach", *args], capture_output=True, text=True, env=env, timeout=300
    )
    if ok:
        assert out.returncode == 0, f"coach {' '.join(args)}: {out.stderr[-2000:]}"
    return out


@pytest.fixture(autouse=True)
def _no_log_file_left_behind() -> Iterator[None]:
    yield
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, PrivateRotatingFileHandler)]:
        root.removeHandler(handler)
        handler.close()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return dict(
        os.environ,
        COACH_DATA_DIR=str(tmp_path / "data"),
        COACH_CACHE_DIR=str(tmp_path / "cache"),
        COACH_LOG_DIR=str(tmp_path / "state" / "log"),
        QT_QPA_PLATFORM="offscreen",
        QT_LOGGING_RULES="*=false",
    )


def test_a_day_of_use_leaves_a_private_log_without_health_data(env: dict[str, str], tmp_path: Path) -> None:
    _coach(env, "profiles", "create", NAME)
    _coach(env, "--profile", NAME, "demo", "--days", "14")
    _coach(
        env,
        "--profile",
        NAME,
        "meds",
        "add",
        MEDICINE,
        "--not-opioid",
        "--strength",
        STRENGTH,
        "--unit",
        "mg",
        "--per-day",
        "2",
    )
    _coach(env, "--profile", NAME, "dose", "log", MEDICINE, DOSE)
    _coach(env, "--profile", NAME, "checkin", "add", "peg", "--answers", "9,8,7", "--note", NOTE)
    _coach(env, "--profile", NAME, "checkin", "add", "phq9", "--answers", "3,3,2,2,1,1,0,0,3")
    _coach(env, "--profile", NAME, "taper", "--help")
    _coach(env, "--profile", NAME, "dose", "log", "not-a-medicine-" + NOTE, ok=False)

    log = Path(env["COACH_LOG_DIR"]) / LOG_NAME
    assert log.is_file()
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700
    text = log.read_text(encoding="utf-8")
    assert "coach.cli" in text and "demo" in text  # it does say what was run
    for value in (NAME, "zelda", MEDICINE, NOTE, "Marguerite", STRENGTH, DOSE, "9,8,7", "3,3,2,2"):
        assert value.lower() not in text.lower(), f"{value!r} reached the log"

    report = tmp_path / "report.txt"
    _coach(env, "--profile", NAME, "doctor", "--report", str(report))
    shared = report.read_text(encoding="utf-8")
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    for heading in (
        "[versions]",
        "python:",
        "PySide6",
        "platform:",
        "[checks]",
        "[settings]",
        "theme:",
        "speech_engine:",
        "[log: last",
    ):
        assert heading in shared
    assert "coach.cli" in shared  # the log's last lines are in it
    for value in (NAME, "zelda", MEDICINE, NOTE, STRENGTH, DOSE):
        assert value.lower() not in shared.lower(), f"{value!r} reached the diagnostics file"


def test_the_report_refuses_the_apps_own_files(env: dict[str, str]) -> None:
    _coach(env, "demo", "--days", "7")
    db = Path(env["COACH_DATA_DIR"]) / "profiles" / "default" / "coach.db"
    before = db.read_bytes()
    out = _coach(env, "doctor", "--report", str(db), ok=False)
    assert out.returncode == 1
    assert out.stderr.startswith("coach: ") and len(out.stderr.strip().splitlines()) == 1
    assert "inside the app's data folder" in out.stderr
    assert db.read_bytes() == before


def test_the_log_file_redacts_arguments_messages_and_tracebacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_LOG_DIR", str(tmp_path / "log"))
    path = setup_logging(tmp_path / "data")
    assert path is not None
    log = logging.getLogger("coach.test")
    try:
        log.warning("saved a check-in for %s: PEG %d, note %r", NAME, 9, NOTE)
        log.info(f"dose {DOSE} mg logged")  # an f-string: its numbers are blanked
        log.info("engine %s ready in %.1f s", Safe("piper"), 1.25)
        try:
            raise ValueError(f"cannot read {NOTE} {DOSE}")
        except ValueError:
            log.exception("the report failed for %(who)s", {"who": NAME})
    finally:
        for h in logging.getLogger().handlers:
            h.flush()
    # Each line's own time stamp is the log's, not the person's: "21:20:16,141" must not count as a "41".
    text = re.sub(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ", "", path.read_text(encoding="utf-8"), flags=re.M)
    assert re.search(r"^WARNING coach\.test: ", text, flags=re.M)  # the stamps really were removed
    for value in (NAME, NOTE, DOSE, "41", "PEG 9"):
        assert value not in text
    assert "engine piper ready" in text  # a value marked Safe is kept
    assert "ValueError" in text and "test_privacy_log.py" in text  # where it failed is kept
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_log_rotates_at_one_megabyte_keeping_three(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_LOG_DIR", str(tmp_path / "log"))
    path = setup_logging(tmp_path / "data")
    assert path is not None
    log = logging.getLogger("coach.test")
    line = "x" * 1000
    for _ in range(int(MAX_BYTES * (BACKUPS + 2) / 1000)):
        log.info(line)
    files = sorted(p.name for p in path.parent.iterdir())
    assert files == [LOG_NAME] + [f"{LOG_NAME}.{n}" for n in range(1, BACKUPS + 1)]
    assert all(p.stat().st_size <= MAX_BYTES + 2000 for p in path.parent.iterdir())
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in path.parent.iterdir())
