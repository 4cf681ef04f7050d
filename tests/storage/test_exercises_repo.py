"""The exercises repository on a real SQLite file: custom exercises saved, replaced and removed, and a
person's recordings listed newest first with paths that point into the profile."""

from __future__ import annotations

from pathlib import Path

from coach.storage.exercises_repo import ExercisesRepo, StoredExercise
from coach.storage.store import Store

NASTY = 'Robert\'); DROP TABLE exercises; -- "quoted"'


def _save(repo: ExercisesRepo, exercise_id: str, title: str, now: str, definition: str = "{}") -> None:
    repo.save_custom(
        exercise_id=exercise_id,
        title=title,
        category="mindfulness",
        minutes=5,
        definition=definition,
        author="",
        now=now,
    )


def test_a_custom_exercise_is_saved_verbatim_and_replaced_by_id(store: Store) -> None:
    repo = ExercisesRepo(store)
    _save(repo, "my-scan", NASTY, "2026-11-01T10:00:00+00:00", definition='{"title": "' + NASTY + '"}')
    assert repo.title("my-scan") == NASTY
    assert repo.definition("my-scan") == '{"title": "' + NASTY + '"}'

    _save(repo, "my-scan", "Evening scan", "2026-11-02T10:00:00+00:00")
    assert repo.title("my-scan") == "Evening scan"
    row = store.conn.execute("select created_at, updated_at from exercises where id = 'my-scan'").fetchone()
    assert row == ("2026-11-01T10:00:00+00:00", "2026-11-02T10:00:00+00:00")  # created stays, updated moves
    assert repo.title("not-there") is None and repo.definition("not-there") is None


def test_custom_exercises_list_by_id_with_their_categories_and_can_be_deleted(store: Store) -> None:
    repo = ExercisesRepo(store)
    _save(repo, "zz-last", "Z", "2026-11-01T10:00:00+00:00")
    _save(repo, "aa-first", "A", "2026-11-01T10:00:00+00:00", definition="not json")
    assert repo.custom_definitions() == [
        StoredExercise("aa-first", "not json"),
        StoredExercise("zz-last", "{}"),
    ]
    assert repo.categories() == {"aa-first": "mindfulness", "zz-last": "mindfulness"}
    assert repo.delete_custom("zz-last") is True
    assert repo.delete_custom("zz-last") is False
    assert repo.delete_custom("' OR 1=1 --") is False
    assert [e.id for e in repo.custom_definitions()] == ["aa-first"]


def test_recordings_come_newest_first_with_absolute_paths_and_counts(store: Store, tmp_path: Path) -> None:
    repo = ExercisesRepo(store)
    elsewhere = tmp_path / "kept" / "old.wav"
    old = repo.add_recording("body-scan", str(elsewhere), 12.5, NASTY, "2026-11-01T10:00:00+00:00")
    new = repo.add_recording("body-scan", "body-scan-1.wav", 30.0, "mine.wav", "2026-11-02T10:00:00+00:00")
    same_time = repo.add_recording("body-scan", "body-scan-2.wav", 31.0, "b.wav", "2026-11-02T10:00:00+00:00")
    repo.add_recording("breath-awareness", "breath.wav", 8.0, "c.wav", "2026-11-03T10:00:00+00:00")

    listed = repo.recordings("body-scan")
    assert [r.id for r in listed] == [same_time, new, old]
    assert listed[1].path == store.paths.recordings_dir / "body-scan-1.wav"
    assert listed[2].path == elsewhere  # an absolute path stays as it was stored
    assert (listed[2].original_name, listed[2].duration_s) == (NASTY, 12.5)
    assert listed[2].created_at.isoformat() == "2026-11-01T10:00:00+00:00"
    assert repo.recording_counts() == {"body-scan": 3, "breath-awareness": 1}
    assert repo.recordings("no-such-exercise") == []

    assert repo.recording_path(new) == store.paths.recordings_dir / "body-scan-1.wav"
    repo.delete_recording(new)
    assert repo.recording_path(new) is None
    assert repo.recording_counts() == {"body-scan": 2, "breath-awareness": 1}
