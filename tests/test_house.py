"""House rules a newcomer relies on: SQL only in coach/storage, features as folders, few loose modules."""

from __future__ import annotations

import re
from pathlib import Path

import coach

ROOT = Path(coach.__file__).parent
TESTS = Path(__file__).parent
FEATURES = ("practice", "checkins", "taper", "progress", "programs", "caseload", "reminders", "profiles")
# What reaching into the database looks like: a statement run, sqlite-utils table access, raw SQL text.
SQL = re.compile(
    r"\.(execute|executemany|executescript|query)\(|\bdb\[|\bdb\.table\(|\.insert_all\(|\.upsert\("
    r"|[\"'](select|insert|update|delete)\s+.*\b(from|into|set)\b",
    re.IGNORECASE,
)


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_sql_lives_only_in_storage() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in ROOT.rglob("*.py")
        if path.relative_to(ROOT).parts[0] != "storage"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if SQL.search(line) and not line.lstrip().startswith("#")
    ]
    assert offenders == [], "SQL outside coach/storage:\n" + "\n".join(offenders)


def test_features_are_folders_in_services_ui_and_tests() -> None:
    for feature in FEATURES:
        assert (ROOT / "services" / feature / "__init__.py").is_file(), f"services/{feature}"
        assert (ROOT / "ui" / feature / "__init__.py").is_file(), f"ui/{feature}"
    for feature in ("practice", "progress", "programs", "profiles"):
        assert (TESTS / "services" / feature).is_dir(), f"tests/services/{feature}"
    for feature in ("practice", "progress", "programs", "reminders", "taper"):
        assert (TESTS / "gui" / feature).is_dir(), f"tests/gui/{feature}"


def test_few_loose_modules_at_the_top_of_services_and_ui() -> None:
    loose_services = [p.name for p in (ROOT / "services").glob("*.py") if p.name != "__init__.py"]
    loose_ui = [p.name for p in (ROOT / "ui").glob("*.py") if p.name != "__init__.py"]
    assert len(loose_services) <= 8, loose_services
    assert len(loose_ui) <= 10, loose_ui


def test_every_module_says_what_it_owns() -> None:
    missing = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if not path.read_text(encoding="utf-8").lstrip().startswith(('"""', 'r"""'))
    ]
    assert missing == []
