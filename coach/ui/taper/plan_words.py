"""Words of the Taper plan tab and its dialogs: paces in plain words (the guideline in the tooltip), plan titles, the summary sentences in the tense of their dates, a step's
note without the repeated draft label, and the MME tooltip (the clinical term explained where it is shown)."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from coach.domain import taper as rules
from coach.domain.wording import count, day_text
from coach.services.taper.medicines import Medication
from coach.services.taper.overview import PlanOverview
from coach.services.taper.plan_names import plan_title
from coach.services.taper.records import Step
from coach.services.taper.step_units import level_text, recorded_doses

__all__ = ["MME_TIP", "pace_items", "pace_text", "pace_tips", "plain_note", "plan_title", "summary_text"]

PACE_SHORT = {rules.CDC_MONTHLY: "The usual monthly pace", rules.WEEKLY_10: "A weekly pace"}
MME_TIP = (
    "MME: morphine milligram equivalents, an estimate of your total opioid load (CDC 2022 table). It "
    "is never a way to switch from one medicine to another."
)


def plain_note(note: str) -> str:
    # Each draft step carries the draft label; the banner above already says it once for all of them.
    return note.replace(f" ({rules.DRAFT_LABEL})", "").replace(rules.DRAFT_LABEL, "").strip()


def _doses_words(step: Step, opioids: list[Medication]) -> str:
    meds = {m.id: m for m in opioids}
    return "; ".join(d.text() for d in recorded_doses(step, meds)) or f"{step.target_mme:g} MME a day"


def summary_text(o: PlanOverview, opioids: list[Medication]) -> str:
    """The plan in plain sentences, in the tense of each date (a future date "will", a past one "did")."""
    today = o.today
    start = level_text(o.plan.start_mme, opioids)
    if o.plan.is_draft:
        first = day_text(o.plan.start_date, today)
        tense = "would be" if o.plan.start_date >= today else "was"
        parts = [f"A draft from {start}; its first step {tense} on {first}."]
    else:
        when = day_text(o.plan.start_date, today)
        parts = [
            f"Starts {'on ' if o.plan.start_date > today + timedelta(days=1) else ''}{when} at {start}."
            if o.plan.start_date > today
            else f"Started at {start} on {when}."
        ]
        parts.append(f"Today: {level_text(o.level_today, opioids)}.")
    if o.open_pause is not None:
        reason = f" ({o.open_pause.reason})" if o.open_pause.reason else ""
        since = day_text(o.open_pause.start_date, today)
        parts.append(f"Paused since {since}{reason}: a normal part of tapering.")
    elif o.next_step is not None and not o.plan.is_draft:
        step = o.next_step
        on = day_text(step.date, today)
        on = on if on in ("today", "tomorrow") else f"on {on}"
        parts.append(
            f"Next step, agreed with your prescriber: {on} your daily dose will drop to "
            f"{level_text(step.target_mme, opioids) if not step.doses else _doses_words(step, opioids)}."
        )
    if o.finish is not None:
        verb = "is expected to end" if o.finish >= today else "ended"
        parts.append(f"The taper {verb} on {day_text(o.finish, today)}.")
    return " ".join(parts)


def pace_items() -> list[tuple[str, str]]:
    """Paces in a few plain words ("The usual monthly pace"); the rule and guideline are in the tooltip."""
    return [(PACE_SHORT[key], key) for key in rules.PACE_LABELS]


def pace_tips(box: QComboBox) -> None:
    for index, key in enumerate(rules.PACE_LABELS):
        box.setItemData(
            index, f"{rules.PACE_LABELS[key]}: {rules.PACE_DETAILS[key]}", Qt.ItemDataRole.ToolTipRole
        )


def pace_text(warnings: list[rules.PaceWarning]) -> str:
    """The pace card's text: one warning in full, or how many steps are fast and what to do."""
    if len(warnings) == 1:
        return f"{day_text(warnings[0].date)}: {warnings[0].message}"
    fast = sum(1 for w in warnings if w.kind == "fast")
    lines = (
        [f"{count(fast, 'step')} faster than the guideline pace (marked ⚠; select one for details)."]
        if fast
        else []
    )
    if len(warnings) > fast:
        lines.append("Some steps are higher than the one before; the app keeps them as entered.")
    return " ".join([*lines, rules.FAST_ADVICE if fast else ""]).strip()
