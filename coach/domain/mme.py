"""Morphine milligram equivalents (MME): the daily-total arithmetic, one place to import MME from.

MME estimates a person's total opioid load so a taper can be followed on one scale. It is deliberately
*not* a way to switch from one opioid to another (CDC 2022 says so in the table's own notes), so this
module has no function that turns MME, or one drug's dose, into a dose of another drug.

Sources: CDC 2022 guideline (Dowell et al., MMWR Recomm Rep 2022;71(RR-3)) for the factors and
"MME per day = dose x doses per day x factor", with a fentanyl patch counted at its rate every day it is
worn; CDC 2016 for the historical table. Plausibility bounds (PLAUSIBLE) and the name guesses (coach.domain
.opioid_names) are the app's own guards against typing slips, each with its reason. The factor tables live
in coach.domain.mme_tables and the bounds in coach.domain.dose_plausibility; both are re-exported here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from coach.domain.dose_plausibility import (
    PLAUSIBLE,
    PLAUSIBLE_MME_PER_DAY,
    Bound,
    ImplausibleDoseError,
    check_plausible,
)
from coach.domain.errors import CoachError
from coach.domain.limits import MAX_AMOUNT, MAX_DOSES_PER_DAY, bounded_positive
from coach.domain.mme_tables import (
    BUPRENORPHINE_REASON,
    CDC_2016,
    CDC_2022,
    DEFAULT_TABLE,
    MCG_PER_HOUR,
    MG,
    TABLES,
    UNIT_CHOICES,
    DoseBand,
    FactorTable,
    NoFactorError,
    OpioidFactor,
    UnknownDrugError,
    get_table,
    is_known_opioid,
    is_opioid_unit,
    lookup,
    normalise_drug,
    normalise_unit,
)

__all__ = [
    "BUPRENORPHINE_REASON",
    "CDC_2016",
    "CDC_2022",
    "DEFAULT_TABLE",
    "MCG_PER_HOUR",
    "MG",
    "NOT_FOR_CONVERSION",
    "PLAUSIBLE",
    "PLAUSIBLE_MME_PER_DAY",
    "TABLES",
    "UNIT_CHOICES",
    "Bound",
    "DoseBand",
    "FactorTable",
    "ImplausibleDoseError",
    "MmeResult",
    "NoFactorError",
    "OpioidFactor",
    "UnknownDrugError",
    "check_plausible",
    "daily_mme",
    "daily_total",
    "get_table",
    "is_known_opioid",
    "is_opioid_unit",
    "lookup",
    "normalise_drug",
    "normalise_unit",
]

NOT_FOR_CONVERSION = (
    "MME estimates your total opioid load. It is not a way to switch from one opioid to another: "
    "that is only ever worked out by your prescriber."
)


@dataclass(frozen=True)
class MmeResult:
    drug: str
    dose: float
    per_day: float
    unit: str
    factor: float
    daily_mme: float
    table: str
    caution: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "drug": self.drug,
            "dose": self.dose,
            "unit": self.unit,
            "per_day": self.per_day,
            "factor": self.factor,
            "daily_mme": self.daily_mme,
            "table": self.table,
            "caution": self.caution,
        }


def _positive(value: float, what: str) -> float:
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise CoachError(f"{what} must be a number above 0, got {value!r}")
    # Far above any real dose; bounded so a typo can never produce an infinite or absurd total.
    return bounded_positive(number, what, MAX_DOSES_PER_DAY if what == "doses per day" else MAX_AMOUNT)


def daily_mme(
    drug: str,
    dose: float,
    per_day: float = 1.0,
    unit: str | None = None,
    table: str | FactorTable = DEFAULT_TABLE,
) -> MmeResult:
    """MME per day = dose x doses per day x factor.

    For a fentanyl patch, `dose` is the rate in mcg/h of everything worn at once and `per_day` must stay 1:
    a patch delivers its rate all day, so counting patch changes per day would be wrong.
    Raises UnknownDrugError, NoFactorError (buprenorphine), ImplausibleDoseError (past PLAUSIBLE) or
    CoachError (a wrong unit, a number not above 0).
    """
    t = get_table(table)
    entry = lookup(drug, t)
    if entry.no_factor_reason:
        raise NoFactorError(entry.no_factor_reason)
    given_unit = normalise_unit(unit) if unit else entry.unit
    if given_unit != entry.unit:
        if entry.unit == MCG_PER_HOUR:
            raise CoachError(
                f"{entry.label} is measured in mcg/h (the rate printed on the patch), not {unit}"
            )
        raise CoachError(f"{entry.label} is measured in mg, not {unit}")
    # The drug's own plausibility bound (with its reason) speaks before the generic ceiling below.
    amount = bounded_positive(dose, "the dose", math.inf)
    times = _positive(per_day, "doses per day")
    if entry.unit == MCG_PER_HOUR and times != 1:
        raise CoachError(
            "for a fentanyl patch, enter the total mcg/h of the patches worn together "
            "and leave doses per day at 1"
        )
    if times > 24:
        raise CoachError(f"doses per day must be at most 24, got {per_day!r}")
    daily_dose = amount * times
    check_plausible(entry.drug, amount if entry.unit == MG else None, daily_dose)
    amount = _positive(amount, "the dose")
    daily_dose = amount * times
    factor = entry.factor_for(daily_dose)
    return MmeResult(
        drug=entry.drug,
        dose=amount,
        per_day=times,
        unit=entry.unit,
        factor=factor,
        daily_mme=round(daily_dose * factor, 2),
        table=t.version,
        caution=entry.caution,
    )


def daily_total(results: list[MmeResult]) -> float:
    """Total MME a day over several opioids taken together (each computed with `daily_mme`)."""
    return round(sum(r.daily_mme for r in results), 2)
