"""No "(s)" plurals in anything a person reads (issue 13): "2 time(s)", "1 check-ins" and "day(s)" are the
app not bothering; coach/domain/wording.py `count` and `times` say it right. Scans every string literal in
coach/ (docstrings aside, they are for developers)."""

from __future__ import annotations

import ast
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
