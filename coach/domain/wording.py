"""Words for numbers, dates and times in what people read: "1 session", "about 2 minutes", "Thu 3 Dec".

One place so that every screen says it the same way. Dates and clock times follow the person's system
(QLocale: their date order, 12- or 24-hour clock) once the window has installed its formats with
`use_formats`; before that (and in the command line, scripts and tests) a plain English default is used.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

DateFormat = Callable[[date], str]
TimeFormat = Callable[[time], str]


def _default_date(day: date) -> str:
    # "Thu 3 Dec 2026": unambiguous in every English-speaking country, unlike 3/12 or 12/3.
    return f"{day:%a} {day.day} {day:%b %Y}"


def _default_time(moment: time) -> str:
    return f"{moment:%H:%M}"


_formats: dict[str, Callable[..., str]] = {"date": _default_date, "time": _default_time}


def use_formats(date_format: DateFormat | None = None, time_format: TimeFormat | None = None) -> None:
    """Install how dates (a `date` -> text) and clock times (a `time` -> text) are written from now on;
    `None` puts back the plain default for that part. The window calls this with the system locale's."""
    _formats["date"] = date_format or _default_date
    _formats["time"] = time_format or _default_time


def count(n: int, singular: str, plural: str | None = None) -> str:
    """`n` and the noun in the right number: count(1, "session") -> "1 session", count(2, "check-in") ->
    "2 check-ins", count(3, "day of practice", "days of practice")."""
    word = singular if n == 1 else (plural if plural is not None else singular + "s")
    return f"{n} {word}"


def times(n: int) -> str:
    """How often: "once", "twice", "3 times" (never "2 time(s)")."""
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def about_minutes(seconds: float) -> str:
    """A length in plain words, rounded to whole minutes: 40 s -> "under a minute", 65 s -> "about 1 minute",
    600 s -> "about 10 minutes"."""
    minutes = round(seconds / 60)
    if minutes < 1:
        return "under a minute"
    return f"about {count(minutes, 'minute')}"


def day_text(day: date, today: date | None = None) -> str:
    """A calendar day for people: "today", "tomorrow", "yesterday" when `today` is given and it is one of
    those, else the installed date format (default "Thu 3 Dec 2026")."""
    if today is not None:
        delta = (day - today).days
        if delta == 0:
            return "today"
        if delta == 1:
            return "tomorrow"
        if delta == -1:
            return "yesterday"
    return _formats["date"](day)


def clock_text(moment: time | datetime) -> str:
    """A clock time in the installed format (default 24-hour "07:30"); a datetime gives its local time."""
    if isinstance(moment, datetime):
        moment = moment.time()
    return _formats["time"](moment)
