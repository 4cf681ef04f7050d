"""Navigation: the pages of the left navigation in order, and how a page asks to show another page
without knowing the main window. Each page module defines `create_page(ctx, nav) -> QWidget`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


class Navigator(Protocol):
    def go(self, key: str, **kwargs: Any) -> None:
        """Show page `key`; the page's optional `on_navigate(**kwargs)` receives the arguments."""
        ...

    def start_exercise(self, exercise_id: str) -> None:
        """Open Practice and begin the session for `exercise_id`."""
        ...


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    module: str
    icon: str  # a line icon of resources/icons/nav (coach/ui/shell/icons.py), without ".svg"
    needs_opioids: bool = False
    # Whose navigation shows the page: "any", "patient" (practice, check-ins, the taper: a coach has no
    # use for them) or "coach" (the caseload, a coach's home).
    kind: str = "any"

    def shown_to(self, profile_kind: str) -> bool:
        return self.kind in ("any", profile_kind)


def home_key(profile_kind: str) -> str:
    """The page a profile opens on: a coach's caseload, a patient's Today."""
    return "caseload" if profile_kind == "coach" else "today"


PAGES: tuple[Page, ...] = (
    Page("today", "Today", "coach.ui.today.page", "house", kind="patient"),
    Page("practice", "Practice", "coach.ui.practice.page", "headphones", kind="patient"),
    Page("checkin", "Check-in", "coach.ui.checkins.page", "clipboard-text", kind="patient"),
    Page("taper", "Taper", "coach.ui.taper.page", "pill", needs_opioids=True, kind="patient"),
    Page("progress", "Progress", "coach.ui.progress.page", "chart-line-up", kind="patient"),
    Page("caseload", "Caseload", "coach.ui.exchange.coach_home", "users-three", kind="coach"),
    Page("programs", "Programs", "coach.ui.programs.page", "stack"),
    Page("learn", "Learn", "coach.ui.learn.page", "book-open"),
    Page("reminders", "Reminders", "coach.ui.reminders.page", "bell", kind="patient"),
    Page("help", "Help now", "coach.ui.help.page", "lifebuoy"),
)

COMING: dict[str, str] = {
    "practice": "Guided sessions with spoken audio: rate your pain, listen, and see what changed.",
    "checkin": "Weekly pain check-ins (PEG), how things are changing, and withdrawal check-ins.",
    "taper": "Your medicines, the taper steps agreed with your prescriber, and milestones.",
    "progress": "Charts of pain, practice and your taper, and a report for your clinician.",
    "programs": "Programs from your coach, and a builder for coaches.",
}
