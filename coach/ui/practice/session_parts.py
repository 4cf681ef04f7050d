"""Pieces of the session screens: the rating questions, the after-screen's reminder of the ratings before,
the result's kind words and note on what was played, and layout helpers."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from coach.domain.wording import about_minutes
from coach.services.practice.sessions import SessionOutcome
from coach.ui.widgets.common import title

PAIN_QUESTION = "How strong is your pain right now?"
DISTRESS_QUESTION = "How upset, worried or tense do you feel?"
PAIN_ENDS = ("0  no pain", "10  as bad as you can imagine")
DISTRESS_ENDS = ("0  calm", "10  extremely upset")


def before_line(pain: int | None, distress: int | None) -> str:
    """The after-screen's reminder of the ratings (0-10) given before the session, in plain words, so the
    person can compare: "You rated your pain 6 before the session. How is it now?"."""
    upset = "how upset, worried or tense you felt"
    if pain is not None and distress is not None:
        return (
            f"Before the session you rated your pain {pain} and {upset} {distress}, out of 10. "
            "How are they now?"
        )
    if pain is not None:
        return f"You rated your pain {pain} before the session. How is it now?"
    if distress is not None:
        return f"You rated {upset} {distress} before the session. How is it now?"
    return "Rate again, just as you are now."


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


def saved_note(done: bool, played_s: float) -> str:
    """The result screen's line on what was played: "all the way through" only when the session counts
    as done by the share really played (skipped stretches are not played; see
    coach.domain.session_done), else how much was played (`played_s` seconds), so a partial session
    says so and still counts."""
    if done:
        heard = "You listened all the way through."
    else:
        heard = f"You did {about_minutes(played_s)} of it - every bit counts."
    return f"Saved. {heard} Your sessions add up on the Progress page."


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
