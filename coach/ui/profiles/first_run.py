"""First run: only what is needed (nickname, country for Help now, opioid medicines). Skippable.

A coach profile is asked nothing about medicines: only a name and the country for Help now."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from coach.domain.errors import CoachError
from coach.services import help_lines
from coach.services.context import AppContext
from coach.services.profiles.preferences import ProfileAnswers, finish_first_run
from coach.ui.widgets.common import plain_label
from coach.ui.widgets.forms import error_label, show_error


class FirstRunDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.is_coach = ctx.store.profile().kind == "coach"
        self.setObjectName("firstRun")
        self.setWindowTitle("Welcome to Pain Recovery Coach")
        layout = QVBoxLayout(self)
        count = "Two quick questions" if self.is_coach else "Three quick questions"
        intro = plain_label(
            f"Welcome. {count}, and you can change every answer later in Settings. "
            "Your answers stay on this computer."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        # With large text on a small screen a question goes above its answer instead of the dialog
        # scrolling sideways.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.nickname = QLineEdit()
        self.nickname.setObjectName("nickname")
        question = (
            "Your name, as your patients know you"
            if ctx.store.profile().kind == "coach"
            else ("What should we call you?")
        )
        self.nickname.setAccessibleName(question)
        self.nickname.setMaxLength(40)
        form.addRow(question, self.nickname)
        self.country = QComboBox()
        self.country.setObjectName("country")
        self.country.setAccessibleName("Country, for the Help now numbers")
        for code, name in help_lines.countries():
            self.country.addItem(name, code)
        self.country.setCurrentIndex(max(0, self.country.findData(ctx.store.profile().country)))
        form.addRow("Country (for Help now numbers)", self.country)
        self.opioids_yes = QRadioButton("Yes")
        self.opioids_yes.setObjectName("opioidsYes")
        self.opioids_no = QRadioButton("No")
        self.opioids_no.setObjectName("opioidsNo")
        group = QButtonGroup(self)
        group.addButton(self.opioids_yes)
        group.addButton(self.opioids_no)
        # Nothing chosen: a pre-chosen "Yes" meant Enter recorded opioid use nobody had told us about.
        row = QWidget()
        from PySide6.QtWidgets import QHBoxLayout

        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.opioids_yes)
        h.addWidget(self.opioids_no)
        h.addStretch(1)
        form.addRow("Do you take opioid pain medicines?", row)
        if self.is_coach:
            form.setRowVisible(row, False)  # a coach's own medicines are none of the app's business
        layout.addLayout(form)
        self.error = error_label("firstRunError")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Get started", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("firstRunSave")
        self.skip_button = buttons.addButton("Skip for now", QDialogButtonBox.ButtonRole.RejectRole)
        self.skip_button.setObjectName("firstRunSkip")
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self._skip)
        layout.addWidget(buttons)

    def _save(self) -> None:
        if not self.is_coach and not (self.opioids_yes.isChecked() or self.opioids_no.isChecked()):
            show_error(self.error, "Please answer Yes or No: do you take opioid pain medicines?")
            self.opioids_yes.setFocus()
            return
        show_error(self.error, "")
        answers = ProfileAnswers(
            nickname=self.nickname.text(),
            country=str(self.country.currentData()),
            takes_opioids=self.opioids_yes.isChecked() and not self.is_coach,
        )
        try:
            finish_first_run(self.ctx, answers)
        except CoachError as exc:
            QMessageBox.warning(self, "Welcome", str(exc))
            return
        self.accept()

    def _skip(self) -> None:
        # Skipping still counts as "asked": the defaults (US numbers, Taper shown) apply until changed.
        finish_first_run(self.ctx, None)
        self.reject()
