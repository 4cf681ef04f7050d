"""The safety answers the app remembers: alcohol with opioids and strong cravings (from check-ins), and the
check before pain reprocessing (with which exercises and programs it guards). Each is app state
(coach.domain.settings), saved here and never by a view.

Alcohol and cravings publish Topic.CHECKINS, so Today and Taper redraw their safety cards at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from coach.domain.errors import CoachError
from coach.domain.programs import Program
from coach.domain.settings import ALCOHOL_ANSWER, REPROCESSING_CHECK, STRONG_CRAVINGS_ON
from coach.domain.timefmt import local_date
from coach.services.changes import Topic
from coach.services.context import AppContext

CHECK_CLEAR = "clear"  # a clinician has examined this pain and no red flag applies
CHECK_NOT_EXAMINED = "not_examined"  # no red flag, not examined yet: advised to have it checked, may go on
CHECK_RED_FLAG = "red_flag"  # see a clinician first; pain reprocessing stays closed until asked again
CHECKED_KINDS = frozenset({"somatic tracking", "pain reprocessing"})
# The 3-minute flare practice behind "Pain is spiking" opens at once: questions would stand between a person
# and help at the worst moment, and its words tie safety to a clinician's check already.
UNCHECKED_IDS = frozenset({"flare-tracking-3"})


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


def needs_check(category: str, exercise_id: str) -> bool:
    """Whether an exercise of `category` is one the check guards (somatic tracking or pain reprocessing,
    not the flare practice)."""
    return category in CHECKED_KINDS and exercise_id not in UNCHECKED_IDS


def program_needs_check(ctx: AppContext, program: Program, bundled: Iterable[Mapping[str, Any]] = ()) -> bool:
    """Whether following `program` must ask the check first: it holds a guarded exercise and the check is
    unanswered or ended on a red flag. `bundled` are exercise definitions arriving with the program (a
    coach's file), read before the profile's library; an id found in neither is not guarded here (the
    practice page asks when it opens)."""
    if reprocessing_open(reprocessing_check(ctx)):
        return False
    from coach.services.practice.library import ExerciseLibrary  # the library loads content files

    arriving = {str(d.get("id")): str(d.get("category", "")) for d in bundled}
    library = ExerciseLibrary(ctx.store)
    for exercise_id in program.exercise_ids():
        category = arriving.get(exercise_id)
        if category is None:
            try:
                category = library.get(exercise_id).category
            except CoachError:
                continue
        if needs_check(category, exercise_id):
            return True
    return False
