"""The check before pain reprocessing when a program is about to be followed (started from the list or the
builder, or imported from a coach's file): the same dialog, remembered answer and advice as the exercises
(coach.ui.practice.reprocessing_check); the rule of what it guards is the safety service's."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtWidgets import QDialog, QWidget

from coach.domain.programs import Program
from coach.services.context import AppContext
from coach.services.safety import answers
from coach.ui.navigation import Navigator
from coach.ui.practice.reprocessing_check import MINDFUL_INSTEAD, OPEN_MEANWHILE, ReprocessingCheckDialog

WAITS_FOR_CLINICIAN = "it includes pain reprocessing, which waits until a clinician has seen this pain. "
ASK_AGAIN = "it includes pain reprocessing; Start asks the two questions again when you are ready."


class FollowCheck:
    """Runs `go` (which follows a program) at once, or after the check lets it. `say(text)` shows one
    plain line on the page when the person stops at the check."""

    def __init__(self, ctx: AppContext, nav: Navigator, parent: QWidget, say: Callable[[str], None]) -> None:
        self.ctx = ctx
        self.nav = nav
        self.parent = parent
        self.say = say
        self.dialog: ReprocessingCheckDialog | None = None  # open while the check is asked

    def follow(
        self,
        program: Program,
        go: Callable[[], Any],
        title: str,
        bundled: Sequence[Mapping[str, Any]] = (),
        not_done: str = "was not started",
    ) -> bool:
        """Call `go` now, or, when `program` holds somatic tracking or pain reprocessing and the check is
        unanswered or ended on a red flag, once the person passes it (window-modal, not blocking). True
        when `go` ran at once. `bundled`: exercise definitions arriving with the program. Stopped at the
        check: the page says the program `not_done` and why; "Try mindfulness" opens the breathing
        practice."""
        if not answers.program_needs_check(self.ctx, program, bundled):
            go()
            return True
        dialog = ReprocessingCheckDialog(self.ctx, self.parent)
        self.dialog = dialog

        def finished(result: int) -> None:
            self.dialog = None
            dialog.deleteLater()
            if result == QDialog.DialogCode.Accepted:
                go()
                return
            red = answers.reprocessing_check(self.ctx) == answers.CHECK_RED_FLAG
            self.say(f"“{title}” {not_done}: " + (WAITS_FOR_CLINICIAN + OPEN_MEANWHILE if red else ASK_AGAIN))
            if dialog.wants_mindfulness:
                self.nav.start_exercise(MINDFUL_INSTEAD)

        dialog.finished.connect(finished)
        dialog.open()
        return False
