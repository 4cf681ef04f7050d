"""A writer killed with SIGKILL at random moments never loses a committed row or corrupts the file."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coach.storage.paths import ProfilePaths
from coach.storage.store import Store

# The child commits one journal row at a time through the app's own connection code, and prints the id
# only after the commit returned: every printed id is a promise the database must keep.
CHILD = """
import sys
from pathlib import Path
from coach.storage.database import connect
db = connect(Path(sys.argv[1]))
tag = sys.argv[2]
i = 0
while True:
    i += 1
    with db.atomic():
        cur = db.execute("insert into journal (at, text) values ('2026-01-01T00:00:00+00:00', ?)", [f"{tag}-{i}"])
        db.execute("insert into sessions (exercise_id, started_at, updated_at, note) values ('x', 'a', 'a', ?)",
                   [f"{tag}-{i}"])
    print(cur.lastrowid, flush=True)
"""

KILLS = 100


@pytest.mark.slow
def test_sigkill_during_writes_loses_no_committed_row(data_dir: Path) -> None:
    paths = ProfilePaths(data_dir)
    Store.open(paths).close()
    rng = random.Random(2026)
    promised: set[int] = set()
    for round_ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(paths.database), f"r{round_}"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        first = child.stdout.readline()  # wait until it is really writing
        assert first.strip(), "the writer never committed a row"
        promised.add(int(first))
        time.sleep(rng.uniform(0.0, 0.03))
        os.kill(child.pid, signal.SIGKILL)
        rest, _ = child.communicate()
        promised.update(int(line) for line in rest.split())
    conn = sqlite3.connect(paths.database)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = {row[0] for row in conn.execute("select id from journal")}
        missing = promised - ids
        assert not missing, f"{len(missing)} committed rows lost"
        # Both inserts of a transaction land together or not at all.
        notes = {r[0] for r in conn.execute("select note from sessions")}
        texts = {r[0] for r in conn.execute("select text from journal")}
        assert notes == texts
    finally:
        conn.close()
    assert len(promised) >= KILLS
