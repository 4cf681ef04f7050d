"""Pieces of the session screens: the rating questions, the result's kind words, and layout helpers."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from coach.services.practice.sessions import SessionOutcome
from coach.ui.widgets.common import title

PAIN_QUESTION = "How strong is your pain right now?"
DISTRESS_QUESTION = "How upset, worried or tense do you feel?"
PAIN_ENDS = ("0  no pain", "10  as bad as you can imagine")
DISTRESS_ENDS = ("0  calm", "10  extremely upset")


def encouragement(outcome: SessionOutcome) -> str:
    """A kind sentence for the result screen; never a judgement of how well the person did."""
    changes = [c for c in (outcome.pain_change, outcome.distress_change) if c is not None]
    if not changes:
        return "Well done for making time to practise. That is the part that matters."
    if any(c < 0 for c in changes) and all(c <= 0 for c in changes):
        return "Something eased. It is worth noticing: your nervous system can turn the volume down."
    if any(c > 0 for c in changes):
        return (
            "It went up this time. Pain rises and falls, and a rise during practice is common. Be gentle "
            "with yourself; the short flare practice and Help now are always there if it keeps climbing."
        )
    return "No change this time, and that is fine. The benefit builds over weeks of practice, not in one go."


def scroll(body: QWidget, name: str) -> QScrollArea:
    area = QScrollArea()
    area.setObjectName(name)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(body)
    return area


def page_title(text: str, name: str) -> QLabel:
    label = title(text, name)
    label.setWordWrap(True)
    label.setIndent(0)  # a style-sheet padding otherwise gives a title a stray indent
    return label


def column(margins: int = 28) -> tuple[QWidget, QVBoxLayout]:
    body = QWidget()
    layout = QVBoxLayout(body)
    layout.setContentsMargins(margins, 20, margins, 20)
    layout.setSpacing(14)
    return body, layout
