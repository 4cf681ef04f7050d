"""Words of the "What helps" chart for people: the report's column names made plain ("Likely range",
"Sessions"), and one category's change in a sentence ("pain -1.7 over 6 sessions; likely range ...")."""

from __future__ import annotations

from coach.domain.stats import MeanChange
from coach.domain.wording import count
from coach.services.progress.charts import MIN_INTERVAL_N, fmt_interval, fmt_signed


def plain_column(column: str) -> str:
    """The report's column names in the page's words: "95% interval" -> "Likely range", "n" -> sessions."""
    if "interval" in column:
        return "Likely range"
    if column.startswith("n ("):
        return "Sessions " + column[2:]
    return column


def shown_half_width(change: MeanChange) -> float | None:
    """Half the likely range when it is worth drawing (MIN_INTERVAL_N sessions or more), else None."""
    return change.half_width if change.n >= MIN_INTERVAL_N else None


def change_words(what: str, change: MeanChange) -> str:
    """`pain -1.7 over 6 sessions; likely range -2.8 to -0.6`, or how many sessions a range needs."""
    if not change.n:
        return f"{what}: no ratings yet"
    sessions = count(change.n, "session")
    text = f"{what} {fmt_signed(change.mean)} over {sessions}"
    if shown_half_width(change) is None:
        return text + f"; a likely range shows from {MIN_INTERVAL_N} sessions"
    return text + f"; likely range {fmt_interval(change)}"
