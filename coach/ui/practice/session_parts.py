"""Pieces of the session screens: the rating questions, the after-screen's reminder of the ratings before,
the result's kind words and note on what was played, layout helpers, and the keyboard rule for a group of
chips (one Tab stop, arrows inside)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QLabel, QVBoxLayout, QWidget

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


_STEPS = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}
_ROWS = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}


def _below_or_above(
    chips: Sequence[QAbstractButton], chip: QAbstractButton, step: int
) -> QAbstractButton | None:
    """The chip in the next row down (`step` 1) or up (-1) whose middle is nearest `chip`'s, as laid out
    now (rows wrap with the width, so the row is read from the chips' places, not a fixed grid)."""
    here = chip.geometry()
    rows = [
        c
        for c in chips
        if (c.geometry().top() > here.bottom() if step > 0 else c.geometry().bottom() < here.top())
    ]
    if not rows:
        return None
    row_top = min(c.geometry().top() for c in rows) if step > 0 else max(c.geometry().top() for c in rows)
    row = [c for c in rows if c.geometry().top() == row_top]
    return min(row, key=lambda c: abs(c.geometry().center().x() - here.center().x()))


class _ChipKeys(QObject):
    """One Tab stop for a group of chips (a roving stop: the chip last moved to), arrows move inside it
    (Left/Right in reading order, Up/Down to the chip above or below as laid out) and Space toggles the
    chip, as in a native toolbar of toggles."""

    def __init__(self, chips: Sequence[QAbstractButton], parent: QObject) -> None:
        super().__init__(parent)
        self.chips = list(chips)
        for chip in self.chips:
            chip.installEventFilter(self)
        self.make_stop(self.chips[0])

    def make_stop(self, stop: QAbstractButton) -> None:
        for chip in self.chips:
            chip.setFocusPolicy(Qt.FocusPolicy.StrongFocus if chip is stop else Qt.FocusPolicy.ClickFocus)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QAbstractButton) or watched not in self.chips:
            return False
        if event.type() == QEvent.Type.FocusIn:
            self.make_stop(watched)
            return False
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = Qt.Key(event.key())
        target: QAbstractButton | None
        if key in _STEPS:
            index = self.chips.index(watched) + _STEPS[key]
            target = self.chips[index] if 0 <= index < len(self.chips) else None
        elif key in _ROWS:
            target = _below_or_above(self.chips, watched, _ROWS[key])
        else:
            return False
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        return True


def one_tab_stop(chips: Sequence[QAbstractButton]) -> None:
    """Make a group of chips (children of one widget, in reading order) a single Tab stop with arrow keys
    inside (WCAG 2.1.1: 15 body areas are not 15 Tab presses)."""
    if not chips:
        return
    parent = chips[0].parentWidget()
    if parent is None:
        return
    _ChipKeys(chips, parent)
