"""Plausibility bounds for opioid doses: a guard against typing slips ("1e9", mcg typed as mg), not a dosing
limit. Each bound sits far past anything a prescription could be, so a real dose is never refused, and each
carries its reason (CDC 2022 factors; FDA prescribing information for the labelled daily maxima)."""

from __future__ import annotations

from dataclasses import dataclass

from coach.domain.errors import CoachError
from coach.domain.mme_tables import CDC_2022, MCG_PER_HOUR, MG, normalise_drug

PLAUSIBLE_MME_PER_DAY = 5000.0  # the taper record's own ceiling (coach.domain.taper.MAX_START_MME)


class ImplausibleDoseError(CoachError):
    """A dose or daily total past what any prescription could be (see PLAUSIBLE for each drug's reason)."""


@dataclass(frozen=True)
class Bound:
    """The most one dose (`max_dose`) and one day (`max_daily`) can plausibly hold, in the drug's unit."""

    max_dose: float
    max_daily: float
    reason: str


def _no_ceiling(drug: str, factor: float, unit: str) -> Bound:
    top = round(PLAUSIBLE_MME_PER_DAY / factor)
    return Bound(
        top,
        top,
        f"more would be over {PLAUSIBLE_MME_PER_DAY:g} MME a day, past any prescription this app can follow",
    )


def _labelled(drug: str, dose: float, daily: float, label_daily: float) -> Bound:
    return Bound(
        dose,
        daily,
        f"{drug} labels stop at {label_daily:g} mg a day (FDA prescribing information); "
        f"{daily:g} mg is twice that, past any prescription",
    )


# Sources: CDC 2022 factors for the no-ceiling opioids; FDA prescribing information for the labelled daily
# maxima of codeine (360 mg), tramadol (400 mg) and tapentadol (600 mg after the first day), whose
# ceilings come from their side effects; buprenorphine sublingual labels go to 24 mg a day (32 mg in some
# countries).
PLAUSIBLE: dict[str, Bound] = {
    "codeine": _labelled("codeine", 240, 720, 360),
    "tramadol": _labelled("tramadol", 400, 800, 400),
    "tapentadol": _labelled("tapentadol", 500, 1200, 600),
    "buprenorphine": Bound(
        64,
        64,
        "buprenorphine stays at or under 32 mg a day even at the highest labelled doses; 64 mg is "
        "twice that, past any prescription",
    ),
    **{
        d: _no_ceiling(d, f, u)
        for d, f, u in (
            ("fentanyl", 2.4, MCG_PER_HOUR),
            ("hydrocodone", 1.0, MG),
            ("hydromorphone", 5.0, MG),
            ("methadone", 4.7, MG),
            ("morphine", 1.0, MG),
            ("oxycodone", 1.5, MG),
            ("oxymorphone", 3.0, MG),
        )
    },
}


def check_plausible(drug: str, dose: float | None = None, daily: float | None = None) -> None:
    """Refuse a single `dose` or a `daily` total (both in the drug's unit) past PLAUSIBLE[drug].

    Raises ImplausibleDoseError with a one-line message naming the number, the bound and its reason.
    Drugs outside the table pass (they have no MME to get wrong).
    """
    key = normalise_drug(drug)
    bound = PLAUSIBLE.get(key)
    if bound is None:
        return
    unit = CDC_2022.factors[key].unit
    if dose is not None and dose > bound.max_dose:
        raise ImplausibleDoseError(
            f"{dose:g} {unit} of {key} in one dose is past what any prescription could be (at most "
            f"{bound.max_dose:g} {unit}: {bound.reason}). Check the number and the unit"
        )
    if daily is not None and daily > bound.max_daily:
        raise ImplausibleDoseError(
            f"{daily:g} {unit} of {key} a day is past what any prescription could be (at most "
            f"{bound.max_daily:g} {unit}: {bound.reason}). Check the number and the unit"
        )
