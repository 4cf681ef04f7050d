"""A profile keeps one identity for life: made once, the same after a reopen, different for another profile."""

from __future__ import annotations

import uuid
from pathlib import Path

from coach.services.context import AppContext
from coach.services.profiles.identity import profile_uuid
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store


def test_the_identity_is_made_once_and_survives_reopening(ctx: AppContext, data_dir: Path) -> None:
    first = profile_uuid(ctx)
    assert uuid.UUID(first).version == 4
    assert profile_uuid(ctx) == first
    ctx.store.close()
    reopened = Store.open(ProfilePaths(data_dir))
    try:
        ctx2 = AppContext(store=reopened, clock=ctx.clock)
        assert profile_uuid(ctx2) == first
    finally:
        reopened.close()


def test_two_profiles_have_different_identities(ctx: AppContext, tmp_path: Path) -> None:
    other = Store.open(ProfilePaths(tmp_path / "other"))
    try:
        assert profile_uuid(AppContext(store=other, clock=ctx.clock)) != profile_uuid(ctx)
    finally:
        other.close()
