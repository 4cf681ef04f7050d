"""MME taken, day by day: logged doses and patches worn, through the factor tables of coach.domain.mme.

Source: CDC 2022 guideline (Dowell et al., MMWR Recomm Rep 2022;71(RR-3)): MME per day = daily dose x factor,
and a fentanyl patch counts at its rate (mcg/h) x 2.4 on every day it is worn.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from coach.domain.mme import (
    DEFAULT_TABLE,
    MCG_PER_HOUR,
    MG,
    FactorTable,
    NoFactorError,
    get_table,
    is_opioid_unit,
    normalise_drug,
    normalise_unit,
)


@dataclass(frozen=True)
class TakenDose:
    """A logged dose: `amount` in `unit` of `drug` (a table key, or None for a non-opioid) on local `day`."""

    day: date
    drug: str | None
    amount: float
    unit: str


@dataclass(frozen=True)
class WornPatch:
    """A patch on the medicine list: `rate` in mcg/h, worn every day from `first_day` to `last_day`
    (inclusive; None: still worn)."""

    drug: str
    rate: float
    first_day: date
    last_day: date | None = None

    def worn_on(self, day: date) -> bool:
        return self.first_day <= day and (self.last_day is None or day <= self.last_day)


def taken_by_day(
    doses: Iterable[TakenDose],
    patches: Sequence[WornPatch],
    first: date,
    last: date,
    table: str | FactorTable = DEFAULT_TABLE,
) -> dict[date, float]:
    """MME taken on each local day in [first, last]: the day's logged doses of each drug (its daily
    amount times its factor, so a banded table sees the daily dose) plus every patch worn that day at its
    rate (CDC 2022: a patch counts as mcg/h x 2.4 each day it is worn). Days with neither are left out.

    This is the one computation behind the dose log, the Progress chart, the clinician report and the
    coach's progress file. Logged patch changes (mcg/h) add nothing: the patch already counts all day.
    Buprenorphine, non-opioids and drugs outside the table add nothing.
    """
    t = get_table(table)
    per_day: dict[date, dict[str, float]] = {}
    # Years of doses name a handful of (drug, unit) pairs: resolve each pair once.
    counted: dict[tuple[str | None, str], str | None] = {}
    for dose in doses:
        if not first <= dose.day <= last:
            continue
        pair = (dose.drug, dose.unit)
        if pair not in counted:
            counted[pair] = _counted_drug(t, dose.drug, dose.unit)
        drug = counted[pair]
        if drug is None:
            continue
        drugs = per_day.setdefault(dose.day, {})
        drugs[drug] = drugs.get(drug, 0.0) + dose.amount
    out: dict[date, float] = {}
    for day, drugs in per_day.items():
        out[day] = sum(_factor_or_zero(t, drug, total) * total for drug, total in drugs.items())
    for patch in patches:
        entry = t.factors.get(normalise_drug(patch.drug))
        if entry is None or entry.unit != MCG_PER_HOUR or entry.no_factor_reason or patch.rate <= 0:
            continue
        day = max(first, patch.first_day)
        end = last if patch.last_day is None else min(last, patch.last_day)
        while day <= end:
            out[day] = out.get(day, 0.0) + entry.factor_for(patch.rate) * patch.rate
            day += timedelta(days=1)
    return {day: round(value, 2) for day, value in sorted(out.items())}


def _counted_drug(table: FactorTable, drug: str | None, unit: str) -> str | None:
    """The table key a logged dose counts under, or None when it adds no MME (see taken_by_day)."""
    if not drug or not is_opioid_unit(unit) or normalise_unit(unit) != MG:
        return None
    entry = table.factors.get(normalise_drug(drug))
    if entry is None or entry.no_factor_reason or entry.unit != MG:
        return None
    return entry.drug


def _factor_or_zero(table: FactorTable, drug: str, daily: float) -> float:
    try:
        return table.factors[drug].factor_for(daily)
    except NoFactorError:  # buprenorphine, or past a banded table's last band
        return 0.0
