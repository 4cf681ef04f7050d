"""Export every table to JSON or CSV, and import a JSON export into an empty profile."""

from __future__ import annotations

import csv
import json
import os
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from coach.domain.clock import system_zone
from coach.domain.errors import CoachError
from coach.domain.timefmt import from_db
from coach.storage.export_check import parse_export_text, timestamp_columns, validate_export
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


def write_csv(store: Store, out_dir: Path, zone: tzinfo | None = None) -> list[Path]:
    """A folder with one CSV per table (header row even when empty), for spreadsheets.

    Files are UTF-8 with a byte-order mark, so spreadsheet programs read accents and other scripts right.
    Beside each UTC timestamp column `x` sits `x_local`: the same moment in `zone` (default: this computer's
    zone) as `YYYY-MM-DD HH:MM:SS`. Text that a spreadsheet would run as a formula is neutralised.
    """
    zone = zone or system_zone()
    out_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(out_dir, 0o700)
    written = []
    for table in USER_TABLES:
        stamps = set(timestamp_columns(table))
        columns: list[str] = []
        for column in store.db.table(table).columns_dict:
            columns.append(column)
            if column in stamps:
                columns.append(f"{column}_local")
        path = out_dir / f"{table}.csv"
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", newline="", encoding="utf-8-sig") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns)
            writer.writeheader()
            for row in _rows(store.db, table):
                cells = {name: spreadsheet_safe(value) for name, value in row.items()}
                for column in stamps:
                    cells[f"{column}_local"] = local_time_text(row.get(column), zone)
                writer.writerow(cells)
        written.append(path)
    return written


# OWASP "CSV injection": a cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """Text starting like a formula gets a leading single quote, so it shows as text and never runs."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def local_time_text(stamp: object, zone: tzinfo) -> str:
    """`2026-11-21T08:00:00+00:00` -> `2026-11-21 09:00:00` in `zone`; empty for no or unreadable times."""
    if not isinstance(stamp, str) or not stamp:
        return ""
    try:
        return from_db(stamp).astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")
    except (ValueError, OverflowError):
        return ""


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def read_export(path: Path) -> dict[str, Any]:
    """Read and check an export file whole (see coach.storage.export_check); nothing is written.

    Raises CoachError when the file is missing, unreadable, too large or deep, or any row would be refused.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CoachError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise CoachError(f"{path} is a folder, not an export file") from None
    data = parse_export_text(raw, path.name)
    return validate_export(data, path.name)


def import_json(store: Store, data: dict[str, Any], origin: str = "the export") -> dict[str, int]:
    """Load an export into an empty profile, all or nothing. Returns rows imported per table."""
    data = validate_export(data, origin)
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
