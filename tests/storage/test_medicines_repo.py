"""The medicines and dose-log repository on a real SQLite file: what is stored comes back whole, in the
order the Taper page lists it, text with quotes or SQL in it is kept verbatim, and a write is on disk for
another window or the command line as soon as it returns."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from coach.storage.medicines_repo import MedicationDetails, MedicinesRepo
from coach.storage.store import Store

CREATED = "2026-11-21T15:00:00+00:00"


def details(name: str, **changes: object) -> MedicationDetails:
    values: dict[str, object] = {
        "name": name,
        "drug": None,
        "is_opioid": False,
        "strength": None,
        "unit": "mg",
        "doses_per_day": None,
        "schedule": "",
        "note": "",
    }
    values.update(changes)
    return MedicationDetails(**values)  # type: ignore[arg-type]


def oxycodone(name: str = "Oxycodone", **changes: object) -> MedicationDetails:
    base: dict[str, object] = {"drug": "oxycodone", "is_opioid": True, "strength": 10.0, "doses_per_day": 2.0}
    base.update(changes)
    return details(name, **base)


def test_a_medicine_round_trips_every_field(store: Store) -> None:
    repo = MedicinesRepo(store)
    med_id = repo.add(
        oxycodone(schedule="morning and night", note="with food"), started_on="2026-01-05", created_at=CREATED
    )

    med = repo.get(med_id)

    assert med is not None
    assert (med.name, med.drug, med.is_opioid, med.strength, med.unit, med.doses_per_day) == (
        "Oxycodone",
        "oxycodone",
        True,
        10.0,
        "mg",
        2.0,
    )
    assert (med.schedule, med.note, med.started_on, med.active, med.stopped_on) == (
        "morning and night",
        "with food",
        "2026-01-05",
        True,
        None,
    )
    assert med.describe() == "Oxycodone, 10 mg, 2x a day"
    assert repo.get(med_id + 1) is None


def test_update_replaces_what_can_be_edited_and_keeps_dates_and_doses(store: Store) -> None:
    repo = MedicinesRepo(store)
    med_id = repo.add(oxycodone(), started_on="2026-01-05", created_at=CREATED)
    dose_id = repo.add_dose(med_id, taken_at=CREATED, amount=10.0, unit="mg", kind="scheduled", note="")

    repo.update(med_id, details("Paracetamol", strength=500.0, schedule="as needed", note="max 4 a day"))

    med = repo.get(med_id)
    assert med is not None
    assert (med.name, med.drug, med.is_opioid, med.strength, med.schedule, med.note) == (
        "Paracetamol",
        None,
        False,
        500.0,
        "as needed",
        "max 4 a day",
    )
    assert (med.started_on, med.active) == ("2026-01-05", True)
    dose = repo.dose(dose_id)
    assert dose is not None and dose.medication_name == "Paracetamol"


def test_the_list_puts_active_then_opioids_first_then_names_and_stopping_keeps_history(store: Store) -> None:
    repo = MedicinesRepo(store)
    ibuprofen = repo.add(details("Ibuprofen"), started_on=None, created_at=CREATED)
    morphine = repo.add(oxycodone("Morphine", drug="morphine"), started_on=None, created_at=CREATED)
    amitriptyline = repo.add(details("Amitriptyline"), started_on=None, created_at=CREATED)
    tramadol = repo.add(oxycodone("Tramadol", drug="tramadol"), started_on=None, created_at=CREATED)

    repo.stop(morphine, "2026-11-20")

    assert [m.id for m in repo.all()] == [tramadol, amitriptyline, ibuprofen, morphine]
    assert [m.id for m in repo.all(active_only=True)] == [tramadol, amitriptyline, ibuprofen]
    stopped = repo.get(morphine)
    assert stopped is not None and (stopped.active, stopped.stopped_on) == (False, "2026-11-20")


def test_finding_by_name_ignores_case_and_prefers_the_active_then_the_newest(store: Store) -> None:
    repo = MedicinesRepo(store)
    old = repo.add(details("Gabapentin"), started_on=None, created_at=CREATED)
    newer = repo.add(details("gabapentin"), started_on=None, created_at=CREATED)
    newest_but_stopped = repo.add(details("GABAPENTIN"), started_on=None, created_at=CREATED)
    repo.stop(newest_but_stopped, "2026-11-01")

    found = repo.find_by_name("GaBaPeNtIn")

    assert found is not None and found.id == newer != old
    assert repo.find_by_name("Pregabalin") is None


def test_text_with_quotes_and_sql_is_stored_verbatim(store: Store) -> None:
    repo = MedicinesRepo(store)
    name = "O'Brien's \"night\" pill'); DROP TABLE medications; --"
    note = "50% off? ' OR 1=1 --"
    med_id = repo.add(details(name, schedule="a; b", note=note), started_on=None, created_at=CREATED)
    dose_id = repo.add_dose(med_id, taken_at=CREATED, amount=1.0, unit="mg", kind="as_needed", note=note)

    med = repo.find_by_name(name)
    dose = repo.dose(dose_id)

    assert med is not None and (med.id, med.name, med.schedule, med.note) == (med_id, name, "a; b", note)
    assert dose is not None and (dose.medication_name, dose.note) == (name, note)
    assert [m.name for m in repo.all()] == [name]  # the table is still there, with one row


def test_the_dose_log_is_newest_first_and_a_day_includes_its_start_but_not_its_end(store: Store) -> None:
    repo = MedicinesRepo(store)
    med_id = repo.add(oxycodone(), started_on=None, created_at=CREATED)
    times = [
        "2026-11-20T04:59:59+00:00",  # the day before
        "2026-11-20T05:00:00+00:00",  # the day's first second
        "2026-11-20T18:30:00+00:00",
        "2026-11-21T05:00:00+00:00",  # the next day's first second
    ]
    ids = [
        repo.add_dose(med_id, taken_at=t, amount=5.0 + i, unit="mg", kind="scheduled", note="")
        for i, t in enumerate(times)
    ]

    day = repo.doses_between("2026-11-20T05:00:00+00:00", "2026-11-21T05:00:00+00:00")
    since = repo.doses_since("2026-11-20T05:00:00+00:00")

    assert [d.id for d in day] == [ids[2], ids[1]]
    assert [d.id for d in since] == [ids[3], ids[2], ids[1]]
    first = day[-1]
    assert (first.medication_id, first.medication_name, first.amount, first.unit, first.kind) == (
        med_id,
        "Oxycodone",
        6.0,
        "mg",
        "scheduled",
    )
    assert first.taken_at == datetime(2026, 11, 20, 5, 0, tzinfo=UTC)


def test_a_deleted_dose_is_gone_and_others_stay(store: Store) -> None:
    repo = MedicinesRepo(store)
    med_id = repo.add(oxycodone(), started_on=None, created_at=CREATED)
    keep = repo.add_dose(med_id, taken_at=CREATED, amount=10.0, unit="mg", kind="scheduled", note="")
    drop = repo.add_dose(med_id, taken_at=CREATED, amount=5.0, unit="mg", kind="as_needed", note="")

    repo.delete_dose(drop)

    assert repo.dose(drop) is None
    assert [d.id for d in repo.doses_since("2026-01-01T00:00:00+00:00")] == [keep]


def test_a_write_is_on_disk_at_once_unless_a_transaction_rolls_it_back(store: Store) -> None:
    repo = MedicinesRepo(store)
    repo.add(details("Kept"), started_on=None, created_at=CREATED)
    with pytest.raises(RuntimeError), store.transaction():
        repo.add(details("Rolled back"), started_on=None, created_at=CREATED)
        raise RuntimeError("the use case failed half way")

    other = sqlite3.connect(store.paths.database)  # another window or `coach meds list`
    try:
        names = [r[0] for r in other.execute("select name from medications order by id")]
    finally:
        other.close()
    assert names == ["Kept"]
    assert [m.name for m in repo.all()] == ["Kept"]
