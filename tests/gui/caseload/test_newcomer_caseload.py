"""What a newcomer coach tripped on in the caseload (issue 16, tried in a real window with 8 patients):
NEW markers cleared by the page's own choices (start-up, a filter, an import) rather than by the coach;
the heading "most pressing first" kept its claim after sorting by another column. Real profile, real
files, real widgets offscreen, clicks and keys as a person makes them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from coach.domain.clock import FixedClock
from coach.services.caseload.importing import import_file
from coach.services.context import AppContext
from coach.ui.caseload.overview import CoachOverview
from coach.ui.caseload.queue_model import NEW, PATIENT, PRIORITY, RECORD_ROLE, WHY
from coach.ui.theme import current_palette
from tests.helpers.progress_files import coach_context, new_id, self_harm_checkin, write_progress

TODAY = date(2026, 11, 21)


@pytest.fixture
def coach(data_dir: Path, clock: FixedClock, tmp_path: Path) -> Iterator[AppContext]:
    """Nine patients, none looked at yet: Zoe answered the self-harm question 3 days ago."""
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
    # Wren's severe withdrawal was 5 weeks ago: still High, but it must not read like today's.
    peak = (TODAY - timedelta(days=35)).isoformat()
    old_peak = {"withdrawal": [{"date": peak, "total": 20, "severe": ["sweating"]}]}
    wren = write_progress(
        folder / "w.coachprogress", patient_id=new_id("w"), name="Wren", days=60, data=old_peak
    )
    import_file(ctx, wren)
    yield ctx
    ctx.store.close()


@pytest.fixture
def view(qtbot: Any, coach: AppContext) -> CoachOverview:
    errors: list[str] = []
    overview = CoachOverview(coach, errors.append)
    qtbot.addWidget(overview)
    overview.resize(1366, 768)
    overview.show()
    qtbot.waitExposed(overview)
    return overview


def _new_marks(view: CoachOverview) -> dict[str, str]:
    return {view.cell_text(r, PATIENT): view.cell_text(r, NEW) for r in range(view.row_count())}


def _click_row(qtbot: Any, view: CoachOverview, row: int) -> None:
    rect = view.table.visualRect(view.proxy.index(row, PATIENT))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.wait(20)


def test_new_stays_until_the_coach_chooses_the_patient(
    qtbot: Any, view: CoachOverview, tmp_path: Path
) -> None:
    # Start-up chose Zoe by itself (her record shows), but the coach has not opened her yet.
    assert view.detail_title.text() == "Zoe"  # type: ignore[attr-defined]
    qtbot.wait(50)
    assert set(_new_marks(view).values()) == {"NEW"}
    # A filter and an import choose rows by themselves too: still nothing seen.
    view.filter.setText("patient")
    view.filter.setText("")
    view.import_file(write_progress(tmp_path / "p9.coachprogress", patient_id=new_id(9), name="Patient9"))
    qtbot.wait(50)
    assert set(_new_marks(view).values()) == {"NEW"}
    # The coach clicks Zoe (already chosen): now she is seen; then the arrow key to the next patient.
    _click_row(qtbot, view, 0)
    assert view.cell_text(0, NEW) == ""
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    qtbot.wait(20)
    second = view.cell_text(1, PATIENT)
    assert _new_marks(view)[second] == ""
    assert sum(1 for mark in _new_marks(view).values() if mark == "NEW") == view.row_count() - 2


def test_severity_shows_by_colour_and_the_why_says_how_recent(view: CoachOverview) -> None:
    palette = current_palette(view.ctx)
    rows = {view.cell_text(r, PATIENT): r for r in range(view.row_count())}
    zoe, wren, calm = rows["Zoe"], rows["Wren"], rows["Patient1"]
    colour = Qt.ItemDataRole.ForegroundRole
    assert view.cell_text(zoe, PRIORITY).startswith("Urgent") and view.cell_text(wren, PRIORITY).startswith(
        "High"
    )
    assert view.proxy.index(zoe, PRIORITY).data(colour).name() == palette.urgent
    assert view.proxy.index(wren, PRIORITY).data(colour).name() == palette.high
    assert palette.urgent != palette.high
    assert view.proxy.index(zoe, PRIORITY).data(Qt.ItemDataRole.FontRole).bold()
    assert view.proxy.index(calm, PRIORITY).data(colour) is None
    # An old peak does not read like today's.
    assert view.cell_text(zoe, WHY).startswith("3 days ago: ")
    assert view.cell_text(wren, WHY).startswith("5 weeks ago: ")
    # The detail: Urgent and High in their own colours (theme roles), each saying when.
    view.select_record(
        view.model.patient(view.model.row_of(view.proxy.index(zoe, 0).data(RECORD_ROLE)) or 0).record_id
    )
    assert view.detail.urgent_flags.isVisible() and view.detail.urgent_flags.property("role") == "urgent"
    assert "(3 days ago)" in view.detail.urgent_flags.text() and not view.detail.flags.isVisible()
    view.select_record(int(view.proxy.index(wren, 0).data(RECORD_ROLE)))
    assert view.detail.flags.property("role") == "high" and "(5 weeks ago)" in view.detail.flags.text()
    assert not view.detail.urgent_flags.isVisible()


def test_the_heading_says_how_the_table_is_sorted(qtbot: Any, view: CoachOverview) -> None:
    assert view.bar.heading.text() == "Your patients, most pressing first"
    view.table.sortByColumn(PATIENT, Qt.SortOrder.AscendingOrder)
    assert view.bar.heading.text() == "Sorted by Patient: click Priority for triage order"
    view.table.sortByColumn(PRIORITY, Qt.SortOrder.AscendingOrder)
    assert view.bar.heading.text() == "Your patients, most pressing first"


def test_the_record_below_always_matches_the_chosen_row(
    qtbot: Any, view: CoachOverview, tmp_path: Path
) -> None:
    _click_row(qtbot, view, 0)
    assert view.detail_title.text() == "Zoe"  # type: ignore[attr-defined]
    dialog = view.open_review()
    assert dialog is not None
    dialog.note.setPlainText("Called; she is safe.")
    dialog.ok_button.click()
    # The note and "(reviewed)" show at once, without choosing her again.
    assert "Last reviewed 2026-11-21: Called; she is safe." in view.detail_text.text()  # type: ignore[attr-defined]
    assert "(reviewed)" in view.detail.urgent_flags.text()
    assert view.rename("Eve Exchange")
    assert view.detail_title.text() == "Eve Exchange (their files say Zoe)"  # type: ignore[attr-defined]
    # A newer file for her: the record below shows it at once.
    again = {"checkins": [self_harm_checkin(TODAY - timedelta(days=1))]}
    view.import_file(
        write_progress(
            tmp_path / "z2.coachprogress", patient_id=new_id("zoe"), name="Zoe", sequence=2, data=again
        )
    )
    assert view.detail_title.text().startswith("Eve Exchange")  # type: ignore[attr-defined]
    assert "(yesterday)" in view.detail.urgent_flags.text()


def test_an_import_names_each_file_its_patient_and_what_became_of_it(
    qtbot: Any, view: CoachOverview, tmp_path: Path
) -> None:
    folder = tmp_path / "round"
    folder.mkdir()
    write_progress(folder / "ivy.coachprogress", patient_id=new_id("ivy"), name="Ivy")
    write_progress(folder / "zoe-again.coachprogress", patient_id=new_id("zoe"), name="Zoe")  # as before
    (folder / "broken.coachprogress").write_bytes(b"not a zip")
    task = view.import_paths([folder])
    assert task is not None
    qtbot.waitUntil(lambda: task.finished, timeout=20_000)
    lines = view.import_status.text().splitlines()
    assert lines[0].startswith("3 files: ")
    assert lines[1].startswith("broken.coachprogress: refused")  # the one that needs the coach, first
    assert any(line.startswith("ivy.coachprogress: imported Ivy (") for line in lines)
    assert any(line.startswith("zoe-again.coachprogress: ") and "Zoe" in line for line in lines)


def test_the_file_dialogs_open_in_the_last_folder_used(
    qtbot: Any, view: CoachOverview, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "week 48"
    folder.mkdir()
    path = write_progress(folder / "ivy.coachprogress", patient_id=new_id("ivy"), name="Ivy")
    opened_in: list[str] = []

    def pick(_parent: Any, _caption: str, directory: str, _filter: str) -> tuple[list[str], str]:
        opened_in.append(directory)  # Qt's dialog, standing in for the person choosing a file
        return [str(path)], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(pick))
    view.choose_files()
    assert view.task is not None
    qtbot.waitUntil(lambda: view.task is not None and view.task.finished, timeout=10_000)
    view.choose_files()
    qtbot.waitUntil(lambda: view.task is not None and view.task.finished, timeout=10_000)
    assert opened_in == [str(Path.home()), str(folder)]
    # Kept between runs: a new caseload page on the same profile opens there too.
    again = CoachOverview(view.ctx, lambda _m: None)
    qtbot.addWidget(again)
    again.choose_files()
    qtbot.waitUntil(lambda: again.task is not None and again.task.finished, timeout=10_000)
    assert opened_in[-1] == str(folder)
