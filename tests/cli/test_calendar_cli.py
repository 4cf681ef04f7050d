"""`coach calendar export`: the .ics parsed back with recurring-ical-events gives exactly the times
`coach reminders next` gives, across a daylight-saving change, with VTIMEZONE; taper steps as all-day events."""

from __future__ import annotations

import json
import stat
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import recurring_ical_events
import time_machine
from click.testing import CliRunner
from icalendar import Calendar

from coach.cli import cli
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store
from coach.storage.taper_repo import TaperRepo

NY = ZoneInfo("America/New_York")


def run(data_dir: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, ["--data-dir", str(data_dir), *args], env={"TZ": "America/New_York"}, catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


def test_the_calendar_gives_the_same_times_as_reminders_next_across_a_dst_change(
    data_dir: Path, tmp_path: Path
) -> None:
    # Friday 12 March 2027; clocks go forward on Sunday 14 March in New York.
    with time_machine.travel(datetime(2027, 3, 12, 12, 0, tzinfo=NY), tick=False):
        assert run(data_dir, "reminders", "add", "--at", "08:00", "--label", "Morning practice")[0] == 0
        assert (
            run(data_dir, "reminders", "add", "--at", "22:30", "--days", "sat,mon")[0] == 0
        )  # held to 07:00
        assert run(data_dir, "reminders", "add", "--at", "23:00", "--days", "sat", "--through-quiet")[0] == 0
        code, out, _ = run(data_dir, "reminders", "add", "--at", "13:00", "--days", "tue")
        assert run(data_dir, "reminders", "pause", out.split(":")[0].removeprefix("Added reminder "))[0] == 0
        out_file = tmp_path / "take-along" / "reminders.ics"
        code, out, err = run(data_dir, "calendar", "export", "--out", str(out_file))
        assert code == 0, err
        code, out, _ = run(data_dir, "reminders", "next", "--count", "12", "--json")
    expected = [datetime.fromisoformat(x["at"]) for x in json.loads(out)]
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600

    cal = Calendar.from_ical(out_file.read_bytes())
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["America/New_York"]
    timed = [e for e in cal.walk("VEVENT") if isinstance(e.decoded("DTSTART"), datetime)]
    assert all("RRULE" in e for e in timed)  # each reminder is one repeating event
    assert len(timed) == 4  # three of mine and the weekly check-in; the paused one is left out
    start = datetime(2027, 3, 12, 12, 0, tzinfo=NY)
    found = sorted(
        e.decoded("DTSTART")
        for e in recurring_ical_events.of(cal).between(start, expected[-1] + timedelta(seconds=1))
        if isinstance(e.decoded("DTSTART"), datetime)
    )
    assert found == expected
    # The DST change really is inside the window: 08:00 keeps its wall time as the offset changes.
    mornings = [d.astimezone(NY) for d in found if d.astimezone(NY).hour == 8]
    assert {d.utcoffset() for d in mornings} == {timedelta(hours=-5), timedelta(hours=-4)}
    assert datetime(2027, 3, 14, 7, 0, tzinfo=NY) in found  # Saturday's 22:30, held to Sunday 07:00
    assert datetime(2027, 3, 13, 23, 0, tzinfo=NY) in found  # let through quiet hours


def test_taper_steps_are_all_day_events_agreed_with_the_prescriber_and_never_a_dose(
    data_dir: Path, tmp_path: Path
) -> None:
    with Store.open(ProfilePaths(data_dir)) as store:
        repo = TaperRepo(store)
        plan = repo.add_plan(
            name="Plan",
            status="active",
            origin="prescriber",
            pace=None,
            start_mme=45,
            start_date="2027-03-01",
            note="",
            created_at="2027-03-01T12:00:00+00:00",
        )
        repo.add_step(plan, day="2027-03-20", target_mme=37.5, doses={}, is_draft=False, note="")
    with time_machine.travel(datetime(2027, 3, 12, 12, 0, tzinfo=NY), tick=False):
        code, _, err = run(data_dir, "calendar", "export", "--out", str(tmp_path / "r.ics"))
    assert code == 0, err
    cal = Calendar.from_ical((tmp_path / "r.ics").read_bytes())
    all_day = {
        str(e["SUMMARY"]): e for e in cal.walk("VEVENT") if not isinstance(e.decoded("DTSTART"), datetime)
    }
    step = all_day["Taper step (agreed with your prescriber)"]
    assert (step.decoded("DTSTART"), step.decoded("DTEND")) == (date(2027, 3, 20), date(2027, 3, 21))
    week = all_day["Check-in week after your taper step"]
    assert (week.decoded("DTSTART"), week.decoded("DTEND")) == (date(2027, 3, 20), date(2027, 3, 27))
    words = " ".join(str(e.get(k, "")) for e in cal.walk("VEVENT") for k in ("SUMMARY", "DESCRIPTION"))
    assert "37.5" not in words and "MME" not in words and " mg" not in words
    assert "talk with your prescriber" in words


def test_export_refuses_a_folder_and_the_data_folder(data_dir: Path, tmp_path: Path) -> None:
    code, out, err = run(data_dir, "calendar", "export", "--out", str(data_dir / "r.ics"))
    assert (code, out) == (1, "") and err == "coach: save the calendar outside the app's data folder\n"
    assert not (data_dir / "r.ics").exists()
    assert run(data_dir, "calendar", "export", "--out", str(tmp_path))[0] == 2  # a folder: usage error


def test_every_reminder_in_the_calendar_has_an_alarm(data_dir: Path, tmp_path: Path) -> None:
    with time_machine.travel(datetime(2027, 3, 12, 12, 0, tzinfo=NY), tick=False):
        assert run(data_dir, "reminders", "add", "--at", "08:00", "--label", "Morning practice")[0] == 0
        code, out, _ = run(data_dir, "reminders", "add", "--at", "18:00")
        assert code == 0, out
        with Store.open(ProfilePaths(data_dir)) as store:  # a heads-up is set in the app's reminder editor
            store.db["reminder_rules"].update(int(out.split(":")[0].split()[-1]), {"heads_up_minutes": 10})
        out_file = tmp_path / "reminders.ics"
        assert run(data_dir, "calendar", "export", "--out", str(out_file))[0] == 0
    cal = Calendar.from_ical(out_file.read_bytes())
    timed = [e for e in cal.walk("VEVENT") if isinstance(e.decoded("dtstart"), datetime)]
    assert len(timed) >= 3  # the two above and the weekly check-in that comes with the app
    triggers = {}
    for event in timed:
        (alarm,) = event.walk("VALARM")
        assert alarm["action"] == "DISPLAY" and str(alarm["description"])
        triggers[event.decoded("dtstart").astimezone(NY).time().isoformat("minutes")] = alarm.decoded(
            "trigger"
        )
    assert triggers["08:00"] == timedelta(0)
    assert triggers["18:00"] == timedelta(minutes=-10)
