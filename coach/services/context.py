"""The running app's shared collaborators: one open profile, its change bus, and the clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from coach.domain.clock import Clock, SystemClock
from coach.services.changes import ChangeBus
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store


@dataclass
class AppContext:
    """Built once by the wiring module (coach/ui/app.py) or a test fixture, passed to every view.

    Feature services are small classes constructed from this (`SessionService(ctx)`), so a page depends
    only on what it uses.
    """

    store: Store
    bus: ChangeBus = field(default_factory=ChangeBus)
    clock: Clock = field(default_factory=SystemClock)

    @property
    def paths(self) -> ProfilePaths:
        return self.store.paths

    @property
    def cache_dir(self) -> Path:
        return self.paths.cache_dir

    @classmethod
    def open(cls, data_dir: Path, profile: str, clock: Clock | None = None) -> AppContext:
        store = Store.open(ProfilePaths(data_dir, profile))
        return cls(store=store, clock=clock or SystemClock())

    def close(self) -> None:
        self.store.close()
