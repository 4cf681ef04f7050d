"""The taper record in SQLite (taper_plans, taper_steps, taper_pauses, milestones), read into typed records.

The repository stores what it is given: which plan may be active, whether a step date is free, and what a
pause moves are the taper service's rules (coach/services/taper/plans.py). Every statement binds its values
with `?`. Days are stored as ISO dates ('2026-11-21'), MME as a daily total.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from coach.domain import taper as rules
from coach.domain.mme import MCG_PER_HOUR
from coach.storage.medicines_repo import Medication

if TYPE_CHECKING:
    from sqlite_utils import Database

    from coach.storage.store import Store


@dataclass(frozen=True)
class Plan:
    """A taper plan. `status` is draft, active, finished or archived; `origin` prescriber or draft;
    `start_mme` the daily MME it starts from."""

    id: int
    name: str
    status: str
    origin: str
    pace: str | None
    start_mme: float
    start_date: date
    note: str

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"


@dataclass(frozen=True)
class Step:
    """A step of a plan: from `date`, `target_mme` a day; `doses` maps a medication id to its new total
    a day (a patch: its rate in mcg/h)."""

    id: int
    plan_id: int
    date: date
    target_mme: float
    doses: dict[int, float]  # medication id -> new total a day (a patch: its rate in mcg/h)
    is_draft: bool
    note: str

    def as_rule(self) -> rules.PlanStep:
        return rules.PlanStep(self.date, self.target_mme, self.id)

    def doses_text(self, meds: Mapping[int, Medication]) -> str:
        """The step's doses in words, e.g. "Oxycodone 15 mg a day; Fentanyl patch 12 mcg/h"."""
        parts = []
        for med_id, daily in self.doses.items():
            med = meds.get(med_id)
            if med is None:
                parts.append(f"medicine #{med_id}: {daily:g} a day")
            elif med.unit == MCG_PER_HOUR:
                parts.append(f"{med.name} {daily:g} {med.unit}")
            else:
                parts.append(f"{med.name} {daily:g} {med.unit} a day")
        return "; ".join(parts)


def parse_doses(text: str | None) -> dict[int, float]:
    """The stored dose record, {"<medication id>": daily amount}; an older {"daily": x} object is accepted."""
    try:
        raw = json.loads(text or "{}")
    except json.JSONDecodeError:
        return {}
    out: dict[int, float] = {}
    if isinstance(raw, dict):
        for key, value in raw.items():
            amount = value.get("daily") if isinstance(value, dict) else value
            if str(key).isdigit() and isinstance(amount, int | float):
                out[int(key)] = float(amount)
    return out


_SELECT_PLANS = "select id, name, status, origin, pace, start_mme, start_date, note from taper_plans"
_SELECT_STEPS = "select id, plan_id, date, target_mme, doses, is_draft, note from taper_steps"


def _plan(row: Any) -> Plan:
    return Plan(
        id=int(row[0]),
        name=row[1],
        status=row[2],
        origin=row[3],
        pace=row[4],
        start_mme=float(row[5] or 0.0),
        start_date=date.fromisoformat(row[6]),
        note=row[7],
    )


def _step(row: Any) -> Step:
    return Step(
        id=int(row[0]),
        plan_id=int(row[1]),
        date=date.fromisoformat(row[2]),
        target_mme=float(row[3]),
        doses=parse_doses(row[4]),
        is_draft=bool(row[5]),
        note=row[6],
    )


def _pause(row: Any) -> rules.Pause:
    return rules.Pause(
        date.fromisoformat(row[1]), date.fromisoformat(row[2]) if row[2] else None, row[3], int(row[0])
    )


