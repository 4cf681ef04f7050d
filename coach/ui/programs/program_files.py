"""The Programs page's files: saving the chosen program to a .coachprog file, opening one (with a preview
of what it changes, and the check before pain reprocessing), and a patient's progress file for their coach.
Every file is written through the output guard (never into the app's data folder, complete or not at all).

ProgramFiles is the page's base class (coach/ui/programs/page.py): the page provides the attributes below."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QWidget

from coach.services.context import AppContext
from coach.services.programs.bundle_import import ImportPreview, apply_import, plan_import
from coach.services.programs.bundles import export_program
from coach.services.programs.service import ProgramInfo
from coach.ui.programs.builder import ProgramBuilder
from coach.ui.programs.bundle_dialogs import ImportPreviewDialog, ShareProgressDialog
from coach.ui.programs.check_first import FollowCheck


class ProgramFiles(QWidget):
    """Save, open and share files from the Programs page; results and refusals go to `status` and
    `_guard` (which shows a CoachError's message)."""

    ctx: AppContext
    builder: ProgramBuilder
    status: QLabel
    follow_check: FollowCheck

    def selected_info(self) -> ProgramInfo | None:
        """The program chosen in the page's list (None when none)."""
        raise NotImplementedError

    def _guard(self, action: Callable[[], Any]) -> Any:
        """`action()`, or None after showing its CoachError."""
        raise NotImplementedError

    def _write_file(self, path: Path, write: Callable[[Path], Any]) -> Any:
        """Write through the output guard: never into the data folder or onto a device, and a file appears
        only once complete (its refusal is a CoachError, shown by `_guard`)."""
        from coach.storage.outputs import guarded_file

        with guarded_file(path, self.ctx.paths.data_dir) as tmp:
            return write(tmp)

    def export_selected(self, path: Path | None = None) -> Path | None:
        info = self.selected_info()
        if info is None:
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Save the program to a file", str(Path.home() / f"{info.id}.coachprog"),
                "Program files (*.coachprog)",
            )  # fmt: skip
            if not chosen:
                return None
            path = Path(chosen)
        result = self._guard(
            lambda: self._write_file(path, lambda tmp: export_program(self.ctx, info.id, tmp))
        )
        if result is None:
            return None
        self.status.setText(f"Saved {path.name}. Send it to your patient any way you like.")
        return path

    def import_bundle(
        self, path: Path | None = None, confirm: Callable[[ImportPreview], bool] | None = None
    ) -> bool:
        """Open a .coachprog file, show what it will change, and import it only if confirmed (and, for a
        program with pain reprocessing, once the check before it lets it: False until then)."""
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self, "Open a program file", str(Path.home()), "Program files (*.coachprog);;All files (*)"
            )
            if not chosen:
                return False
            path = Path(chosen)
        preview = self._guard(lambda: plan_import(self.ctx, path))
        if preview is None:
            return False
        ask = confirm or (
            lambda p: (
                ImportPreviewDialog(p, self, self.builder.days.short_title).exec()
                == QDialog.DialogCode.Accepted
            )
        )
        if not ask(preview):
            self.status.setText("Nothing was imported.")
            return False
        # Importing starts the program, so a program with pain reprocessing waits for the check.
        imported: list[bool] = []
        contents = preview.contents
        self.follow_check.follow(contents.program, lambda: imported.append(self._apply_import(preview)),
                                 preview.program_title, contents.exercises, "was not imported")  # fmt: skip
        return bool(imported) and imported[0]

    def _apply_import(self, preview: ImportPreview) -> bool:
        if self._guard(lambda: apply_import(self.ctx, preview)) is None:
            return False
        before = f" “{preview.current_program}” is kept in your history." if preview.current_program else ""
        self.status.setText(f"Imported “{preview.program_title}”; you are now following it.{before}")
        return True

    def share_progress(
        self, path: Path | None = None, days: int | None = None, share: tuple[str, ...] | None = None
    ) -> Path | None:
        from coach.services.caseload.progress_files import export_progress

        name = self.ctx.store.profile().nickname
        if days is None or share is None:
            dialog = ShareProgressDialog(name, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            days, share, name = dialog.days.value(), dialog.chosen(), dialog.name.text()
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Save your progress file", str(Path.home() / "my-progress.coachprogress"),
                "Progress files (*.coachprogress)",
            )  # fmt: skip
            if not chosen:
                return None
            path = Path(chosen)
        result = self._guard(
            lambda: self._write_file(path, lambda tmp: export_progress(self.ctx, tmp, days, share, name))
        )
        if result is None:
            return None
        from coach.services.profiles.protection import plain_output_note

        note = plain_output_note(self.ctx)  # an encrypted profile: the progress file is not
        self.status.setText(f"Saved {path.name} ({result.range_start} to {result.range_end}). {note}".strip())
        return path
