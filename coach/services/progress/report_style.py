"""The clinician PDF's look: its fonts (with a fallback per script, see report_fonts.py), paragraph styles
and tables, shared by every section of the report."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Table, TableStyle

from coach.services.progress.report_fonts import report_fonts


@lru_cache(maxsize=1)
def fonts() -> tuple[str, str]:
    """(regular, bold) registered by coach.services.progress.report_fonts, which also gives `markup` a
    font fallback per character (CJK, emoji...), so names and notes in any script print and copy out."""
    chosen = report_fonts()
    return chosen.regular, chosen.bold


def styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts()
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


def table(rows: Sequence[Sequence[Any]], widths: list[float], header: bool = True) -> Table:
    regular, bold = fonts()
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
