"""`coach exchange sync` while a file is still arriving in the shared folder (issue 16, tried by a
newcomer): it says which file and to try again in a few seconds, rather than leaving them guessing.
The real CLI through click's CliRunner, a real folder."""

from __future__ import annotations

import os
import time
from pathlib import Path

from tests.cli.test_exchange_cli import run


def test_sync_says_to_try_again_when_a_file_is_still_arriving(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    patient_data, coach_data = tmp_path / "patient", tmp_path / "coach"
    assert run(coach_data, "clinic", "profiles", "create", "clinic", "--kind", "coach")[0] == 0
    assert run(patient_data, "alex", "exchange", "folder", str(shared))[0] == 0
    assert run(patient_data, "alex", "exchange", "sync")[0] == 0
    [arriving] = list((shared / "to-coach").iterdir())
    now = time.time()
    os.utime(arriving, (now, now))  # the sync app is still writing it
    assert run(coach_data, "clinic", "exchange", "folder", str(shared))[0] == 0
    code, out, err = run(coach_data, "clinic", "exchange", "sync")
    assert code == 0, err
    assert out.splitlines() == [f"to-coach/{arriving.name} is still arriving: try again in a few seconds."]
