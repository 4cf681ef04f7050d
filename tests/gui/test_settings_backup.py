"""Backup and restore from Settings: the same output guard as the command line, a restore that the open
window follows (nothing written afterwards is lost), and refusals shown in a dialog."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QLabel, QMessageBox

from coach.services.context import AppContext
from coach.storage.backup import backup_database
from coach.storage.store import Store
from coach.ui.app import CoachApp
from coach.ui.settings_dialog import SettingsDialog


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """What the message boxes would have said (they are modal, so they are not shown in tests)."""
    said: list[tuple[str, str]] = []
    for kind in ("warning", "information"):
        monkeypatch.setattr(
            QMessageBox, kind, lambda _parent, _title, text, *a, k=kind: said.append((k, text))
        )
    return said


def _journal(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("select text from journal order by id")]
    finally:
        conn.close()


def test_backup_into_the_data_folder_is_refused_in_a_dialog(
    qtbot: Any,
    ctx: AppContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    messages: list[tuple[str, str]],
) -> None:
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    live = ctx.paths.database
    before = live.read_bytes()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(live), ""))
    dialog._backup_now()
    assert messages[-1][0] == "warning" and "data folder" in messages[-1][1]
    assert live.read_bytes() == before

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "no" / "b.db"), ""))
    dialog._backup_now()
    assert messages[-1][0] == "warning" and "does not exist" in messages[-1][1]
    assert not (tmp_path / "no").exists()

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "b.db"), ""))
    dialog._backup_now()
    assert messages[-1][0] == "information" and (tmp_path / "b.db").is_file()


def test_restore_in_the_app_is_followed_by_the_window_and_later_writes_are_kept(
    qtbot: Any, ctx: AppContext, tmp_path: Path, messages: list[tuple[str, str]]
) -> None:
    ctx.store.update_profile(nickname="Kim", onboarded=True)
    ctx.store.db.execute(
        "insert into journal (at, text) values ('2026-11-01T08:00:00+00:00', 'from the backup')"
    )
    saved = backup_database(ctx.store.db, ctx.paths.backups_dir, out=tmp_path / "saved.db")
    ctx.store.update_profile(nickname="Sam")
    ctx.store.db.execute("insert into journal (at, text) values ('2026-11-02T08:00:00+00:00', 'undone')")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    coach_app = CoachApp(ctx, app, with_tray=False)
    qtbot.addWidget(coach_app.window)
    coach_app.show_window()
    greeting = coach_app.window.findChild(QLabel, "todayGreeting")
    assert greeting is not None and greeting.text() == "Hello, Sam"

    dialog = SettingsDialog(ctx, coach_app.window)
    qtbot.addWidget(dialog)
    asked: list[str] = []
    assert dialog.restore_backup(saved, confirm=lambda text: asked.append(text) or True)
    assert "kept aside" in asked[0]
    assert messages[-1][0] == "information" and "previous data was kept" in messages[-1][1]
    assert greeting.text() == "Hello, Kim"

    # The loss: a record made after the restore must land in the profile's file.
    ctx.store.db.execute("insert into journal (at, text) values ('2026-11-03T08:00:00+00:00', 'after')")
    assert _journal(ctx.paths.database) == ["from the backup", "after"]
    with Store.open(ctx.paths) as again:
        assert again.profile().nickname == "Kim"


def test_a_tampered_backup_is_refused_in_a_dialog_and_nothing_changes(
    qtbot: Any, ctx: AppContext, tmp_path: Path, messages: list[tuple[str, str]]
) -> None:
    ctx.store.db.execute("insert into journal (at, text) values ('2026-11-01T08:00:00+00:00', 'mine')")
    bad = backup_database(ctx.store.db, ctx.paths.backups_dir, out=tmp_path / "bad.db")
    conn = sqlite3.connect(bad)
    conn.execute("create trigger wipe after insert on journal begin delete from sessions; end")
    conn.commit()
    conn.close()
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    assert not dialog.restore_backup(bad, confirm=lambda _text: pytest.fail("must not ask"))
    assert messages[-1][0] == "warning" and "cannot be restored" in messages[-1][1]
    assert "unexpected trigger 'wipe'" in messages[-1][1]
    assert _journal(ctx.paths.database) == ["mine"]


def test_the_report_is_not_saved_into_the_data_folder(
    qtbot: Any, ctx: AppContext, monkeypatch: pytest.MonkeyPatch, messages: list[tuple[str, str]]
) -> None:
    from coach.ui.main_window import MainWindow
    from coach.ui.progress.page import create_page

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    page = create_page(ctx, window)
    qtbot.addWidget(page)
    target = ctx.paths.profile_dir / "report.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("", True))
    page.ask_report()
    page.range_dialog.accept()  # the default 90 days
    assert messages and messages[-1][0] == "warning" and "data folder" in messages[-1][1]
    assert not target.exists()


def test_a_chart_image_is_not_saved_over_the_database(
    qtbot: Any, ctx: AppContext, tmp_path: Path, messages: list[tuple[str, str]]
) -> None:
    from coach.ui.main_window import MainWindow
    from coach.ui.progress.page import create_page

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    page = create_page(ctx, window)
    qtbot.addWidget(page)
    card = page.cards["pain"]
    live = ctx.paths.database
    before = live.read_bytes()
    assert not card.save_png_to(live)
    assert messages[-1][0] == "warning" and "data folder" in messages[-1][1]
    assert live.read_bytes() == before
    assert card.save_png_to(tmp_path / "pain.png")
    assert (tmp_path / "pain.png").read_bytes().startswith(b"\x89PNG")


def test_program_and_progress_exports_use_the_output_guard(
    qtbot: Any, ctx: AppContext, tmp_path: Path
) -> None:
    from coach.ui.programs.page import ProgramsPage

    class Nav:
        def go(self, key: str, **kwargs: Any) -> None: ...

        def start_exercise(self, exercise_id: str) -> None: ...

    page = ProgramsPage(ctx, Nav())  # type: ignore[arg-type]
    qtbot.addWidget(page)
    errors: list[str] = []
    page.show_error = errors.append  # type: ignore[method-assign]
    live = ctx.paths.database
    before = live.read_bytes()
    assert page.share_progress(live, days=7, share=("sessions",)) is None
    assert "data folder" in errors[-1] and live.read_bytes() == before
    page.program_list.setCurrentRow(0)
    assert page.export_selected(tmp_path / "missing" / "p.coachprog") is None
    assert "does not exist" in errors[-1] and not (tmp_path / "missing").exists()
    assert page.export_selected(tmp_path / "p.coachprog") == tmp_path / "p.coachprog"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "p.coachprog"]
    page.editor.shutdown()
