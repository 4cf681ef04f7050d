"""A coach's home and the exchange folder in the window (issue 16 items 4 and 5), as people meet them:
a coach opens on the caseload with no patient pages and no medicine question; files arriving in the
exchange folder appear by themselves; a patient sees "A new program from <coach>: review" and nothing is
applied until they say yes. Real profiles, real files, real widgets offscreen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QListWidget, QPushButton

from coach.domain.clock import FixedClock
from coach.services.context import AppContext
from coach.services.exchange.folder import set_exchange_folder
from coach.services.exchange.outgoing import write_progress
from coach.services.exchange.programs import send_program
from coach.services.exchange.sync import scan_incoming
from coach.services.profiles.identity import profile_uuid
from coach.services.programs.bundle_import import import_program
from coach.services.programs.bundles import export_program
from coach.services.programs.service import ProgramService
from coach.ui.caseload.queue_model import PATIENT
from coach.ui.exchange.coach_home import CoachHome
from coach.ui.exchange.watcher import ExchangeWatcher
from coach.ui.main_window import MainWindow
from coach.ui.profiles.first_run import FirstRunDialog
from tests.helpers.exchange import open_person, practise, settle

SHOTS = Path(os.environ.get("COACH_SHOTS", "/tmp/coach-shots"))


def visible_sections(window: MainWindow) -> list[str]:
    nav = window.findChild(QListWidget, "navigation")
    listed = [nav.item(i).text() for i in range(nav.count()) if not nav.item(i).isHidden()]
    return listed + ["Help now"] * window.help_now_button.isVisibleTo(window)  # pinned below the list


def shoot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    for w, h in ((1366, 768), (1024, 600)):
        widget.resize(w, h)
        QApplication.processEvents()
        widget.grab().save(str(SHOTS / f"{name}-{w}x{h}.png"))


@pytest.fixture
def coach(tmp_path: Path, clock: FixedClock) -> AppContext:
    ctx = open_person(tmp_path, "coach", "Dr Rivera", clock)
    yield ctx  # type: ignore[misc]
    ctx.close()


@pytest.fixture
def patient(tmp_path: Path, clock: FixedClock) -> AppContext:
    ctx = open_person(tmp_path, "patient", "Alex", clock)
    yield ctx  # type: ignore[misc]
    ctx.close()


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    folder = tmp_path / "exchange"
    folder.mkdir()
    return folder


def test_a_coach_opens_on_the_caseload_without_the_patient_pages(qtbot, coach: AppContext) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(coach)
    qtbot.addWidget(window)
    window.show()
    assert window.current_key() == "caseload"
    assert visible_sections(window) == ["Caseload", "Programs", "Learn", "Help now"]
    window.findChild(QPushButton, "coachPrograms").click()
    assert window.current_key() == "programs"
    window.go("today")  # a link meant for patients lands on the coach's home, not "Pain is spiking"
    assert window.current_key() == "caseload"
    assert "Today" not in visible_sections(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.current_key() == "help"
    assert not window.exchange_notice.isVisible()
    shoot(window, "coach-home-empty")


def test_a_patient_still_opens_on_today_with_no_caseload(qtbot, patient: AppContext) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(patient)
    qtbot.addWidget(window)
    window.show()
    assert window.current_key() == "today"
    assert "Caseload" not in visible_sections(window)
    window.go("caseload")
    assert window.current_key() == "today"


def test_first_run_asks_a_coach_nothing_about_medicines(qtbot, coach: AppContext) -> None:  # type: ignore[no-untyped-def]
    dialog = FirstRunDialog(coach)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel) if label.isVisible())
    assert "opioid" not in texts.lower() and "Two quick questions" in texts
    assert not dialog.opioids_yes.isVisible()
    dialog.nickname.setText("Dr Rivera")
    dialog.save_button.click()
    assert coach.store.profile().takes_opioids is False


def test_first_run_still_asks_a_patient_about_opioids(qtbot, patient: AppContext) -> None:  # type: ignore[no-untyped-def]
    dialog = FirstRunDialog(patient)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.opioids_yes.isVisible()


def test_check_now_brings_patients_and_names_a_hostile_file(  # type: ignore[no-untyped-def]
    qtbot, coach: AppContext, patient: AppContext, shared: Path
) -> None:
    set_exchange_folder(patient, shared)
    practise(patient)
    write_progress(patient)
    (shared / "to-coach" / "0b6f0e55-1d39-4a8a-9a55-8a44c4f1e0c1.coachprogress").write_bytes(b"garbage")
    set_exchange_folder(coach, shared)
    settle(shared)
    home = CoachHome(coach)
    qtbot.addWidget(home)
    home.show()
    home.findChild(QPushButton, "exchangeCheckNow").click()
    assert home.overview.row_count() == 1 and home.overview.cell_text(0, PATIENT) == "Alex"
    assert home.arrivals_text.isVisible() and home.arrivals_text.text().startswith(
        "Recent arrivals: Alex at "
    )
    assert home.refused_text.isVisible() and "0b6f0e55" in home.refused_text.text()
    assert home.refused_text.textFormat() == Qt.TextFormat.PlainText
    assert home.report_text.text() == (
        "Checked just now: 1 progress file imported; 1 file not imported (see below)."
    )
    shoot(home, "coach-home-arrivals")

    # A program back to Alex, from the same page: it waits in their folder for their review.
    patients = home.send_patient
    assert patients.count() == 1 and patients.itemText(0).startswith("Alex (")
    home.send_program.setCurrentIndex(home.send_program.findData("mindfulness-8-weeks"))
    home.send_button.click()
    sent = shared / "to-patient" / profile_uuid(patient) / "mindfulness-8-weeks.coachprog"
    assert sent.is_file() and "starts only if they accept it" in home.report_text.text()


def test_a_file_arriving_in_the_folder_is_imported_by_itself(  # type: ignore[no-untyped-def]
    qtbot, coach: AppContext, patient: AppContext, shared: Path
) -> None:
    set_exchange_folder(coach, shared)
    (shared / "to-coach").mkdir()
    watcher = ExchangeWatcher(coach)
    home = CoachHome(coach)
    qtbot.addWidget(home)
    home.show()
    set_exchange_folder(patient, shared)
    practise(patient)
    path = write_progress(patient)
    past = path.stat().st_mtime - 60
    os.utime(path, (past, past))  # as a sync app sets it: the time the patient wrote it
    qtbot.waitUntil(lambda: home.overview.row_count() == 1, timeout=15_000)
    assert home.overview.cell_text(0, PATIENT) == "Alex"
    watcher.close()
    watcher.deleteLater()


def test_a_patient_reviews_a_program_from_the_coach_before_it_starts(  # type: ignore[no-untyped-def]
    qtbot, coach: AppContext, patient: AppContext, shared: Path, tmp_path: Path
) -> None:
    programs = ProgramService(coach)
    first = programs.all()[0].program.id
    import_program(patient, export_program(coach, first, tmp_path / "link.coachprog").path)
    window = MainWindow(patient)
    qtbot.addWidget(window)
    window.show()
    notice = window.exchange_notice
    # Linked by the import, but no folder yet: the app offers to choose it.
    assert notice.isVisible() and "linked to Dr Rivera" in notice.text.text()
    assert notice.folder_button.isVisible() and not notice.review_button.isVisible()
    shoot(window, "patient-folder-offer")

    set_exchange_folder(patient, shared)
    set_exchange_folder(coach, shared)
    second = next(i.program.id for i in programs.all() if i.program.id != first)
    send_program(coach, second, profile_uuid(patient))
    settle(shared)
    scan_incoming(patient)
    assert notice.isVisible() and notice.text.text().startswith("A new program from Dr Rivera: ")
    assert notice.text.textFormat() == Qt.TextFormat.PlainText
    assert ProgramService(patient).active_assignment().program_id == first  # type: ignore[union-attr]
    shoot(window, "patient-program-notice")

    def press_import() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None and dialog.objectName() == "importPreviewDialog"
        dialog.findChild(QPushButton, "importConfirm").click()

    QTimer.singleShot(100, press_import)
    notice.review_button.click()
    assert ProgramService(patient).active_assignment().program_id == second  # type: ignore[union-attr]
    assert not notice.isVisible()


def test_not_now_puts_the_program_away_without_declining_it(  # type: ignore[no-untyped-def]
    qtbot, coach: AppContext, patient: AppContext, shared: Path
) -> None:
    set_exchange_folder(patient, shared)
    set_exchange_folder(coach, shared)
    send_program(coach, ProgramService(coach).all()[0].program.id, profile_uuid(patient))
    settle(shared)
    scan_incoming(patient)
    window = MainWindow(patient)
    qtbot.addWidget(window)
    window.show()
    assert window.exchange_notice.isVisible()
    window.exchange_notice.later_button.click()
    assert not window.exchange_notice.isVisible()
    assert ProgramService(patient).active_assignment() is None


def test_the_exchange_folder_is_chosen_in_settings_your_data(  # type: ignore[no-untyped-def]
    qtbot, monkeypatch, patient: AppContext, shared: Path
) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from coach.services.exchange.folder import exchange_folder
    from coach.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(patient)
    qtbot.addWidget(dialog)
    answers = iter([str(patient.paths.data_dir), str(shared)])
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: next(answers))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: warnings.append(text))
    button = dialog.findChild(QPushButton, "settingsExchangeFolder")
    button.click()  # the app's own data folder: refused in one sentence, nothing stored
    assert exchange_folder(patient) is None and len(warnings) == 1 and "data folder" in warnings[0]
    button.click()
    assert exchange_folder(patient) == shared.resolve()


def test_a_scan_bringing_many_files_rebuilds_the_caseload_once(  # type: ignore[no-untyped-def]
    qtbot, coach: AppContext, patient: AppContext, shared: Path
) -> None:
    import uuid

    set_exchange_folder(patient, shared)
    practise(patient)
    one = write_progress(patient).read_bytes()
    for _ in range(6):
        (shared / "to-coach" / f"{uuid.uuid4()}.coachprogress").write_bytes(one)
    set_exchange_folder(coach, shared)
    settle(shared)
    home = CoachHome(coach)
    qtbot.addWidget(home)
    home.show()
    rebuilds: list[int] = []
    original = home.overview.refresh

    def counted() -> None:  # a spy: the real refresh still runs
        rebuilds.append(1)
        original()

    home.overview.refresh = counted  # type: ignore[method-assign]
    report = scan_incoming(coach)  # as the watcher does: seven imports, seven change broadcasts
    assert len(report.imported) == 7
    qtbot.waitUntil(lambda: len(rebuilds) >= 1)
    QApplication.processEvents()
    assert len(rebuilds) == 1


def test_number_keys_follow_the_sections_each_profile_has(
    qtbot, coach: AppContext, patient: AppContext
) -> None:  # type: ignore[no-untyped-def]
    for ctx, keys in (
        (patient, {Qt.Key.Key_1: "today", Qt.Key.Key_6: "programs"}),
        (coach, {Qt.Key.Key_1: "caseload", Qt.Key.Key_2: "programs"}),
    ):
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        for key, page in keys.items():
            window.go("help")
            qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
            assert window.current_key() == page
        window.close()
