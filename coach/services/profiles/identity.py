"""A profile's stable identity: one random UUID made the first time it is asked for, kept in the profile.

Progress files, the coach's caseload and the exchange folder name a person by this id, never by the name
they typed (two patients called "Alex" are two people; "SAM " is not a new person after "Sam"). It lives in
the profile's own database, so a backup restored or an export imported on a new computer keeps it.
"""

from __future__ import annotations

import uuid

from coach.domain.settings import PROFILE_UUID
from coach.services.context import AppContext


def profile_uuid(ctx: AppContext) -> str:
    """This profile's UUID as a lowercase canonical string ("3f2b...-..."); made and stored on first use."""
    current = ctx.store.setting(PROFILE_UUID)
    if _is_uuid(current):
        return current
    made = str(uuid.uuid4())
    ctx.store.set_setting(PROFILE_UUID, made)
    return made


def _is_uuid(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text
    except ValueError:
        return False
