"""Where the coach's file dialogs for importing progress files open: the folder they last imported from
(app state, kept between runs), else their home folder."""

from __future__ import annotations

from pathlib import Path

from coach.domain.settings import LAST_IMPORT_FOLDER
from coach.services.context import AppContext


def last_import_folder(ctx: AppContext) -> Path:
    """The folder to open an import dialog in: the last one used while it still exists, else home."""
    saved = ctx.store.setting(LAST_IMPORT_FOLDER)
    folder = Path(saved) if saved else None
    return folder if folder is not None and folder.is_dir() else Path.home()


def remember_import_folder(ctx: AppContext, chosen: Path) -> None:
    """Remember the folder of `chosen` (a file: its folder; a folder: itself) for the next import dialog.
    App state only: no change is published (nothing on screen shows it)."""
    folder = chosen if chosen.is_dir() else chosen.parent
    ctx.store.set_setting(LAST_IMPORT_FOLDER, str(folder))
