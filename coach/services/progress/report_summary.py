"""Page 1 of the clinician report: the flags (most urgent first), the key figures (pain, mood, worry, PGIC,
withdrawal, MME, doses against the prescription, practice, lessons finished) and the medicines by name, as
PDF flowables."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from coach.domain import clinical_flags as cf
from coach.domain.measures import PGIC_LABELS
from coach.domain.wording import count
from coach.services.progress import report_style as look
from coach.services.progress.charts import Dashboard, fmt, fmt_interval, fmt_signed
from coach.services.progress.clinical import ClinicalSummary, LessonsFinished
from coach.services.progress.report_fonts import markup as escape  # escapes, and picks a font per script

NO_FLAGS = (
    "No flags in this period (thoughts of self-harm, mood or worry scores, withdrawal, doses against the "
    "prescription, rising pain, missed check-ins)."
)


def report_flags(board: Dashboard, clinical: ClinicalSummary | None) -> list[cf.ClinicalFlag]:
    """The dashboard's flags and the clinical ones together, most severe first; a flag both raise (the
    withdrawal total: one rule, one sentence) is listed once."""
    out = list(clinical.flags) if clinical else []
    for flag in board.flags:
        if not any(f.kind == flag.kind and f.text == flag.text for f in out):
            out.append(cf.ClinicalFlag(flag.kind, flag.severity, flag.text, flag.on))
    return cf.sort_flags(out)


def _questionnaire_line(items: Sequence[cf.Questionnaire], scale_max: int, band: str) -> str:
    latest = items[-1]
    top = max(items, key=lambda q: (q.total, q.day))
    text = f"latest {latest.total:g} of {scale_max} ({_band(band, latest.total)}) on {latest.day.isoformat()}"
    if top is not latest:
        text += f"; highest {top.total:g} ({_band(band, top.total)}) on {top.day.isoformat()}"
    return text + f"; {count(len(items), 'check-in')}"


def _band(kind: str, total: float) -> str:
    return cf.phq9_band(total) if kind == "phq9" else cf.gad7_band(total)


def clinical_figures(clinical: ClinicalSummary) -> list[tuple[str, str]]:
    """Key-figure rows for mood, worry, PGIC, withdrawal and doses against the prescription."""
    rows: list[tuple[str, str]] = []
    phq = clinical.of_kind("phq9")
    if phq:
        line = _questionnaire_line(phq, 27, "phq9")
        item9 = [q for q in phq if len(q.answers) >= 9 and q.answers[8] > 0]
        line += (
            f"; item 9 (self-harm) above 0 on {count(len(item9), 'check-in')}, latest {item9[-1].day.isoformat()}"
            if item9
            else "; item 9 (self-harm) answered 0 every time"
        )
        rows.append(("Mood (PHQ-9, 0-27)", line))
    else:
        rows.append(("Mood (PHQ-9, 0-27)", "no PHQ-9 in this period"))
    gad = clinical.of_kind("gad7")
    rows.append(
        ("Worry (GAD-7, 0-21)", _questionnaire_line(gad, 21, "gad7") if gad else "no GAD-7 in this period")
    )
    pgic = clinical.of_kind("pgic")
    if pgic:
        answers = "; ".join(
            f'"{PGIC_LABELS.get(int(q.total), "?")}" ({q.total:g}/7) on {q.day.isoformat()}'
            for q in pgic[-4:]
        )
        earlier = f" ({len(pgic) - 4} earlier)" if len(pgic) > 4 else ""
        rows.append(("Change reported (PGIC)", answers + earlier))
    else:
        rows.append(("Change reported (PGIC)", "no PGIC answer in this period"))
    rows.append(("Withdrawal checklist", _withdrawal_line(clinical)))
    rows.append(("Doses against the prescription", _doses_line(clinical)))
    return rows


def _withdrawal_line(clinical: ClinicalSummary) -> str:
    records = clinical.withdrawal
    if not records:
        return "no withdrawal check-ins in this period"
    top = max(records, key=lambda r: (r.total, r.day))
    text = f"{count(len(records), 'check-in')}; highest total {top.total} of 64 on {top.day.isoformat()}"
    severe = [r for r in records if r.severe]
    if severe:
        last = severe[-1]
        text += (
            f"; a single symptom rated severe (4 of 4) on {count(len(severe), 'day')}, latest "
            f"{last.day.isoformat()}: {', '.join(last.severe)}"
        )
    else:
        text += "; no single symptom rated severe"
    return text + " (see the note below)"


def _doses_line(clinical: ClinicalSummary) -> str:
    if not any(m.daily_mme is not None for m in clinical.medicines):
        return "no opioid on the medicine list"
    if not clinical.opioid_doses_logged:
        return "no opioid doses logged in this period"
    if not clinical.doses:
        return f"{clinical.opioid_doses_logged} opioid doses logged; no day above the prescription, no day missed"
    parts = []
    for med in clinical.doses:
        bits = []
        if med.extra_days:
            bits.append(f"more than prescribed on {count(len(med.extra_days), 'day')}")
        if med.missed_days:
            bits.append(f"no dose logged on {count(len(med.missed_days), 'day')}")
        parts.append(f"{med.medicine}: {', '.join(bits)}")
    return "; ".join(parts)


def key_figures(board: Dashboard, clinical: ClinicalSummary | None = None) -> list[tuple[str, str]]:
    """The summary lines of page 1; the dashboard shows the same pain, MME and practice figures."""
    pain, practice, taper, helps = board.pain, board.practice, board.taper, board.helps
    rows: list[tuple[str, str]] = []
    if pain.empty:
        rows.append(("PEG (pain, 0-10)", "no PEG check-ins in this period"))
    else:
        assert pain.latest_on is not None
        rows.append(
            (
                "PEG (pain, 0-10)",
                f"latest {fmt(pain.latest)} on {pain.latest_on.isoformat()}; "
                f"first in period {fmt(pain.first)}; {count(len(pain.points), 'check-in')}",
            )
        )
    if clinical is not None:
        rows += clinical_figures(clinical)
    elif board.withdrawal.highest:
        at, total = board.withdrawal.highest
        rows.append(
            (
                "Withdrawal check-ins",
                f"{count(len(board.withdrawal.points), 'check-in')}; highest total {total} of "
                f"{board.withdrawal.scale_max} on {at.date().isoformat()} (high from "
                f"{board.withdrawal.severe_at})",
            )
        )
    if taper.empty:
        rows.append(
            (
                "Daily MME taken",
                "no agreed taper plan or logged doses in this period (prescribed medicines are listed below)",
            )
        )
    else:
        source = "agreed plan" if taper.daily_mme else "logged doses"
        reductions = sum(1 for s in taper.steps if s.reduction)
        rows.append(
            (
                "Daily MME",
                f"{fmt(taper.start_mme)} at the start of the period, {fmt(taper.current_mme)} now "
                f"({source}); {count(reductions, 'step')} down, {count(len(taper.pauses), 'pause')}",
            )
        )
    rows.append(
        (
            "Practice",
            f"{practice.sessions_text}; {practice.days_text} "
            f"(goal {count(practice.goal_days_per_week, 'day')} a week, {round(practice.adherence * 100)}% met); "
            f"consistency score {round(practice.strength_now * 100)}%",
        )
    )
    if helps.overall_pain.n:
        rows.append(
            (
                "Change after practice",
                f"pain {fmt_signed(helps.overall_pain.mean)} (95% CI {fmt_interval(helps.overall_pain)}, "
                f"n={helps.overall_pain.n}); distress {fmt_signed(helps.overall_distress.mean)} "
                f"(95% CI {fmt_interval(helps.overall_distress)}, n={helps.overall_distress.n}), "
                "on a 0-10 scale",
            )
        )
    if clinical is not None and clinical.lessons is not None:
        rows.append(("Learn course", lessons_line(clinical.lessons)))
    return rows


def lessons_line(lessons: LessonsFinished) -> str:
    """`3 of 14 lessons finished; in this period: Title (YYYY-MM-DD), ...` (the person's own days)."""
    text = f"{lessons.done} of {lessons.total} lessons finished"
    if not lessons.done:
        return text
    if not lessons.in_period:
        return text + "; none in this period"
    listed = ", ".join(f"{title} ({day.isoformat()})" for day, _id, title in lessons.in_period)
    return text + f"; in this period: {listed}"


def flag_paragraphs(flags: Sequence[cf.ClinicalFlag], styles: dict[str, ParagraphStyle]) -> list[object]:
    if not flags:
        return [Paragraph(NO_FLAGS, styles["body"])]
    return [
        Paragraph(
            f"<b>{cf.SEVERITY_LABELS[f.severity]}:</b> {escape(f.text)}",
            styles["flag"],
            bulletText="!" if f.severity != cf.WATCH else "-",
        )
        for f in flags
    ]


def medicines_section(
    clinical: ClinicalSummary, styles: dict[str, ParagraphStyle], width: float
) -> list[object]:
    """The medicines by name with strength, schedule and prescribed daily MME, and their total."""
    out: list[object] = [Paragraph("Medicines on the person's list", styles["h2"])]
    if not clinical.medicines:
        out.append(Paragraph("No medicines recorded.", styles["body"]))
        return out
    header = ["Medicine", "Strength", "Schedule", "Prescribed daily MME"]
    cells: list[list[object]] = [[Paragraph(f"<b>{h}</b>", styles["small"]) for h in header]]
    for med in clinical.medicines:
        figure = fmt(med.daily_mme) if med.daily_mme is not None else med.mme_note or "-"
        name = med.name if med.active else f"{med.name} (stopped)"
        cells.append(
            [Paragraph(escape(c), styles["small"]) for c in (name, med.strength, med.schedule, figure)]
        )
    out.append(look.table(cells, [0.26 * width, 0.16 * width, 0.30 * width, 0.28 * width]))
    out.append(
        Paragraph(
            f"Prescribed total: {fmt(clinical.prescribed_mme)} MME a day (active opioids, CDC 2022 factors; "
            "a fentanyl patch counts every day it is worn). MME estimates total opioid load; it is not a "
            "conversion between opioids.",
            styles["small"],
        )
    )
    return out
