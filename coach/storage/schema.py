"""The database schema for the whole mission, as ordered `sqlite_utils.Migrations`.

Add a change as a new function at the end of MIGRATIONS; never edit one that has shipped. Times are ISO-8601 UTC with
offset (`2026-11-21T08:00:00+00:00`); dates are `YYYY-MM-DD`; lists and mappings are JSON text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from coach.storage.migrations.m006_reminder_history import m006_reminder_history

if TYPE_CHECKING:
    # sqlite_utils costs ~80 ms to import (more with numpy); opening an up-to-date profile does not need it,
    # so the window can show before it loads. It is imported only to apply migrations.
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "coach"

# Tables in dependency order (parents first): export, import and "is this profile empty" walk this list.
USER_TABLES: tuple[str, ...] = (
    "profile",
    "settings",
    "exercises",
    "recordings",
    "sessions",
    "checkins",
    "medications",
    "dose_events",
    "taper_plans",
    "taper_steps",
    "taper_pauses",
    "milestones",
    "withdrawal_checkins",
    "reminder_rules",
    "reminder_deliveries",
    "programs",
    "assignments",
    "journal",
    "patient_records",
    "lessons_completed",
    "caseload_days",
    "caseload_reviews",
)

_INITIAL = """
CREATE TABLE profile (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    nickname TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'patient' CHECK (kind IN ('patient', 'coach')),
    country TEXT NOT NULL DEFAULT 'US',
    takes_opioids INTEGER NOT NULL DEFAULT 1 CHECK (takes_opioids IN (0, 1)),
    onboarded INTEGER NOT NULL DEFAULT 0 CHECK (onboarded IN (0, 1)),
    is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
    created_at TEXT NOT NULL
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE exercises (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    category TEXT NOT NULL,
    minutes REAL NOT NULL CHECK (minutes > 0),
    definition TEXT NOT NULL,
    author TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE recordings (
    id INTEGER PRIMARY KEY,
    exercise_id TEXT NOT NULL,
    path TEXT NOT NULL,
    duration_s REAL NOT NULL CHECK (duration_s > 0),
    original_name TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX recordings_exercise ON recordings (exercise_id);
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    exercise_id TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    updated_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'in_progress'
        CHECK (status IN ('in_progress', 'completed', 'abandoned')),
    completed_fraction REAL NOT NULL DEFAULT 0 CHECK (completed_fraction BETWEEN 0 AND 1),
    position_s REAL NOT NULL DEFAULT 0 CHECK (position_s >= 0),
    pre_pain INTEGER CHECK (pre_pain BETWEEN 0 AND 10),
    post_pain INTEGER CHECK (post_pain BETWEEN 0 AND 10),
    pre_distress INTEGER CHECK (pre_distress BETWEEN 0 AND 10),
    post_distress INTEGER CHECK (post_distress BETWEEN 0 AND 10),
    body_areas TEXT NOT NULL DEFAULT '[]',
    note TEXT NOT NULL DEFAULT '',
    assignment_id INTEGER REFERENCES assignments (id) ON DELETE SET NULL
);
CREATE INDEX sessions_started ON sessions (started_at);
CREATE TABLE checkins (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('peg', 'pgic', 'phq9', 'gad7')),
    answers TEXT NOT NULL,
    score REAL NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX checkins_kind_at ON checkins (kind, at);
CREATE TABLE medications (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    drug TEXT,
    is_opioid INTEGER NOT NULL DEFAULT 0 CHECK (is_opioid IN (0, 1)),
    strength REAL CHECK (strength > 0),
    unit TEXT NOT NULL DEFAULT 'mg',
    doses_per_day REAL CHECK (doses_per_day > 0),
    schedule TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    started_on TEXT,
    stopped_on TEXT,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE TABLE dose_events (
    id INTEGER PRIMARY KEY,
    medication_id INTEGER NOT NULL REFERENCES medications (id) ON DELETE CASCADE,
    taken_at TEXT NOT NULL,
    amount REAL NOT NULL CHECK (amount > 0),
    unit TEXT NOT NULL DEFAULT 'mg',
    kind TEXT NOT NULL DEFAULT 'scheduled' CHECK (kind IN ('scheduled', 'as_needed')),
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dose_events_taken ON dose_events (taken_at);
CREATE TABLE taper_plans (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('draft', 'active', 'finished', 'archived')),
    origin TEXT NOT NULL DEFAULT 'prescriber' CHECK (origin IN ('prescriber', 'draft')),
    pace TEXT,
    start_mme REAL CHECK (start_mme >= 0),
    start_date TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE TABLE taper_steps (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES taper_plans (id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    target_mme REAL NOT NULL CHECK (target_mme >= 0),
    doses TEXT NOT NULL DEFAULT '{}',
    is_draft INTEGER NOT NULL DEFAULT 0 CHECK (is_draft IN (0, 1)),
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX taper_steps_plan_date ON taper_steps (plan_id, date);
CREATE TABLE taper_pauses (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES taper_plans (id) ON DELETE CASCADE,
    start_date TEXT NOT NULL,
    end_date TEXT,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE TABLE milestones (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES taper_plans (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    reached_on TEXT NOT NULL,
    label TEXT NOT NULL,
    UNIQUE (plan_id, kind, reached_on)
);
CREATE TABLE withdrawal_checkins (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    answers TEXT NOT NULL,
    total INTEGER NOT NULL CHECK (total >= 0),
    step_id INTEGER REFERENCES taper_steps (id) ON DELETE SET NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX withdrawal_at ON withdrawal_checkins (at);
CREATE TABLE reminder_rules (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT 'practice' CHECK (kind IN ('practice', 'program', 'checkin', 'taper')),
    label TEXT NOT NULL DEFAULT '',
    at_time TEXT NOT NULL,
    weekdays TEXT NOT NULL DEFAULT 'mon,tue,wed,thu,fri,sat,sun',
    paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    skip_if_done INTEGER NOT NULL DEFAULT 0 CHECK (skip_if_done IN (0, 1)),
    heads_up_minutes INTEGER NOT NULL DEFAULT 0 CHECK (heads_up_minutes >= 0),
    exercise_id TEXT,
    payload TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
);
CREATE TABLE reminder_deliveries (
    id INTEGER PRIMARY KEY,
    rule_id INTEGER NOT NULL REFERENCES reminder_rules (id) ON DELETE CASCADE,
    due_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'due'
        CHECK (status IN ('due', 'shown', 'acted', 'snoozed', 'skipped', 'missed')),
    shown_at TEXT,
    acted_at TEXT,
    action TEXT,
    UNIQUE (rule_id, due_at)
);
CREATE TABLE programs (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    definition TEXT NOT NULL,
    coach_name TEXT NOT NULL DEFAULT '',
    origin TEXT NOT NULL DEFAULT 'custom' CHECK (origin IN ('builtin', 'custom', 'imported')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE assignments (
    id INTEGER PRIMARY KEY,
    program_id TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    started_on TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'previous', 'finished')),
    assigned_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE TABLE journal (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'journal' CHECK (kind IN ('journal', 'flare')),
    intensity INTEGER CHECK (intensity BETWEEN 0 AND 10),
    trigger TEXT NOT NULL DEFAULT '',
    what_helped TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX journal_at ON journal (at);
CREATE TABLE patient_records (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    range_start TEXT,
    range_end TEXT,
    data TEXT NOT NULL
);
"""


def m001_initial_schema(db: Database) -> None:
    for statement in _INITIAL.split(";"):
        if statement.strip():
            db.execute(statement)


def m002_lessons_completed(db: Database) -> None:
    """The Learn course: one row per lesson finished, with the reflection answer the person chose."""
    db.execute(
        "CREATE TABLE lessons_completed ("
        " lesson_id TEXT PRIMARY KEY,"
        " completed_at TEXT NOT NULL,"
        " reflection_answer TEXT NOT NULL DEFAULT ''"
        ")"
    )


def m003_reminder_through_quiet_hours(db: Database) -> None:
    """A reminder may be let through quiet hours (a night shift, "winding down for sleep")."""
    db.execute(
        "ALTER TABLE reminder_rules ADD COLUMN through_quiet INTEGER NOT NULL DEFAULT 0 "
        "CHECK (through_quiet IN (0, 1))"
    )


def m004_caseload_identity(db: Database) -> None:
    """The caseload keyed by the patient's id (issue 16): one `patient_records` row per patient holding the
    latest file's snapshot and how to order files; the days of every file received, compact (one row per
    patient and day, replaced by a newer file); and the coach's review log."""
    for column in (
        "patient_id TEXT",  # the profile UUID in the file, or "legacy-<hash of the name>" for version 1
        "display_name TEXT NOT NULL DEFAULT ''",  # the coach's own name for the patient ('' = as in file)
        "generated_at TEXT",  # when the patient's app wrote the latest file (UTC)
        "sequence INTEGER",  # the latest file's sequence number (one more per file the patient writes)
        "file_sha256 TEXT",  # of the latest file's progress.json: the same file again is "up to date"
        "changed_at TEXT",  # when new data last arrived (UTC): what "new" and "reviewed" compare to
        "viewed_at TEXT",  # when the coach last looked at this patient (UTC)
        "summary TEXT",  # the review of the latest file as small JSON (coach.domain.overview_codec)
    ):
        db.execute(f"ALTER TABLE patient_records ADD COLUMN {column}")
    # Older rows (no id) stay as they were; every row with an id is one patient (the caseload repository
    # upserts by it; a caseload of a thousand rows needs no index).
    db.execute(
        "CREATE TABLE caseload_days ("
        " id INTEGER PRIMARY KEY,"
        " patient_id TEXT NOT NULL,"
        " day TEXT NOT NULL,"
        " data TEXT NOT NULL"  # that day's shared rows by part, JSON
        ")"
    )
    # One row per patient and day, kept so by the repository (which replaces a day's row); not a UNIQUE
    # constraint, so an exported profile whose rows break it still imports whole.
    db.execute("CREATE INDEX caseload_days_patient ON caseload_days (patient_id, day)")
    db.execute(
        "CREATE TABLE caseload_reviews ("
        " id INTEGER PRIMARY KEY,"
        " patient_id TEXT NOT NULL,"
        " reviewed_at TEXT NOT NULL,"
        " note TEXT NOT NULL DEFAULT '',"
        " flags TEXT NOT NULL DEFAULT '[]'"  # the flags seen, as JSON ["kind@YYYY-MM-DD", ...]
        ")"
    )
    db.execute("CREATE INDEX caseload_reviews_patient ON caseload_reviews (patient_id, reviewed_at)")


def m005_exchange(db: Database) -> None:
    """The exchange folder: every file seen there (by its path inside the folder), what its bytes were
    (sha256, so a changed file is read again and an unchanged one never twice) and what came of it."""
    db.execute(
        "CREATE TABLE exchange_files ("
        " name TEXT PRIMARY KEY,"
        " kind TEXT NOT NULL CHECK (kind IN ('progress', 'program')),"
        " sha256 TEXT NOT NULL,"
        " size INTEGER NOT NULL,"
        " seen_at TEXT NOT NULL,"
        " outcome TEXT NOT NULL,"
        " message TEXT NOT NULL DEFAULT '',"
        " coach_name TEXT NOT NULL DEFAULT '',"
        " title TEXT NOT NULL DEFAULT ''"
        ")"
    )


# In the order they apply; the function name is the migration's name in `_sqlite_migrations`.
MIGRATIONS: tuple[Callable[[Database], None], ...] = (
    m001_initial_schema,
    m002_lessons_completed,
    m003_reminder_through_quiet_hours,
    m004_caseload_identity,
    m005_exchange,
    m006_reminder_history,
)


def known_migration_names() -> list[str]:
    return [step.__name__ for step in MIGRATIONS]


def build_migrations() -> Migrations:
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for step in MIGRATIONS:
        migrations()(step)
    return migrations


def schema_version() -> int:
    """The version this app writes: the number of migrations it knows."""
    return len(known_migration_names())
