"""The exchange folder's memory in SQLite (the `exchange_files` table): every file seen there, its bytes'
sha256 and size, and what came of reading it.

`name` is the file's path inside the exchange folder with forward slashes (`to-coach/<uuid>.coachprogress`,
`to-patient/<uuid>/<id>.coachprog`). A file whose sha256 is unchanged is never read twice; one that
changed is read again and its row replaced. Outcomes: `imported`, `refused` (message says why), and for
programs `pending` (waiting for the person to review), `applied`, `dismissed`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.storage.store import Store


@dataclass(frozen=True)
class ExchangeFileRow:
    """One file seen in the exchange folder; `seen_at` is ISO-8601 UTC, `size` in bytes."""

    name: str
    kind: str  # progress | program
    sha256: str
    size: int
    seen_at: str
    outcome: str
    message: str
    coach_name: str
    title: str


_COLUMNS = "name, kind, sha256, size, seen_at, outcome, message, coach_name, title"


def _row(r: tuple[object, ...]) -> ExchangeFileRow:
    return ExchangeFileRow(
        str(r[0]), str(r[1]), str(r[2]), int(str(r[3])), str(r[4]), str(r[5]), str(r[6]), str(r[7]), str(r[8])
    )


class ExchangeRepo:
    """Every statement on `exchange_files`."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, name: str) -> ExchangeFileRow | None:
        """The row for the file at `name`, or None when it was never seen."""
        r = self._store.conn.execute(
            f"select {_COLUMNS} from exchange_files where name = ?", [name]
        ).fetchone()
        return _row(tuple(r)) if r else None

    def all(self) -> list[ExchangeFileRow]:
        """Every file seen, the most recently seen first."""
        rows = self._store.conn.execute(
            f"select {_COLUMNS} from exchange_files order by seen_at desc, name"
        ).fetchall()
        return [_row(tuple(r)) for r in rows]

    def save(self, row: ExchangeFileRow) -> None:
        """Insert or replace the row for `row.name`."""
        self._store.db.execute(
            f"INSERT OR REPLACE INTO exchange_files ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                row.name,
                row.kind,
                row.sha256,
                row.size,
                row.seen_at,
                row.outcome,
                row.message,
                row.coach_name,
                row.title,
            ],
        )

    def set_outcome(self, name: str, outcome: str, message: str = "") -> bool:
        """Change what came of a file (a program applied or dismissed); False when it was never seen."""
        cursor = self._store.db.execute(
            "UPDATE exchange_files SET outcome = ?, message = ? WHERE name = ?", [outcome, message, name]
        )
        return cursor.rowcount > 0
