"""The printable one-page sheet for a visit with the prescriber, from a lesson's `prep_sheet`: a PDF with
a heading, each prompt followed by lines to write on, and the reminder that changes are agreed together."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer

from coach.domain.errors import CoachError
from coach.domain.lesson import Lesson, PrepSheet
from coach.services.learn.lessons import PRESCRIBER_LESSON, get_lesson

FOOTER = (
    "Bring this sheet and your check-ins to your visit. Any change to a medicine is agreed with your "
    "prescriber. This app is a coaching tool, not medical advice."
)
# Writing room per prompt: two ruled lines fit nine prompts on one A4 page.
LINES_PER_PROMPT = 2


def prep_sheet_for(lesson_id: str = PRESCRIBER_LESSON) -> tuple[Lesson, PrepSheet]:
    """The lesson and its sheet; CoachError if the lesson has no sheet (or does not exist)."""
    lesson = get_lesson(lesson_id)
    if lesson.prep_sheet is None:
        raise CoachError(f"the lesson {lesson_id!r} has no preparation sheet")
    return lesson, lesson.prep_sheet


def prep_sheet_text(lesson_id: str = PRESCRIBER_LESSON) -> str:
    """The sheet as plain text (prompts with blank lines), for printing from any text editor."""
    _, sheet = prep_sheet_for(lesson_id)
    blocks = [sheet.title, "=" * len(sheet.title), ""]
    for prompt in sheet.prompts:
        blocks += [prompt, *["_" * 60] * LINES_PER_PROMPT, ""]
    blocks.append(FOOTER)
    return "\n".join(blocks) + "\n"


def write_prep_sheet(path: Path, lesson_id: str = PRESCRIBER_LESSON) -> Path:
    """Write the sheet as a one-page A4 PDF at `path` (its folder must exist); returns `path`.
    Raises CoachError for a lesson without a sheet, OSError if the file cannot be written."""
    _, sheet = prep_sheet_for(lesson_id)
    title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=16, leading=20, spaceAfter=6 * mm)
    prompt = ParagraphStyle("prompt", fontName="Helvetica-Bold", fontSize=11, leading=14)
    small = ParagraphStyle("small", fontName="Helvetica", fontSize=9, leading=12)
    story: list[object] = [Paragraph(escape(sheet.title), title)]
    for text in sheet.prompts:
        rows: list[object] = [Paragraph(escape(text), prompt)]
        for _ in range(LINES_PER_PROMPT):
            rows += [Spacer(1, 7 * mm), HRFlowable(width="100%", thickness=0.5, spaceBefore=0, spaceAfter=0)]
        rows.append(Spacer(1, 4 * mm))
        story.append(KeepTogether(rows))
    story += [Spacer(1, 2 * mm), Paragraph(escape(FOOTER), small)]
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=14 * mm,
        title=sheet.title,
    )
    doc.build(story)
    return path
