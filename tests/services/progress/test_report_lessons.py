"""Finished lessons of the Learn course reach the clinician PDF (issue 19, item 3): a key figure on page 1
with how many of the course's lessons are done, and the titles and dates of those finished inside the
report's range (and only those). Read back from the PDF's own text with pypdf."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from pypdf import PdfReader

from coach.domain.clock import FixedClock
from coach.services.context import AppContext
from coach.services.learn.course import CourseService
from coach.services.progress.report import write_report

NY = ZoneInfo("America/New_York")  # the fixture clock's zone; "today" is 2026-11-21


def first_page(path: Path) -> str:
    return " ".join((PdfReader(str(path)).pages[0].extract_text() or "").split())


def finish(ctx: AppContext, clock: FixedClock, lesson_id: str, day: date, hour: int = 20) -> None:
    clock.set(datetime.combine(day, time(hour), NY))
    CourseService(ctx).mark_done(lesson_id)


def test_page_one_counts_finished_lessons_and_names_those_in_the_range(
    ctx: AppContext, clock: FixedClock, tmp_path: Path
) -> None:
    now = clock.now()
    finish(ctx, clock, "how-pain-works", date(2026, 7, 2))  # before the 90 days: counted, not listed
    # 23:30 in New York is the next day in UTC: the report lists the person's own day.
    finish(ctx, clock, "oih-vs-tolerance", date(2026, 11, 10), hour=23)
    finish(ctx, clock, "the-escalation-trap", date(2026, 11, 15))
    clock.set(now)
    out = tmp_path / "report.pdf"
    write_report(ctx, out, days=90)
    text = first_page(out)
    assert "Learn course" in text
    assert "3 of 14 lessons finished" in text
    assert "When pain medicine seems to stop working (2026-11-10)" in text
    assert "The escalation trap (2026-11-15)" in text
    assert "How pain works" not in text


def test_a_short_range_says_none_were_finished_in_it(
    ctx: AppContext, clock: FixedClock, tmp_path: Path
) -> None:
    now = clock.now()
    finish(ctx, clock, "how-pain-works", date(2026, 11, 1))
    clock.set(now)
    out = tmp_path / "week.pdf"
    write_report(ctx, out, days=7)
    text = re.sub(r"\s+", " ", first_page(out))
    assert "1 of 14 lessons finished; none in this period" in text


def test_someone_who_never_opened_learn_gets_a_plain_line(ctx: AppContext, tmp_path: Path) -> None:
    out = tmp_path / "none.pdf"
    write_report(ctx, out, days=28)
    assert "Learn course 0 of 14 lessons finished" in first_page(out)
