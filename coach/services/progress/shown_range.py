"""The range the Progress page shows (4 weeks, 3 months, 1 year or everything), remembered between runs
per profile, so the page opens, and the clinician report starts, on the range the person chose last."""

from __future__ import annotations

from coach.domain.settings import PROGRESS_RANGE
from coach.services.context import AppContext
from coach.services.progress.dashboard import DEFAULT_RANGE, RANGE_OPTIONS


def shown_range(ctx: AppContext) -> str:
    """The range key last chosen ("4w", "3m", "1y" or "all"); DEFAULT_RANGE before any choice, or when
    the stored one is no longer offered."""
    key = ctx.store.setting(PROGRESS_RANGE)
    return key if any(key == option for option, _label, _days in RANGE_OPTIONS) else DEFAULT_RANGE


def remember_range(ctx: AppContext, key: str) -> None:
    """Keep `key` (a RANGE_OPTIONS key) as the range to show next time. App state, not a preference: no
    change is published (the page that chose it already shows it). Raises SettingError for an unknown key."""
    if ctx.store.setting(PROGRESS_RANGE) != key:
        ctx.store.set_setting(PROGRESS_RANGE, key)
