"""Taper plans in plain words: paces ("the usual monthly pace"), draft names, and the stop-at check said the
way patients say it (the guideline terms, CDC 2022 and a taper "floor", stay in tooltips and the report)."""

from __future__ import annotations

import re

from coach.domain import taper as rules
from coach.domain.errors import CoachError
from coach.services.taper.records import Plan

# Paces in plain words for titles and sentences ("a draft at the usual monthly pace"); the guideline names
# (CDC 2022) are in coach.domain.taper.PACE_LABELS and the tooltips.
PACE_PLAIN: dict[str, str] = {
    rules.CDC_MONTHLY: "the usual monthly pace (about 10% a month)",
    rules.WEEKLY_10: "a weekly pace (about 10% a week, for shorter-term use)",
}


_APP_DRAFT_NAME = re.compile(r"^Draft \(([a-z0-9-]+) pace\)$")


def plan_title(plan: Plan) -> str:
    """A plan's name for people: a draft the app named after its pace key ("Draft (cdc-monthly pace)",
    before plain names) reads "A draft at the usual monthly pace (about 10% a month)"."""
    found = _APP_DRAFT_NAME.match(plan.name)
    if found and found.group(1) in PACE_PLAIN:
        return f"A draft at {PACE_PLAIN[found.group(1)]}"
    return plan.name


def check_stop_at(start_mme: float, stop_at: float) -> None:
    """CoachError in plain words when the dose to stop at (MME a day, 0 = all the way) is not below the
    start: the guideline term is a taper "floor", a word patients do not use."""
    if stop_at > 0 and stop_at >= start_mme:
        raise CoachError(
            f"The lowest dose to stop at ({stop_at:g} MME a day) must be below the dose you take now "
            f"({start_mme:g} MME a day)."
        )
