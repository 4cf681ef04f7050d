"""Restoring a backup from inside the running app: the open profile's contents are replaced in place and
every view follows, so nothing keeps writing to data that is gone."""

from __future__ import annotations

from pathlib import Path

from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.storage.backup import restore_database, validate_backup_file


def check_backup(source: Path) -> None:
    """Raise StorageError (one plain sentence) unless `source` is a backup this app can restore."""
    validate_backup_file(source)


def restore_backup(ctx: AppContext, source: Path) -> Path:
    """Replace the open profile's data with the backup `source` and tell every view (`Topic.ALL`).

    The current data is kept first; its path is returned. Raises StorageError, changing nothing, when
    `source` is refused (damaged, another app's, a schema this app did not make, from a newer app). The
    app holds the profile lock, so no other app window has the file open.
    """
    kept = restore_database(source, ctx.paths.database, ctx.paths.backups_dir)
    ctx.store.catch_up_after_restore()
    ctx.bus.publish(Topic.ALL, origin=restore_backup)
    return kept
