"""Stopping the clinician report part way: nothing is left behind, whenever the stop comes."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.services.context import AppContext
from coach.services.data.demo import fill_demo
from coach.services.progress.report import ReportCancelled, write_report


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    return folder


@pytest.fixture
def demo_ctx(ctx: AppContext) -> AppContext:
    today = ctx.clock.now().astimezone(ctx.clock.local_zone()).date()
    fill_demo(ctx.store, days=120, seed=5, until=today)
    return ctx


def test_a_stop_before_any_page_is_drawn_writes_nothing(demo_ctx: AppContext, out_dir: Path) -> None:
    seen: list[float] = []
    asked = [0]

    def cancelled() -> bool:
        asked[0] += 1
        return asked[0] > 1  # the first section is done, then the person cancels

    with pytest.raises(ReportCancelled):
        write_report(demo_ctx, out_dir / "r.pdf", progress=seen.append, cancelled=cancelled)
    assert seen == [0.2]  # no progress after the stop
    assert list(out_dir.iterdir()) == []


def test_a_stop_once_the_file_is_on_disk_removes_it(demo_ctx: AppContext, out_dir: Path) -> None:
    out = out_dir / "r.pdf"
    partial = out_dir / "r.pdf.partial"
    with pytest.raises(ReportCancelled):
        write_report(demo_ctx, out, cancelled=partial.exists)  # stop the moment the PDF has been written
    assert list(out_dir.iterdir()) == []


def test_a_stop_while_the_pages_are_drawn_writes_nothing(demo_ctx: AppContext, out_dir: Path) -> None:
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 4  # three section checks, the first page, then stop on the second page

    with pytest.raises(ReportCancelled):
        write_report(demo_ctx, out_dir / "r.pdf", cancelled=cancelled)
    assert len(asked) == 5
    assert list(out_dir.iterdir()) == []


def test_a_report_nobody_cancels_is_written_whole(demo_ctx: AppContext, out_dir: Path) -> None:
    result = write_report(demo_ctx, out_dir / "r.pdf", cancelled=lambda: False)
    assert result.pages >= 2
    assert [p.name for p in out_dir.iterdir()] == ["r.pdf"]
