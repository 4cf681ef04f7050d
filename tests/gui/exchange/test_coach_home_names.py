"""A rename in the caseload reaches the whole coach's home (issue 16, tried in a real window): "Recent
arrivals", the Send-to list and the confirmation after sending use the coach's own name for the patient,
at once and after a restart. Real profiles, a real shared folder, real widgets offscreen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QPushButton

from coach.domain.clock import FixedClock
from coach.services.context import AppContext
from coach.services.exchange.folder import set_exchange_folder
from coach.services.exchange.outgoing import write_progress
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store
from coach.ui.exchange.coach_home import CoachHome
from tests.helpers.exchange import open_person, practise, settle


def test_the_coach_s_name_for_a_patient_is_used_everywhere_on_the_home(
    qtbot: Any, tmp_path: Path, clock: FixedClock
) -> None:
    shared = tmp_path / "exchange"
    shared.mkdir()
    patient = open_person(tmp_path, "patient", "Patient8", clock)
    coach = open_person(tmp_path, "coach", "Dr Rivera", clock)
    set_exchange_folder(patient, shared)
    practise(patient)
    write_progress(patient)
    set_exchange_folder(coach, shared)
    settle(shared)
    home = CoachHome(coach)
    qtbot.addWidget(home)
    home.show()
    home.findChild(QPushButton, "exchangeCheckNow").click()
    assert home.arrivals_text.text().startswith("Recent arrivals: Patient8 at ")

    home.overview.select_record(None)
    assert home.overview.rename("Eve Exchange")
    qtbot.waitUntil(lambda: "Eve Exchange" in home.arrivals_text.text(), timeout=2000)
    assert home.arrivals_text.text().startswith("Recent arrivals: Eve Exchange at ")
    assert home.send_patient.itemText(0).startswith("Eve Exchange (")
    assert home.overview.detail_title.text() == "Eve Exchange (their files say Patient8)"  # type: ignore[attr-defined]
    home.send_program.setCurrentIndex(home.send_program.findData("mindfulness-8-weeks"))
    home.send_button.click()
    assert "to Eve Exchange (" in home.report_text.text()

    # After a restart: the same names.
    home.close()
    coach.store.close()
    again = AppContext(
        store=Store.open(ProfilePaths(tmp_path / "dr rivera-computer", "dr rivera")), clock=clock
    )
    try:
        reopened = CoachHome(again)
        qtbot.addWidget(reopened)
        assert reopened.arrivals_text.text().startswith("Recent arrivals: Eve Exchange at ")
        assert reopened.send_patient.itemText(0).startswith("Eve Exchange (")
    finally:
        again.close()
        patient.close()
