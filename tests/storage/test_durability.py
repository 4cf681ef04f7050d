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


# --- restore and import killed half-way: the profile holds the old data or the new, never a mix -----------
RESTORE_CHILD = """
import sys
from pathlib import Path
from coach.storage.backup import restore_database
live = Path(sys.argv[1])
print("start", flush=True)
restore_database(Path(sys.argv[2]), live, live.parent / "backups")
print("done", flush=True)
"""

IMPORT_CHILD = """
import sys
from pathlib import Path
from coach.storage import export
from coach.storage.store import Store
store = Store.open_path(Path(sys.argv[1]))
data = export.read_export(Path(sys.argv[2]))
print("start", flush=True)
export.import_json(store, data)
print("done", flush=True)
"""

ROUNDS = 15


def _fill_journal(store: Store, tag: str, rows: int) -> None:
    with store.transaction() as db:
        db["journal"].insert_all(
            {"at": "2026-01-01T00:00:00+00:00", "text": f"{tag}-{i}-" + "x" * 200} for i in range(rows)
        )


def _journal_tags(database: Path) -> set[str]:
    conn = sqlite3.connect(database)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {str(row[0]).split("-")[0] for row in conn.execute("select text from journal")}
    finally:
        conn.close()


def _kill_after_start(script: str, *args: str, rng: random.Random, window_s: float) -> bool:
    """Run `script`, kill it at a random moment after it says "start"; True when it finished first."""
    child = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "start"
    time.sleep(rng.uniform(0.0, window_s))
    os.kill(child.pid, signal.SIGKILL)
    rest, _ = child.communicate()
    return "done" in rest


@pytest.mark.slow
def test_sigkill_during_restore_leaves_the_old_data_or_the_new(data_dir: Path, tmp_path: Path) -> None:
    from coach.storage.backup import backup_database, restore_database

    paths = ProfilePaths(data_dir)
    with Store.open(paths) as store:
        _fill_journal(store, "new", 20_000)
        new = backup_database(store.db, paths.backups_dir, out=tmp_path / "new.db")
        store.db.execute("delete from journal")
        _fill_journal(store, "old", 3_000)
        old = backup_database(store.db, paths.backups_dir, out=tmp_path / "old.db")
    started = time.monotonic()
    restore_database(new, paths.database, paths.backups_dir)
    window = (time.monotonic() - started) * 1.5
    restore_database(old, paths.database, paths.backups_dir)
    rng = random.Random(14)
    outcomes = set()
    for _ in range(ROUNDS):
        finished = _kill_after_start(RESTORE_CHILD, str(paths.database), str(new), rng=rng, window_s=window)
        tags = _journal_tags(paths.database)
        assert tags in ({"old"}, {"new"}), f"a mix after a kill: {tags}"
        assert tags == {"new"} or not finished
        outcomes.add(frozenset(tags))
        if tags == {"new"}:
            restore_database(old, paths.database, paths.backups_dir)
    with Store.open(paths) as store:  # and the app still opens it and writes
        store.db.execute("insert into journal (at, text) values ('2026-01-02T00:00:00+00:00', 'after')")
    assert frozenset({"old"}) in outcomes, "no kill landed before the restore finished"


@pytest.mark.slow
def test_sigkill_during_import_leaves_an_empty_profile_or_a_full_one(tmp_path: Path) -> None:
    from coach.storage import export

    source = ProfilePaths(tmp_path / "source")
    with Store.open(source) as store:
        _fill_journal(store, "imported", 20_000)
        export_file = export.write_json(store, tmp_path / "export.json")
    rng = random.Random(41)
    outcomes = set()
    for round_ in range(ROUNDS):
        target = ProfilePaths(tmp_path / f"target-{round_}")
        Store.open(target).close()
        window = 1.0 if round_ % 2 else 0.3
        _kill_after_start(IMPORT_CHILD, str(target.database), str(export_file), rng=rng, window_s=window)
        conn = sqlite3.connect(target.database)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            count = conn.execute("select count(*) from journal").fetchone()[0]
        finally:
            conn.close()
        assert count in (0, 20_000), f"{count} of 20000 rows after a kill"
        outcomes.add(count)
    assert 0 in outcomes, "no kill landed before the import finished"
