"""Education content: valid against its schema, sourced, the self-check's patterns, and a scan of every
content file under resources/ for anything that suggests raising a dose."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from coach.resources import resources_dir
from coach.services.learn import education

# A sentence that nudges towards more opioid, in the ways such advice is usually phrased. Each pattern needs a
# dose word next to the verb, so "take another breath" or "raise your arms" in an exercise is not a hit.
_DOSE = r"(?:dose|doses|dosage|medicine|medicines|medication|medications|meds|opioids?|pills?|tablets?|patch(?:es)?)"
INCREASE_PATTERNS = [
    re.compile(rf"\b(?:increase|raise|up|double|boost|bump up)\s+(?:your|the|my|their|a)\s+{_DOSE}", re.I),
    re.compile(rf"\btake\s+(?:more|an\s+extra|extra|another|a\s+higher|a\s+bigger|a\s+stronger)\s+(?:\w+\s+)?{_DOSE}", re.I),
    re.compile(rf"\b(?:higher|bigger|stronger|larger|extra|more)\s+{_DOSE}\s+(?:will|would|can|could|may|might)\s+"
               r"(?:help|ease|relieve|fix|work)", re.I),
    re.compile(r"\bask\s+(?:your\s+\w+\s+|them\s+)?for\s+(?:more|a\s+higher|a\s+bigger|a\s+stronger|extra)\b", re.I),
    re.compile(rf"\b{_DOSE}\s+(?:increase|escalation)\s+(?:will|would|can|could|may|might)\s+(?:help|ease|restore)", re.I),
    re.compile(r"\bincrease\s+(?:it|the\s+amount|how\s+much\s+you\s+take)\b", re.I),
]  # fmt: skip
CONTENT_SUFFIXES = {".json", ".md", ".txt", ".html", ".yaml", ".yml"}


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _content_files() -> list[Path]:
    return sorted(
        p
        for p in resources_dir().rglob("*")
        if p.is_file() and p.suffix in CONTENT_SUFFIXES and "schemas" not in p.parts
    )


def suggests_increase(text: str) -> str | None:
    for pattern in INCREASE_PATTERNS:
        found = pattern.search(text)
        if found:
            return found.group(0)
    return None


@pytest.mark.parametrize(
    "bad",
    [
        "If the pain gets worse, increase your dose.",
        "You could take an extra tablet when it spikes.",
        "Take another pill before bed.",
        "A higher dose will help you sleep.",
        "Ask your doctor for a higher dose.",
        "Raise the medication if nothing else works.",
        "Double your dose on bad days.",
        "Dose escalation may help at first.",
    ],
)
def test_the_scan_catches_dose_raising_advice(bad: str) -> None:
    assert suggests_increase(bad) is not None


@pytest.mark.parametrize(
    "fine",
    [
        "When a dose went up in the past, did your pain get worse rather than better?",
        "Reaching for extra medicine may calm things for a while, but over time it can teach the nervous system...",
        "Take another slow breath, and raise your arms if that feels safe.",
        "Many people find their pain eases as the dose comes down.",
        "Keep taking your medicines as agreed with your prescriber.",
    ],
)
def test_the_scan_lets_plain_description_through(fine: str) -> None:
    assert suggests_increase(fine) is None


def test_no_content_file_suggests_increasing_a_dose() -> None:
    files = _content_files()
    assert any(p.parent.name == "education" for p in files)
    assert len([p for p in files if p.parent.name == "lessons"]) >= 14  # the Learn course is scanned too
    hits = []
    for path in files:
        raw = path.read_text(encoding="utf-8")
        texts = _strings(json.loads(raw)) if path.suffix == ".json" else [raw]
        for text in texts:
            found = suggests_increase(text)
            if found:
                hits.append(f"{path.relative_to(resources_dir())}: {found!r}")
    assert hits == []


def test_every_education_file_is_valid_and_sourced() -> None:
    files = sorted((resources_dir() / "education").glob("*.json"))
    assert {p.stem for p in files} >= {education.OIH_MODULE, education.FLARE_REMINDER}
    for path in files:
        module = education.load_module_file(path)
        assert module.source.strip() and module.pages
        assert all(page.paragraphs for page in module.pages)


def test_a_broken_module_names_the_file_and_field(tmp_path: Path) -> None:
    data = json.loads((resources_dir() / "education" / "oih-vs-tolerance.json").read_text(encoding="utf-8"))
    del data["source"]
    bad = tmp_path / "oih-vs-tolerance.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(education.EducationError, match=r"oih-vs-tolerance\.json: .*'source' is a required"):
        education.load_module_file(bad)
    data["source"] = "x"
    data["self_check"]["questions"][0]["pattern"] = "craving"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(education.EducationError, match=r"self_check\.questions\.0\.pattern"):
        education.load_module_file(bad)


def test_the_oih_module_covers_tolerance_oih_and_the_escalation_trap() -> None:
    module = education.get_module(education.OIH_MODULE)
    text = " ".join(f"{page.title} {' '.join(page.paragraphs)}" for page in module.pages).lower()
    for idea in (
        "tolerance",
        "more sensitive",
        "spreads",
        "light touch",
        "escalation",
        "prescriber",
        "never stop",
    ):
        assert idea in text
    assert "CDC" in module.source and "hyperalgesia" in module.source


def _check() -> education.SelfCheck:
    check = education.get_module(education.OIH_MODULE).self_check
    assert check is not None
    return check


def test_the_self_check_asks_the_four_oih_questions() -> None:
    questions = {q.id: q for q in _check().questions}
    assert {"spreading", "new_kinds", "worse_after_dose_went_up", "light_touch"} <= set(questions)
    assert {q.pattern for q in questions.values()} == {"oih", "tolerance"}


@pytest.mark.parametrize(
    ("yes", "key"),
    [
        ({"spreading", "light_touch"}, "several_oih"),
        ({"spreading", "new_kinds", "worse_after_dose_went_up", "light_touch"}, "several_oih"),
        ({"new_kinds"}, "some_oih"),
        ({"new_kinds", "same_pain_less_relief"}, "some_oih"),
        ({"same_pain_less_relief"}, "tolerance_like"),
        (set(), "none"),
    ],
)
def test_the_self_check_explains_the_pattern_and_points_to_the_prescriber(yes: set[str], key: str) -> None:
    check = _check()
    result = education.evaluate_self_check(check, {q.id: q.id in yes for q in check.questions})
    assert result.key == key
    assert len(result.oih_signs) == len(yes - {"same_pain_less_relief"})
    assert "prescriber" in result.always and "do not change your dose" in result.always
    assert result.text and result.title


def test_the_self_check_refuses_unknown_questions() -> None:
    with pytest.raises(Exception, match="unknown self-check question"):
        education.evaluate_self_check(_check(), {"cravings": True})


def test_no_safety_card_suggests_increasing_a_dose() -> None:
    # The cards are filled in at run time (names, counts, helplines): scan every kind as it is shown,
    # with every reason at once, in every country.
    from coach.domain import safety_notices as sn
    from coach.services import help_lines
    from coach.services.safety.notices import word

    notices = [
        sn.Notice(
            sn.COMBINATION, ("medicines",), (("Xanax", "benzodiazepine"), ("Lyrica", "gabapentinoid")), True
        ),
        sn.Notice(sn.TOLERANCE, (sn.HALF, sn.PAUSE_ENDED, sn.NO_DOSES, sn.TAPER_END), days=4),
        sn.Notice(sn.NALOXONE, ("mme",), mme=135),
        sn.Notice(sn.TREATMENT, (sn.UNPLANNED_DOSES, sn.CRAVINGS), days=3),
    ]
    hits = []
    for code, _name in help_lines.countries():
        for notice in notices:
            text = word(notice, code).text()
            found = suggests_increase(text)
            if found or "extra dose" in text.lower() or "higher dose" in text.lower():
                hits.append(f"{notice.kind} ({code}): {found or text!r}")
    assert hits == []
