"""Crisis and emergency numbers by country, read from resources/help/crisis_lines.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from coach.resources import resource_path


@dataclass(frozen=True)
class HelpLines:
    code: str
    country: str
    emergency: str
    crisis_name: str
    crisis: str
    extra: str


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    with resource_path("help", "crisis_lines.json").open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def countries() -> list[tuple[str, str]]:
    """(code, name) pairs for the country setting, the catch-all last."""
    items = [(code, c["name"]) for code, c in _data()["countries"].items()]
    return sorted(items, key=lambda item: (item[0] == "OTHER", item[1]))


def lines_for(country: str) -> HelpLines:
    table = _data()["countries"]
    code = country if country in table else "OTHER"
    c = table[code]
    return HelpLines(code, c["name"], c["emergency"], c["crisis_name"], c["crisis"], c["extra"])


def treatment_line(country: str) -> str:
    """The national line for help finding treatment (e.g. US SAMHSA 1-800-662-4357); "" where none is known."""
    table = _data()["countries"]
    return str(table.get(country, table["OTHER"]).get("treatment", ""))


def overdose_steps() -> list[str]:
    return list(_data()["overdose"])


def keep_safe_tips() -> list[str]:
    return list(_data()["keep_safe"])


def source() -> str:
    return str(_data()["source"])
