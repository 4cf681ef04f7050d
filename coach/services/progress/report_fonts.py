"""The clinician report's fonts: embeds system fonts that cover Latin, Cyrillic, Greek, CJK and emoji, and
marks up each run of text with the first font that has its glyphs, so any name or note prints and copies
out as typed.

reportlab embeds TrueType fonts with glyf outlines only (not CFF/OpenType-PostScript, not colour-bitmap
emoji), so the fallbacks are chosen among those: DejaVu Sans (Latin, Cyrillic, Greek), Droid Sans Fallback
(Chinese, Japanese, Korean: WenQuanYi Micro Hei, Debian `fonts-wqy-microhei`; Droid Sans Fallback,
`fonts-droid-fallback`, for rarer ideographs), Symbola (monochrome emoji and symbols; Debian
`fonts-symbola`). scripts/setup.sh installs them. Missing ones are skipped; Vera, inside reportlab, is the
last resort for Latin text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts")
# (registered name, file names to look for); the first file found anywhere in FONT_DIRS is used.
MAIN = (("CoachSans", ("DejaVuSans.ttf",)), ("CoachSans-Bold", ("DejaVuSans-Bold.ttf",)))
FALLBACKS = (
    ("CoachCJK", ("wqy-microhei.ttc", "wqy-zenhei.ttc")),  # Chinese, Japanese kana, Korean Hangul
    ("CoachCJK2", ("DroidSansFallbackFull.ttf", "DroidSansFallback.ttf")),  # rarer ideographs
    ("CoachSymbols", ("Symbola_hint.ttf", "Symbola.ttf")),  # emoji and symbols, in outline
)


@dataclass(frozen=True)
class ReportFonts:
    """Registered font names: the main regular and bold, then fallbacks with the characters each covers."""

    regular: str
    bold: str
    fallbacks: tuple[tuple[str, frozenset[int]], ...]
    main_cover: frozenset[int]


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond U+FFFF (emoji) written as UTF-16 surrogate pairs
    as the PDF specification asks; reportlab 4-5 writes `<1F33F>`, so emoji copied out of the PDF came out
    as garbage. Same text as reportlab's own for every other character."""
    pairs = [f"<{i:02X}> <{chr(v).encode('utf-16-be').hex().upper()}>" for i, v in enumerate(subset)]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *pairs,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def _find(names: tuple[str, ...]) -> Path | None:
    for name in names:
        for folder in FONT_DIRS:
            if folder.is_dir():
                found = next(iter(sorted(folder.rglob(name))), None)
                if found is not None:
                    return found
    return None


def _register(name: str, path: Path) -> frozenset[int] | None:
    try:
        font = TTFont(name, str(path))
    except (TTFError, OSError, ValueError):
        return None  # e.g. CFF outlines, which reportlab cannot embed
    pdfmetrics.registerFont(font)
    return frozenset(font.face.charToGlyph)


@lru_cache(maxsize=1)
def report_fonts() -> ReportFonts:
    """Register the fonts once per process and say which characters each covers."""
    import reportlab

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # see _to_unicode_cmap: the one place reportlab builds it
    bundled = Path(reportlab.__file__).parent / "fonts"
    (regular_name, regular_files), (bold_name, bold_files) = MAIN
    regular_path = _find(regular_files)
    bold_path = _find(bold_files)
    if regular_path is None or bold_path is None:
        regular_path, bold_path = bundled / "Vera.ttf", bundled / "VeraBd.ttf"
    cover = _register(regular_name, regular_path)
    if cover is None or _register(bold_name, bold_path) is None:
        return ReportFonts("Helvetica", "Helvetica-Bold", (), frozenset(range(32, 256)))
    pdfmetrics.registerFontFamily(regular_name, normal=regular_name, bold=bold_name)
    fallbacks = []
    for name, files in FALLBACKS:
        path = _find(files)
        chars = _register(name, path) if path is not None else None
        if chars:
            fallbacks.append((name, chars))
    return ReportFonts(regular_name, bold_name, tuple(fallbacks), cover)


def _font_for(char: str, fonts: ReportFonts) -> str | None:
    """None: the paragraph's own font has it (or nothing does); else the fallback that has it."""
    code = ord(char)
    if code in fonts.main_cover:
        return None
    for name, chars in fonts.fallbacks:
        if code in chars:
            return name
    return None


def markup(text: str) -> str:
    """`text` escaped for a reportlab Paragraph, with runs the main font lacks wrapped in
    `<font name="...">` of a fallback that has them. Combining marks and joiners stay with the character
    before them, so an accent or an emoji sequence is never split from its base."""
    fonts = report_fonts()
    out: list[str] = []
    run: list[str] = []
    current: str | None = None

    def flush() -> None:
        if not run:
            return
        body = escape("".join(run))
        out.append(body if current is None else f'<font name="{current}">{body}</font>')
        run.clear()

    for char in text:
        if run and unicodedata.category(char) in ("Mn", "Me", "Cf"):
            run.append(char)
            continue
        wanted = _font_for(char, fonts)
        if wanted != current:
            flush()
            current = wanted
        run.append(char)
    flush()
    return "".join(out)
