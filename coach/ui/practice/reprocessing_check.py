"""The check before pain reprocessing: has a clinician examined this pain, and does any red flag apply?

Asked the first time a somatic-tracking or pain-reprocessing exercise opens (program days open them the
same way) or a program holding one starts (coach.ui.programs.page). A red flag advises seeing a clinician
first and keeps these exercises, and such programs, closed until the person answers again; mindfulness
and the other kinds stay open. The answer is saved by the safety service, which also holds the rule of
what the check guards.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from coach.domain.exercise import Exercise
from coach.services.context import AppContext
from coach.services.safety import answers
from coach.ui.widgets.common import button, named, text_label, wrapping_check
from coach.ui.widgets.forms import error_label, show_error

# Offered instead of pain reprocessing after a red flag: short, and about the breath, not the pain.
MINDFUL_INSTEAD = "breathing-space-3"
RED_FLAGS: tuple[tuple[str, str], ...] = (
    ("weakness", "New weakness or numbness, for example in an arm or a leg"),
    ("bladder", "Loss of control of your bladder or bowels"),
    ("fever", "A fever together with this pain"),
    ("weight", "Weight loss you cannot explain"),
    ("cancer", "Cancer now or in the past"),
    ("injury", "The pain began after a major injury, such as a fall or an accident"),
)
RED_FLAG_TOOLTIP = (
    "Red flags for serious underlying pathology: neurological deficit, cauda equina symptoms, infection, "
    "malignancy, fracture or trauma."
)
RED_FLAG_ADVICE = (
    "Please see a doctor or another clinician about this pain before using pain reprocessing. Some of what "
    "you ticked can point to a cause that needs its own care, and these exercises ask you to treat pain as a "
    "false alarm. If weakness, loss of bladder or bowel control or a fever came on suddenly, get urgent care "
    "today: Help now has the numbers."
)
OPEN_MEANWHILE = "Mindfulness, breathing, sleep and self-compassion practices stay open for you meanwhile."
NOT_EXAMINED_ADVICE = (
    "It is worth having this pain checked by a doctor or another clinician. You can go on: the words of these "
    "exercises speak of safety only for pain a clinician has checked."
)


def needs_check(exercise: Exercise) -> bool:
    """Whether `exercise` is one the check guards (the rule: coach.services.safety.answers.needs_check)."""
    return answers.needs_check(exercise.category, exercise.id)


class ReprocessingCheckDialog(QDialog):
    """Asks the questions (or, after a remembered red flag, shows the advice with "Answer again").

    Accepted means: go on and open the exercise. `wants_mindfulness` is True when the person chose the
    mindfulness practice offered instead."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.wants_mindfulness = False
        self.setObjectName("reprocessingCheck")
        self.setWindowTitle("Before pain reprocessing")
        self.setAccessibleName("Before pain reprocessing")
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._questions())
        self.pages.addWidget(self._advice())
        layout.addWidget(self.pages)
        self.error = error_label("checkError")  # what is still unanswered, after Continue
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox()
        self.buttons.setObjectName("reprocessingCheckButtons")
        layout.addWidget(self.buttons)
        self.continue_button = self._add("Continue", "checkContinue", QDialogButtonBox.ButtonRole.AcceptRole)
        self.continue_button.clicked.connect(self._answered)
        self.mindfulness_button = self._add(
            "Try mindfulness", "checkMindfulness", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.mindfulness_button.clicked.connect(self._mindfulness)
        self.again_button = self._add("Answer again", "checkAgain", QDialogButtonBox.ButtonRole.ResetRole)
        self.again_button.clicked.connect(self.show_questions)
        self.go_on_button = self._add("Go on", "checkGoOn", QDialogButtonBox.ButtonRole.ActionRole)
        self.go_on_button.clicked.connect(self.accept)
        self.close_button = self._add("Not now", "checkClose", QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.clicked.connect(self.reject)
        if answers.reprocessing_check(ctx) == answers.CHECK_RED_FLAG:
            self.show_advice(answers.CHECK_RED_FLAG)
        else:
            self.show_questions()

    def _add(self, text: str, name: str, role: QDialogButtonBox.ButtonRole) -> QPushButton:
        made = button(text, name)
        made.setAutoDefault(False)
        self.buttons.addButton(made, role)
        return made

    def _questions(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(text_label("Before pain reprocessing", role="subtitle"))
        box.addWidget(
            text_label(
                "These exercises help your brain treat long-lasting pain as a false alarm. That fits pain a "
                "clinician has checked. Two quick questions first; your answers stay on this computer."
            )
        )
        box.addWidget(text_label("Has a doctor or another clinician examined this pain?", role="subtitle"))
        row = QHBoxLayout()
        self.examined = QButtonGroup(self)
        self.examined_yes = named(QRadioButton("Yes"), "examinedYes", "A clinician has examined this pain")
        self.examined_no = named(QRadioButton("No, or not sure"), "examinedNo", "Not examined, or not sure")
        for value, radio in ((1, self.examined_yes), (0, self.examined_no)):
            self.examined.addButton(radio, value)
            row.addWidget(radio)
            radio.toggled.connect(self._update)
        row.addStretch(1)
        box.addLayout(row)
        heading = text_label("Does any of this apply to you now?", role="subtitle")
        heading.setToolTip(RED_FLAG_TOOLTIP)
        box.addWidget(heading)
        self.flags: dict[str, QCheckBox] = {}
        for key, label in RED_FLAGS:
            # Wrapping text: a check box's own long text pushed the dialog sideways at a large text size.
            check, check_row = wrapping_check(label, f"redFlag_{key}")
            check.toggled.connect(self._flag_toggled)
            self.flags[key] = check
            box.addWidget(check_row)
        self.none_apply = named(QCheckBox("None of these"), "redFlag_none", "None of these apply")
        self.none_apply.toggled.connect(self._none_toggled)
        box.addWidget(self.none_apply)
        return page

    def _advice(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        self.advice_title = text_label("", role="subtitle", object_name="checkAdviceTitle")
        self.advice = text_label("", object_name="checkAdvice")
        self.meanwhile = text_label(OPEN_MEANWHILE, object_name="checkMeanwhile")
        for widget in (self.advice_title, self.advice, self.meanwhile):
            box.addWidget(widget)
        box.addStretch(1)
        return page

    # --- behaviour -----------------------------------------------------------------------------------
    def _flag_toggled(self, checked: bool) -> None:
        if checked:
            self.none_apply.setChecked(False)
        self._update()

    def _none_toggled(self, checked: bool) -> None:
        if checked:
            for check in self.flags.values():
                check.setChecked(False)
        self._update()

    def red_flags(self) -> list[str]:
        """The keys of the red flags ticked."""
        return [key for key, check in self.flags.items() if check.isChecked()]

    def _unanswered(self) -> str:
        """One line naming the questions still unanswered ("" when both are)."""
        examined = self.examined.checkedId() >= 0
        flags = bool(self.red_flags()) or self.none_apply.isChecked()
        if not examined and not flags:
            return "Please answer both questions: has a clinician examined this pain, and does any of this apply?"
        if not examined:
            return "Please answer: has a doctor or another clinician examined this pain?"
        if not flags:
            return 'Please answer: does any of this apply to you now? Tick it, or "None of these".'
        return ""

    def _update(self) -> None:
        # Continue stays enabled (a greyed button gave no reason); once the message shows it follows answers.
        if self.error.isVisible():
            show_error(self.error, self._unanswered())

    def show_questions(self) -> None:
        self.pages.setCurrentIndex(0)
        for widget, shown in (
            (self.continue_button, True),
            (self.mindfulness_button, False),
            (self.again_button, False),
            (self.go_on_button, False),
        ):
            widget.setVisible(shown)
        self.close_button.setText("Not now")
        self._update()

    def show_advice(self, answer: str) -> None:
        """The advice after `answer`: see a clinician first (red flag) or have it checked (not examined)."""
        self.pages.setCurrentIndex(1)
        show_error(self.error, "")
        red = answer == answers.CHECK_RED_FLAG
        self.advice_title.setText("See a clinician first" if red else "Worth having it checked")
        self.advice.setText(RED_FLAG_ADVICE if red else NOT_EXAMINED_ADVICE)
        self.meanwhile.setVisible(red)
        self.continue_button.setVisible(False)
        self.mindfulness_button.setVisible(red)
        self.again_button.setVisible(red)
        self.go_on_button.setVisible(not red)
        self.close_button.setText("Close" if red else "Not now")

    def _answered(self) -> None:
        missing = self._unanswered()
        show_error(self.error, missing)
        if missing:
            return
        answer = answers.record_reprocessing_check(
            self.ctx, examined=self.examined.checkedId() == 1, red_flags=bool(self.red_flags())
        )
        if answer == answers.CHECK_CLEAR:
            self.accept()
        else:
            self.show_advice(answer)

    def _mindfulness(self) -> None:
        self.wants_mindfulness = True
        self.reject()
