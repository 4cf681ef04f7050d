"""Help now: emergency number, crisis line for the chosen country, and what to do about an overdose."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QScrollArea, QWidget

from coach.services import help_lines
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.profiles.preferences import set_country
from coach.ui.changes import follow_changes
from coach.ui.navigation import Navigator
from coach.ui.widgets.common import card, plain_label, scroll_page, text_label, title


class HelpNowPage(QScrollArea):
    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        super().__init__()
        self.ctx = ctx
        layout = scroll_page(self, "page_help")
        layout.addWidget(title("Get help now"))
        layout.addWidget(
            text_label(
                "If you are in danger, thinking about ending your life, or someone may have overdosed, "
                "reach out now. You do not have to be sure it is an emergency.",
                object_name="helpIntro",
            )
        )

        row = QHBoxLayout()
        row.addWidget(plain_label("Country:"))
        self.country = QComboBox()
        self.country.setObjectName("helpCountry")
        self.country.setAccessibleName("Country for help numbers")
        for code, name in help_lines.countries():
            self.country.addItem(name, code)
        row.addWidget(self.country)
        row.addStretch(1)
        layout.addLayout(row)

        frame, box = card("emergencyCard")
        self.emergency = text_label("", role="subtitle", object_name="emergencyNumber")
        self.emergency.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.crisis = text_label("", role="subtitle", object_name="crisisLine")
        self.crisis.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.extra = text_label("", object_name="extraLines")
        for w in (self.emergency, self.crisis, self.extra):
            box.addWidget(w)
        layout.addWidget(frame)

        frame, box = card("overdoseCard")
        box.addWidget(text_label("If someone may have overdosed on opioids", role="subtitle"))
        for i, step in enumerate(help_lines.overdose_steps(), start=1):
            box.addWidget(text_label(f"{i}. {step}", object_name=f"overdoseStep{i}"))
        layout.addWidget(frame)

        frame, box = card("keepSafeCard")
        box.addWidget(text_label("Staying safe", role="subtitle"))
        for tip in help_lines.keep_safe_tips():
            box.addWidget(text_label(f"• {tip}"))
        layout.addWidget(frame)

        layout.addWidget(
            text_label(
                "Pain Recovery Coach is a coaching tool, not medical advice. Numbers last reviewed "
                f"November 2026. Sources: {help_lines.source()}",
                role="muted",
                object_name="helpSources",
            )
        )
        layout.addStretch(1)
        self._load_country()
        self.country.currentIndexChanged.connect(self._country_chosen)
        follow_changes(self, ctx.bus, (Topic.PROFILE,), self._load_country)

    def _load_country(self) -> None:
        code = self.ctx.store.profile().country
        index = self.country.findData(code)
        self.country.blockSignals(True)
        self.country.setCurrentIndex(index if index >= 0 else self.country.findData("OTHER"))
        self.country.blockSignals(False)
        self._show(self.country.currentData())

    def _country_chosen(self) -> None:
        code = str(self.country.currentData())
        set_country(self.ctx, code)
        self._show(code)

    def _show(self, code: str) -> None:
        lines = help_lines.lines_for(code)
        self.emergency.setText(f"Emergency: call {lines.emergency}")
        self.crisis.setText(f"Crisis support: {lines.crisis_name}: {lines.crisis}")
        self.extra.setText(lines.extra)
        self.extra.setVisible(bool(lines.extra))

    def on_navigate(self, **kwargs: Any) -> None:
        self._load_country()


def create_page(ctx: AppContext, nav: Navigator) -> QWidget:
    return HelpNowPage(ctx, nav)
