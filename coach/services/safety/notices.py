"""Safety cards for Today and Taper: gathers the person's records into `SafetyFacts`, lets
coach.domain.safety_notices decide, and words each notice from resources/safety/notices.json.

Medicine classes (benzodiazepines, gabapentinoids, sleeping pills, muscle relaxants) are recognised by
generic and brand name from resources/safety/sedatives.json. Both files carry their sources.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from coach.domain import safety_notices as decide
from coach.domain.errors import CoachError
from coach.domain.settings import STRONG_CRAVINGS_ON
from coach.domain.timefmt import local_date
from coach.resources import resource_path
from coach.services import help_lines
from coach.services.context import AppContext
from coach.services.safety.answers import drinks_alcohol
from coach.services.taper.medicines import MedicationService
from coach.services.taper.plans import TaperService

# Doses are read this far back: enough for the 7-day window and the no-dose watch.
_LOOKBACK_DAYS = decide.NO_DOSE_WATCH_DAYS + 1


@dataclass(frozen=True)
class SafetyCard:
    """One card: `kind` (a coach.domain.safety_notices kind), a plain-words title and body, the steps to
    take, an optional helpline line, the clinical term for a tooltip, and the sources."""

    kind: str
    title: str
    body: str
    steps: tuple[str, ...]
    helpline: str
    tooltip: str
    source: str

    def text(self) -> str:
        """Everything the card shows, as one string (for checks and screen readers)."""
        return " ".join((self.title, self.body, *self.steps, self.helpline))


@lru_cache(maxsize=1)
def _content() -> dict[str, Any]:
    return _load("notices.json")


@lru_cache(maxsize=1)
def sedative_classes() -> dict[str, Any]:
    """The medicine classes from sedatives.json: key -> {label, plain, names}."""
    classes: dict[str, Any] = _load("sedatives.json")["classes"]
    return classes


def _load(name: str) -> dict[str, Any]:
    path = resource_path("safety", name)
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CoachError(f"the safety content file {name} cannot be read: {exc}") from None
    return data


def classify(name: str) -> str | None:
    """The sedating class of a medicine named `name` ("Xanax 0.5 mg" -> "benzodiazepine"), or None."""
    return decide.classify_medicine(name, {k: v["names"] for k, v in sedative_classes().items()})


def gather_facts(ctx: AppContext) -> decide.SafetyFacts:
    """Read what the decisions need from the medicine list, dose log, active plan and saved answers."""
    meds_service = MedicationService(ctx)
    taper = TaperService(ctx)
    today = local_date(ctx.clock.now(), ctx.clock.local_zone())
    meds = meds_service.all(active_only=True)
    opioids = [m for m in meds if m.is_opioid]
    sedatives = tuple(
        (m.name, key) for m in meds if not m.is_opioid and (key := classify(m.name)) is not None
    )
    prescribed = meds_service.scheduled_mme()
    plan = taper.active_plan()
    steps = taper.steps(plan.id) if plan is not None else []
    pauses = taper.pauses(plan.id) if plan is not None else []
    highest = max(
        [prescribed, *(p.start_mme for p in taper.plans() if not p.is_draft), *(s.target_mme for s in steps)]
    )
    opioid_ids = {m.id for m in meds_service.all() if m.is_opioid}
    zone = ctx.clock.local_zone()
    doses = tuple(
        decide.LoggedDose(local_date(d.taken_at, zone), d.medication_id, d.kind)
        for d in meds_service.recent_doses(_LOOKBACK_DAYS)
        if d.medication_id in opioid_ids
    )
    return decide.SafetyFacts(
        today=today,
        takes_opioids=bool(opioids) or ctx.store.profile().takes_opioids,
        sedatives=sedatives,
        drinks_alcohol=drinks_alcohol(ctx),
        prescribed_mme=prescribed,
        highest_mme=highest,
        steps=tuple((s.date, s.target_mme) for s in steps if not s.is_draft),
        pauses=tuple((p.start_date, p.end_date) for p in pauses),
        doses=doses,
        doses_per_day={m.id: m.doses_per_day for m in opioids},
        last_opioid_dose=max((d.day for d in doses), default=None),
        strong_cravings_on=_cravings_day(ctx),
        taper_finished_on=None if plan is not None else _finished_on(taper),
    )


def _finished_on(taper: TaperService) -> date | None:
    """The day the newest plan marked finished reached its last step (its start when it has none)."""
    finished = [p for p in taper.plans() if p.status == "finished"]
    if not finished:
        return None
    newest = max(finished, key=lambda p: p.start_date)
    days = [s.date for s in taper.steps(newest.id) if not s.is_draft]
    return max(days, default=newest.start_date)


def _cravings_day(ctx: AppContext) -> date | None:
    text = ctx.store.setting(STRONG_CRAVINGS_ON)
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None  # a damaged value must not hide the other cards


def _names(notice: decide.Notice) -> str:
    classes = sedative_classes()
    parts = [f"{name} (a {classes[key]['plain']})" for name, key in notice.medicines]
    if notice.alcohol or not parts:
        parts.append("alcohol")
    joined = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    return joined[0].upper() + joined[1:]  # it starts a sentence


def _why(notice: decide.Notice, reasons: dict[str, str]) -> str:
    return " ".join(reasons[r].format(days=notice.days) for r in notice.reasons if r in reasons)


def word(notice: decide.Notice, country: str) -> SafetyCard:
    """The card for `notice`, worded from notices.json; the treatment card names `country`'s helpline."""
    text = _content()["notices"][notice.kind]
    fields = {
        "what": _names(notice),
        "mme": f"{notice.mme:g}",
        "why": _why(notice, text.get("reasons", {})),
    }
    body = text["body"].format(**fields)
    body = body[0].upper() + body[1:]
    helpline = ""
    if notice.kind == decide.TREATMENT:
        line = help_lines.treatment_line(country)
        helpline = text["helpline"].format(line=line) if line else text["no_helpline"]
    return SafetyCard(
        kind=notice.kind,
        title=text["title"],
        body=body.strip(),
        steps=tuple(text["steps"]),
        helpline=helpline,
        tooltip=text["tooltip"],
        source=text["source"],
    )


def safety_cards(ctx: AppContext) -> list[SafetyCard]:
    """The safety cards to show today, in the domain's order; [] when there is nothing to say."""
    country = ctx.store.profile().country
    return [word(n, country) for n in decide.safety_notices(gather_facts(ctx))]
