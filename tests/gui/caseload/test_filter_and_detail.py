"""What a coach with 8 patients met in the filter box and the record below it (issue 13): "self-harm" found
nobody once the self-harm patient was reviewed, an empty result said nothing, and a selection filtered away
left the old patient's record below with its buttons greyed. Real profile, real progress files, real widgets
offscreen, typing as a person types."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from coach.domain.clock import FixedClock
from coach.services.caseload.importing import import_file
from coach.services.context import AppContext
from coach.ui.caseload.overview import CoachOverview
from coach.ui.caseload.queue_model import PATIENT
from tests.helpers.progress_files import coach_context, new_id, self_harm_checkin, write_progress

TODAY = date(2026, 11, 21)


@pytest.fixture
def coach(data_dir: Path, clock: FixedClock, tmp_path: Path) -> Iterator[AppContext]:
    """Eight patients: Zoe answered the self-harm question 3 days ago, seven others are calm."""
    ctx = coach_context(data_dir, clock)
    folder = tmp_path / "files"
    folder.mkdir()
    for i in range(7):
        import_file(
            ctx, write_progress(folder / f"p{i}.coachprogress", patient_id=new_id(i), name=f"Patient{i + 1}")
        )
    zoe = {"checkins": [self_harm_checkin(TODAY - timedelta(days=3))]}
    import_file(
        ctx, write_progress(folder / "zoe.coachprogress", patient_id=new_id("zoe"), name="Zoe", data=zoe)
    )
    yield ctx
    ctx.store.close()


@pytest.fixture
def view(qtbot: Any, coach: AppContext) -> CoachOverview:
    overview = CoachOverview(coach, lambda _message: None)
    qtbot.addWidget(overview)
    overview.resize(1366, 768)
    overview.show()
    qtbot.waitExposed(overview)
    return overview


def _shown(view: CoachOverview) -> list[str]:
    return [view.cell_text(r, PATIENT) for r in range(view.row_count())]


def test_the_filter_finds_a_flag_after_it_was_reviewed(qtbot: Any, view: CoachOverview) -> None:
    view.select_record(None)
    assert view.detail_title.text() == "Zoe"  # type: ignore[attr-defined]
    assert view.mark_reviewed("Called; she is safe.")
    view.filter.clear()
    qtbot.keyClicks(view.filter, "self-harm")
    assert _shown(view) == ["Zoe"]


def test_an_empty_result_says_so_with_a_way_to_clear_it(qtbot: Any, view: CoachOverview) -> None:
    qtbot.keyClicks(view.filter, "nobody-here")
    assert view.row_count() == 0
    assert view.no_match.isVisible()
    assert view.no_match.text() == 'No patient matches "nobody-here".'
    assert view.detail_title.text() == "Choose a patient"  # type: ignore[attr-defined]
    assert not view.review_button.isEnabled() and not view.rename_button.isEnabled()
    view.clear_filter_button.click()
    assert view.filter.text() == "" and view.row_count() == 8
    assert not view.no_match.isVisible()
    assert view.review_button.isEnabled()


def test_a_selection_filtered_away_moves_to_the_first_visible_row(qtbot: Any, view: CoachOverview) -> None:
    view.select_record(None)
    assert view.detail_title.text() == "Zoe"  # type: ignore[attr-defined]
    qtbot.keyClicks(view.filter, "Patient3")
    assert _shown(view) == ["Patient3"]
    # The record below follows the one row shown, and its buttons work.
    assert view.detail_title.text() == "Patient3"  # type: ignore[attr-defined]
    assert view.review_button.isEnabled() and view.rename_button.isEnabled()
    # Rename it so the filter no longer matches: the record below never keeps a patient not shown.
    assert view.rename("Ada")
    assert view.row_count() == 0
    assert view.detail_title.text() == "Choose a patient"  # type: ignore[attr-defined]
    assert not view.review_button.isEnabled()


def test_the_exercise_column_keeps_its_name_at_1024x600_with_150_percent_text(
    qtbot: Any, coach: AppContext, tmp_path: Path
) -> None:
    day = TODAY - timedelta(days=1)
    sessions = [
        {
            "date": day.isoformat(),
            "exercise_id": "body-scan",
            "title": "Body scan",
            "status": "completed",
            "fraction": 0.5,
            "pre_pain": 6,
            "post_pain": 4,
        }
    ]
    import_file(
        coach,
        write_progress(
            tmp_path / "ida.coachprogress", patient_id=new_id("ida"), name="Ida", data={"sessions": sessions}
        ),
    )
    view = CoachOverview(coach, lambda _message: None)
    qtbot.addWidget(view)
    font = view.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    view.setFont(font)
    view.resize(1024, 600)
    view.show()
    qtbot.waitExposed(view)
    qtbot.keyClicks(view.filter, "Ida")
    sessions_table = view.detail.sessions
    qtbot.waitUntil(lambda: sessions_table.rowCount() == 1)
    qtbot.wait(20)
    needed = sessions_table.fontMetrics().horizontalAdvance("Body scan")
    assert sessions_table.columnWidth(1) >= needed + 8, "the Exercise name is cut"
    assert sessions_table.item(0, 2).toolTip() == "partial (50% played)"
    # However narrow the pane gets, the other columns give way first.
    sessions_table.resize(sessions_table.minimumSizeHint().width(), sessions_table.height())
    sessions_table.fit_columns()
    assert sessions_table.columnWidth(1) >= needed + 8, "the Exercise name is cut in a narrow pane"


@pytest.mark.parametrize("size", [(1366, 768), (1024, 600)])
def test_the_chosen_patients_flags_show_without_dragging_the_handle(
    qtbot: Any, coach: AppContext, size: tuple[int, int]
) -> None:
    view = CoachOverview(coach, lambda _message: None)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    view.select_record(None)
    qtbot.wait(20)
    table_height, detail_height = view.splitter.sizes()
    assert detail_height >= 0.45 * (table_height + detail_height)
    flags = view.detail.urgent_flags
    assert flags.isVisible() and flags.text()
    # The flags' lines lie inside the visible part of the record, no scrolling needed.
    viewport = view.detail_scroll.viewport()
    bottom = flags.mapTo(viewport, flags.rect().bottomLeft()).y()
    assert bottom <= viewport.height()
