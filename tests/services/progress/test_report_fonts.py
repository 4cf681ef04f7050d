"""Names and notes in any script print in the clinician PDF with embedded fonts, and copy out as typed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from coach.services.context import AppContext
from coach.services.progress.report import write_report
from coach.services.progress.report_fonts import markup, report_fonts

SAMPLES = ["测试", "Профиль", "Ελληνικά", "🌿", "Café", "日本語のメモ", "한국어"]


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def _embedded_fonts(path: Path) -> set[str]:
    names = set()
    for page in PdfReader(str(path)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            names.add(str(font["/BaseFont"]))
    return names


@pytest.fixture
def report_path(ctx: AppContext, tmp_path: Path) -> Path:
    ctx.store.update_profile(nickname="测试 Профиль")
    out = tmp_path / "report.pdf"
    note = "Ελληνικά and 测试 and Профиль 🌿 — Café, 日本語のメモ, 한국어."
    write_report(ctx, out, days=30, note=note)
    return out


def test_every_script_copies_out_of_the_pdf_as_typed(report_path: Path) -> None:
    fonts = report_fonts()
    assert {name for name, _ in fonts.fallbacks} >= {"CoachCJK", "CoachSymbols"}, (
        "install the report's fonts: scripts/setup.sh (fonts-wqy-microhei, fonts-symbola)"
    )
    text = re.sub(r"\s+", " ", _text(report_path))
    for sample in SAMPLES:
        assert sample in text, sample
    assert "summary for 测试 Профиль" in text


def test_the_fallback_fonts_are_embedded_not_boxes(report_path: Path) -> None:
    embedded = _embedded_fonts(report_path)
    # reportlab names embedded subsets like AAAAAA+CoachCJK; a missing glyph would leave no such font.
    assert any("CoachCJK" in name or name.startswith("/AAAA") for name in embedded), embedded
    raw = report_path.read_bytes()
    assert b"/FontFile2" in raw  # TrueType outlines inside the file, so it prints anywhere


def test_markup_picks_a_font_per_script_and_escapes() -> None:
    out = markup("a<b> & 测试 🌿 é")
    assert "&lt;b&gt; &amp; " in out
    assert '<font name="CoachCJK">测试</font>' in out
    assert '<font name="CoachSymbols">🌿</font>' in out
    assert out.endswith(" é")  # Latin stays in the paragraph's own font (bold stays bold)
    assert markup("e\u0301") == "e\u0301"  # a combining accent stays with its letter
