"""The caseload of a coach profile opens even when a stored patient record cannot be read: the other
patients are listed, the unreadable one is named with a warning, and it can be removed after a question."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coach.services.context import AppContext
from coach.storage.caseload_repo import CaseloadRepo
from coach.ui.caseload.queue_model import PATIENT
from coach.ui.exchange.coach_home import CoachHome

RECORD = json.dumps(
    {"shared": ["sessions"], "created_at": "2026-11-01T10:00:00+00:00", "data": {"sessions": []}}
)


class _Nav:
    def go(self, key: str, **kwargs: Any) -> None:
        pass

    def start_exercise(self, exercise_id: str) -> None:
        pass


def _add(ctx: AppContext, name: str, start: str, end: str) -> int:
    """A record as stored by an older version, before dates were bounded (issue 14)."""
    with ctx.store.transaction():
        return CaseloadRepo(ctx.store).add_patient_record(
            name=name, imported_at="2026-11-01T10:00:00+00:00", range_start=start, range_end=end, data=RECORD
        )


@pytest.fixture
def coach_page(qtbot: Any, ctx: AppContext) -> Iterator[tuple[CoachHome, list[str]]]:
    ctx.store.set_setting("speech_engine", "none")
    ctx.store.update_profile(kind="coach", nickname="Sam")
    _add(ctx, "Ana", "2026-10-05", "2026-11-01")
    _add(ctx, "Bob", "0001-01-01", "0001-01-02")
    errors: list[str] = []
    page = CoachHome(ctx, _Nav())  # the caseload is on the coach's home page
    page.overview.on_error = errors.append
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    yield page, errors


def test_the_page_opens_lists_the_readable_patient_and_names_the_other(
    coach_page: tuple[CoachHome, list[str]], tmp_path: Path
) -> None:
    page, errors = coach_page
    overview = page.overview
    assert overview is not None
    assert overview.row_count() == 1 and overview.cell_text(0, PATIENT) == "Ana"
    assert overview.skipped_text.isVisible() and overview.remove_skipped_button.isVisible()
    text = overview.skipped_text.text()
    assert text.startswith("The record of Bob") and "outside 1900-2200" in text and "Remove it" in text
    assert overview.remove_skipped_button.text() == "Remove this record…"
    assert errors == []
    shots = os.environ.get("COACH_SCREENSHOTS")  # set to a folder to look at the page at two sizes
    if shots:
        for width, height in ((1366, 768), (1024, 600)):
            page.resize(width, height)
            page.grab().save(str(Path(shots) / f"patients-skipped-{width}x{height}.png"))


def test_removing_asks_first_and_then_only_the_unreadable_record_goes(
    coach_page: tuple[CoachHome, list[str]], ctx: AppContext
) -> None:
    page, errors = coach_page
    overview = page.overview
    assert overview is not None
    asked: list[str] = []
    assert overview.remove_skipped(confirm=lambda q: asked.append(q) or False) == 0
    assert "Bob (record 2)" in asked[0] and "cannot be undone" in asked[0]
    assert ctx.store.db["patient_records"].count == 2

    assert overview.remove_skipped(confirm=lambda q: True) == 1
    assert ctx.store.db["patient_records"].count == 1
    assert not overview.skipped_text.isVisible() and not overview.remove_skipped_button.isVisible()
    assert overview.row_count() == 1 and overview.cell_text(0, PATIENT) == "Ana"
    assert errors == []
