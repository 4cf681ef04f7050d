"""Education modules (resources/education/*.json): loaded, validated by their schema, and the self-check read.

The self-check only sorts answers into a pattern and returns the module's own text for it; every result
ends with the module's reminder to talk it over with the prescriber.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from coach.domain.errors import CoachError
from coach.resources import resource_path
from coach.services.content_files import read_content_file

OIH_MODULE = "oih-vs-tolerance"
FLARE_REMINDER = "flare-reminder"


class EducationError(CoachError):
    """A content file that does not match the education schema; the message names the file and field."""


@dataclass(frozen=True)
class Page:
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    pattern: str  # "oih" or "tolerance"


@dataclass(frozen=True)
class SelfCheck:
    title: str
    intro: str
    questions: tuple[Question, ...]
    results: dict[str, tuple[str, str]]  # result key -> (title, text)
    always: str


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    summary: str
    source: str
    pages: tuple[Page, ...]
    self_check: SelfCheck | None


@dataclass(frozen=True)
class SelfCheckResult:
    key: str  # several_oih, some_oih, tolerance_like, none
    title: str
    text: str
    always: str
    oih_signs: tuple[str, ...]  # the questions answered yes that point to OIH


@cache
def _validator() -> Draft202012Validator:
    schema = json.loads(resource_path("schemas", "education.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def validate_module_data(data: object, origin: str) -> dict[str, Any]:
    error = best_match(_validator().iter_errors(data))
    if error is not None:
        where = ".".join(str(p) for p in error.absolute_path) or "(top level)"
        raise EducationError(f"{origin}: {where}: {error.message}")
    assert isinstance(data, dict)
    return data


def _module_from(data: dict[str, Any]) -> Module:
    check = data.get("self_check")
    self_check = None
    if check is not None:
        self_check = SelfCheck(
            title=check["title"],
            intro=check["intro"],
            questions=tuple(Question(q["id"], q["text"], q["pattern"]) for q in check["questions"]),
            results={key: (r["title"], r["text"]) for key, r in check["results"].items()},
            always=check["always"],
        )
    return Module(
        id=data["id"],
        title=data["title"],
        summary=data["summary"],
        source=data["source"],
        pages=tuple(Page(p["title"], tuple(p["paragraphs"])) for p in data["pages"]),
        self_check=self_check,
    )


def load_module_file(path: Path) -> Module:
    return _module_from(read_content_file(path, validate_module_data, EducationError))


def education_dir() -> Path:
    return resource_path("education")


@cache
def _all_modules() -> dict[str, Module]:
    return {m.id: m for m in (load_module_file(p) for p in sorted(education_dir().glob("*.json")))}


def modules() -> list[Module]:
    return list(_all_modules().values())


def get_module(module_id: str) -> Module:
    try:
        return _all_modules()[module_id]
    except KeyError:
        raise CoachError(f"no education module called {module_id!r}") from None


def evaluate_self_check(check: SelfCheck, answers: Mapping[str, bool | None]) -> SelfCheckResult:
    """Sort yes answers into a pattern: two or more OIH signs, one, a tolerance-like picture, or neither.
    Unanswered questions count as no."""
    unknown = set(answers) - {q.id for q in check.questions}
    if unknown:
        raise CoachError(f"unknown self-check question {sorted(unknown)[0]!r}")
    oih = tuple(q.text for q in check.questions if q.pattern == "oih" and answers.get(q.id))
    tolerance = any(answers.get(q.id) for q in check.questions if q.pattern == "tolerance")
    if len(oih) >= 2:
        key = "several_oih"
    elif len(oih) == 1:
        key = "some_oih"
    elif tolerance:
        key = "tolerance_like"
    else:
        key = "none"
    title, text = check.results[key]
    return SelfCheckResult(key, title, text, check.always, oih)
