"""Text from other people is shown as typed, never as markup: a coach's bundle, a patient's progress file,
a profile name, a medicine name and a note carry HTML in every text field, and every surface that shows
them (import preview, programs page, coach overview, taper page, Today) is walked: each QLabel showing such
text is PlainText, no tooltip or message hands Qt the raw tag, and the import preview stays on screen."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from helpers.nav import RecordingNav as FakeNav
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QWidget

from coach.domain.clock import FixedClock
from coach.services.caseload.progress_files import export_progress
from coach.services.context import AppContext
from coach.services.programs.bundle_import import plan_import
from coach.services.programs.bundles import export_program
from coach.services.programs.service import ProgramService
from coach.services.taper.medicines import MedicationService
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store
from coach.ui.exchange.coach_home import CoachHome
from coach.ui.programs.bundle_dialogs import ImportPreviewDialog
from coach.ui.programs.page import ProgramsPage
from coach.ui.taper.page import TaperPage
from coach.ui.today.page import TodayPage
from coach.ui.widgets.common import shown_as_typed, text_label

HUGE = "<img src=x width=60000 height=60000>"
BOLD = "<b>Bold</b>"
SCREEN_HEIGHT = 600  # the smallest screen the app supports (1024x600)


def _cells(view: QAbstractItemView) -> list[QModelIndex]:
    """Every top-level cell of a list or table view."""
    model = view.model()
    rows = model.rowCount(QModelIndex())
    try:
        columns = model.columnCount(QModelIndex())
    except TypeError:  # a list model keeps columnCount private: one column
        columns = 1
    return [model.index(r, c) for r in range(rows) for c in range(columns)]


def _markup_problems(root: QWidget) -> list[str]:
    """Every label whose text holds markup from the fixture yet could be read as rich text, and every
    tooltip (widget or item) that passes such markup to Qt unescaped."""
    found: list[str] = []
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        marked = isinstance(w, QLabel) and ("<img" in w.text() or "<b>" in w.text())
        if marked and w.textFormat() != Qt.TextFormat.PlainText:
            found.append(f"label {w.objectName() or w.text()[:40]!r} is {w.textFormat()}")
        if "<img" in w.toolTip() or "<b>" in w.toolTip():
            found.append(f"tooltip of {w.objectName()!r}: {w.toolTip()[:60]}")
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            for index in _cells(w):
                r, c = index.row(), index.column()
                tip = index.data(Qt.ItemDataRole.ToolTipRole)
                if isinstance(tip, str) and ("<img" in tip or "<b>" in tip):
                    found.append(f"item tooltip ({r},{c}) of {w.objectName()!r}: {tip[:60]}")
    return found


def _shows(root: QWidget, raw: str) -> bool:
    """Some label, item or text of `root` shows `raw` exactly (so the test did look at that text)."""
    for w in [root, *root.findChildren(QWidget)]:
        if isinstance(w, QLabel) and raw in w.text():
            return True
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            for index in _cells(w):
                if raw in str(index.data() or ""):
                    return True
    return False


def _hostile_bundle(data_dir: Path, clock: FixedClock, out: Path) -> Path:
    with Store.open(ProfilePaths(data_dir, "coach")) as store:
        store.update_profile(kind="coach", nickname=HUGE)
        coach = AppContext(store=store, clock=clock)
        service = ProgramService(coach)
        program = service.get("taper-companion")
        service.save(
            replace(program, id="hostile", title=f"{BOLD} taper {HUGE}", summary=f"{HUGE} summary"),
            coach_name=HUGE,
        )
        export_program(coach, "hostile", out)
    return out


def test_the_import_preview_shows_a_hostile_coach_name_as_typed_and_stays_on_screen(
    qtbot: Any, ctx: AppContext, data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    preview = plan_import(ctx, _hostile_bundle(data_dir, clock, tmp_path / "x.coachprog"))
    dialog = ImportPreviewDialog(preview)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert _shows(dialog, HUGE)
    assert _markup_problems(dialog) == []
    assert dialog.sizeHint().height() < SCREEN_HEIGHT
    assert dialog.height() < SCREEN_HEIGHT
    dialog.grab().save(str(tmp_path / "preview.png"))


def test_programs_page_and_today_show_a_hostile_program_as_typed(
    qtbot: Any, ctx: AppContext, data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    from coach.services.safety import answers

    ctx.store.set_setting("speech_engine", "none")
    answers.record_reprocessing_check(ctx, examined=True, red_flags=False)
    page = ProgramsPage(ctx, FakeNav())
    page.show_error = lambda message: None  # type: ignore[method-assign]
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    assert page.import_bundle(
        _hostile_bundle(data_dir, clock, tmp_path / "x.coachprog"), confirm=lambda p: True
    )
    assert _shows(page, f"{BOLD} taper {HUGE}")
    assert _markup_problems(page) == []
    page.editor.shutdown()

    today = TodayPage(ctx, FakeNav())
    qtbot.addWidget(today)
    today.resize(1024, 600)
    today.show()
    assert _markup_problems(today) == []


def test_the_coach_overview_shows_a_hostile_patient_as_typed(
    qtbot: Any, ctx: AppContext, data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    with Store.open(ProfilePaths(data_dir, "ana")) as store:
        patient = AppContext(store=store, clock=clock)
        ProgramService(patient).assign("pain-reprocessing-4-weeks")
        export_progress(patient, tmp_path / "ana.coachprogress", patient_name=f"{HUGE}{BOLD}")
    ctx.store.update_profile(kind="coach", nickname=BOLD)
    page = CoachHome(ctx, FakeNav())  # the caseload is on the coach's home page
    page.overview.on_error = lambda message: None
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    assert page.overview.import_file(tmp_path / "ana.coachprogress")
    assert _shows(page.overview, f"{HUGE}{BOLD}")
    assert _markup_problems(page) == []


def test_the_taper_page_shows_a_hostile_medicine_and_note_as_typed(qtbot: Any, ctx: AppContext) -> None:
    MedicationService(ctx).add(f"{BOLD}{HUGE}", strength=5, unit="mg", doses_per_day=2, note=f"{HUGE} note")
    page = TaperPage(ctx, FakeNav())
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    assert _shows(page, f"{BOLD}{HUGE}")
    assert _markup_problems(page) == []


def test_labels_are_plain_unless_built_from_the_apps_own_markup() -> None:
    assert text_label(HUGE).textFormat() == Qt.TextFormat.PlainText
    assert text_label("<b>ours</b>", plain=False).textFormat() != Qt.TextFormat.PlainText
    assert shown_as_typed("plain words") == "plain words"
    assert "&lt;img" in shown_as_typed(HUGE) and "<img" not in shown_as_typed(HUGE)


def test_every_label_is_made_by_the_plain_text_helpers() -> None:
    """A bare `QLabel(...)` is AutoText (Qt guesses rich text from a leading tag); labels come from
    coach/ui/widgets/common.py (`plain_label`, `text_label`, `title`), which make them plain."""
    import re

    import coach.ui

    ui = Path(coach.ui.__file__).parent
    bare = re.compile(r"(?<![\w.])QLabel\(")
    offenders = [
        f"{path.relative_to(ui)}:{n}"
        for path in sorted(ui.rglob("*.py"))
        if path.name != "common.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if bare.search(line)
    ]
    assert offenders == []
