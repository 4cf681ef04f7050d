"""What a program bundle stores besides the program, on a real SQLite file: the coach's exercises replace
the patient's own copy in place, and recordings are listed only for the exercises asked about, in the
order they were added, whatever their names hold."""

from __future__ import annotations

import json
import sqlite3

import pytest

from coach.storage.bundle_repo import BundleRepo, RecordingFile
from coach.storage.store import Store

NOW = "2026-11-21T15:00:00+00:00"
LATER = "2026-11-22T09:00:00+00:00"
HOSTILE = "it's'); DROP TABLE recordings; --"


def exercise(title: str) -> dict[str, object]:
    return {"id": "kind-hands", "title": title, "category": "self-compassion", "minutes": 2, "steps": []}


def test_an_imported_exercise_replaces_the_saved_one_and_keeps_when_it_was_added(store: Store) -> None:
    repo = BundleRepo(store)
    assert repo.exercise_definition("kind-hands") is None
    repo.save_exercise(exercise("Kind hands"), author="", now=NOW)
    repo.save_exercise(exercise(HOSTILE), author="Dr. O'Neil", now=LATER)

    stored = repo.exercise_definition("kind-hands")
    assert stored is not None and json.loads(stored) == exercise(HOSTILE)
    row = store.conn.execute(
        "select title, author, created_at, updated_at from exercises where id = 'kind-hands'"
    ).fetchone()
    assert row == (HOSTILE, "Dr. O'Neil", NOW, LATER)
    assert repo.exercise_definition("kind-hands' OR '1'='1") is None


def test_recordings_are_listed_for_the_asked_exercises_in_the_order_added(store: Store) -> None:
    repo = BundleRepo(store)
    first = repo.add_recording("body-scan", "b-1.wav", duration_s=60.0, original_name=HOSTILE, now=NOW)
    repo.add_recording("other", "o-1.wav", duration_s=5.0, original_name="", now=NOW)
    second = repo.add_recording("kind-hands", "k-1.wav", duration_s=30.5, original_name="", now=NOW)
    assert 0 < first < second

    assert repo.recordings_for(["kind-hands", "body-scan", "x') OR 1=1 --"]) == [
        RecordingFile("body-scan", "b-1.wav", HOSTILE),
        RecordingFile("kind-hands", "k-1.wav", ""),
    ]
    assert repo.recordings_for([]) == []
    assert repo.has_recording("body-scan", "b-1.wav")
    assert not repo.has_recording("body-scan", "k-1.wav")


def test_a_recording_without_length_is_refused(store: Store) -> None:
    repo = BundleRepo(store)
    with pytest.raises(sqlite3.IntegrityError):
        repo.add_recording("body-scan", "empty.wav", duration_s=0.0, original_name="", now=NOW)
    assert repo.recordings_for(["body-scan"]) == []
