"""The Learn course's lessons: every file valid against its schema and sourced, readable by a tired person
(grade 8 or lower), safe about medicines, covering the topics the course promises, each with a reflection
and an exercise that exists."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import textstat

from coach.domain.errors import CoachError
from coach.domain.lesson import estimated_minutes
from coach.resources import resources_dir
from coach.services.learn import lessons
from coach.services.practice.library import ExerciseLibrary
from tests.services.learn.test_education_content import suggests_increase

MAX_GRADE = 8.0
ALL = lessons.lessons()


def test_the_course_has_at_least_fourteen_lessons_in_order() -> None:
    assert len(ALL) >= 14
    orders = [lesson.order for lesson in ALL]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)
    assert {p.stem for p in (resources_dir() / "lessons").glob("*.json")} == set(lessons.lesson_ids())


@pytest.mark.parametrize(
    ("topic", "words"),
    [
        ("how pain works", ["alarm", "central sensitization"]),
        ("OIH versus tolerance", ["tolerance", "opioid-induced hyperalgesia"]),
        ("the escalation trap", ["escalation trap"]),
        ("tapering and withdrawal", ["taper", "withdrawal", "first week"]),
        ("pacing", ["pacing"]),
        ("sleep", ["sleep"]),
        ("stress and emotions", ["stress", "feelings"]),
        ("the pain-fear cycle", ["fear", "somatic tracking"]),
        ("evidence of safety", ["evidence"]),
        ("the flare plan", ["flare plan"]),
        ("talking with the prescriber", ["preparation sheet"]),
        ("overdose safety", ["naloxone", "benzodiazepines", "alcohol", "tolerance"]),
        ("support and treatment", ["peer", "buprenorphine", "opioid use disorder"]),
        ("other options", ["physiotherapy", "cbt", "ibuprofen", "acetaminophen", "seizures"]),
    ],
)
def test_a_lesson_covers_each_promised_topic(topic: str, words: list[str]) -> None:
    matching = [lesson.id for lesson in ALL if all(w in lesson.text.lower() for w in words)]
    assert matching, f"no lesson covers {topic}"


@pytest.mark.parametrize("lesson", ALL, ids=lambda lesson: lesson.id)
def test_every_lesson_reads_at_grade_eight_or_lower(lesson: lessons.Lesson) -> None:
    # Whole lesson, and each page, so one hard page cannot hide inside an easy lesson.
    assert textstat.flesch_kincaid_grade(lesson.text) <= MAX_GRADE
    for page in lesson.pages:
        assert textstat.flesch_kincaid_grade(" ".join(page.paragraphs)) <= MAX_GRADE, page.title


@pytest.mark.parametrize("lesson", ALL, ids=lambda lesson: lesson.id)
def test_every_lesson_is_sourced_and_points_medicine_questions_to_the_prescriber(
    lesson: lessons.Lesson,
) -> None:
    assert lesson.sources and all(re.search(r"(19|20)\d\d|\.gov", s) for s in lesson.sources), lesson.sources
    text = lesson.text.lower()
    if re.search(r"\b(dose|doses|medicine|medicines|opioids?)\b", text):
        assert "prescriber" in text
    for line in lesson.text.splitlines():
        assert suggests_increase(line) is None, line


@pytest.mark.parametrize("lesson", ALL, ids=lambda lesson: lesson.id)
def test_every_lesson_has_a_kind_reflection_and_an_exercise_that_exists(lesson: lessons.Lesson) -> None:
    assert len(lesson.reflection.answers) >= 2
    assert all(answer.feedback.strip() for answer in lesson.reflection.answers)
    for unkind in ("that is wrong", "incorrect", "you should have", "you failed", "your fault"):
        assert all(unkind not in a.feedback.lower() for a in lesson.reflection.answers)
    assert ExerciseLibrary().get(lesson.try_this).id == lesson.try_this


@pytest.mark.parametrize("lesson", ALL, ids=lambda lesson: lesson.id)
def test_every_lesson_says_honestly_how_long_it_takes(lesson: lessons.Lesson) -> None:
    # Words at an unhurried pace, the pauses when read aloud, and a minute for the question.
    assert 3 <= lesson.minutes <= 6
    assert abs(lesson.minutes - estimated_minutes(lesson)) <= 0.75


def test_the_course_cites_the_guidelines_and_trials_it_builds_on() -> None:
    every = " ".join(lesson.source for lesson in ALL)
    for citation in (
        "CDC Clinical Practice Guideline",
        "HHS Guide",
        "JAMA Psychiatry 2022",
        "PEG",
        "Naloxone",
    ):
        assert citation in every


def test_the_prescriber_lesson_has_a_printable_sheet() -> None:
    sheet = lessons.get_lesson(lessons.PRESCRIBER_LESSON).prep_sheet
    assert sheet is not None and len(sheet.prompts) >= 5
    assert any("question" in p.lower() for p in sheet.prompts)


def test_a_broken_lesson_names_the_file_and_field(tmp_path: Path) -> None:
    data = json.loads((resources_dir() / "lessons" / "how-pain-works.json").read_text(encoding="utf-8"))
    del data["sources"]
    bad = tmp_path / "how-pain-works.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(lessons.LessonError, match=r"how-pain-works\.json: .*'sources' is a required"):
        lessons.load_lesson_file(bad)
    data["sources"] = ["x"]
    data["minutes"] = 12
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(lessons.LessonError, match=r"how-pain-works\.json: minutes: 12 is greater than"):
        lessons.load_lesson_file(bad)


def test_an_unknown_lesson_is_a_plain_error() -> None:
    with pytest.raises(lessons.LessonError, match="no lesson called 'nope'"):
        lessons.get_lesson("nope")


def test_the_readability_bound_would_catch_dense_clinical_prose() -> None:
    dense = (
        "Opioid-induced hyperalgesia constitutes a paradoxical nociceptive sensitization consequent upon "
        "prolonged administration of opioid analgesics, necessitating individualized pharmacological "
        "reconsideration in collaboration with interdisciplinary practitioners."
    )
    assert textstat.flesch_kincaid_grade(dense) > MAX_GRADE


def test_the_preparation_sheet_prints_on_one_page_with_every_prompt(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from coach.services.learn.prep_sheet import prep_sheet_text, write_prep_sheet

    sheet = lessons.get_lesson(lessons.PRESCRIBER_LESSON).prep_sheet
    assert sheet is not None
    pdf = PdfReader(write_prep_sheet(tmp_path / "visit.pdf"))
    assert len(pdf.pages) == 1
    text = " ".join(pdf.pages[0].extract_text().split())
    for prompt in sheet.prompts:
        assert " ".join(prompt.split()) in text
    assert "agreed with your prescriber" in text
    plain = prep_sheet_text()
    assert plain.startswith(sheet.title) and all(p in plain for p in sheet.prompts)


def test_a_lesson_without_a_sheet_says_so() -> None:
    from coach.services.learn.prep_sheet import write_prep_sheet

    with pytest.raises(CoachError, match="has no preparation sheet"):
        write_prep_sheet(Path("unused.pdf"), "how-pain-works")
