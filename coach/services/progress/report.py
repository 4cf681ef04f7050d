"""The clinician report: a 2-3 page PDF (reportlab) a prescriber can read in two minutes — period, key
figures, flags, the person's note, PEG / MME / practice charts, what helps, withdrawal peaks and steps."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from coach.domain.errors import CoachError
from coach.services.context import AppContext
from coach.services.progress.charts import Dashboard, fmt, fmt_interval, fmt_signed
from coach.services.progress.dashboard import ProgressService
from coach.services.progress.report_charts import mme_drawing, pain_drawing, practice_drawing
from coach.services.progress.report_fonts import markup as escape  # escapes, and picks a font per script
from coach.services.progress.report_fonts import report_fonts
from coach.services.taper.plans import TaperService

DEFAULT_DAYS = 90  # about one prescriber review interval
DISCLAIMER = "Coaching tool, not medical advice. Dose changes are decided with the prescriber."
MAX_STEP_ROWS = 12
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
    path: Path
    pages: int
    period_text: str


@lru_cache(maxsize=1)
def _fonts() -> tuple[str, str]:
    """(regular, bold) registered by coach.services.progress.report_fonts, which also gives `escape` a
    font fallback per character (CJK, emoji...), so names and notes in any script print and copy out."""
    fonts = report_fonts()
    return fonts.regular, fonts.bold


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = _fonts()
    base = ParagraphStyle(
        "body", fontName=regular, fontSize=9.5, leading=12.5, textColor=colors.HexColor("#22262c")
    )
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=16, leading=20, spaceAfter=2),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=bold, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=3
        ),
        "flag": ParagraphStyle("flag", parent=base, leftIndent=10, bulletIndent=0, spaceAfter=2),
        "note": ParagraphStyle(
            "note",
            parent=base,
            backColor=colors.HexColor("#f3f1ea"),
            borderPadding=6,
            leftIndent=6,
            rightIndent=6,
        ),
        "disclaimer": ParagraphStyle(
            "disclaimer", parent=base, fontName=bold, fontSize=9, textColor=colors.HexColor("#8a3b12")
        ),
    }


def _table(rows: Sequence[Sequence[Any]], widths: list[float], header: bool = True) -> Table:
    regular, bold = _fonts()
    table = Table(rows, colWidths=widths, hAlign="LEFT", repeatRows=1 if header else 0)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), regular),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#d9dde3")),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if header:
        style += [
            ("FONTNAME", (0, 0), (-1, 0), bold),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f4")),
        ]
    else:
        style += [("FONTNAME", (0, 0), (0, -1), bold)]
    table.setStyle(TableStyle(style))
    return table


def key_figures(board: Dashboard) -> list[tuple[str, str]]:
    """The summary lines at the top of the report; the dashboard shows the same figures."""
    pain, practice, taper, helps, withdrawal = (
        board.pain,
        board.practice,
        board.taper,
        board.helps,
        board.withdrawal,
    )
    rows: list[tuple[str, str]] = []
    if pain.empty:
        rows.append(("PEG (pain, 0-10)", "no PEG check-ins in this period"))
    else:
        assert pain.latest_on is not None
        rows.append(
            (
                "PEG (pain, 0-10)",
                f"latest {fmt(pain.latest)} on {pain.latest_on.isoformat()}; "
                f"first in period {fmt(pain.first)}; {len(pain.points)} check-ins",
            )
        )
    if taper.empty:
        rows.append(("Daily MME", "no taper plan or opioid doses recorded"))
    else:
        source = "agreed plan" if taper.daily_mme else "logged doses"
        reductions = sum(1 for s in taper.steps if s.reduction)
        rows.append(
            (
                "Daily MME",
                f"{fmt(taper.start_mme)} at the start of the period, {fmt(taper.current_mme)} now "
                f"({source}); {reductions} step(s) down, {len(taper.pauses)} pause(s)",
            )
        )
    rows.append(
        (
            "Practice",
            f"{practice.sessions} sessions, {fmt(practice.minutes, 0)} minutes; practised on "
            f"{practice.days_practised} of {practice.days_in_period} days "
            f"(goal {practice.goal_days_per_week} days a week, {round(practice.adherence * 100)}% met); "
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
    highest = withdrawal.highest
    if highest:
        rows.append(
            (
                "Withdrawal check-ins",
                f"{len(withdrawal.points)} check-ins; highest total {highest[1]} of {withdrawal.scale_max} "
                f"on {highest[0].date().isoformat()} (high from {withdrawal.severe_at})",
            )
        )
    return rows


def build_report(
    board: Dashboard,
    out: Path,
    name: str = "",
    note: str = "",
    page_size: str = "letter",
    progress: Progress | None = None,
    now: datetime | None = None,
    cancelled: ShouldCancel | None = None,
) -> ReportResult:
    """Write the PDF for `board` to `out` (owner-only file). Pure: no database, safe off the GUI thread.

    `progress(fraction 0..1)` is called as the report takes shape. `cancelled()` is asked between sections,
    after each page and just before the file takes its name; once it says True, ReportCancelled is raised
    and nothing is left behind. Raises CoachError if `out` is a folder, OSError if it cannot be written."""
    stop = cancelled or (lambda: False)
    tell = progress or (lambda _f: None)

    def report(fraction: float) -> None:
        if stop():
            raise ReportCancelled
        tell(fraction)

    styles = _styles()
    size = letter if page_size == "letter" else A4
    width = size[0] - 36 * mm
    period = board.period
    story: list[object] = []
    who = f" for {escape(name)}" if name else ""
    story.append(Paragraph(f"Pain Recovery Coach: summary{who}", styles["title"]))
    stamp = (now or datetime.now()).strftime("%Y-%m-%d %H:%M")
    story.append(
        Paragraph(
            f"Period: {period.describe()}. Prepared {stamp} from the person's own records.", styles["body"]
        )
    )
    story.append(Spacer(1, 4))
    story.append(Paragraph(DISCLAIMER, styles["disclaimer"]))

    story.append(Paragraph("Key figures", styles["h2"]))
    rows = [
        [Paragraph(f"<b>{escape(k)}</b>", styles["body"]), Paragraph(escape(v), styles["body"])]
        for k, v in key_figures(board)
    ]
    story.append(_table(rows, [38 * mm, width - 38 * mm], header=False))

    story.append(Paragraph("Flags to discuss", styles["h2"]))
    if board.flags:
        for flag in board.flags:
            story.append(Paragraph(escape(flag.text), styles["flag"], bulletText="!"))
    else:
        story.append(
            Paragraph(
                "No flags in this period (rising pain, high withdrawal scores, missed check-ins).",
                styles["body"],
            )
        )
    if note.strip():
        story.append(Paragraph("In the person's own words", styles["h2"]))
        story.append(Paragraph(escape(note.strip()).replace("\n", "<br/>"), styles["note"]))
    report(0.2)

    font, _bold = _fonts()
    story.append(PageBreak())
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
    return ReportResult(out, pages, period.describe())


def _render(
    story: list[object], path: Path, size: tuple[float, float], period_text: str, stop: ShouldCancel
) -> int:
    font, _ = _fonts()
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
    out.append(_table(rows, widths))
    out.append(
        Paragraph(
            "Change = rating after minus rating before (0-10); negative means it went down.", styles["small"]
        )
    )
    return out


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
            _table(cells, [w * width for w in (0.16, 0.18, 0.22, 0.44)]),
        ]
        if len(taper.steps) > MAX_STEP_ROWS:
            hidden = len(taper.steps) - MAX_STEP_ROWS
            section.append(Paragraph(f"{hidden} earlier step(s) not listed.", styles["small"]))
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
                    _table(rows, [w * width for w in (0.3, 0.2, 0.25, 0.25)]),
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
    TaperService(ctx).sync_active_milestones()  # a clinician sees milestones reached since Taper was opened
    service = ProgressService(ctx)
    period = service.period("all") if days is None else service.period_days(days)
    board = service.dashboard_for(period)
    name, page_size = report_options(ctx)
    now = ctx.clock.now().astimezone(ctx.clock.local_zone())
    return build_report(
        board, out, name=name, note=note, page_size=page_size, progress=progress, now=now, cancelled=cancelled
    )


def report_options(ctx: AppContext) -> tuple[str, str]:
    """(the person's name for the title, page size): US Letter where it is the norm, else A4."""
    profile = ctx.store.profile()
    return profile.nickname, "letter" if profile.country in ("US", "CA") else "a4"
