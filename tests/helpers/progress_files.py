"""Progress files (.coachprogress) as a patient's app writes them, built by hand for caseload tests: any
patient id, sequence number, generation time, dates and shared rows."""

from __future__ import annotations

import hashlib
import json
import uuid
import zipfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from coach.domain.clock import FixedClock
from coach.services.context import AppContext
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store


def coach_context(data_dir: Path, clock: FixedClock, slug: str = "coach-sam") -> AppContext:
    """A coach profile's context (close its store when done)."""
    store = Store.open(ProfilePaths(data_dir, slug))
    store.update_profile(kind="coach", nickname="Sam")
    return AppContext(store=store, clock=clock)


def new_id(seed: int | str) -> str:
    """A stable UUID for a test patient."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"patient-{seed}"))


def self_harm_checkin(day: date, answer: int = 2) -> dict[str, Any]:
    """A PHQ-9 with item 9 (self-harm) answered `answer` (0-3)."""
    answers = [1, 1, 1, 1, 1, 1, 1, 1, answer]
    return {"date": day.isoformat(), "kind": "phq9", "score": float(sum(answers)), "answers": answers}


def write_progress(
    path: Path,
    *,
    patient_id: str | None,
    name: str = "Ana",
    end: date = date(2026, 11, 21),
    days: int = 28,
    sequence: int = 1,
    generated_at: str | None = None,
    data: dict[str, Any] | None = None,
) -> Path:
    """Write a format 2 file (format 1 when `patient_id` is None) ending on `end`. Without `data`: one
    practice session a day (fully played) and a PEG check-in each week at 5."""
    start = end - timedelta(days=days - 1)
    if data is None:
        data = {
            "sessions": [
                {
                    "date": (start + timedelta(days=i)).isoformat(),
                    "exercise_id": "body-scan",
                    "status": "completed",
                    "fraction": 1.0,
                    "played_seconds": 600.0,
                }
                for i in range(days)
            ],
            "checkins": [
                {"date": (start + timedelta(days=i)).isoformat(), "kind": "peg", "score": 5.0}
                for i in range(0, days, 7)
            ],
        }
    payload = json.dumps(data, sort_keys=True).encode()
    manifest: dict[str, Any] = {
        "format": "coachprogress",
        "format_version": 1 if patient_id is None else 2,
        "created_at": generated_at or f"{end.isoformat()}T20:00:00+00:00",
        "app_version": "0.1.0",
        "patient_name": name,
        "range_start": start.isoformat(),
        "range_end": end.isoformat(),
        "shared": sorted(data),
        "files": [
            {"path": "progress.json", "size": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}
        ],
    }
    if patient_id is not None:
        manifest.update(
            patient_id=patient_id,
            sequence=sequence,
            generated_at=generated_at or f"{end.isoformat()}T20:00:00+00:00",
        )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        zf.writestr("progress.json", payload)
    return path
