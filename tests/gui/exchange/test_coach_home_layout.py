"""The coach's home as a newcomer met it with 8 patients (issue 16, tried in a real window): on a 1024x600
and a 1366x768 screen, at 100% and 150% text, nothing is cut, squeezed or overlapping (the layout audit's
own checks), the triage table gets most of the height and shows the patients, the column headings fit
their text, and the patient's detail scrolls instead of overlapping itself. Real profile, real window."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QScrollArea, QTableView, QWidget

from coach.domain.clock import FixedClock
from coach.services.caseload.importing import import_file
from coach.services.context import AppContext
from coach.ui.app import CoachApp
from coach.ui.caseload.overview import CoachOverview
from coach.ui.exchange.coach_home import CoachHome
from tests.gui.layout.audit import Config, geometry_findings, settle
from tests.helpers.exchange import open_person
from tests.helpers.progress_files import new_id, self_harm_checkin, write_progress

SHOTS = Path(os.environ.get("COACH_SHOTS", "/tmp/coach-shots"))
TODAY = date(2026, 11, 21)
CONFIGS = [
    Config(1024, 600, "light", 100),
    Config(1024, 600, "light", 150),
    Config(1366, 768, "light", 100),
    Config(1366, 768, "dark", 150),
    # The layout audit's finding (issue 13): at 200% text the heading and the counts above the table were
    # one line each, wider than the page, so the whole home was cut on the right.
    Config(1024, 600, "light", 200),
    Config(1920, 1080, "light", 200),
]


@pytest.fixture
def look(qapp: QApplication) -> Iterator[None]:
    """The app re-themes the one QApplication; give the next test the look it had."""
    sheet, palette, font = qapp.styleSheet(), QPalette(qapp.palette()), qapp.font()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)


def _eight_patients(ctx: AppContext, folder: Path) -> None:
    folder.mkdir()
    for i in range(7):
        data = (
            {
                "withdrawal": [
                    {"date": (TODAY - timedelta(days=3 * i)).isoformat(), "total": 20, "severe": ["sweating"]}
                ]
            }
            if i % 2
            else None
        )
        import_file(
            ctx,
            write_progress(
                folder / f"p{i}.coachprogress", patient_id=new_id(i), name=f"Patient{i + 1}", data=data
            ),
        )
    zoe = {"checkins": [self_harm_checkin(TODAY - timedelta(days=3))]}
    import_file(
        ctx, write_progress(folder / "zoe.coachprogress", patient_id=new_id("zoe"), name="Zoe", data=zoe)
    )


def _open(qtbot: Any, qapp: QApplication, tmp_path: Path, clock: FixedClock, config: Config) -> CoachApp:
    ctx = open_person(tmp_path, "coach", "Dr Rivera", clock)
    ctx.store.update_profile(onboarded=True)
    ctx.store.set_setting("theme", config.theme)
    ctx.store.set_setting("text_scale", config.text_scale)
    _eight_patients(ctx, tmp_path / "files")
    coach_app = CoachApp(ctx, qapp, with_tray=False)
    window = coach_app.window
    qtbot.addWidget(window)
    window.restore_geometry_setting(config.available)
    window.show()
    qtbot.waitExposed(window)
    if window.opens_maximised:
        frame, inner = window.frameGeometry(), window.geometry()
        window.setGeometry(
            config.available.adjusted(
                inner.left() - frame.left(),
                inner.top() - frame.top(),
                inner.right() - frame.right(),
                inner.bottom() - frame.bottom(),
            )
        )
    settle()
    return coach_app


def _visible_rows(table: QTableView) -> int:
    viewport = table.viewport().rect()
    return sum(
        1
        for r in range(table.model().rowCount())
        if viewport.contains(table.visualRect(table.model().index(r, 1)))
    )


@pytest.mark.parametrize("config", CONFIGS, ids=str)
def test_the_coach_home_fits_the_screen_with_the_table_getting_the_room(
    qtbot: Any, qapp: QApplication, look: None, tmp_path: Path, clock: FixedClock, config: Config
) -> None:
    coach_app = _open(qtbot, qapp, tmp_path, clock, config)
    window = coach_app.window
    assert window.current_key() == "caseload"
    home = window.findChild(CoachHome)
    assert home is not None and home.isVisible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / f"coach-home-{config}.png"))

    findings = geometry_findings(window, QRect(0, 0, config.width, config.height).size())
    assert findings == [], "\n".join(findings)

    table = home.findChild(QTableView, "patientTable")
    # Most of the height for the queue: at least 5 patients at once on the small screen, all 8 on 1366x768.
    wanted = 8 if config.height >= 768 and config.text_scale == 100 else 5
    assert _visible_rows(table) >= wanted
    header = table.horizontalHeader()
    metrics = header.fontMetrics()
    for column in range(header.count()):
        text = str(table.model().headerData(column, header.orientation()))
        # The heading's text fits its column (room for the sort arrow is the style's business).
        assert header.sectionSize(column) >= metrics.horizontalAdvance(text) + 8, text

    # The chosen patient's record scrolls in its own area; its labels wrap rather than overlap.
    overview = home.findChild(CoachOverview)
    scroll = overview.findChild(QScrollArea, "patientDetailScroll")
    assert scroll is not None and scroll.isVisible()
    assert scroll.isAncestorOf(overview.detail)
    for label in (overview.detail.title, overview.detail.text, overview.detail.flags):
        assert label.wordWrap()


def test_the_split_between_queue_and_record_has_a_handle_the_coach_can_drag(
    qtbot: Any, qapp: QApplication, look: None, tmp_path: Path, clock: FixedClock
) -> None:
    coach_app = _open(qtbot, qapp, tmp_path, clock, Config(1366, 768))
    home = coach_app.window.findChild(CoachHome)
    overview = home.findChild(CoachOverview)
    splitter = overview.splitter
    assert splitter.handleWidth() >= 6
    table_height, detail_height = splitter.sizes()
    assert table_height >= detail_height >= 0.45 * (table_height + detail_height)  # queue first; record ≥45%
    assert isinstance(splitter.widget(1), QWidget)


@pytest.mark.parametrize(
    "config", [Config(1024, 600, "light", 150), Config(1024, 600, "light", 200)], ids=str
)
def test_send_a_program_reads_as_one_sentence_and_hides_without_a_folder(
    qtbot: Any, qapp: QApplication, look: None, tmp_path: Path, clock: FixedClock, config: Config
) -> None:
    from coach.services.exchange.folder import set_exchange_folder

    coach_app = _open(qtbot, qapp, tmp_path, clock, config)
    home = coach_app.window.findChild(CoachHome)
    # No exchange folder: nothing can be sent, so the row takes no room; the line above says what to do.
    assert not home.send_button.isVisible() and not home.send_program.isVisible()
    assert "choose one" in home.folder_text.text()

    (tmp_path / "exchange").mkdir()
    set_exchange_folder(home.ctx, tmp_path / "exchange")
    home.refresh()
    settle()
    assert home.send_button.isVisible() and home.send_patient.isVisible()
    # When the row wraps, "to" moves with the patient box and the button: it never ends a line alone.
    to_label = home.send_parts[1].layout().itemAt(0).widget()
    middle = home.send_patient.mapTo(home, home.send_patient.rect().center()).y()
    assert to_label.mapTo(home, to_label.rect().topLeft()).y() <= middle
    assert middle <= to_label.mapTo(home, to_label.rect().bottomLeft()).y()
    findings = geometry_findings(coach_app.window, config.available.size())
    assert findings == [], "\n".join(findings)
