"""A taper step in the medicine's own units ("36 mg a day of OxyContin") with its MME beside it.

Never a conversion between opioids: a step recorded with new daily doses shows each medicine's own amount;
a step recorded only as an MME total (a draft, or a level typed as MME) is shown in a medicine's units only
when the person takes exactly one opioid whose MME factor is one fixed number (not methadone's dose bands),
and only when that amount gives back exactly the step's MME with the same arithmetic as the medicine list
(coach/domain/mme.py `daily_mme`). Otherwise the step stays in MME.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from coach.domain import mme
from coach.domain.errors import CoachError
from coach.services.taper.plans import TaperService
from coach.services.taper.records import Step
from coach.storage.medicines_repo import Medication

_SAME_MME = 0.011  # MME figures are rounded to 0.01; two roundings may differ by one hundredth


@dataclass(frozen=True)
class StepDose:
    """One medicine's part of a step: `amount` a day in `unit` (a patch: its rate in mcg/h), and its daily
    MME (None when the medicine has no MME factor)."""

    name: str
    amount: float
    unit: str
    daily_mme: float | None

    def amount_text(self) -> str:
        """ "36 mg a day", "25 mcg/h" (a patch is a rate, worn all day)."""
        figure = f"{round(self.amount, 2):g}"
        return f"{figure} {self.unit}" if self.unit == mme.MCG_PER_HOUR else f"{figure} {self.unit} a day"

    def text(self) -> str:
        """ "36 mg a day of OxyContin (54 MME)"."""
        mme_part = f" ({self.daily_mme:g} MME)" if self.daily_mme is not None else ""
        return f"{self.amount_text()} of {self.name}{mme_part}"


def _dose_mme(med: Medication, amount: float) -> float | None:
    if not med.is_opioid or not med.drug or amount <= 0:
        return 0.0 if amount == 0 and med.is_opioid else None
    try:
        return mme.daily_mme(med.drug, amount, 1.0, med.unit).daily_mme
    except CoachError:
        return None


def recorded_doses(step: Step, meds: Mapping[int, Medication]) -> list[StepDose]:
    """The step's own dose record, each medicine in its unit with its MME; [] when none was recorded."""
    out = []
    for med_id, amount in step.doses.items():
        med = meds.get(med_id)
        if med is None:
            out.append(StepDose(f"medicine #{med_id}", amount, "", None))
        else:
            out.append(StepDose(med.name, amount, med.unit, _dose_mme(med, amount)))
    return out


def level_in_units(target_mme: float, opioids: Sequence[Medication]) -> StepDose | None:
    """`target_mme` (MME a day) as a daily amount of the one opioid taken, or None when that would mean
    choosing between medicines, a dose-banded factor, or an amount that does not give back the same MME."""
    usable = [m for m in opioids if m.is_opioid and m.drug and m.active]
    if len(usable) != 1:
        return None
    med = usable[0]
    assert med.drug is not None
    try:
        entry = mme.lookup(med.drug)
    except CoachError:
        return None
    if entry.factor is None or entry.no_factor_reason or entry.unit != med.unit:
        return None
    if target_mme <= 0:
        return StepDose(med.name, 0.0, med.unit, 0.0)
    amount = round(target_mme / entry.factor, 2)
    back = _dose_mme(med, amount)
    if back is None or abs(back - target_mme) > _SAME_MME:
        return None
    return StepDose(med.name, amount, med.unit, round(target_mme, 2))


def step_doses(step: Step, meds: Mapping[int, Medication]) -> list[StepDose]:
    """How to show `step`: its recorded doses, else its MME level as the one opioid's amount, else []."""
    recorded = recorded_doses(step, meds)
    if recorded:
        return recorded
    one = level_in_units(step.target_mme, list(meds.values()))
    return [one] if one is not None else []


