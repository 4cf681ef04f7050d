"""`coach mme`, `coach taper draft|show|step`, `coach meds add|list`, `coach dose log`: the taper record from a
shell."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click

from coach.cli import CliContext, echo_json, pass_ctx
from coach.domain import mme, opioid_names
from coach.domain import taper as rules
from coach.domain.clock import SystemClock
from coach.domain.errors import CoachError
from coach.domain.timefmt import local_date
from coach.services.context import AppContext
from coach.services.taper.medicines import Medication, MedicationService
from coach.services.taper.overview import overview
from coach.services.taper.plan_names import check_stop_at, plan_title
from coach.services.taper.plans import TaperService

DISCLAIMER = "A coaching tool, not medical advice: dose changes are always agreed with your prescriber."


def _app(obj: CliContext) -> AppContext:
    return AppContext(store=obj.store)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _med_dict(med: Medication) -> dict[str, Any]:
    result = med.mme()
    return {
        "id": med.id,
        "name": med.name,
        "drug": med.drug,
        "is_opioid": med.is_opioid,
        "strength": med.strength,
        "unit": med.unit,
        "doses_per_day": med.doses_per_day,
        "schedule": med.schedule,
        "active": med.active,
        "daily_mme": result.daily_mme if result else None,
        "mme_note": med.mme_note(),
    }


def register(cli: click.Group) -> None:
    @cli.command("mme")
    @click.argument("drug")
    @click.argument("dose", type=float)
    @click.option("--unit", default=None, help="mg, or mcg/h (also mcg/hr, µg/h) for a fentanyl patch.")
    @click.option("--per-day", type=float, default=1.0, show_default=True, help="How many doses a day.")
    @click.option("--table", "table_version", type=click.Choice(list(mme.TABLES)), default=mme.DEFAULT_TABLE)
    @click.option("--json", "as_json", is_flag=True, help="Print drug, factor, daily_mme and table as JSON.")
    def mme_command(
        drug: str, dose: float, unit: str | None, per_day: float, table_version: str, as_json: bool
    ) -> None:
        """Daily morphine milligram equivalents of one opioid (dose x doses per day x factor).

        It estimates total opioid load; it never converts one opioid into another. A brand name (e.g.
        OxyContin) counts as its opioid, and the opioid is named in the answer."""
        note = ""
        if not mme.is_known_opioid(drug, table_version) and opioid_names.guess_drug(drug):
            guessed = opioid_names.guess_drug(drug)
            note = f"{drug.strip()} counted as {guessed}."
            hint = opioid_names.combination_hint(drug)
            note += f" {hint}" if hint else ""
            drug = str(guessed)
        result = mme.daily_mme(drug, dose, per_day, unit, table_version)
        if as_json:
            echo_json(result.to_dict())
            return
        times = f" x {result.per_day:g} a day" if result.unit == mme.MG else " (worn all day)"
        click.echo(
            f"{result.drug}: {result.dose:g} {result.unit}{times} x {result.factor:g} = "
            f"{result.daily_mme:g} MME a day ({mme.get_table(table_version).title})"
        )
        if note:
            click.echo(note)
        if result.caution:
            click.echo(f"Caution: {result.caution}")
        click.echo(mme.NOT_FOR_CONVERSION)

    @cli.group("taper")
    def taper() -> None:
        """Your taper plan: drafts to discuss with your prescriber, and the plan you agreed."""

    @taper.command("draft")
    @click.option("--start-mme", type=float, required=True, help="Your daily MME now.")
    @click.option("--pace", type=click.Choice(list(rules.PACES)), required=True, help="The pace preset.")
    @click.option(
        "--from", "start", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Date of the first step."
    )
    @click.option(
        "--floor",
        type=float,
        default=0.0,
        show_default=True,
        help="The lowest daily MME you and your prescriber agreed to stop at (a taper 'floor'); 0 goes all the way.",
    )
    @click.option(
        "--lowest",
        type=float,
        default=rules.DEFAULT_LOWEST,
        show_default=True,
        help="Lowest practical daily MME: below it the draft suggests talking about stopping instead.",
    )
    @click.option("--save", is_flag=True, help="Keep it as a draft plan to show your prescriber.")
    @click.option("--json", "as_json", is_flag=True, help="Print a JSON list of {date, target_mme}.")
    @pass_ctx
    def draft(
        obj: CliContext,
        start_mme: float,
        pace: str,
        start: datetime | None,
        floor: float,
        lowest: float,
        save: bool,
        as_json: bool,
    ) -> None:
        """A draft schedule from a pace preset: a starting point for a talk with your prescriber."""
        clock = SystemClock()
        first = start.date() if start else local_date(clock.now(), clock.local_zone())
        check_stop_at(start_mme, floor)
        steps = rules.draft_schedule(start_mme, pace, first, floor, lowest)
        if save:
            TaperService(_app(obj)).save_draft(start_mme, pace, first, floor, lowest=lowest)
        if as_json:
            echo_json(
                [
                    {"date": s.date.isoformat(), "target_mme": _number(s.target_mme)}
                    | ({"note": s.note} if s.note else {})
                    for s in steps
                ]
            )
            return
        click.echo(f"Taper {rules.DRAFT_LABEL}")
        click.echo(f"Pace: {rules.PACE_DETAILS[pace]} Start: {start_mme:g} MME a day.")
        for s in steps:
            if s.note:
                click.echo(f"  {s.date.isoformat()}  {s.target_mme:>8g} MME a day  {s.note}")
                continue
            click.echo(
                f"  {s.date.isoformat()}  {s.target_mme:>8g} MME a day  "
                f"(cut {s.cut_percent:g}% of the dose then; {s.percent_of_start:g}% of start)"
            )
        if save:
            click.echo("Saved as a draft plan. Mark it as agreed in the app once your prescriber has set it.")
        click.echo(
            "Your prescriber turns this into doses you can actually take, and may choose another pace."
        )
        click.echo(DISCLAIMER)

    @taper.command("show")
    @click.option("--json", "as_json", is_flag=True)
    @pass_ctx
    def show(obj: CliContext, as_json: bool) -> None:
        """The active plan: steps, pauses, pace warnings, milestones and projected finish."""
        app = _app(obj)
        plan = TaperService(app).active_plan()
        if plan is None:
            if as_json:
                echo_json(None)
            else:
                click.echo("No active taper plan. When your prescriber sets one, enter it in the app.")
            return
        o = overview(app, plan.id)
        data = {
            "plan": plan.name,
            "start_mme": plan.start_mme,
            "start_date": plan.start_date.isoformat(),
            "level_today": o.level_today,
            "steps": [
                {"date": s.date.isoformat(), "target_mme": s.target_mme, "note": s.note} for s in o.steps
            ],
            "pauses": [
                {
                    "start": p.start_date.isoformat(),
                    "end": p.end_date.isoformat() if p.end_date else None,
                    "reason": p.reason,
                }
                for p in o.pauses
            ],
            "warnings": [
                {"date": w.date.isoformat(), "kind": w.kind, "message": w.message} for w in o.warnings
            ],
            "milestones": [{"date": m.reached_on.isoformat(), "label": m.label} for m in o.milestones],
            "projected_finish": o.finish.isoformat() if o.finish else None,
        }
        if as_json:
            echo_json(data)
            return
        click.echo(f"{plan_title(plan)}: from {plan.start_mme:g} MME a day on {plan.start_date.isoformat()}")
        click.echo(
            f"Today: {o.level_today:g} MME a day"
            + (f" (paused: {o.open_pause.reason})" if o.open_pause else "")
        )
        for s in o.steps:
            click.echo(f"  {s.date.isoformat()}  {s.target_mme:g} MME a day  {s.note}".rstrip())
        for w in o.warnings:
            click.echo(f"Note for {w.date.isoformat()}: {w.message}")
        if o.finish:
            click.echo(f"Projected finish: {o.finish.isoformat()}")

    @taper.group("step")
    def step() -> None:
        """Steps of your active plan, as your prescriber set them."""

    @step.command("add")
    @click.option(
        "--on", "day", type=click.DateTime(["%Y-%m-%d"]), required=True, help="Date the step starts."
    )
    @click.option("--mme", "target", type=float, required=True, help="The new daily MME total.")
    @click.option(
        "--prescriber-set-higher",
        is_flag=True,
        help="Confirm your prescriber set this step higher than the one before (needed to record it).",
    )
    @click.option("--note", default="", help="A note, e.g. what your prescriber said.")
    @click.option("--json", "as_json", is_flag=True)
    @pass_ctx
    def step_add(
        obj: CliContext, day: datetime, target: float, prescriber_set_higher: bool, note: str, as_json: bool
    ) -> None:
        """Record a step agreed with your prescriber on the active plan."""
        service = TaperService(_app(obj))
        plan = service.active_plan()
        if plan is None:
            raise CoachError("no active taper plan: enter the plan from your prescriber in the app first")
        added = service.add_step(
            plan.id, day.date(), target, note=note, prescriber_set_higher=prescriber_set_higher
        )
        if as_json:
            echo_json({"id": added.id, "date": added.date.isoformat(), "target_mme": added.target_mme})
            return
        click.echo(f"Step recorded: {added.target_mme:g} MME a day from {added.date.isoformat()}.")
        click.echo(DISCLAIMER)

    @cli.group("meds")
    def meds() -> None:
        """Your medicines, as prescribed."""

    @meds.command("add")
    @click.argument("name")
    @click.option("--drug", default=None, help="For an opioid: its name in the CDC table, e.g. oxycodone.")
    @click.option("--strength", type=float, default=None, help="Amount per dose (mg, or mcg/h for a patch).")
    @click.option("--unit", default=None, help="mg, mcg/h, or any unit for a non-opioid medicine.")
    @click.option("--per-day", type=float, default=None, help="Doses a day.")
    @click.option("--schedule", default="", help="When you take it, in your words.")
    @click.option(
        "--started-on", type=click.DateTime(["%Y-%m-%d"]), default=None, help="The day you started it."
    )
    @click.option(
        "--not-opioid",
        is_flag=True,
        help="Keep it as another medicine even if its name sounds like an opioid.",
    )
    @click.option("--json", "as_json", is_flag=True)
    @pass_ctx
    def meds_add(
        obj: CliContext,
        name: str,
        drug: str | None,
        strength: float | None,
        unit: str | None,
        per_day: float | None,
        schedule: str,
        started_on: datetime | None,
        not_opioid: bool,
        as_json: bool,
    ) -> None:
        """Add a medicine as your prescriber set it. An opioid's name (generic or brand) picks its row in
        the CDC table unless --drug says otherwise."""
        notes: list[str] = []
        if drug is None and not not_opioid:
            drug = opioid_names.guess_drug(name)
            if drug is not None:
                notes.append(
                    f"Counted as {drug} (from the name). Use --drug to choose another, or --not-opioid."
                )
        elif drug is not None:
            notes.append(opioid_names.disagreement(name, mme.normalise_drug(drug)))
        notes.append(opioid_names.combination_hint(name))
        med = MedicationService(_app(obj)).add(
            name,
            drug,
            strength,
            unit,
            per_day,
            schedule,
            started_on=started_on.date().isoformat() if started_on else None,
        )
        if as_json:
            echo_json(_med_dict(med) | {"notes": [n for n in notes if n]})
            return
        result = med.mme()
        extra = f" ({result.daily_mme:g} MME a day)" if result else ""
        click.echo(f"Added {med.describe()}{extra}.")
        for note in [*notes, med.mme_note()]:
            if note:
                click.echo(note)

    @meds.command("list")
    @click.option("--all", "show_all", is_flag=True, help="Include medicines you no longer take.")
    @click.option("--json", "as_json", is_flag=True)
    @pass_ctx
    def meds_list(obj: CliContext, show_all: bool, as_json: bool) -> None:
        """List your medicines with their daily MME."""
        service = MedicationService(_app(obj))
        found = service.all(active_only=not show_all)
        if as_json:
            echo_json([_med_dict(m) for m in found])
            return
        if not found:
            click.echo("No medicines yet. Add one with `coach meds add NAME`.")
            return
        for m in found:
            result = m.mme()
            figure = f"{result.daily_mme:g} MME a day" if result else ("no MME" if m.is_opioid else "")
            state = "" if m.active else " (stopped)"
            click.echo(f"{m.id:>3}  {m.describe()}{state}  {figure}".rstrip())
        click.echo(f"Total as prescribed: {service.scheduled_mme():g} MME a day")

    @cli.group("dose")
    def dose() -> None:
        """Your dose log."""

    @dose.command("log")
    @click.argument("medicine")
    @click.argument("amount", type=float, required=False)
    @click.option("--as-needed", is_flag=True, help="An as-needed dose rather than a scheduled one.")
    @click.option("--at", "at", type=click.DateTime(["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]), default=None)
    @click.option("--json", "as_json", is_flag=True)
    @pass_ctx
    def dose_log(
        obj: CliContext,
        medicine: str,
        amount: float | None,
        as_needed: bool,
        at: datetime | None,
        as_json: bool,
    ) -> None:
        """Log a dose of MEDICINE (name or id) taken now, or --at a local time."""
        app = _app(obj)
        service = MedicationService(app)
        med = service.find(medicine)
        moment = at.replace(tzinfo=app.clock.local_zone()) if at else None
        event = service.log_dose(med.id, amount, "as_needed" if as_needed else "scheduled", moment)
        day = local_date(event.taken_at, app.clock.local_zone())
        if as_json:
            echo_json(
                {
                    "id": event.id,
                    "medicine": event.medication_name,
                    "taken_at": event.taken_at.isoformat(),
                    "amount": event.amount,
                    "unit": event.unit,
                    "kind": event.kind,
                }
            )
            return
        click.echo(f"Logged {event.amount:g} {event.unit} of {event.medication_name}.")
        click.echo(f"Logged so far on {day.isoformat()}: {service.taken_mme_on(day):g} MME")
