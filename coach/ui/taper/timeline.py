"""The Timeline tab of the Taper page: the plan on one line of dates, done, now, upcoming or held by a pause."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from coach.domain import taper as rules
from coach.domain.wording import day_text
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.taper.overview import timeline
from coach.services.taper.plans import TaperService
from coach.ui.changes import follow_changes
from coach.ui.taper.plan_words import plan_title
from coach.ui.widgets.common import named, text_label

STATE_MARKS = {"done": "✓", "now": "●", "upcoming": "○", "held": "‖", "draft": "◇"}


class TimelineTab(QWidget):
    """The plan on one line of dates, newest at the bottom: done, now, upcoming, or held by a pause."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service = TaperService(ctx)
        layout = QVBoxLayout(self)
        self.heading = text_label("", role="subtitle", object_name="timelineHeading")
        layout.addWidget(self.heading)
        self.list = QListWidget()
        named(self.list, "timelineList", "Taper timeline")
        self.list.setWordWrap(True)  # long lines wrap: the list never scrolls sideways
        layout.addWidget(self.list, 1)
        layout.addWidget(
            text_label(
                "✓ done   ● now   ○ coming up   ‖ waiting while paused   ◇ a draft's step (not taken)",
                role="muted",
                object_name="timelineKey",
            )
        )
        follow_changes(self, ctx.bus, {Topic.TAPER}, self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        plan = self.service.active_plan()
        if plan is None:
            drafts = [p for p in self.service.plans() if p.is_draft]
            plan = drafts[0] if drafts else None
        if plan is None:
            self.heading.setText("Your timeline appears here once a plan is entered.")
            return
        self.heading.setText(plan_title(plan) + (f" ({rules.DRAFT_LABEL})" if plan.is_draft else ""))
        for entry in timeline(self.ctx, plan.id):
            text = f"{STATE_MARKS.get(entry.state, ' ')}  {day_text(entry.day)}   {entry.title}"
            if entry.detail:
                text += f"  ·  {entry.detail}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, entry.kind)
            if entry.kind in ("today", "milestone"):
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.list.addItem(item)
            if entry.kind == "today":
                self.list.setCurrentItem(item)
