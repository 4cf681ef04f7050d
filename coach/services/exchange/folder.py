"""Where the exchange folder is, who this patient is linked to, and how a file is put there atomically.

The folder is any folder a sync app keeps in step between a patient's and a coach's computers (Syncthing
as the reference; Nextcloud or a network share work the same). Its layout:

    to-coach/<patient-uuid>.coachprogress        written by the patient's app, read by the coach's
    to-patient/<patient-uuid>/<program>.coachprog written by the coach's app, reviewed by the patient

A sync app copies a file as it appears, so every file is written under a hidden temporary name in the same
folder and renamed into place (os.replace) only when complete: the other side never sees half a file.
"""

from __future__ import annotations

import os
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from coach.domain.errors import CoachError
from coach.domain.settings import EXCHANGE_COACH_ID, EXCHANGE_COACH_NAME, EXCHANGE_FOLDER
from coach.services.changes import Topic
from coach.services.context import AppContext

TO_COACH = "to-coach"
TO_PATIENT = "to-patient"
PROGRESS_SUFFIX = ".coachprogress"
PROGRAM_SUFFIX = ".coachprog"


class ExchangeError(CoachError):
    """The exchange folder cannot be used as asked; the message says why in one sentence."""


@dataclass(frozen=True)
class CoachLink:
    """The coach a patient is linked to: their exchange id (profile UUID) and name as the bundle gave it."""

    coach_id: str
    coach_name: str


def is_coach(ctx: AppContext) -> bool:
    """A coach profile receives progress files and sends programs; a patient the other way round."""
    return ctx.store.profile().kind == "coach"


def is_uuid(text: str) -> bool:
    """True for a canonical lowercase UUID ("3f2b...-..."), the only form a file in the folder is named by."""
    try:
        return str(uuid.UUID(text)) == text
    except ValueError:
        return False


def exchange_folder(ctx: AppContext) -> Path | None:
    """The exchange folder chosen for this profile, or None when none was chosen."""
    chosen = ctx.store.setting(EXCHANGE_FOLDER)
    return Path(chosen) if chosen else None


def require_folder(ctx: AppContext) -> Path:
    """The exchange folder; ExchangeError when none is chosen or it is gone (sync app not running?)."""
    folder = exchange_folder(ctx)
    if folder is None:
        raise ExchangeError("no exchange folder is chosen yet: `coach exchange folder DIR` or Settings")
    if not folder.is_dir():
        raise ExchangeError(
            f"the exchange folder {folder} is not there: is the drive connected and the sync app set up?"
        )
    return folder


def set_exchange_folder(ctx: AppContext, folder: Path | None) -> Path | None:
    """Choose `folder` (an existing folder outside the app's data folder) as the exchange folder, or
    None to stop exchanging. Returns the absolute path stored. Raises ExchangeError with the reason."""
    if folder is None:
        ctx.store.set_setting(EXCHANGE_FOLDER, "")
        ctx.bus.publish(Topic.SETTINGS)
        return None
    chosen = Path(os.path.abspath(os.path.expanduser(folder))).resolve()
    data_root = Path(os.path.abspath(ctx.paths.data_dir)).resolve()
    if chosen == data_root or data_root in chosen.parents or chosen in data_root.parents:
        raise ExchangeError(
            f"{folder} holds or is inside the app's own data folder; choose the folder your sync app shares"
        )
    if not chosen.is_dir():
        raise ExchangeError(f"{folder} is not a folder; create it (or let your sync app make it) first")
    if not os.access(chosen, os.W_OK | os.X_OK):
        raise ExchangeError(f"{folder} cannot be written by you; choose a folder of your own")
    ctx.store.set_setting(EXCHANGE_FOLDER, str(chosen))
    ctx.bus.publish(Topic.SETTINGS)
    return chosen


def linked_coach(ctx: AppContext) -> CoachLink | None:
    """The coach this patient linked to by importing their program bundle, or None."""
    coach_id = ctx.store.setting(EXCHANGE_COACH_ID)
    if not coach_id:
        return None
    return CoachLink(coach_id, ctx.store.setting(EXCHANGE_COACH_NAME))


def link_coach(ctx: AppContext, coach_id: str, coach_name: str) -> CoachLink | None:
    """Remember the coach named by an imported bundle. A bundle without an exchange id (made before the
    exchange folder, or by a patient profile) links nobody and returns None."""
    if not coach_id or not is_uuid(coach_id):
        return None
    ctx.store.set_setting(EXCHANGE_COACH_ID, coach_id)
    ctx.store.set_setting(EXCHANGE_COACH_NAME, coach_name.strip()[:200])
    ctx.bus.publish(Topic.SETTINGS)
    return CoachLink(coach_id, coach_name.strip()[:200])


def place_atomically(final: Path, write: Callable[[Path], object]) -> Path:
    """Have `write(tmp)` write a hidden temporary file beside `final`, then rename it to `final` (same
    folder, so the rename is atomic). Whatever `write` raises leaves nothing behind."""
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f".{final.name}.{secrets.token_hex(4)}.tmp")
    try:
        write(tmp)
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    return final
