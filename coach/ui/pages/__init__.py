"""The pages of the left navigation, in order. Each module defines `create_page(ctx, nav) -> QWidget`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    module: str
    icon: str  # a QStyle standard pixmap name, so the app needs no icon files to look right
    needs_opioids: bool = False


PAGES: tuple[Page, ...] = (
    Page("today", "Today", "coach.ui.pages.today", "SP_DirHomeIcon"),
    Page("practice", "Practice", "coach.ui.pages.practice", "SP_MediaPlay"),
    Page("checkin", "Check-in", "coach.ui.pages.checkin", "SP_DialogApplyButton"),
    Page("taper", "Taper", "coach.ui.pages.taper", "SP_ArrowDown", needs_opioids=True),
    Page("progress", "Progress", "coach.ui.pages.progress", "SP_FileDialogDetailedView"),
    Page("programs", "Programs", "coach.ui.pages.programs", "SP_FileDialogListView"),
    Page("help", "Help now", "coach.ui.pages.help_now", "SP_MessageBoxWarning"),
)

COMING: dict[str, str] = {
    "practice": "Guided sessions with spoken audio: rate your pain, listen, and see what changed.",
    "checkin": "Weekly pain check-ins (PEG), how things are changing, and withdrawal check-ins.",
    "taper": "Your medicines, the taper steps agreed with your prescriber, and milestones.",
    "progress": "Charts of pain, practice and your taper, and a report for your clinician.",
    "programs": "Programs from your coach, and a builder for coaches.",
}
