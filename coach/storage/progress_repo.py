"""The read-only queries behind the Progress dashboard, the clinician report and the Today page's taper and
program lines: rows that span features (sessions, check-ins, the taper plan, the dose log), read as they
are stored and turned into charts and sentences by the services.

Today is on the start-up path: its methods read through `store.conn` (plain sqlite3), and this module
imports sqlite-utils only for type checking. The dashboard's reads go through `store.db`.

Row-heavy reads over all history (`completed_session_minutes`, `opioid_doses`) return plain tuples: a
five-year profile has tens of thousands of them and the Progress page has a time budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from coach.storage.sessions_repo import done_clause

if TYPE_CHECKING:
    from coach.storage.store import Store


@dataclass(frozen=True)
class FlareNote:
    """A pain-spike (flare) log entry as stored: `at` ISO-8601 UTC text, intensity 0-10 or None, and the
    person's own words (trigger, what helped, note)."""

    at: str
    intensity: int | None
    trigger: str
    what_helped: str
    text: str


@dataclass(frozen=True)
class PlanRef:
    """The active taper plan, for Today: its starting level (MME a day) and first day (`YYYY-MM-DD`)."""

    id: int
    name: str
    start_mme: float
    start_date: str


@dataclass(frozen=True)
class StepRef:
    """A taper step: the day (YYYY-MM-DD) its target (MME a day) applies from."""

    date: str
    target_mme: float


@dataclass(frozen=True)
class RatedSession:
    """A completed session with a before-and-after pair of pain or distress ratings (0-10)."""

    exercise_id: str
    pre_pain: int | None
    post_pain: int | None
    pre_distress: int | None
    post_distress: int | None


@dataclass(frozen=True)
class TaperPart:
    """One part of a taper plan that is active or finished.

    kind 'start': day is the plan's start, number its starting MME; 'step': day and target MME, text its
    note (drafted steps are left out); 'pause': day to end_day (None while open), text the reason;
    'milestone': day reached, text its label.
    """

    kind: str
    day: str
    end_day: str | None
    number: float | None
    text: str


