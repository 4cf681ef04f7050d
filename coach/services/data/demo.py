"""`coach demo`: realistic, deterministic demo data — a taper from 90 to 45 MME with a pause, daily
practice with before/after ratings, weekly PEG, monthly PGIC, withdrawal check-ins after each step, flares.

The same seed and end date always give the same rows. Stored shapes (shared with the check-in service):
checkins.answers — peg: {"pain", "enjoyment", "activity"}; pgic: {"change": 1..7};
withdrawal_checkins.answers — {item key: 0..4} for coach.domain.measures.WITHDRAWAL_ITEMS.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from coach.domain.errors import CoachError
from coach.domain.measures import WITHDRAWAL_ITEMS
from coach.domain.taper import WEEKLY_10
from coach.domain.timefmt import to_db
from coach.storage.demo_rows import insert_demo_rows
from coach.storage.store import Store

ZONE = ZoneInfo("America/New_York")
OXY_FACTOR = 1.5  # CDC 2022 MME factor for oxycodone
START_MME = 90.0
END_MME = 45.0
STEP_MME = 9.0  # 10% of the starting dose per step
PAUSE_DAYS = 14

# (exercise id, category, minutes, typical pain drop): practice leans on somatic tracking, as in PRT.
EXERCISES: tuple[tuple[str, str, int, float], ...] = (
    ("somatic-tracking-10", "somatic tracking", 10, 1.4),
    ("somatic-tracking-5", "somatic tracking", 5, 1.0),
    ("somatic-tracking-15", "somatic tracking", 15, 1.6),
    ("body-scan", "mindfulness", 12, 1.0),
    ("breath-awareness", "mindfulness", 8, 0.8),
    ("sounds-mindfulness", "mindfulness", 8, 0.6),
    ("evidence-of-safety", "pain reprocessing", 8, 1.2),
    ("reappraising-sensation", "pain reprocessing", 10, 1.3),
    ("outcome-independence", "pain reprocessing", 8, 1.0),
    ("savouring-good-moments", "pain reprocessing", 6, 0.9),
    ("self-compassion-pain", "self-compassion", 8, 0.9),
    ("graded-movement", "movement", 10, 0.5),
    ("sleep-wind-down", "sleep", 12, 0.7),
)
WEIGHTS = (6, 3, 2, 3, 2, 1, 2, 2, 1, 1, 2, 1, 2)
TRIGGERS = (
    "poor sleep",
    "long drive",
    "stressful call",
    "cold weather",
    "overdid the garden",
    "after a dose step",
)
HELPED = (
    "flare tracking practice",
    "warm shower and a slow walk",
    "breathing and a rest",
    "talking to a friend",
)


def _clip(value: float, low: float = 0, high: float = 10) -> int:
    return round(min(high, max(low, value)))


def _after(row: dict[str, Any], now: str) -> bool:
    """True when any moment of `row` (its `at` and `*_at` columns, UTC text) is later than `now`."""
    return any(
        (key == "at" or key.endswith("_at")) and isinstance(value, str) and value > now
        for key, value in row.items()
    )


def _at(day: date, hour: float) -> str:
    h = int(hour)
    m = int((hour - h) * 60)
    return to_db(datetime.combine(day, time(h, m), tzinfo=ZONE))


def _days(first: date, count: int) -> Iterator[date]:
    for i in range(count):
        yield first + timedelta(days=i)


def taper_dates(first: date, days: int) -> tuple[list[tuple[date, float]], tuple[date, date]]:
    """Steps of 9 MME from 90 to 45, spread over the period, with one two-week pause in the middle."""
    reductions = int((START_MME - END_MME) / STEP_MME)  # 5 steps down after the starting level
    span = min(days, 360)
    interval = max(7, (span - PAUSE_DAYS) // (reductions + 1))
    steps = [(first, START_MME)]
    pause: tuple[date, date] | None = None
    offset = 0
    for i in range(1, reductions + 1):
        offset += interval
        if i == 4 and pause is None:
            pause = (first + timedelta(days=offset), first + timedelta(days=offset + PAUSE_DAYS - 1))
            offset += PAUSE_DAYS
        steps.append((first + timedelta(days=offset), START_MME - STEP_MME * i))
    assert pause is not None
    return steps, pause


def fill_demo(store: Store, days: int = 120, seed: int = 7, until: date | None = None) -> dict[str, int]:
    if store.holds_user_data() and not store.profile().is_demo:
        raise CoachError("this profile already holds your own data; demo data goes into an empty profile")
    if store.holds_user_data():
        raise CoachError("this profile already has demo data; use a new --data-dir for a fresh set")
    rng = random.Random(seed)
    last = until or datetime.now(ZONE).date()
    first = last - timedelta(days=days - 1)
    created = to_db(datetime.combine(first, time(9), tzinfo=ZONE))
    rows: dict[str, list[dict[str, Any]]] = {}
    steps, pause = taper_dates(first, days)

    rows["medications"] = [
        {
            "id": 1,
            "name": "Oxycodone ER",
            "drug": "oxycodone",
            "is_opioid": 1,
            "strength": 15.0,
            "unit": "mg",
            "doses_per_day": 2,
            "schedule": "08:00, 20:00",
            "started_on": (first - timedelta(days=900)).isoformat(),
            "note": "Prescribed by Dr. Rivera",
            "created_at": created,
        },
        {
            "id": 2,
            "name": "Ibuprofen",
            "drug": None,
            "is_opioid": 0,
            "strength": 400.0,
            "unit": "mg",
            "doses_per_day": None,
            "schedule": "as needed",
            "started_on": None,
            "note": "",
            "created_at": created,
        },
    ]
    rows["taper_plans"] = [
        {
            "id": 1,
            "name": "Oxycodone taper agreed with Dr. Rivera",
            "status": "active",
            "origin": "prescriber",
            # 9 MME (10% of the start) every few weeks: within the weekly pace, so the demo shows no warnings.
            "pace": WEEKLY_10,
            "start_mme": START_MME,
            "start_date": first.isoformat(),
            "note": "Review every 4 weeks",
            "created_at": created,
        }
    ]
    rows["taper_steps"] = [
        {
            "id": i + 1,
            "plan_id": 1,
            "date": d.isoformat(),
            "target_mme": mme,
            "doses": json.dumps({"1": round(mme / OXY_FACTOR, 1)}),
            "is_draft": 0,
            "note": "",
        }
        for i, (d, mme) in enumerate(steps)
        if d <= last
    ]
    rows["taper_pauses"] = (
        [
            {
                "id": 1,
                "plan_id": 1,
                "start_date": pause[0].isoformat(),
                "end_date": pause[1].isoformat(),
                "reason": "Busy month at work: agreed with Dr. Rivera to hold this level",
            }
        ]
        if pause[0] <= last
        else []
    )
    milestones: list[dict[str, Any]] = []
    for d, mme in steps[1:]:
        if d > last:
            continue
        milestones.append(
            {"plan_id": 1, "kind": "step", "reached_on": d.isoformat(), "label": f"Reached {mme:g} MME a day"}
        )
        reduction = (START_MME - mme) / START_MME
        for pct in (25, 50):
            if reduction * 100 >= pct and not any(m["kind"] == f"reduction-{pct}" for m in milestones):
                milestones.append(
                    {
                        "plan_id": 1,
                        "kind": f"reduction-{pct}",
                        "reached_on": d.isoformat(),
                        "label": f"{pct}% less than at the start",
                    }
                )
    rows["milestones"] = milestones

    def level_on(day: date) -> tuple[float, date]:
        current = steps[0]
        for step in steps:
            if step[0] <= day:
                current = step
        return current[1], current[0]

    doses: list[dict[str, Any]] = []
    sessions: list[dict[str, Any]] = []
    checkins: list[dict[str, Any]] = []
    withdrawal: list[dict[str, Any]] = []
    journal: list[dict[str, Any]] = []
    for n, day in enumerate(_days(first, days)):
        progress = n / max(1, days - 1)
        mme, since = level_on(day)
        days_since_step = (day - since).days
        step_bump = 1.2 if since != first and days_since_step < 7 else 0.0
        base_pain = 6.6 - 2.4 * min(1.0, progress * (365 / max(days, 120)) * 1.6) + step_bump
        for hour in (8.0, 20.0):
            if rng.random() < 0.015:
                continue  # an occasional missed dose, as in real life
            doses.append(
                {
                    "medication_id": 1,
                    "taken_at": _at(day, hour + rng.uniform(-0.4, 0.6)),
                    "amount": round(mme / OXY_FACTOR / 2, 2),
                    "unit": "mg",
                    "kind": "scheduled",
                    "note": "",
                }
            )
        if rng.random() < 0.08:
            doses.append(
                {
                    "medication_id": 2,
                    "taken_at": _at(day, 13 + rng.random() * 4),
                    "amount": 400.0,
                    "unit": "mg",
                    "kind": "as_needed",
                    "note": "",
                }
            )
        practice_sessions = 0 if rng.random() < 0.18 else (2 if rng.random() < 0.2 else 1)
        for s in range(practice_sessions):
            ex_id, _cat, minutes, drop = rng.choices(EXERCISES, weights=WEIGHTS)[0]
            start_hour = (7.5 if s == 0 else 19.0) + rng.uniform(0, 2.5)
            pre = _clip(base_pain + rng.gauss(0, 1.0), 1, 10)
            completed = rng.random() > 0.06
            fraction = 1.0 if completed else round(rng.uniform(0.3, 0.8), 2)
            post = _clip(pre - drop * fraction + rng.gauss(0, 0.7), 0, 10)
            pre_d = _clip(pre - 1 + rng.gauss(0, 1.2), 0, 10)
            post_d = _clip(pre_d - drop * 1.1 * fraction + rng.gauss(0, 0.8), 0, 10)
            started = datetime.fromisoformat(_at(day, start_hour))
            ended = started + timedelta(minutes=minutes * fraction + rng.uniform(0, 1.5))
            sessions.append(
                {
                    "exercise_id": ex_id,
                    "started_at": to_db(started),
                    "ended_at": to_db(ended),
                    "updated_at": to_db(ended),
                    "status": "completed" if completed else "abandoned",
                    "completed_fraction": fraction,
                    "position_s": round(minutes * 60 * fraction, 1),
                    "pre_pain": pre,
                    "post_pain": post,
                    "pre_distress": pre_d,
                    "post_distress": post_d,
                    "body_areas": json.dumps(
                        rng.sample(["lower back", "neck", "shoulders", "hips", "legs"], k=2)
                    ),
                    "note": "",
                    "assignment_id": None,
                }
            )
        if day.weekday() == 6:  # weekly PEG on Sundays
            items = {
                k: _clip(base_pain + off + rng.gauss(0, 0.8))
                for k, off in (("pain", 0.0), ("enjoyment", -0.3), ("activity", 0.2))
            }
            checkins.append(
                {
                    "at": _at(day, 18),
                    "kind": "peg",
                    "answers": json.dumps(items),
                    "score": round(sum(items.values()) / 3, 2),
                    "note": "",
                }
            )
        if day.day == 1 and n > 20:  # monthly impression of change (1 = very much improved)
            change = 2 if progress > 0.5 else 3
            checkins.append(
                {
                    "at": _at(day, 18.5),
                    "kind": "pgic",
                    "answers": json.dumps({"change": change}),
                    "score": float(change),
                    "note": "",
                }
            )
        if since != first and days_since_step < 7:
            peak = max(0.0, 1.0 - days_since_step / 7)
            answers = {
                key: _clip(peak * rng.choice((0, 1, 1, 2, 2, 3)) + rng.random() * 0.4, 0, 4)
                for key, _label in WITHDRAWAL_ITEMS
            }
            step_id = next(r["id"] for r in rows["taper_steps"] if r["date"] == since.isoformat())
            withdrawal.append(
                {
                    "at": _at(day, 21),
                    "answers": json.dumps(answers),
                    "total": sum(answers.values()),
                    "step_id": step_id,
                    "note": "",
                }
            )
        if rng.random() < 0.035:
            journal.append(
                {
                    "at": _at(day, 15),
                    "kind": "flare",
                    "intensity": _clip(base_pain + 2.5, 0, 10),
                    "trigger": rng.choice(TRIGGERS),
                    "what_helped": rng.choice(HELPED),
                    "text": "",
                }
            )
        elif rng.random() < 0.02:
            journal.append(
                {
                    "at": _at(day, 21.5),
                    "kind": "journal",
                    "intensity": None,
                    "trigger": "",
                    "what_helped": "",
                    "text": "Noticed the pain shift when I stopped bracing.",
                }
            )
    rows["dose_events"] = doses
    rows["sessions"] = sessions
    rows["checkins"] = checkins
    rows["withdrawal_checkins"] = withdrawal
    rows["journal"] = journal
    rows["reminder_rules"] = [
        {
            "id": 1,
            "kind": "practice",
            "label": "Morning practice",
            "at_time": "08:30",
            "weekdays": "mon,tue,wed,thu,fri,sat,sun",
            "paused": 0,
            "skip_if_done": 1,
            "heads_up_minutes": 0,
            "exercise_id": "somatic-tracking-10",
            "payload": "{}",
            "created_at": created,
        },
    ]
    if until is None:
        # Today's later sessions and doses have not happened yet: a demo never shows the future.
        now = to_db(datetime.now(ZONE))
        for table in ("dose_events", "sessions", "checkins", "withdrawal_checkins", "journal"):
            rows[table] = [row for row in rows[table] if not _after(row, now)]
    counts = {table: len(table_rows) for table, table_rows in rows.items()}
    with store.transaction():
        insert_demo_rows(store, rows)
        store.update_profile(
            nickname=store.profile().nickname or "Alex", is_demo=True, onboarded=True, takes_opioids=True
        )
    return counts


__all__ = ["fill_demo", "taper_dates"]
