"""What a reminder says: one notification for one reminder, or one coalesced line for several.

Pure wording, no I/O. Written for someone tired and in pain: short, warm, never a scolding tone, and a
taper reminder only ever points to the prescriber.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from coach.domain.reminders import ON_TIME, Occurrence
from coach.domain.wording import count


@dataclass(frozen=True)
class Notification:
    title: str
    message: str
    items: tuple[Occurrence, ...]
    late: bool = False  # shown after its time (catch-up after the app was closed or the machine slept)
    heads_up: bool = False

    @property
    def exercise_id(self) -> str | None:
        return next((o.exercise_id for o in self.items if o.exercise_id), None)

    @property
    def kind(self) -> str:
        return self.items[0].kind if self.items else "practice"

    @property
    def source(self) -> str:
        return self.items[0].source if self.items else ""


def headline(occ: Occurrence) -> str:
    """A short title for one reminder."""
    if occ.kind == "taper":
        return "A taper step is coming up"
    if occ.kind == "checkin":
        return "How is your body doing?" if occ.source == "withdrawal" else "Time for your weekly check-in"
    if occ.kind == "program":
        return occ.label or "Today's practice from your program"
    return occ.label or "Time for a few minutes of practice"


def body(occ: Occurrence) -> str:
    """One or two gentle sentences under the title."""
    if occ.note:
        return occ.note
    if occ.kind == "taper":
        return "If anything about it worries you, talk with your prescriber before then."
    if occ.kind == "checkin" and occ.source == "withdrawal":
        return "A two-minute check-in in the first week of a taper step helps you and your prescriber."
    if occ.kind == "checkin":
        return "Three quick questions about pain and your week."
    if occ.kind == "program":
        return "Your program has a little practice for today, whenever you are ready."
    return "Whenever you are ready. Starting, snoozing or skipping today are all fine."


def part_of_day(moment: datetime) -> str:
    hour = moment.hour
    if 5 <= hour < 12:
        return "morning"
    if 12 <= hour < 17:
        return "afternoon"
    if 17 <= hour < 22:
        return "evening"
    return "night"


def missed_when(earliest: datetime, now: datetime, zone: tzinfo) -> str:
    """'this morning', 'last night', 'yesterday evening', 'since Monday' for the oldest missed one."""
    then = earliest.astimezone(zone)
    today = now.astimezone(zone).date()
    part = part_of_day(then)
    if then.date() == today:
        return "last night" if part == "night" and then.hour < 5 else f"this {part}"
    if then.date() == today - timedelta(days=1):
        return "last night" if part == "night" else f"yesterday {part}"
    return f"since {then.strftime('%A')}"


def _clock(moment: datetime, zone: tzinfo) -> str:
    return moment.astimezone(zone).strftime("%H:%M")


def compose(items: Sequence[Occurrence], now: datetime, zone: tzinfo) -> Notification | None:
    """One notification for everything due now: never a burst of several."""
    if not items:
        return None
    ordered = tuple(sorted(items, key=lambda o: (o.fire_at, o.rule_id)))
    late = any(now - o.fire_at > ON_TIME for o in ordered)
    if len(ordered) == 1:
        occ = ordered[0]
        if late:
            return Notification(
                title="A reminder you missed",
                message=f"{headline(occ)} (at {_clock(occ.fire_at, zone)}). {body(occ)}",
                items=ordered,
                late=True,
            )
        return Notification(headline(occ), body(occ), ordered)
    lines = "\n".join(f"{_clock(o.fire_at, zone)}  {headline(o)}" for o in ordered)
    if late:
        title = f"{len(ordered)} reminders missed {missed_when(ordered[0].fire_at, now, zone)}"
        message = f"{lines}\nNo rush: pick one when it suits you, or let them go for today."
    else:
        title = f"{len(ordered)} reminders for now"
        message = lines
    return Notification(title, message, ordered, late=late)


def heads_up(occ: Occurrence, minutes: int) -> Notification:
    return Notification(
        title=f"In {count(minutes, 'minute')}: {headline(occ)}",
        message="Just a gentle heads-up, nothing to do yet.",
        items=(occ,),
        heads_up=True,
    )
