"""Export every table to JSON or CSV, and import a JSON export into an empty profile."""

from __future__ import annotations

import csv
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from coach.domain.errors import CoachError
from coach.storage.schema import USER_TABLES
from coach.storage.store import Store

FORMAT_VERSION = 1


def _rows(db: Database, table: str) -> list[dict[str, Any]]:
    pks = db.table(table).pks
    order = ", ".join(f'"{pk}"' for pk in pks)
    return list(db.query(f'select * from "{table}" order by {order}'))


def export_json(store: Store) -> dict[str, Any]:
    """One object with every table; rows ordered by primary key so two exports compare equal."""
    from coach.storage.database import schema_version_of

    return {
        "format_version": FORMAT_VERSION,
        "schema_version": schema_version_of(store.conn),
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tables": {table: _rows(store.db, table) for table in USER_TABLES},
    }


def write_json(store: Store, out: Path) -> Path:
    data = export_json(store)
    _write_private(out, json.dumps(data, indent=1, ensure_ascii=False))
    return out


def write_csv(store: Store, out_dir: Path) -> list[Path]:
    """A folder with one CSV per table (header row even when empty), for spreadsheets."""
    out_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(out_dir, 0o700)
    written = []
    for table in USER_TABLES:
        columns = list(store.db.table(table).columns_dict)
        path = out_dir / f"{table}.csv"
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns)
            writer.writeheader()
            writer.writerows(_rows(store.db, table))
        written.append(path)
    return written


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def read_export(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CoachError(f"{path} does not exist") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CoachError(f"{path.name} is not a JSON export ({exc})") from None
    return _check_shape(data, path.name)


def _check_shape(data: object, origin: str) -> dict[str, Any]:
    if not isinstance(data, dict) or not isinstance(data.get("tables"), dict):
        raise CoachError(f"{origin} is not a Pain Recovery Coach export (no 'tables' object)")
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        raise CoachError(f"{origin} has export format {version!r}; this app reads format {FORMAT_VERSION}")
    unknown = sorted(set(data["tables"]) - set(USER_TABLES))
    if unknown:
        raise CoachError(f"{origin} has a table this app does not know: {unknown[0]}")
    for table, rows in data["tables"].items():
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise CoachError(f"{origin}: tables.{table} must be a list of row objects")
    return data


def import_json(store: Store, data: dict[str, Any], origin: str = "the export") -> dict[str, int]:
    """Load an export into an empty profile, all or nothing. Returns rows imported per table."""
    data = _check_shape(data, origin)
    if store.holds_user_data():
        raise CoachError("this profile already holds data; import into a new, empty profile (use --data-dir)")
    counts: dict[str, int] = {}
    db = store.db
    try:
        with store.transaction():
            # Rows reference each other both ways (sessions -> assignments); check keys at commit.
            db.execute("PRAGMA defer_foreign_keys = ON")
            for table in USER_TABLES:
                rows = data["tables"].get(table, [])
                columns = set(db.table(table).columns_dict)
                for index, row in enumerate(rows):
                    extra = sorted(set(row) - columns)
                    if extra:
                        raise CoachError(
                            f"{origin}: tables.{table}[{index}] has an unknown column {extra[0]!r}"
                        )
                if table in ("profile", "settings"):
                    db.execute(f'delete from "{table}"')
                names = sorted(columns)
                for row in rows:
                    cols = [c for c in names if c in row]
                    placeholders = ", ".join("?" for _ in cols)
                    col_sql = ", ".join(f'"{c}"' for c in cols)
                    db.execute(
                        f'insert into "{table}" ({col_sql}) values ({placeholders})',
                        [row[c] for c in cols],
                    )
                counts[table] = len(rows)
            problems = list(db.query("PRAGMA foreign_key_check"))
            if problems:
                p = problems[0]
                raise CoachError(f"{origin}: a row in {p['table']} points to a missing {p['parent']} row")
    except CoachError:
        raise
    except Exception as exc:  # sqlite3 constraint errors: the transaction was rolled back
        raise CoachError(f"{origin} could not be imported, nothing was changed ({exc})") from exc
    store.db.execute(
        "INSERT OR IGNORE INTO profile (id, created_at) VALUES (1, ?)", [datetime.now(UTC).isoformat()]
    )
    return counts
