"""Importing many progress files from the caseload page without freezing it: each file is read and
checked on the background runner (coach/ui/tasks.py) and handed back to the GUI thread, where it is stored
and its one row updated as it arrives; progress and Cancel go through the runner's task."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import cast

from PySide6.QtCore import QObject

from coach.domain.errors import CoachError
from coach.services.caseload import importing
from coach.services.caseload.progress_files import ProgressFile, read_progress_file
from coach.ui.tasks import Task, TaskHandle, run_in_background

Parsed = tuple[Path, ProgressFile | None, str]  # the file, what it holds (None: refused), the reason
Store = Callable[[ProgressFile, Path], importing.ImportOutcome]


def _read(path: Path) -> Parsed:
    """Read and check one file (worker thread: no database, no widget)."""
    try:
        return (path, read_progress_file(path), "")
    except CoachError as exc:
        return (path, None, f"refused: {exc}")
    except OSError as exc:
        return (path, None, f"refused: cannot read the file ({exc.strerror or exc})")


class BackgroundImport:
    """One run over `files`. `store(progress, path)` keeps a checked file (GUI thread) and returns its
    outcome; `on_outcome(outcome)` follows each file, in order; `on_finished(outcomes, problem)` comes once
    at the end ("" when all went through, else why it stopped: cancelled or an error)."""

    def __init__(
        self,
        files: list[Path],
        store: Store,
        on_outcome: Callable[[importing.ImportOutcome], None],
        on_finished: Callable[[list[importing.ImportOutcome], str], None],
    ) -> None:
        self.files = files
        self.outcomes: list[importing.ImportOutcome] = []
        self._store = store
        self._on_outcome = on_outcome
        self._on_finished = on_finished
        self.task: Task[int] | None = None

    def start(self, owner: QObject) -> Task[int]:
        files = self.files

        def work(handle: TaskHandle) -> int:
            for number, path in enumerate(files, 1):
                handle.raise_if_cancelled()
                handle.partial(_read(path))
                handle.progress(number / len(files), path.name)
            return len(files)

        self.task = run_in_background(
            work,
            on_done=lambda _n: self._on_finished(self.outcomes, ""),
            on_error=lambda exc: self._on_finished(self.outcomes, f"The import stopped: {exc}"),
            on_partial=self._one,
            on_cancelled=lambda: self._on_finished(
                self.outcomes, "Cancelled; the files imported so far are kept."
            ),
            cancellable=True,
            owner=owner,
            name="caseload import",
        )
        return self.task

    def _one(self, value: object) -> None:
        path, progress, reason = cast(Parsed, value)
        if progress is None:
            outcome = importing.ImportOutcome(path, importing.REFUSED, reason)
        else:
            try:
                outcome = self._store(progress, path)
            except CoachError as exc:
                outcome = importing.ImportOutcome(path, importing.REFUSED, f"refused: {exc}")
        self.outcomes.append(outcome)
        self._on_outcome(outcome)
