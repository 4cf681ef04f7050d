"""The Taper page: medicines, the dose log, the plan agreed with the prescriber, its timeline, and Learn.

The page records and explains; it never proposes a dose. Each tab lives in its own module; this one holds
the page's title, its safety cards and the tabs.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coach.domain.errors import CoachError
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.ui.changes import follow_changes
from coach.ui.learn.education_view import EducationView
from coach.ui.navigation import Navigator
from coach.ui.taper.dose_log_tab import DoseLogTab
from coach.ui.taper.medicines_tab import MedicinesTab
from coach.ui.taper.plan import PlanTab
from coach.ui.taper.timeline import TimelineTab
from coach.ui.widgets.common import named, text_label, title
from coach.ui.widgets.safety_cards import SafetyCardList
from coach.ui.widgets.section_tabs import SectionTabs

TABS: tuple[str, ...] = ("medicines", "doses", "plan", "timeline", "learn")


class TaperPage(QWidget):
    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        super().__init__()
        self.ctx = ctx
        self.nav = nav
        self.setObjectName("page_taper")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(title("Taper"))
        layout.addWidget(
            text_label(
                "What you and your prescriber agreed, and your own evidence along the way. "
                "A coaching tool, not medical advice: dose changes are always agreed with your prescriber.",
                role="muted",
            )
        )
        # Steps fold behind "What to do" here, so the tabs keep their room on a small screen.
        self.safety = SafetyCardList(lambda: self.nav.go("help"), folded=True, object_name="taperSafety")
        self.safety.layout_.setSpacing(6)
        layout.addWidget(self.safety)
        self.tabs = QTabWidget()
        named(self.tabs, "taperTabs", "Taper sections")
        self.medicines = MedicinesTab(ctx)
        self.doses = DoseLogTab(ctx)
        self.plan = PlanTab(ctx)
        self.timeline = TimelineTab(ctx)
        self.learn = EducationView(ctx, open_lesson=lambda lesson: nav.go("learn", lesson=lesson))
        for widget, label in (
            (self.medicines, "Medicines"),
            (self.doses, "Dose log"),
            (self.plan, "Plan"),
            (self.timeline, "Timeline"),
            (self.learn, "Learn: medicine and pain"),
        ):
            tab = self.tabs.addTab(_scrolling(widget), label)  # scrolls on a small screen, never squeezed
            if widget is self.learn:  # the clinical terms, for those who want them
                self.tabs.setTabToolTip(
                    tab,
                    "Tolerance, or opioid-induced hyperalgesia (OIH): when the medicine itself turns pain up",
                )
        self.sections = SectionTabs(self.tabs)  # names never hide behind scroll arrows
        layout.addWidget(self.sections, 1)
        follow_changes(
            self,
            ctx.bus,
            (Topic.MEDICATIONS, Topic.TAPER, Topic.CHECKINS, Topic.PROFILE),
            self.refresh_safety,
        )
        self.refresh_safety()

    def refresh_safety(self) -> None:
        """Show the overdose-risk and treatment cards that apply today."""
        from coach.services.safety.notices import safety_cards

        try:
            cards = safety_cards(self.ctx)
        except CoachError:
            cards = []  # a damaged content file must not take the page down; Help now has the essentials
        self.safety.show_cards(cards)

    def show_tab(self, key: str) -> None:
        if key in TABS:
            self.tabs.setCurrentIndex(TABS.index(key))

    def on_navigate(self, **kwargs: Any) -> None:
        tab = kwargs.get("tab")
        if isinstance(tab, str):
            self.show_tab(tab)


def create_page(ctx: AppContext, nav: Navigator) -> QWidget:
    return TaperPage(ctx, nav)


def _scrolling(inner: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setObjectName(f"{inner.objectName() or 'taperTab'}Scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(inner)
    return area
