"""`coach demo`: deterministic, realistic, and never mixed into someone's own data."""

from __future__ import annotations

import json
from datetime import UTC, date
from pathlib import Path

import pytest
from click.testing import CliRunner

from coach.cli import cli
from coach.domain.taper import PACES
from coach.services.context import AppContext
from coach.services.data.demo import fill_demo
from coach.services.taper.overview import overview
from coach.services.taper.plans import TaperService
from coach.storage.export import export_json
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store


def test_same_seed_same_data(tmp_path: Path) -> None:
    until = date(2026, 11, 20)
    exports = []
    for name in ("a", "b"):
        with Store.open(ProfilePaths(tmp_path / name)) as store:
            fill_demo(store, days=60, seed=11, until=until)
            data = export_json(store)["tables"]
            for row in data["profile"]:
                row.pop("created_at")
            exports.append(json.dumps({k: v for k, v in data.items() if k != "profile"}, sort_keys=True))
    assert exports[0] == exports[1]


def test_demo_story_matches_what_it_promises(store: Store) -> None:
    counts = fill_demo(store, days=120, seed=7, until=date(2026, 11, 20))
    db = store.db
    targets = [r[0] for r in db.execute("select target_mme from taper_steps order by date")]
    assert targets[0] == 90 and targets[-1] == 45
    assert targets == sorted(targets, reverse=True)  # a taper never steps up
    assert db.execute("select count(*) from taper_pauses").fetchone()[0] == 1
    days_practised = db.execute("select count(distinct substr(started_at, 1, 10)) from sessions").fetchone()[
        0
    ]
    assert 0.7 * 120 <= days_practised <= 120
    assert (
        db.execute("select count(*) from sessions where pre_pain is null or post_pain is null").fetchone()[0]
        == 0
    )
    assert 15 <= db.execute("select count(*) from checkins where kind='peg'").fetchone()[0] <= 19
    assert db.execute("select count(*) from withdrawal_checkins").fetchone()[0] >= 5 * 6
    assert db.execute("select count(*) from journal where kind='flare'").fetchone()[0] >= 1
    assert counts["sessions"] == db["sessions"].count
    assert store.profile().is_demo


def test_demo_refuses_a_profile_with_real_data(data_dir: Path) -> None:
    with Store.open(ProfilePaths(data_dir)) as store:
        store.db.execute("insert into journal (at, text) values ('2026-11-01T08:00:00+00:00', 'mine')")
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "demo", "--days", "30"])
    assert result.exit_code == 1
    assert "already holds your own data" in result.stderr
    with Store.open(ProfilePaths(data_dir)) as store:
        assert store.db["sessions"].count == 0


def test_demo_command_prints_what_it_added(data_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "demo", "--days", "30", "--seed", "2"])
    assert result.exit_code == 0, result.stderr
    assert "sessions" in result.stdout
    bad = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "demo", "--days", "0"])
    assert bad.exit_code == 2


@pytest.mark.parametrize("days", [120, 365])
def test_demo_taper_keeps_a_pace_the_app_does_not_warn_about(ctx: AppContext, days: int) -> None:
    today = ctx.clock.now().date()
    fill_demo(ctx.store, days=days, seed=7, until=today)
    plan = TaperService(ctx).active_plan()
    assert plan is not None and plan.pace in PACES
    assert overview(ctx, plan.id).warnings == []


def test_a_demo_made_now_holds_nothing_later_than_now(tmp_path: Path) -> None:
    """A trial at 19:00 saw sessions and doses at 20:22 the same evening: the demo showed the future."""
    from datetime import datetime

    with Store.open(ProfilePaths(tmp_path / "now")) as store:
        fill_demo(store, days=30, seed=3)
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")
        for table, column in (
            ("sessions", "started_at"),
            ("dose_events", "taken_at"),
            ("checkins", "at"),
        ):
            latest = store.db.execute(f"select max({column}) from {table}").fetchone()[0]
            assert latest is None or latest[:19] <= now, (table, latest, now)
