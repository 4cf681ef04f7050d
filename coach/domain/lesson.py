"""The lesson model: one lesson of the Learn course (pages, sources, a reflection, an exercise to try) and
the spoken script it becomes when read aloud."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from coach.domain.exercise import Exercise, Step

# Read aloud, a lesson pauses briefly between paragraphs and a little longer between pages, so a tired
# listener can take each idea in before the next one starts.
PARAGRAPH_PAUSE_S = 1.5
PAGE_PAUSE_S = 2.5
LESSON_CATEGORY = "lesson"
# A lesson's stated length: its words at an unhurried reading (or listening) pace, its pauses, and a
# minute to think about the question at the end.
WORDS_PER_MINUTE = 130
REFLECTION_MINUTES = 1.0


@dataclass(frozen=True)
class LessonPage:
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Answer:
    text: str
    feedback: str


@dataclass(frozen=True)
class Reflection:
    question: str
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class PrepSheet:
    """A one-page sheet to print before an appointment: a heading and prompts with room to write."""

    title: str
    prompts: tuple[str, ...]


@dataclass(frozen=True)
class Lesson:
    """One lesson. `minutes` is about how long it takes to read or hear (3-6); `try_this` is an exercise
    id from resources/exercises; `sources` are citations a clinician can look up."""

    id: str
    title: str
    order: int
    minutes: int
    summary: str
    pages: tuple[LessonPage, ...]
    sources: tuple[str, ...]
    reflection: Reflection
    try_this: str
    prep_sheet: PrepSheet | None = None

    @property
    def source(self) -> str:
        """All sources on one line, for lists and the command line."""
        return " ".join(self.sources)

    @property
    def text(self) -> str:
        """Every sentence the person reads, page titles included, as one plain text."""
        parts = [self.title, self.summary]
        for page in self.pages:
            parts.append(page.title)
            parts.extend(page.paragraphs)
        parts.append(self.reflection.question)
        for answer in self.reflection.answers:
            parts.extend((answer.text, answer.feedback))
        if self.prep_sheet is not None:
            parts.append(self.prep_sheet.title)
            parts.extend(self.prep_sheet.prompts)
        return "\n".join(parts)


def estimated_minutes(lesson: Lesson) -> float:
    """About how long the lesson takes, in minutes: its pages read or heard at WORDS_PER_MINUTE, the
    pauses of its spoken script, and REFLECTION_MINUTES for the question."""
    words = sum(len(paragraph.split()) for page in lesson.pages for paragraph in page.paragraphs)
    pauses = sum(step.seconds for step in lesson_script(lesson) if step.kind == "pause")
    return words / WORDS_PER_MINUTE + pauses / 60 + REFLECTION_MINUTES


def lesson_from_dict(data: Mapping[str, Any]) -> Lesson:
    """Build a Lesson from data already checked against lesson.schema.json."""
    sheet = data.get("prep_sheet")
    return Lesson(
        id=str(data["id"]),
        title=str(data["title"]),
        order=int(data["order"]),
        minutes=int(data["minutes"]),
        summary=str(data["summary"]),
        pages=tuple(
            LessonPage(str(p["title"]), tuple(str(x) for x in p["paragraphs"])) for p in data["pages"]
        ),
        sources=tuple(str(s) for s in data["sources"]),
        reflection=Reflection(
            question=str(data["reflection"]["question"]),
            answers=tuple(Answer(str(a["text"]), str(a["feedback"])) for a in data["reflection"]["answers"]),
        ),
        try_this=str(data["try_this"]),
        prep_sheet=PrepSheet(str(sheet["title"]), tuple(str(p) for p in sheet["prompts"])) if sheet else None,
    )


def lesson_script(lesson: Lesson) -> tuple[Step, ...]:
    """The lesson as speak steps with short pauses: the title, then each page's title and paragraphs, then
    the reflection question (its answers are for reading, not for listening)."""
    steps: list[Step] = [Step("speak", text=f"{lesson.title}."), Step("pause", seconds=PARAGRAPH_PAUSE_S)]
    for index, page in enumerate(lesson.pages):
        if index:
            steps.append(Step("pause", seconds=PAGE_PAUSE_S))
        steps.append(Step("speak", text=f"{page.title}."))
        for paragraph in page.paragraphs:
            steps.append(Step("pause", seconds=PARAGRAPH_PAUSE_S))
            steps.append(Step("speak", text=paragraph))
    steps.append(Step("pause", seconds=PAGE_PAUSE_S))
    steps.append(Step("speak", text=f"A question to think about. {lesson.reflection.question}"))
    return tuple(steps)


def lesson_as_exercise(lesson: Lesson) -> Exercise:
    """The lesson in the shape the audio pipeline and the player take: its script, its title, its length.
    The exercise id is the lesson id, so the audio cache keeps lessons apart from each other."""
    return Exercise(
        id=lesson.id,
        title=lesson.title,
        category=LESSON_CATEGORY,
        minutes=float(lesson.minutes),
        purpose=lesson.summary,
        when_to_use="Any time you want to understand your pain a little better.",
        source=lesson.source,
        steps=lesson_script(lesson),
        builtin=True,
    )
