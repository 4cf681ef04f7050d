"""Whether the open profile is encrypted, and what to tell a person about the files written from it."""

from __future__ import annotations

from coach.services.context import AppContext
from coach.storage.cipher import NOT_ENCRYPTED, key_for


def is_protected(ctx: AppContext) -> bool:
    """True when the open profile is encrypted (it was unlocked with its passcode in this run)."""
    return key_for(ctx.paths.database) is not None


def plain_output_note(ctx: AppContext) -> str:
    """For a file just written (export, report, progress file): the sentence saying it is not encrypted
    when the profile is, else ''."""
    return NOT_ENCRYPTED if is_protected(ctx) else ""


def backup_note(ctx: AppContext) -> str:
    """For a backup just written: that it is encrypted with the profile's passcode, else ''."""
    return "It is encrypted with this profile's passcode." if is_protected(ctx) else ""
