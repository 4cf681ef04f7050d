"""Safety cards as widgets: the overdose-risk and treatment notices Today and Taper show, one shared look.

Each card has a title, the plain-words explanation (the clinical term in its tooltip), what to do, a
helpline where there is one, a Help now button and its sources. On Taper a card is one line until
"What to do" opens it, so the tabs keep their room on a small screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from coach.ui.widgets.common import button, card, text_label

if TYPE_CHECKING:
    from coach.services.safety.notices import SafetyCard  # loaded with the first cards, after start-up


def card_widget(
    item: SafetyCard, on_help: Callable[[], object], folded: bool = False, parent: QWidget | None = None
) -> QFrame:
    """One card for `item`; `on_help()` opens Help now. With `folded`, the steps start hidden."""
    frame, box = card(f"safetyCard_{item.kind}", parent)
    frame.setAccessibleName(item.title)
    heading = text_label(item.title, role="subtitle", object_name=f"safetyTitle_{item.kind}")
    heading.setToolTip(item.tooltip)
    details = QWidget()
    details.setObjectName(f"safetySteps_{item.kind}")
    details_box = QVBoxLayout(details)
    details_box.setContentsMargins(0, 0, 0, 0)
    body = text_label(item.body, object_name=f"safetyBody_{item.kind}", plain=True)
    body.setToolTip(item.tooltip)
    details_box.addWidget(body)
    for index, step in enumerate(item.steps):
        details_box.addWidget(
            text_label(f"• {step}", object_name=f"safetyStep_{item.kind}_{index}", plain=True)
        )
    if item.helpline:
        line = text_label(item.helpline, role="subtitle", object_name=f"safetyHelpline_{item.kind}")
        from PySide6.QtCore import Qt  # not at import: Today imports this module before its first frame

        line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        details_box.addWidget(line)
    details_box.addWidget(text_label(f"Sources: {item.source}", role="muted"))
    help_button = button(
        "Help now", f"safetyHelp_{item.kind}", "Help now: crisis lines and what to do", "help"
    )
    help_button.clicked.connect(lambda _checked=False: on_help())
    row = QHBoxLayout()
    if folded:
        # One line per card until opened: the title, "What to do" and Help now side by side.
        toggle = button("What to do", f"safetyMore_{item.kind}", f"What to do: {item.title}")
        toggle.setCheckable(True)
        toggle.toggled.connect(details.setVisible)
        details.setVisible(False)
        box.setContentsMargins(14, 4, 14, 4)
        row.addWidget(heading, 1)
        row.addWidget(toggle)
        row.addWidget(help_button)
        box.addLayout(row)
        box.addWidget(details)
    else:
        box.addWidget(heading)
        box.addWidget(details)
        row.addWidget(help_button)
        row.addStretch(1)
        box.addLayout(row)
    return frame


class SafetyCardList(QWidget):
    """A column of safety cards, rebuilt by `show_cards`; hidden while there is nothing to say."""

    def __init__(self, on_help: Callable[[], object], folded: bool = False, object_name: str = "") -> None:
        super().__init__()
        self.setObjectName(object_name or "safetyCards")
        self.setAccessibleName("Safety notes")
        self.on_help = on_help
        self.folded = folded
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(10)
        self.kinds: list[str] = []
        self.setVisible(False)

    def show_cards(self, cards: Sequence[SafetyCard]) -> None:
        """Replace the cards shown with `cards` (in order)."""
        while self.layout_.count():
            item = self.layout_.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)  # gone from findChild at once, not only after deleteLater
                widget.deleteLater()
        for shown in cards:
            self.layout_.addWidget(card_widget(shown, self.on_help, self.folded, self))
        self.kinds = [c.kind for c in cards]
        self.setVisible(bool(cards))

    def card(self, kind: str) -> QFrame | None:
        """The card of `kind` now shown, or None."""
        found = self.findChild(QFrame, f"safetyCard_{kind}")
        return found if kind in self.kinds else None
