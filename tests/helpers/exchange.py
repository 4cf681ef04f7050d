"""People for exchange-folder tests: a patient and a coach, each a real profile in its own data folder (as on
two computers), sharing one folder as a sync app would."""

from __future__ import annotations

import os
import time
from pathlib import Path

from coach.domain.clock import FixedClock
from coach.services.context import AppContext
from coach.services.practice.sessions import SessionService
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store


def open_person(root: Path, kind: str, nickname: str, clock: FixedClock) -> AppContext:
    """A profile of `kind` (patient | coach) in its own data folder under `root`."""
    data = root / f"{nickname.lower()}-computer"
    data.mkdir(parents=True, exist_ok=True)
    store = Store.open(ProfilePaths(data, nickname.lower()))
    store.update_profile(kind=kind, nickname=nickname)
    return AppContext(store=store, clock=clock)


def practise(ctx: AppContext, exercise_id: str = "breath-awareness") -> int:
    """One completed session rated 6 -> 4, as the player would record it."""
    service = SessionService(ctx)
    session_id = service.start(exercise_id, 6, 5)
    service.finish(session_id, 4, 3, completed_fraction=1.0)
    return session_id


def settle(folder: Path) -> None:
    """Make every file under `folder` look finished arriving (changed a minute ago)."""
    past = time.time() - 60
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))
