"""The clinician report: a 2-3 page PDF (reportlab) a prescriber can read in two minutes — page 1 holds the
period used, the flags (most urgent first), key figures and the medicines; then the person's note, PEG /
MME / practice charts, what helps, withdrawal peaks and steps."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, SimpleDocTemplate, Spacer

from coach.domain.clinical_flags import WITHDRAWAL_NOTE
from coach.domain.errors import CoachError
from coach.domain.wording import count
from coach.services.context import AppContext
from coach.services.progress import report_style as look
from coach.services.progress.charts import Dashboard, Period, fmt, fmt_interval, fmt_signed
from coach.services.progress.clinical import ClinicalSummary, clinical_summary
from coach.services.progress.dashboard import ProgressService
from coach.services.progress.report_charts import mme_drawing, pain_drawing, practice_drawing
from coach.services.progress.report_fonts import markup as escape  # escapes, and picks a font per script
from coach.services.progress.report_summary import (
    flag_paragraphs,
    key_figures,
    medicines_section,
    report_flags,
)
from coach.services.taper.plans import TaperService

DEFAULT_DAYS = 90  # about one prescriber review interval
DISCLAIMER = "Coaching tool, not medical advice. Dose changes are decided with the prescriber."
MAX_STEP_ROWS = 12
MAX_FLARE_ROWS = 12  # newest pain-spike log entries listed; the count says how many in all
HOW_TO_READ = (
    "How to read this: PEG is the mean of three 0-10 ratings (pain, interference with enjoyment and with "
    "activity; Krebs et al. 2009). Daily MME uses the CDC 2022 factors and estimates total opioid load; "
    "it is not a conversion between opioids. Changes after practice are the person's own ratings just "
    "before and after a guided session (negative means lower); 95% intervals use the t distribution. The "
    "consistency score rises with practice and fades slowly with missed days (0-100%)."
)
Progress = Callable[[float], None]
ShouldCancel = Callable[[], bool]


class ReportCancelled(Exception):
    """The caller asked to stop (`cancelled` said so); nothing was written, not even a partial file."""


@dataclass(frozen=True)
class ReportResult:
    """The written file, its page count, the period it covers in words, and the severities of the flags
    on page 1, most severe first ("urgent", "high", "watch")."""

    path: Path
    pages: int
    period_text: str
    flag_severities: tuple[str, ...] = ()


def build_report(
    board: Dashboard,
    out: Path,
    name: str = "",
    note: str = "",
    page_size: str = "letter",
    progress: Progress | None = None,
    now: datetime | None = None,
    cancelled: ShouldCancel | None = None,
    clinical: ClinicalSummary | None = None,
) -> ReportResult:
    """Write the PDF for `board` (and `clinical`: mood, PGIC, withdrawal symptoms, medicines, doses; see
    clinical.clinical_summary) to `out` (owner-only file). Pure: no database, safe off the GUI thread.

    `progress(fraction 0..1)` is called as the report takes shape. `cancelled()` is asked between sections,
    after each page and just before the file takes its name; once it says True, ReportCancelled is raised
    and nothing is left behind. Raises CoachError if `out` is a folder, OSError if it cannot be written."""
    stop = cancelled or (lambda: False)
    tell = progress or (lambda _f: None)

    def report(fraction: float) -> None:
        if stop():
            raise ReportCancelled
        tell(fraction)

    styles = look.styles()
    size = letter if page_size == "letter" else A4
    width = size[0] - 36 * mm
    period = board.period
    story: list[object] = []
    who = f" for {escape(name)}" if name else ""
    story.append(Paragraph(f"Pain Recovery Coach: summary{who}", styles["title"]))
    stamp = (now or datetime.now()).strftime("%Y-%m-%d %H:%M")
    story.append(
        Paragraph(
            f"Period: {period.describe()}. Prepared {stamp} from the person's own records.",
            styles["body"],
        )
    )
    story.append(Spacer(1, 4))
    story.append(Paragraph(DISCLAIMER, styles["disclaimer"]))

    story.append(Paragraph("Flags to discuss, most urgent first", styles["h2"]))
    flags = report_flags(board, clinical)
    story.extend(flag_paragraphs(flags, styles))

    story.append(Paragraph("Key figures", styles["h2"]))
    rows = [
        [Paragraph(f"<b>{escape(k)}</b>", styles["body"]), Paragraph(escape(v), styles["body"])]
        for k, v in key_figures(board, clinical)
    ]
    story.append(look.table(rows, [42 * mm, width - 42 * mm], header=False))
    if clinical is not None:
        story.append(Paragraph(f"Note: {WITHDRAWAL_NOTE}", styles["small"]))
        story.extend(medicines_section(clinical, styles, width))
    if note.strip():
        said = Paragraph(escape(note.strip()).replace("\n", "<br/>"), styles["note"])
        story.append(KeepTogether([Paragraph("In the person's own words", styles["h2"]), said]))
    report(0.2)

    font, _bold = look.fonts()
    # Trends start a page of their own unless page 1 ran over: then they follow on, not after a blank.
    story.append(CondPageBreak(0.6 * (size[1] - 34 * mm)))
    story.append(Paragraph("Trends", styles["h2"]))
    chart_h = 52 * mm
    story.append(pain_drawing(board.pain, period, width, chart_h, font))
    story.append(Spacer(1, 6))
    story.append(mme_drawing(board.taper, period, width, chart_h, font))
    story.append(Spacer(1, 6))
    story.append(practice_drawing(board.practice, period, width, chart_h * 0.8, font))
    report(0.5)

    story.append(Spacer(1, 8))
    story.extend(_helps_section(board, styles, width))
    story.extend(_taper_section(board, styles, width))
    if clinical is not None:
        story.extend(_flare_section(clinical, styles, width))
    story.append(Spacer(1, 10))
    story.append(Paragraph(HOW_TO_READ + " " + DISCLAIMER, styles["small"]))
    report(0.7)

    out = Path(out)
    if out.is_dir():
        raise CoachError(f"{out} is a folder; give a file name such as {out / 'coach-report.pdf'}")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    try:
        pages = _render(story, partial, size, period.describe(), stop)
        os.chmod(partial, 0o600)  # health data: readable by its owner only
        report(1.0)  # the last chance to cancel: after this the report is written
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return ReportResult(out, pages, period.describe(), tuple(f.severity for f in flags))


def _render(
    story: list[object], path: Path, size: tuple[float, float], period_text: str, stop: ShouldCancel
) -> int:
    font, _ = look.fonts()
    pages = [0]

    def footer(c: Any, _doc: Any) -> None:
        if stop():
            raise ReportCancelled
        c.saveState()
        c.setFont(font, 7.5)
        c.setFillColor(colors.HexColor("#5b6270"))
        page = c.getPageNumber()
        c.drawString(18 * mm, 11 * mm, f"Pain Recovery Coach - {period_text}")
        c.drawString(18 * mm, 7.5 * mm, DISCLAIMER)
        c.drawRightString(size[0] - 18 * mm, 11 * mm, f"page {page}")
        c.restoreState()
        pages[0] = page

    doc = SimpleDocTemplate(
        str(path),
        pagesize=size,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title="Pain Recovery Coach: summary for a clinician",
        author="Pain Recovery Coach",
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return pages[0]


def _helps_section(board: Dashboard, styles: dict[str, ParagraphStyle], width: float) -> list[object]:
    out: list[object] = [Paragraph("Before and after practice, by kind of exercise", styles["h2"])]
    if board.helps.empty:
        out.append(Paragraph("No sessions with before and after ratings in this period.", styles["body"]))
        return out
    table = board.helps.table()
    rows: list[list[Any]] = [[Paragraph(f"<b>{escape(c)}</b>", styles["small"]) for c in table.columns]]
    rows += [list(r) for r in table.rows]
    rows.append(
        [
            "All practice",
            str(board.helps.overall_pain.n),
            fmt_signed(board.helps.overall_pain.mean),
            fmt_interval(board.helps.overall_pain),
            str(board.helps.overall_distress.n),
            fmt_signed(board.helps.overall_distress.mean),
            fmt_interval(board.helps.overall_distress),
        ]
    )
    widths = [w * width for w in (0.22, 0.09, 0.12, 0.16, 0.11, 0.14, 0.16)]
    out.append(look.table(rows, widths))
    out.append(
        Paragraph(
            "Change = rating after minus rating before (0-10); negative means it went down.", styles["small"]
        )
    )
    return out


def _flare_section(
    clinical: ClinicalSummary, styles: dict[str, ParagraphStyle], width: float
) -> list[object]:
    """The pain-spike (flare) log in the period, newest MAX_FLARE_ROWS entries, in the person's words
    (escaped: their text is never markup)."""
    flares = clinical.flares
    if not flares:
        return []
    shown = flares[-MAX_FLARE_ROWS:]
    head = ["Date", "Pain 0-10", "Trigger", "What helped", "Note"]
    cells: list[list[Any]] = [[Paragraph(f"<b>{escape(c)}</b>", styles["small"]) for c in head]]
    for f in shown:
        pain = "" if f.intensity is None else str(f.intensity)
        row = [f.day.isoformat(), pain, f.trigger, f.what_helped, f.text]
        cells.append([Paragraph(escape(c).replace("\n", "<br/>"), styles["small"]) for c in row])
    section: list[object] = [
        Paragraph(f"Pain spikes logged ({count(len(flares), 'entry', 'entries')})", styles["h2"]),
        look.table(cells, [w * width for w in (0.14, 0.1, 0.22, 0.22, 0.32)]),
    ]
    if len(flares) > len(shown):
        hidden = len(flares) - len(shown)
        section.append(
            Paragraph(f"{count(hidden, 'earlier entry', 'earlier entries')} not listed.", styles["small"])
        )
    return [KeepTogether(section)]


def _taper_section(board: Dashboard, styles: dict[str, ParagraphStyle], width: float) -> list[object]:
    out: list[object] = []
    taper, withdrawal = board.taper, board.withdrawal
    if taper.steps or taper.pauses:
        rows = [["Date", "Agreed daily MME", "Change", "Note"]]
        for step in taper.steps[-MAX_STEP_ROWS:]:
            change = "step down" if step.reduction else "change"
            rows.append([step.day.isoformat(), fmt(step.target_mme), change, step.note])
        for pause in taper.pauses:
            until = pause.end.isoformat() if pause.end else "ongoing"
            rows.append([pause.start.isoformat(), "", f"pause until {until}", pause.reason])
        rows[1:] = sorted(rows[1:], key=lambda r: r[0])
        cells = [[Paragraph(f"<b>{escape(c)}</b>", styles["small"]) for c in rows[0]]]
        cells += [[Paragraph(escape(c), styles["small"]) for c in r] for r in rows[1:]]
        section: list[object] = [
            Paragraph("Taper steps and pauses in this period", styles["h2"]),
            look.table(cells, [w * width for w in (0.16, 0.18, 0.22, 0.44)]),
        ]
        if len(taper.steps) > MAX_STEP_ROWS:
            hidden = len(taper.steps) - MAX_STEP_ROWS
            section.append(Paragraph(f"{count(hidden, 'earlier step')} not listed.", styles["small"]))
        out.append(KeepTogether(section))
    if withdrawal.peaks:
        rows = [["After the step on", "Agreed MME", "Highest total", "On"]]
        for peak in withdrawal.peaks:
            rows.append(
                [
                    peak.step_day.isoformat() if peak.step_day else "before the first step",
                    fmt(peak.step_mme),
                    f"{peak.peak_total} of {withdrawal.scale_max}",
                    peak.peak_on.isoformat(),
                ]
            )
        out.append(
            KeepTogether(
                [
                    Paragraph("Withdrawal check-ins: highest total after each step", styles["h2"]),
                    look.table(rows, [w * width for w in (0.3, 0.2, 0.25, 0.25)]),
                ]
            )
        )
    return out


def write_report(
    ctx: AppContext,
    out: Path,
    days: int | None = DEFAULT_DAYS,
    note: str = "",
    progress: Progress | None = None,
    cancelled: ShouldCancel | None = None,
) -> ReportResult:
    """Gather the figures for the last `days` days (None: everything) and write the PDF (see build_report
    for `progress` and `cancelled`)."""
    board, clinical = gather(ctx, days)
    name, page_size = report_options(ctx)
    now = ctx.clock.now().astimezone(ctx.clock.local_zone())
    return build_report(board, out, name=name, note=note, page_size=page_size, progress=progress, now=now,
                        cancelled=cancelled, clinical=clinical)  # fmt: skip


def gather(ctx: AppContext, days: int | None = DEFAULT_DAYS) -> tuple[Dashboard, ClinicalSummary]:
    """Everything the report shows for the last `days` days ending today (None: all records), read from
    the database; call it on the thread that owns the connection. ValueError for days below 1."""
    TaperService(ctx).sync_active_milestones()  # a clinician sees milestones reached since Taper was opened
    service = ProgressService(ctx)
    period: Period = service.period("all") if days is None else service.period_days(days)
    return service.dashboard_for(period), clinical_summary(ctx, period)


def report_options(ctx: AppContext) -> tuple[str, str]:
    """(the person's name for the title, page size): US Letter where it is the norm, else A4."""
    profile = ctx.store.profile()
    return profile.nickname, "letter" if profile.country in ("US", "CA") else "a4"
