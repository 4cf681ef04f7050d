"""Data commands: demo data, doctor, export/import, backup/restore."""

from __future__ import annotations

import click


def register(cli: click.Group) -> None:
    pass
