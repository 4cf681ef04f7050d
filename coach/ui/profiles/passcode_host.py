"""Which running app (coach.ui.app.CoachApp) owns an open profile, so Settings > Passcode… can ask it to
close the profile, convert it and open it again. Kept tiny: the app registers itself before its first
window."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.services.context import AppContext
    from coach.ui.app import CoachApp

_hosts: weakref.WeakValueDictionary[int, CoachApp] = weakref.WeakValueDictionary()


def register_host(ctx: AppContext, host: CoachApp) -> None:
    """`host` runs the profile of `ctx` (one per context; a later one replaces an earlier one)."""
    _hosts[id(ctx)] = host


def host_for(ctx: AppContext) -> CoachApp | None:
    """The running app of `ctx`, or None (a dialog built without the app, as in some tests)."""
    host = _hosts.get(id(ctx))
    return host if host is not None and host.ctx is ctx else None
