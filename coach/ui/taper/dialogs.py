"""The Taper page's dialogs in one place to import from: a plan from the prescriber, a step, a draft from a
preset, a pause (each in its own module).

Each dialog calls `save` with its values when OK is pressed; a CoachError keeps it open with the message
shown inline. Wording follows the app's rule: steps are "agreed with your prescriber", drafts are marked
"draft: discuss with your prescriber", and nothing offers to raise a dose.
"""

from __future__ import annotations

from coach.ui.taper.draft_dialog import DraftDialog
from coach.ui.taper.pause_dialog import PAUSE_REASONS, PauseDialog, PauseValues
from coach.ui.taper.plan_dialog import PlanDialog, PlanValues
from coach.ui.taper.step_dialog import HIGHER_CONFIRM, StepDialog, StepValues

__all__ = [
    "HIGHER_CONFIRM",
    "PAUSE_REASONS",
    "DraftDialog",
    "PauseDialog",
    "PauseValues",
    "PlanDialog",
    "PlanValues",
    "StepDialog",
    "StepValues",
]