class TaperRepo:
    """Plans, steps, pauses and stored milestones of one open profile. Writes commit at once unless the
    caller holds `store.transaction()`; sqlite-utils is reached only when a method first runs."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @property
    def _db(self) -> Database:
        return self._store.db

    # --- plans ------------------------------------------------------------------------------------
    def plan(self, plan_id: int) -> Plan | None:
        row = self._db.execute(_SELECT_PLANS + " where id = ?", [plan_id]).fetchone()
        return _plan(row) if row else None

    def plans(self) -> list[Plan]:
        """Every plan, newest first."""
        rows = self._db.execute(_SELECT_PLANS + " order by created_at desc, id desc").fetchall()
        return [_plan(r) for r in rows]

    def active_plan(self) -> Plan | None:
        """The newest plan whose status is 'active' (the service keeps it to one)."""
        row = self._db.execute(
            _SELECT_PLANS + " where status = 'active' order by created_at desc, id desc"
        ).fetchone()
        return _plan(row) if row else None

    def add_plan(
        self,
        *,
        name: str,
        status: str,
        origin: str,
        pace: str | None,
        start_mme: float,
        start_date: str,
        note: str,
        created_at: str,
    ) -> int:
        """Insert a plan (`start_date` an ISO day, `created_at` an ISO time from `to_db`); returns its id."""
        cursor = self._db.execute(
            "insert into taper_plans (name, status, origin, pace, start_mme, start_date, note, created_at) "
            "values (?, ?, ?, ?, ?, ?, ?, ?)",
            [name, status, origin, pace, start_mme, start_date, note, created_at],
        )
        return int(cursor.lastrowid or 0)

    def set_status(self, plan_id: int, status: str) -> None:
        self._db.execute("update taper_plans set status = ? where id = ?", [status, plan_id])

    def activate(self, plan_id: int, *, name: str, note: str) -> None:
        """Make a plan active under a new name and note (a draft the prescriber agreed to)."""
        self._db.execute(
            "update taper_plans set status = 'active', note = ?, name = ? where id = ?", [note, name, plan_id]
        )

    # --- steps ------------------------------------------------------------------------------------
    def steps(self, plan_id: int) -> list[Step]:
        """The plan's steps by date (then by id)."""
        rows = self._db.execute(_SELECT_STEPS + " where plan_id = ? order by date, id", [plan_id]).fetchall()
        return [_step(r) for r in rows]

    def step_plan_id(self, step_id: int) -> int | None:
        """The plan a step belongs to; None when there is no such step."""
        row = self._db.execute("select plan_id from taper_steps where id = ?", [step_id]).fetchone()
        return int(row[0]) if row else None

    def add_step(
        self,
        plan_id: int,
        *,
        day: str,
        target_mme: float,
        doses: Mapping[str, float],
        is_draft: bool,
        note: str,
    ) -> int:
        """Insert a step on the ISO day `day`; `doses` is the record {"<medication id>": daily amount}
        (empty when only the MME total is known). Returns its id."""
        cursor = self._db.execute(
            "insert into taper_steps (plan_id, date, target_mme, doses, is_draft, note) "
            "values (?, ?, ?, ?, ?, ?)",
            [plan_id, day, target_mme, json.dumps(dict(doses)), int(is_draft), note],
        )
        return int(cursor.lastrowid or 0)

    def update_step(self, step_id: int, *, day: str, target_mme: float, note: str) -> None:
        self._db.execute(
            "update taper_steps set date = ?, target_mme = ?, note = ? where id = ?",
            [day, target_mme, note, step_id],
        )

    def move_step(self, step_id: int, day: str) -> None:
        """Move a step to the ISO day `day` (a pause shifting the plan)."""
        self._db.execute("update taper_steps set date = ? where id = ?", [day, step_id])

    def confirm_draft_steps(self, plan_id: int) -> None:
        """The plan's draft steps become agreed steps; their draft note is cleared."""
        self._db.execute(
            "update taper_steps set is_draft = 0, note = '' where plan_id = ? and is_draft = 1", [plan_id]
        )

    def delete_step(self, step_id: int) -> None:
        self._db.execute("delete from taper_steps where id = ?", [step_id])

    # --- pauses -----------------------------------------------------------------------------------
    def pauses(self, plan_id: int) -> list[rules.Pause]:
        """The plan's pauses by start day (then by id); an open pause has no end date."""
        rows = self._db.execute(
            "select id, start_date, end_date, reason from taper_pauses where plan_id = ? "
            "order by start_date, id",
            [plan_id],
        ).fetchall()
        return [_pause(r) for r in rows]

    def pause_plan_id(self, pause_id: int) -> int | None:
        """The plan a pause belongs to; None when there is no such pause."""
        row = self._db.execute("select plan_id from taper_pauses where id = ?", [pause_id]).fetchone()
        return int(row[0]) if row else None

    def add_pause(self, plan_id: int, *, start: str, end: str | None, reason: str) -> int:
        """Insert a pause from the ISO day `start` to `end` (None: open); returns its id."""
        cursor = self._db.execute(
            "insert into taper_pauses (plan_id, start_date, end_date, reason) values (?, ?, ?, ?)",
            [plan_id, start, end, reason],
        )
        return int(cursor.lastrowid or 0)

    def end_pause(self, pause_id: int, end: str) -> None:
        self._db.execute("update taper_pauses set end_date = ? where id = ?", [end, pause_id])

    def delete_pause(self, pause_id: int) -> None:
        self._db.execute("delete from taper_pauses where id = ?", [pause_id])

    # --- milestones -------------------------------------------------------------------------------
    def milestone_keys(self, plan_id: int) -> set[tuple[str, str]]:
        """(kind, ISO day reached) of the milestones stored for the plan."""
        rows = self._db.execute(
            "select kind, reached_on from milestones where plan_id = ?", [plan_id]
        ).fetchall()
        return {(str(r[0]), str(r[1])) for r in rows}

    def replace_milestones(self, plan_id: int, found: Sequence[rules.Milestone]) -> None:
        """Store exactly `found` as the plan's milestones, in one transaction."""
        with self._store.transaction():
            self._db.execute("delete from milestones where plan_id = ?", [plan_id])
            for m in found:
                self._db.execute(
                    "insert into milestones (plan_id, kind, reached_on, label) values (?, ?, ?, ?)",
                    [plan_id, m.kind, m.reached_on.isoformat(), m.label],
                )
