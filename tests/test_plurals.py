"""No "(s)" plurals in anything a person reads (issue 13): "2 time(s)", "1 check-ins" and "day(s)" are the
app not bothering; coach/domain/wording.py `count` and `times` say it right. Scans every string literal in
coach/ (docstrings aside, they are for developers)."""

from __future__ import annotations

import ast
import itertools
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "coach"
LAZY_PLURAL = re.compile(r"[A-Za-z]\(s\)")


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def test_no_string_in_the_app_writes_a_lazy_plural() -> None:
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in skip
                and LAZY_PLURAL.search(node.value)
            ):
                where = f"{path.relative_to(ROOT.parent)}:{node.lineno}"
                offenders.append(f"{where}: {node.value.strip()[:60]}")
    assert offenders == [], "use coach.domain.wording.count/times:\n" + "\n".join(offenders)


FIXED_PLURAL = re.compile(
    r"^ (check-ins|minutes|sessions|days|times|weeks|doses|steps|patients|files|lessons|exercises|hours)\b"
)


# Not counts: a questionnaire's name ("No PEG check-ins yet"), a list of numbers, the wording helper's own
# "3 times" (1 and 2 are worded first), a dose frequency like "1.5 times a day", a bundle over its limit.
NOT_COUNTS = {
    "coach/cli/checkins.py",
    "coach/services/reminders/delivery.py",
    "coach/domain/wording.py",
    "coach/services/progress/clinical.py",
    "coach/storage/safezip.py",
}


def _never_one(expression: ast.expr, before: ast.expr | None) -> bool:
    """A limit (MAX_WEEKS, limits.entries) is never 1, and "3 of 14 lessons" counts the whole, not the part."""
    name = expression.attr if isinstance(expression, ast.Attribute) else getattr(expression, "id", "")
    if name.isupper() or name in {"entries", "total", "lessons_total", "days_in_period"}:
        return True
    return isinstance(before, ast.Constant) and str(before.value).endswith(" of ")


def test_no_counted_noun_is_always_plural() -> None:
    """A number written into a text and followed by a plural noun reads "1 check-ins" and "1 minutes"
    when the number is 1 (a trial's clinician report): count() gives "1 check-in". Flags an f-string
    whose value is followed straight by " check-ins", " minutes" ... unless the value is already worded."""
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            parts = node.values
            for i, (value, after) in enumerate(itertools.pairwise(parts)):
                before = parts[i - 1] if i else None
                if (
                    isinstance(value, ast.FormattedValue)
                    and not _never_one(value.value, before)
                    and isinstance(after, ast.Constant)
                    and isinstance(after.value, str)
                    and FIXED_PLURAL.search(after.value)
                ):
                    if str(path.relative_to(ROOT.parent)) in NOT_COUNTS:
                        continue
                    where = f"{path.relative_to(ROOT.parent)}:{node.lineno}"
                    offenders.append(f"{where}: {ast.unparse(node)[:70]}")
    assert offenders == [], "use coach.domain.wording.count:\n" + "\n".join(offenders)
