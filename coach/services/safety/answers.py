"""The safety answers the app remembers: alcohol with opioids and strong cravings (from check-ins), and the
check before pain reprocessing. Each is app state (coach.domain.settings), saved here and never by a view.

Alcohol and cravings publish Topic.CHECKINS, so Today and Taper redraw their safety cards at once.
"""

from __future__ import annotations

from coach.domain.settings import ALCOHOL_ANSWER, REPROCESSING_CHECK, STRONG_CRAVINGS_ON
from coach.domain.timefmt import local_date
from coach.services.changes import Topic
from coach.services.context import AppContext

CHECK_CLEAR = "clear"  # a clinician has examined this pain and no red flag applies
CHECK_NOT_EXAMINED = "not_examined"  # no red flag, not examined yet: advised to have it checked, may go on
CHECK_RED_FLAG = "red_flag"  # see a clinician first; pain reprocessing stays closed until asked again


def record_alcohol(ctx: AppContext, drinks: bool | None) -> None:
    """Save the weekly check-in's optional alcohol answer: True yes, False no, None skipped (kept as it was)."""
    if drinks is None:
        return
    ctx.store.set_setting(ALCOHOL_ANSWER, "yes" if drinks else "no")
    ctx.bus.publish(Topic.CHECKINS)


def drinks_alcohol(ctx: AppContext) -> bool:
    """True when the latest answer to the alcohol question was yes."""
    return ctx.store.setting(ALCOHOL_ANSWER) == "yes"


def record_cravings(ctx: AppContext, strong: bool | None) -> None:
    """Save the withdrawal check-in's optional cravings answer: strong marks today (local), not strong
    clears the mark, None (skipped) keeps it."""
    if strong is None:
        return
    today = local_date(ctx.clock.now(), ctx.clock.local_zone())
    ctx.store.set_setting(STRONG_CRAVINGS_ON, today.isoformat() if strong else "")
    ctx.bus.publish(Topic.CHECKINS)


def reprocessing_check(ctx: AppContext) -> str:
    """'' when the check before pain reprocessing was never answered, else one of the CHECK_ answers."""
    return ctx.store.setting(REPROCESSING_CHECK)


def reprocessing_open(answer: str) -> bool:
    """Whether pain reprocessing may open after `answer` (a red flag keeps it closed; mindfulness never is)."""
    return answer in (CHECK_CLEAR, CHECK_NOT_EXAMINED)


def record_reprocessing_check(ctx: AppContext, examined: bool, red_flags: bool) -> str:
    """Remember the check before pain reprocessing and return the saved answer: CHECK_RED_FLAG for any red
    flag, else CHECK_CLEAR when a clinician has examined this pain, else CHECK_NOT_EXAMINED. App state no
    other view shows, so nothing is published."""
    answer = CHECK_RED_FLAG if red_flags else CHECK_CLEAR if examined else CHECK_NOT_EXAMINED
    ctx.store.set_setting(REPROCESSING_CHECK, answer)
    return answer
