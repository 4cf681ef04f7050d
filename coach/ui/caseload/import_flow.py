"""Importing progress files into the caseload page: Import files / Import a folder (the dialogs open where
the last import was), a drop of files or folders, and the run itself on the background runner, each file
stored as it arrives (one row changes) with a progress bar, Cancel and a result like the command line's.

CaseloadImports is the page's base class (coach/ui/caseload/overview.py): it owns the import flow; the page
owns the table and says how a stored patient's row is updated."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QLabel, QProgressBar, QWidget

from coach.domain.errors import CoachError
from coach.domain.wording import count
from coach.services.caseload import importing
from coach.services.caseload.import_folder import last_import_folder, remember_import_folder
from coach.services.caseload.progress_files import ProgressFile
from coach.services.caseload.queue import CaseloadPatient
from coach.services.context import AppContext
from coach.ui.caseload.bar import CaseloadBar
from coach.ui.caseload.importer import BackgroundImport
from coach.ui.tasks import Task
from coach.ui.widgets.common import shown_as_typed

IMPORT_LINES_SHOWN = 6  # lines of an import's result under the bar; the tooltip has every one


class CaseloadImports(QWidget):
    """The import flow of the caseload page. Emits `imported(record_id)` for each patient a file added or
    changed. The page sets the attributes below and implements the four table hooks."""

    imported = Signal(int)

    ctx: AppContext
    on_error: Callable[[str], None]
    bar: CaseloadBar
    progress: QProgressBar
    import_status: QLabel
    run: BackgroundImport | None
    task: Task[int] | None

    # --- what the page provides ----------------------------------------------------------------------
    def _writing(self) -> contextlib.AbstractContextManager[None]:
        """A block in which the page's own writes do not make it read the whole queue again."""
        raise NotImplementedError

    def _update_row(self, record_id: int) -> CaseloadPatient | None:
        """Read one patient's row again (and their record below when chosen)."""
        raise NotImplementedError

    def selected_record(self) -> int | None:
        raise NotImplementedError

    def select_record(self, record_id: int | None) -> None:
        raise NotImplementedError

    def choose_files(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(
            self,
            "Import progress files",
            str(last_import_folder(self.ctx)),
            "Progress files (*.coachprogress);;All files (*)",
        )
        if chosen:
            remember_import_folder(self.ctx, Path(chosen[0]))
            self.import_paths([Path(p) for p in chosen])

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, "Import a folder of progress files", str(last_import_folder(self.ctx))
        )
        if chosen:
            # The dialog opens next time where this folder is, so a weekly round's next folder is near.
            remember_import_folder(self.ctx, Path(chosen).parent)
            self.import_paths([Path(chosen)])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if urls and all(u.isLocalFile() for u in urls):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    def import_file(self, path: Path) -> int | None:
        """Import one file now, on this thread (it is small); the reason goes to on_error when refused."""
        try:
            with self._writing():
                outcome = importing.import_file(self.ctx, path)
        except CoachError as exc:
            self.on_error(str(exc))
            return None
        return self._after(outcome)

    def import_paths(self, paths: list[Path]) -> Task[int] | None:
        """Import files and folders: files are read and checked on the background runner, each stored as it
        arrives (one row changes), with a progress bar and Cancel. None when nothing could start."""
        if self.task is not None and not self.task.finished:
            self.on_error("An import is already running: wait for it, or cancel it first.")
            return None
        try:
            files = importing.progress_paths(paths)
        except CoachError as exc:
            self.on_error(str(exc))
            return None
        if not files:
            self.on_error("There are no .coachprogress files there.")
            return None
        self.progress.setRange(0, len(files))
        self.progress.setValue(0)
        self.bar.show_import(True, f"Importing {count(len(files), 'file')}…")
        self.run = BackgroundImport(files, self._store, self._one_done, self._import_finished)
        self.task = self.run.start(self)
        return self.task

    @property
    def outcomes(self) -> list[importing.ImportOutcome]:
        """What became of each file of the latest import, in order."""
        return self.run.outcomes if self.run is not None else []

    def cancel_import(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _store(self, progress: ProgressFile, path: Path) -> importing.ImportOutcome:
        with self._writing():
            return importing.apply_progress(self.ctx, progress, path, origin=self)

    def _one_done(self, outcome: importing.ImportOutcome) -> None:
        self.progress.setValue(len(self.outcomes))
        self._after(outcome)

    def _after(self, outcome: importing.ImportOutcome) -> int | None:
        if outcome.status == importing.REFUSED:
            if not self.progress.isVisibleTo(self.bar):
                self.on_error(outcome.message.removeprefix("refused: "))
            return None
        if outcome.changed and outcome.record_id is not None:
            self._update_row(outcome.record_id)
            if self.selected_record() is None:
                self.select_record(outcome.record_id)
            self.imported.emit(outcome.record_id)
        return outcome.record_id

    def _import_finished(self, outcomes: list[importing.ImportOutcome], problem: str) -> None:
        # Like the command line: the count, then each file with its patient and outcome, refused ones first
        # (they need the coach); a long round shows the first few and has every line in the tooltip.
        ordered = sorted(outcomes, key=lambda o: o.status != importing.REFUSED)
        every = [o.line for o in ordered]
        shown = every[:IMPORT_LINES_SHOWN]
        if len(every) > len(shown):
            shown.append(f"…and {len(every) - len(shown)} more (point here for all)")
        lines = ([importing.summary_line(outcomes)] if outcomes else []) + shown
        if problem:
            lines.insert(0, problem)
        self.bar.show_import(False, "\n".join(lines))
        self.import_status.setToolTip(
            shown_as_typed("\n".join(every)) if len(every) > IMPORT_LINES_SHOWN else ""
        )