def level_text(target_mme: float, opioids: Sequence[Medication]) -> str:
    """A daily level for people: "36 mg a day of OxyContin (54 MME)", or "54 MME a day"."""
    one = level_in_units(target_mme, opioids)
    return one.text() if one is not None else f"{target_mme:g} MME a day"


READING_STEP_MG = 0.5  # mg: a draft's amounts are shown to this, rounded down, never up
DRAFT_DOSE_NOTE = (
    f"Amounts are rounded down to {READING_STEP_MG:g} mg for reading; your prescriber chooses the tablet "
    "strengths."
)


def draft_amount_text(dose: StepDose) -> str:
    """A draft step's amount for reading, as the draft's preview shows it: mg rounded DOWN to
    READING_STEP_MG ("about 5 mg a day" for 5.4 mg; never above the computed dose), else as computed."""
    import math

    if dose.unit != "mg" or dose.amount <= 0:
        return dose.amount_text()
    down = math.floor(dose.amount / READING_STEP_MG + 1e-9) * READING_STEP_MG
    if down <= 0 or abs(down - dose.amount) < 1e-9:
        return dose.amount_text()
    return f"about {down:g} mg a day"


def draft_level_text(target_mme: float, opioids: Sequence[Medication]) -> str:
    """A draft step for reading: the one opioid's daily amount rounded DOWN to READING_STEP_MG mg (never
    above the computed dose: the app never suggests a higher one), "about" when rounded, with the MME of
    that rounded amount beside it: "about 10.5 mg a day of OxyContin (15.75 MME)". Else as `level_text`."""
    import math

    one = level_in_units(target_mme, opioids)
    if one is None or one.unit != "mg" or one.amount <= 0:
        return level_text(target_mme, opioids)
    down = math.floor(one.amount / READING_STEP_MG + 1e-9) * READING_STEP_MG
    if down <= 0 or abs(down - one.amount) < 1e-9:
        return one.text()  # nothing to round, or rounding would show no dose at all
    usable = [m for m in opioids if m.is_opioid and m.drug and m.active]
    back = _dose_mme(usable[0], down)
    mme_part = f" ({round(back, 2):g} MME)" if back is not None else ""
    return f"about {down:g} mg a day of {one.name}{mme_part}"


def step_text(step: Step, meds: Mapping[int, Medication]) -> str:
    """A step for people: each medicine's amount with its MME, or its MME total when it has no units."""
    doses = step_doses(step, meds)
    if not doses:
        return f"{step.target_mme:g} MME a day"
    return "; ".join(d.text() for d in doses)


def starting_doses(
    service: TaperService, plan_id: int, day: date, opioids: Sequence[Medication]
) -> dict[int, float] | None:
    """The doses a new step's form starts from (medicine id -> amount a day): the latest step's dose record,
    else the doses as prescribed when they are not above the level agreed before `day`; None (start on the
    MME total) otherwise. Never above the latest step."""
    before = service.level_before(plan_id, day)
    earlier = [s for s in service.steps(plan_id) if s.date < day]
    if earlier and earlier[-1].doses:
        return dict(earlier[-1].doses)
    prescribed = {m.id: (m.strength or 0.0) * (m.doses_per_day or 1.0) for m in opioids}
    try:
        total, _ = service.mme_from_doses(prescribed)
    except CoachError:
        return None
    return prescribed if total <= before + 0.01 else None


def doses_text(target_mme: float, doses: Mapping[int, float], meds: Mapping[int, Medication]) -> str:
    """A step being entered, for people: "36 mg a day of OxyContin (54 MME)" from its new daily doses
    (medicine id -> amount a day), else its MME total in the one opioid's units, else "54 MME a day"."""
    parts = [
        f"{StepDose(meds[i].name, amount, meds[i].unit, None).amount_text()} of {meds[i].name}"
        for i, amount in doses.items()
        if i in meds
    ]
    if parts:
        return f"{'; '.join(parts)} ({target_mme:g} MME)"
    return level_text(target_mme, list(meds.values()))
