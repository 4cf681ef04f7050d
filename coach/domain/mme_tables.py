"""The MME factor tables: the CDC 2022 table (and the 2016 one, for records computed under it), with each
opioid's unit, factor and caution, and the look-ups by drug name and unit spelling.

Sources: CDC 2022 guideline (Dowell et al., MMWR Recomm Rep 2022;71(RR-3)) for the factors; CDC 2016 for the
historical table. No entry, and no function here, turns one drug's dose into a dose of another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coach.domain.errors import CoachError

MG = "mg"
MCG_PER_HOUR = "mcg/h"

DEFAULT_TABLE = "cdc-2022"

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
