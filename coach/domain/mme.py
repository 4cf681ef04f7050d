"""Morphine milligram equivalents (MME): versioned CDC factor tables and the daily-total arithmetic.

MME estimates a person's total opioid load so a taper can be followed on one scale. It is deliberately
*not* a way to switch from one opioid to another (CDC 2022 says so in the table's own notes), so this
module has no function that turns MME, or one drug's dose, into a dose of another drug.

Sources: CDC 2022 guideline (Dowell et al., MMWR Recomm Rep 2022;71(RR-3)) for the factors and
"MME per day = dose x doses per day x factor", with a fentanyl patch counted at its rate every day it is
worn; CDC 2016 for the historical table. Plausibility bounds (PLAUSIBLE) and the name guesses (coach.domain
.opioid_names) are the app's own guards against typing slips, each with its reason.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from coach.domain.errors import CoachError
from coach.domain.limits import MAX_AMOUNT, MAX_DOSES_PER_DAY, bounded_positive

MG = "mg"
MCG_PER_HOUR = "mcg/h"

DEFAULT_TABLE = "cdc-2022"

NOT_FOR_CONVERSION = (
    "MME estimates your total opioid load. It is not a way to switch from one opioid to another: "
    "that is only ever worked out by your prescriber."
)

_METHADONE_CAUTION = (
    "Methadone stays in the body a long, unpredictable time, and its effect on breathing can outlast "
    "its pain relief. Treat this figure as a rough guide, and keep every methadone change with your "
    "prescriber."
)
_FENTANYL_CAUTION = (
    "Fentanyl patches are measured in micrograms per hour, and heat (a fever, a hot bath, a heating pad) "
    "can make the skin absorb more. Treat this figure as a rough guide."
)
_DUAL_ACTION_NOTE = (
    "This medicine also acts on other brain chemicals, so its MME is a rougher estimate than for most "
    "opioids."
)
BUPRENORPHINE_REASON = (
    "Buprenorphine has no MME factor: it only partly switches on the opioid receptor and has a ceiling "
    "effect, so the CDC leaves it out of MME totals. Your prescriber can tell you what your dose means."
)


class UnknownDrugError(CoachError):
    """The drug is not in the chosen factor table."""


class NoFactorError(CoachError):
    """The drug is known but deliberately has no MME factor (buprenorphine)."""


@dataclass(frozen=True)
class DoseBand:
    """A factor that applies while the *daily* dose is at most `up_to` (CDC 2016 methadone)."""

    up_to: float
    factor: float


@dataclass(frozen=True)
class OpioidFactor:
    drug: str
    label: str
    unit: str
    factor: float | None = None
    bands: tuple[DoseBand, ...] = ()
    caution: str = ""
    no_factor_reason: str = ""

    def factor_for(self, daily_dose: float) -> float:
        if self.no_factor_reason:
            raise NoFactorError(self.no_factor_reason)
        if self.factor is not None:
            return self.factor
        for band in self.bands:
            if daily_dose <= band.up_to:
                return band.factor
        top = self.bands[-1].up_to if self.bands else 0
        raise NoFactorError(
            f"the table gives no {self.drug} factor above {top:g} {self.unit} a day; "
            "ask your prescriber what this dose means"
        )


@dataclass(frozen=True)
class FactorTable:
    version: str
    title: str
    source: str
    factors: dict[str, OpioidFactor] = field(default_factory=dict)

    def drugs(self) -> list[str]:
        """Drugs this table gives a factor for (buprenorphine, which has none, is left out)."""
        return [key for key, f in self.factors.items() if not f.no_factor_reason]


_BUPRENORPHINE = OpioidFactor("buprenorphine", "Buprenorphine", MG, no_factor_reason=BUPRENORPHINE_REASON)

CDC_2022 = FactorTable(
    version="cdc-2022",
    title="CDC 2022 clinical practice guideline",
    source=(
        "Dowell D, Ragan KR, Jones CM, Baldwin GT, Chou R. CDC Clinical Practice Guideline for Prescribing "
        "Opioids for Pain - United States, 2022. MMWR Recomm Rep 2022;71(No. RR-3):1-95, Table "
        "(morphine milligram equivalent doses for commonly prescribed opioids for pain management)."
    ),
    factors={
        "codeine": OpioidFactor("codeine", "Codeine", MG, 0.15),
        "fentanyl": OpioidFactor(
            "fentanyl", "Fentanyl skin patch (transdermal)", MCG_PER_HOUR, 2.4, caution=_FENTANYL_CAUTION
        ),
        "hydrocodone": OpioidFactor("hydrocodone", "Hydrocodone", MG, 1.0),
        "hydromorphone": OpioidFactor("hydromorphone", "Hydromorphone", MG, 5.0),
        "methadone": OpioidFactor("methadone", "Methadone", MG, 4.7, caution=_METHADONE_CAUTION),
        "morphine": OpioidFactor("morphine", "Morphine", MG, 1.0),
        "oxycodone": OpioidFactor("oxycodone", "Oxycodone", MG, 1.5),
        "oxymorphone": OpioidFactor("oxymorphone", "Oxymorphone", MG, 3.0),
        "tapentadol": OpioidFactor("tapentadol", "Tapentadol", MG, 0.4, caution=_DUAL_ACTION_NOTE),
        "tramadol": OpioidFactor("tramadol", "Tramadol", MG, 0.2, caution=_DUAL_ACTION_NOTE),
        "buprenorphine": _BUPRENORPHINE,
    },
)

# Kept so records made under the 2016 guideline can be read as they were computed then. The 2016
# pocket-guide table listed eight opioids (no tapentadol or tramadol) and banded methadone by daily dose.
CDC_2016 = FactorTable(
    version="cdc-2016",
    title="CDC 2016 guideline (historical)",
    source=(
        "Dowell D, Haegerich TM, Chou R. CDC Guideline for Prescribing Opioids for Chronic Pain - United "
        "States, 2016. MMWR Recomm Rep 2016;65(No. RR-1):1-49; pocket guide 'Calculating total daily dose "
        "of opioids for safer dosage'."
    ),
    factors={
        "codeine": OpioidFactor("codeine", "Codeine", MG, 0.15),
        "fentanyl": OpioidFactor(
            "fentanyl", "Fentanyl skin patch (transdermal)", MCG_PER_HOUR, 2.4, caution=_FENTANYL_CAUTION
        ),
        "hydrocodone": OpioidFactor("hydrocodone", "Hydrocodone", MG, 1.0),
        "hydromorphone": OpioidFactor("hydromorphone", "Hydromorphone", MG, 4.0),
        "methadone": OpioidFactor(
            "methadone",
            "Methadone",
            MG,
            bands=(DoseBand(20, 4.0), DoseBand(40, 8.0), DoseBand(60, 10.0), DoseBand(80, 12.0)),
            caution=_METHADONE_CAUTION,
        ),
        "morphine": OpioidFactor("morphine", "Morphine", MG, 1.0),
        "oxycodone": OpioidFactor("oxycodone", "Oxycodone", MG, 1.5),
        "oxymorphone": OpioidFactor("oxymorphone", "Oxymorphone", MG, 3.0),
        "buprenorphine": _BUPRENORPHINE,
    },
)

TABLES: dict[str, FactorTable] = {t.version: t for t in (CDC_2022, CDC_2016)}

_ALIASES: dict[str, str] = {
    "fentanyl-patch": "fentanyl",
    "fentanyl-transdermal": "fentanyl",
    "transdermal-fentanyl": "fentanyl",
    "buprenorphine-naloxone": "buprenorphine",
}
_UNIT_ALIASES: dict[str, str] = {
    "mg": MG,
    "mcg/h": MCG_PER_HOUR,
    "mcg/hr": MCG_PER_HOUR,
    "mcg/hour": MCG_PER_HOUR,
    "µg/h": MCG_PER_HOUR,  # micro sign (U+00B5)
    "μg/h": MCG_PER_HOUR,  # Greek mu (U+03BC): what many keyboards type
    "µg/hr": MCG_PER_HOUR,
    "μg/hr": MCG_PER_HOUR,
    "ug/h": MCG_PER_HOUR,
    "ug/hr": MCG_PER_HOUR,
}
UNIT_CHOICES: tuple[str, ...] = ("mg", "mcg/h", "mcg/hr", "µg/h")


# --- plausibility bounds ----------------------------------------------------------------------------
# A bound is a typing-slip guard, not a dosing limit: it sits far past anything a prescription could be, so
# a real dose is never refused, while "1e9" or mcg typed as mg is.
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


def get_table(version: str | FactorTable = DEFAULT_TABLE) -> FactorTable:
    if isinstance(version, FactorTable):
        return version
    try:
        return TABLES[version]
    except KeyError:
        known = ", ".join(TABLES)
        raise CoachError(f"no MME table called {version!r} (known: {known})") from None


def normalise_drug(name: str) -> str:
    key = re.sub(r"[\s_]+", "-", name.strip().lower())
    return _ALIASES.get(key, key)


def normalise_unit(unit: str) -> str:
    key = unit.strip().lower().replace(" ", "")
    try:
        return _UNIT_ALIASES[key]
    except KeyError:
        raise CoachError(
            f"unknown unit {unit!r}: use mg, or mcg/h (also mcg/hr or µg/h) for a fentanyl patch"
        ) from None


def is_opioid_unit(unit: str) -> bool:
    """True when `unit` is one the MME table knows (mg, or a patch rate in any accepted spelling)."""
    return unit.strip().lower().replace(" ", "") in _UNIT_ALIASES


def lookup(drug: str, version: str | FactorTable = DEFAULT_TABLE) -> OpioidFactor:
    """The table entry for `drug`; buprenorphine is found (it has a reason instead of a factor)."""
    t = get_table(version)
    entry = t.factors.get(normalise_drug(drug))
    if entry is None:
        raise UnknownDrugError(
            f"no MME factor for {drug.strip()!r} in the {t.version} table (it covers: {', '.join(t.drugs())})"
        )
    return entry


def is_known_opioid(drug: str, version: str | FactorTable = DEFAULT_TABLE) -> bool:
    """True for every drug in the table, buprenorphine included."""
    return normalise_drug(drug) in get_table(version).factors


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
