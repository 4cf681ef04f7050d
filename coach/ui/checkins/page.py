"""The Check-in page: its four tabs (weekly pain check, change this month, withdrawal, mood), what is due,
and going to a tab when another page asks.

Each form is its own module (peg, pgic, withdrawal, mood), joined here into one page. Safety first: PHQ-9
item 9 above 0 shows the crisis lines at once, in the form (coach.ui.checkins.mood); a high or rising
withdrawal total shows the "talk with your prescriber" card with the data to bring
(coach.ui.checkins.withdrawal).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QScrollArea, QTabWidget, QVBoxLayout, QWidget

from coach.services.changes import Topic
from coach.services.checkins.service import KIND_TERMS, CheckinService
from coach.services.context import AppContext
from coach.ui.changes import follow_changes
from coach.ui.checkins.mood import MoodForm
from coach.ui.checkins.peg import PegForm
from coach.ui.checkins.pgic import PgicForm
from coach.ui.checkins.withdrawal import WithdrawalForm
from coach.ui.navigation import Navigator
from coach.ui.widgets.common import named, text_label, title
from coach.ui.widgets.section_tabs import SectionTabs

TABS: tuple[str, ...] = ("peg", "pgic", "withdrawal", "mood")


def _scrolling(inner: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(inner)
    return area


class CheckinPage(QWidget, PegForm, PgicForm, WithdrawalForm, MoodForm):
    """The page: a title, what is due now, and one tab per form, each scrolling on its own."""

    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        super().__init__()
        self.ctx = ctx
        self.nav = nav
        self.service = CheckinService(ctx)
        self.setObjectName("page_checkin")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(title("Check-in"))
        self.due = text_label("", object_name="checkinDue")
        layout.addWidget(self.due)
        self.tabs = QTabWidget()
        named(self.tabs, "checkinTabs", "Check-in sections")
        self.tabs.addTab(_scrolling(self._peg_tab()), "Weekly pain check")
        self.tabs.setTabToolTip(0, KIND_TERMS["peg"])
        self.tabs.addTab(_scrolling(self._pgic_tab()), "Change this month")
        self.tabs.setTabToolTip(1, KIND_TERMS["pgic"])
        self.withdrawal_scroll = _scrolling(self._withdrawal_tab())
        self.tabs.addTab(self.withdrawal_scroll, "Withdrawal")
        self.tabs.addTab(_scrolling(self._mood_tab()), "Mood (optional)")
        self.tabs.setTabToolTip(3, f"{KIND_TERMS['phq9']}\n{KIND_TERMS['gad7']}")
        self.sections = SectionTabs(self.tabs)  # names never hide behind scroll arrows
        layout.addWidget(self.sections, 1)
        follow_changes(
            self, ctx.bus, {Topic.CHECKINS, Topic.WITHDRAWAL, Topic.TAPER, Topic.PROFILE}, self.refresh_due
        )
        self.refresh_due()

    def refresh_due(self) -> None:
        """Say what is due now (and why), and whether the withdrawal check-in is in its daily week."""
        self.alcohol.setVisible(self.ctx.store.profile().takes_opioids)
        due = self.service.due()
        self.due.setToolTip("\n".join(KIND_TERMS[d.kind] for d in due if d.kind in KIND_TERMS))
        if due:
            self.due.setText("Due now: " + "; ".join(f"{d.label} ({d.reason})" for d in due) + ".")
        else:
            self.due.setText("Nothing is due right now. You can still check in whenever you like.")
        week = next((d for d in due if d.kind == "withdrawal"), None)
        self.withdrawal_when.setText(
            f"Daily in the first week of each taper step: today is {week.reason}."
            if week
            else "Useful daily in the first week of each taper step, and any time you feel unwell."
        )

    def show_tab(self, key: str) -> None:
        """Show the tab for `key` (one of TABS); any other key leaves the page as it is."""
        if key in TABS:
            self.tabs.setCurrentIndex(TABS.index(key))

    def on_navigate(self, **kwargs: Any) -> None:
        tab = kwargs.get("tab") or kwargs.get("kind")
        if isinstance(tab, str):
            self.show_tab(tab)
        self.refresh_due()


def create_page(ctx: AppContext, nav: Navigator) -> QWidget:
    return CheckinPage(ctx, nav)
