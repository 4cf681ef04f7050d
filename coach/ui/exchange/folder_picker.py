"""Choosing the exchange folder in the window: a folder dialog, then the same checks as the CLI."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from coach.domain.errors import CoachError
from coach.services.context import AppContext
from coach.services.exchange.folder import exchange_folder, set_exchange_folder

DIALOG_TITLE = "Choose the exchange folder"


def use_folder(ctx: AppContext, parent: QWidget | None, folder: Path) -> bool:
    """Store `folder` as the exchange folder; a refusal is shown in one sentence. True when stored."""
    try:
        set_exchange_folder(ctx, folder)
    except CoachError as exc:
        QMessageBox.warning(parent, DIALOG_TITLE, str(exc))
        return False
    return True


def choose_folder(ctx: AppContext, parent: QWidget | None) -> bool:
    """Ask for the folder your sync app shares (starting at the current one) and store it."""
    current = exchange_folder(ctx)
    chosen = QFileDialog.getExistingDirectory(parent, DIALOG_TITLE, str(current or Path.home()))
    return bool(chosen) and use_folder(ctx, parent, Path(chosen))