class ProgressRepo:
    """Read-only: nothing here writes. Times passed in are ISO-8601 UTC text, days `YYYY-MM-DD`."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # --- Today (plain sqlite3: the start-up path) -----------------------------------------------
    def active_plan(self) -> PlanRef | None:
        """The newest active taper plan."""
        row = self._store.conn.execute(
            "select id, name, start_mme, start_date from taper_plans where status = 'active'"
            " order by created_at desc limit 1"
        ).fetchone()
        return PlanRef(int(row[0]), str(row[1]), float(row[2] or 0.0), str(row[3])) if row else None

    def step_in_force(self, plan_id: int, day: str) -> StepRef | None:
        """The plan's latest step on or before `day`."""
        row = self._store.conn.execute(
            "select date, target_mme from taper_steps where plan_id = ? and date <= ? "
            "order by date desc limit 1",
            [plan_id, day],
        ).fetchone()
        return StepRef(str(row[0]), float(row[1])) if row else None

    def next_step(self, plan_id: int, day: str) -> StepRef | None:
        """The plan's first step after `day`."""
        row = self._store.conn.execute(
            "select date, target_mme from taper_steps where plan_id = ? and date > ? order by date limit 1",
            [plan_id, day],
        ).fetchone()
        return StepRef(str(row[0]), float(row[1])) if row else None

    def pause_reason(self, plan_id: int, day: str) -> str | None:
        """The reason of the latest-started pause covering `day` ('' when none was given); None when the
        plan is not paused that day."""
        row = self._store.conn.execute(
            "select reason from taper_pauses where plan_id = ? and start_date <= ? "
            "and (end_date is null or end_date >= ?) order by start_date desc limit 1",
            [plan_id, day, day],
        ).fetchone()
        return str(row[0] or "") if row else None

    def draft_plan_count(self) -> int:
        """How many taper drafts (to discuss with the prescriber, not agreed) are kept."""
        row = self._store.conn.execute("select count(*) from taper_plans where status = 'draft'").fetchone()
        return int(row[0])

    def active_assignment_count(self) -> int:
        """How many program assignments are active (0 lets Today skip loading program files)."""
        row = self._store.conn.execute("select count(*) from assignments where status = 'active'").fetchone()
        return int(row[0])

    # --- dashboard ---------------------------------------------------------------------------------
    def first_record(self) -> str | None:
        """The earliest time or day anything was recorded (a session, a check-in, a dose, the start of an
        active or finished taper plan), as stored: ISO time, or `YYYY-MM-DD` for a plan's start."""
        row = self._store.db.execute(
            "select min(v) from ("
            " select min(started_at) as v from sessions union all"
            " select min(at) from checkins union all"
            " select min(at) from withdrawal_checkins union all"
            " select min(taken_at) from dose_events union all"
            " select min(start_date) from taper_plans where status in ('active', 'finished'))"
        ).fetchone()
        return str(row[0]) if row and row[0] else None

    def peg_scores(self, start: str, end: str) -> list[tuple[str, float]]:
        """(time, score) of the PEG check-ins in [start, end), oldest first."""
        rows = self._store.db.execute(
            "select at, score from checkins where kind = 'peg' and at >= ? and at < ? order by at",
            [start, end],
        ).fetchall()
        return [(str(at), float(score)) for at, score in rows]

    def latest_peg_time(self) -> str | None:
        row = self._store.db.execute("select max(at) from checkins where kind = 'peg'").fetchone()
        return str(row[0]) if row[0] else None

    def sessions_fingerprint(self) -> tuple[object, ...]:
        """Changes whenever a session is added, removed or updated, or the done share changes: a cache key
        for session totals."""
        return tuple(
            self._store.db.execute(
                f"select count(*), max(id), max(updated_at), sum({done_clause()}) from sessions"
            ).fetchone()
        )

    def completed_session_minutes(self) -> list[tuple[str, float | None, int]]:
        """(start time, minutes, done) of every finished session, oldest first; minutes from start to end,
        or from the play position when the end is missing; done is 1 when the session counts as done
        (coach.domain.session_done) and 0 when it is partial (finished with less played), which is still
        practice and is counted in minutes and days, never hidden."""
        rows: list[tuple[str, float | None, int]] = self._store.db.execute(
            "select started_at, "
            "coalesce((julianday(ended_at) - julianday(started_at)) * 1440, position_s / 60.0), "
            f"{done_clause()} from sessions where status = 'completed' order by started_at"
        ).fetchall()
        return rows

    def rated_sessions(self, start: str, end: str) -> list[RatedSession]:
        """Finished sessions (done or partial) started in [start, end) with a pain pair or a distress pair
        of ratings: a partial session's before and after ratings are as real as a done one's."""
        rows = self._store.db.execute(
            "select exercise_id, pre_pain, post_pain, pre_distress, post_distress from sessions "
            "where started_at >= ? and started_at < ? and status = 'completed' "
            "and ((pre_pain is not null and post_pain is not null) "
            "or (pre_distress is not null and post_distress is not null))",
            [start, end],
        ).fetchall()
        return [RatedSession(str(r[0]), r[1], r[2], r[3], r[4]) for r in rows]

    def flare_notes(self, start: str, end: str) -> list[FlareNote]:
        """Pain-spike (flare) log entries made in [start, end), oldest first."""
        rows = self._store.db.execute(
            "select at, intensity, trigger, what_helped, text from journal "
            "where kind = 'flare' and at >= ? and at < ? order by at",
            [start, end],
        ).fetchall()
        return [FlareNote(str(r[0]), r[1], str(r[2] or ""), str(r[3] or ""), str(r[4] or "")) for r in rows]

    def taper_parts(self) -> list[TaperPart]:
        """Starts, steps, pauses and milestones of every active or finished plan, in one round trip."""
        rows = self._store.db.execute(
            "select 'start', p.start_date, null, p.start_mme, '' from taper_plans p "
            "  where p.status in ('active', 'finished') and p.start_mme is not null "
            "union all select 'step', s.date, null, s.target_mme, s.note from taper_steps s "
            "  join taper_plans p on p.id = s.plan_id "
            "  where p.status in ('active', 'finished') and s.is_draft = 0 "
            "union all select 'pause', t.start_date, t.end_date, null, t.reason from taper_pauses t "
            "  join taper_plans p on p.id = t.plan_id where p.status in ('active', 'finished') "
            "union all select 'milestone', m.reached_on, null, null, m.label from milestones m "
            "  join taper_plans p on p.id = m.plan_id where p.status in ('active', 'finished') "
        ).fetchall()
        return [TaperPart(str(r[0]), str(r[1]), r[2], r[3], str(r[4] or "")) for r in rows]

    def doses_fingerprint(self) -> tuple[object, ...]:
        """Changes whenever a dose or a medicine's drug or opioid flag changes: a cache key for MME totals."""
        doses = tuple(
            self._store.db.execute("select count(*), max(id), total(amount) from dose_events").fetchone()
        )
        medicines = tuple(
            self._store.db.execute(
                "select count(*), group_concat(id || ':' || coalesce(drug, '') || ':' || is_opioid) from medications"
            ).fetchone()
        )
        return (doses, medicines)

    def opioid_doses(self) -> list[tuple[str, str | None, float, str]]:
        """(time taken, drug, amount, unit) of every logged dose of a medicine marked as an opioid."""
        rows: list[tuple[str, str | None, float, str]] = self._store.db.execute(
            "select d.taken_at, m.drug, d.amount, d.unit from dose_events d "
            "join medications m on m.id = d.medication_id where m.is_opioid = 1"
        ).fetchall()
        return rows

    def withdrawal_totals(self, start: str, end: str) -> list[tuple[str, int]]:
        """(time, total) of the withdrawal checklists in [start, end), oldest first."""
        rows = self._store.db.execute(
            "select at, total from withdrawal_checkins where at >= ? and at < ? order by at", [start, end]
        ).fetchall()
        return [(str(at), int(total)) for at, total in rows]
