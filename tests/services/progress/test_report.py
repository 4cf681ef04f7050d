"""The clinician PDF holds the figures the Progress page shows (read back from the PDF's own text)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from coach.domain.errors import CoachError
from coach.services.context import AppContext
from coach.services.data.demo import fill_demo
from coach.services.progress.charts import fmt, fmt_interval, fmt_signed
from coach.services.progress.dashboard import ProgressService
from coach.services.progress.report import DISCLAIMER, write_report


def pdf_text(path: Path) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    return re.sub(r"[ \t]+", " ", text)


@pytest.fixture
def demo_ctx(ctx: AppContext) -> AppContext:
    today = ctx.clock.now().astimezone(ctx.clock.local_zone()).date()
    fill_demo(ctx.store, days=200, seed=11, until=today)
    return ctx


def test_report_holds_the_dashboard_numbers(demo_ctx: AppContext, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    result = write_report(demo_ctx, out, days=90, note="Sleep is still the hard part.")
    board = ProgressService(demo_ctx).dashboard_for(ProgressService(demo_ctx).period_days(90))
    text = pdf_text(out)
    assert 1 <= result.pages <= 3 and len(PdfReader(str(out)).pages) == result.pages
    assert DISCLAIMER in text
    assert f"Period: {board.period.describe()}" in text
    assert "Prepared 2026-11-21 10:00" in text  # the app's clock, in the person's zone
    # The same figures as the page, printed the same way.
    assert board.pain.latest_on is not None
    assert f"latest {fmt(board.pain.latest)} on {board.pain.latest_on.isoformat()}" in text
    assert (
        f"{fmt(board.taper.start_mme)} at the start of the period, {fmt(board.taper.current_mme)} now" in text
    )
    assert f"{board.practice.sessions} sessions" in text
    assert board.practice.sessions > 50
    pain = board.helps.overall_pain
    assert f"pain {fmt_signed(pain.mean)} (95% CI {fmt_interval(pain)}, n={pain.n})" in text
    assert f"consistency score {round(board.practice.strength_now * 100)}%" in text
    assert "Sleep is still the hard part." in text
    for effect in board.helps.categories:
        assert effect.category in text
    assert "Withdrawal check-ins: highest total after each step" in text
    assert oct(os.stat(out).st_mode & 0o777) == "0o600"


def test_flags_and_steps_appear_when_the_period_covers_them(demo_ctx: AppContext, tmp_path: Path) -> None:
    out = tmp_path / "all.pdf"
    write_report(demo_ctx, out, days=None)
    service = ProgressService(demo_ctx)
    board = service.dashboard_for(service.period("all"))
    text = pdf_text(out)
    assert board.taper.steps and board.flags
    for flag in board.flags:
        # Long sentences wrap; compare their words.
        assert " ".join(flag.text.split()[:8]) in " ".join(text.split())
    for step in board.taper.steps:
        assert step.day.isoformat() in text
    assert f"{fmt(board.taper.steps[0].target_mme)}" in text


def test_an_empty_profile_still_gets_a_readable_report(ctx: AppContext, tmp_path: Path) -> None:
    out = tmp_path / "empty.pdf"
    write_report(ctx, out, days=28)
    text = pdf_text(out)
    assert "no PEG check-ins in this period" in text
    assert "0 sessions" in text
    assert "No flags in this period" in text


def test_a_note_in_any_script_survives(ctx: AppContext, tmp_path: Path) -> None:
    out = tmp_path / "note.pdf"
    note = "Ça va mieux; сон лучше <b>not markup</b> & more"
    write_report(ctx, out, days=28, note=note)
    assert note in pdf_text(out)


def test_a_folder_is_not_a_file_name(ctx: AppContext, tmp_path: Path) -> None:
    with pytest.raises(CoachError, match="is a folder"):
        write_report(ctx, tmp_path, days=28)


def test_cli_report(data_dir: Path, tmp_path: Path) -> None:
    from coach.cli import cli

    runner = CliRunner()
    demo = runner.invoke(cli, ["--data-dir", str(data_dir), "demo", "--days", "60"])
    assert demo.exit_code == 0, demo.output
    out = tmp_path / "r.pdf"
    result = runner.invoke(
        cli, ["--data-dir", str(data_dir), "report", "--out", str(out), "--days", "30", "--note", "hello doc"]
    )
    assert result.exit_code == 0, result.output
    assert "Report written to" in result.output and "(30 days)" in result.output
    assert "hello doc" in pdf_text(out)
    assert "Page 1 lists" in result.output
    bad = runner.invoke(cli, ["--data-dir", str(data_dir), "report", "--out", str(out), "--days", "0"])
    assert bad.exit_code == 1 and bad.stderr.strip() == "coach: --days must be from 1 to 36500, got 0"
    missing = runner.invoke(cli, ["--data-dir", str(data_dir), "report"])
    assert missing.exit_code == 2 and "--out" in missing.output


def test_report_progress_is_reported(ctx: AppContext, tmp_path: Path) -> None:
    seen: list[float] = []
    write_report(ctx, tmp_path / "p.pdf", days=7, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 3
    assert not list(tmp_path.glob("*.partial"))


def test_report_includes_milestones_reached_since_the_taper_page_was_last_opened(
    ctx: AppContext, tmp_path: Path
) -> None:
    from coach.services.taper.plans import TaperService

    taper = TaperService(ctx)
    plan = taper.create_plan("With Dr Rao", 60, "2026-10-01")
    taper.add_step(plan.id, "2026-11-25", target_mme=45)  # four days ahead of the test's today
    stored = "select kind from milestones where plan_id = ? order by kind"
    assert ctx.store.db.execute(stored, [plan.id]).fetchall() == []

    ctx.clock.advance(days=12)  # time passes; nobody opens the Taper page
    write_report(ctx, tmp_path / "report.pdf", days=90)

    kinds = [row[0] for row in ctx.store.db.execute(stored, [plan.id])]
    assert kinds == ["reduction-25", "steady-week-1", "step-1"]
    assert "milestone" in pdf_text(tmp_path / "report.pdf")  # marked on the MME chart, with its legend
