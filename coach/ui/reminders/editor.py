"""The dialog that adds a practice reminder or changes one: time, days, label, the exercise it opens,
skip-if-done and a heads-up (reminders that come with the app: time, days, skip and heads-up only)."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from coach.domain.errors import CoachError
from coach.domain.reminders import WEEKDAYS, parse_time, parse_weekdays
from coach.domain.wording import clock_text
from coach.services.context import AppContext
from coach.services.reminders.service import MAX_HEADS_UP, ReminderService
from coach.storage.reminders_repo import RuleRecord
from coach.ui.widgets.chip_keys import one_tab_stop
from coach.ui.widgets.common import FlowLayout, named, plain_label, save_cancel
from coach.ui.widgets.time_entry import WholeNumberBox


def time_format() -> str:
    """The QTimeEdit display format for the clock the app writes (coach/domain/wording.py, set from the
    system at start): "h:mm AP" for a 12-hour clock, else "HH:mm"."""
    return "HH:mm" if clock_text(time(13, 0)) == "13:00" else "h:mm AP"


def qtime(text: str) -> QTime:
    """A stored "HH:MM" as a QTime; 08:00 when it cannot be read."""
    try:
        at = parse_time(text, allow_seconds=True)
    except CoachError:
        return QTime(8, 0)
    return QTime(at.hour, at.minute)


def exercise_titles(ctx: AppContext) -> list[tuple[str, str]]:
    """(id, title) of every exercise a reminder can open."""
    try:
        from coach.services.practice.library import ExerciseLibrary

        return [(e.id, e.title) for e in ExerciseLibrary(ctx.store).all()]
    except (ImportError, CoachError, OSError):
        return []  # a reminder works without a chosen exercise


class RuleEditor(QDialog):
    """Add a practice reminder, or change one (derived reminders: time, days, skip and heads-up only)."""

    def __init__(
        self, ctx: AppContext, rule: RuleRecord | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rule = rule
        self.service = ReminderService(ctx)
        self.saved: RuleRecord | None = None
        self.setObjectName("reminderEditor")
        self.setWindowTitle("Change reminder" if rule else "New reminder")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)

        self.time = QTimeEdit(qtime(rule.at_time) if rule else QTime(8, 0))
        self.time.setDisplayFormat(time_format())
        self.time.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)  # not a 900 px "08:00"
        named(self.time, "reminderTime", "Time of day")
        form.addRow("Time", self.time)
        self.quiet_note = plain_label()
        named(self.quiet_note, "reminderQuietNote", "Quiet hours note")
        self.quiet_note.setWordWrap(True)
        form.addRow(self.quiet_note)
        self.through_quiet = QCheckBox("Let this reminder through quiet hours")
        named(self.through_quiet, "reminderThroughQuiet", "Let this reminder through quiet hours")
        self.through_quiet.setToolTip(
            "For a reminder you want at night, like winding down for sleep or a night shift."
        )
        self.through_quiet.setChecked(bool(rule and rule.through_quiet))
        form.addRow(self.through_quiet)
        self.time.timeChanged.connect(self._update_quiet_note)
        self.through_quiet.toggled.connect(self._update_quiet_note)
        self._update_quiet_note()

        # Days as chips that wrap: seven check boxes in a row read "✓ Mon ✓ Tue" at large text, each box
        # nearer the day before it than its own.
        days_box = QWidget()
        days_box.setObjectName("reminderDays")
        days_box.setAccessibleName("Days")
        days_row = FlowLayout(days_box)
        chosen = parse_weekdays(rule.weekdays) if rule else frozenset(range(7))
        self.days: list[QPushButton] = []
        for i, name in enumerate(WEEKDAYS):
            chip = QPushButton(name.capitalize())
            named(chip, f"reminderDay{name.capitalize()}", f"Remind on {name.capitalize()}")
            chip.setProperty("role", "chip")
            chip.setCheckable(True)
            chip.setChecked(i in chosen)
            days_row.addWidget(chip)
            self.days.append(chip)
        one_tab_stop(self.days)  # one Tab stop for the week, arrows inside, Space toggles a day
        form.addRow("Days", days_box)

        derived = bool(rule and rule.source)
        self.label = QLineEdit(rule.label if rule else "")
        named(self.label, "reminderLabel", "Reminder label")
        self.label.setPlaceholderText("e.g. Morning body scan")
        self.label.setMaxLength(80)
        self.label.setEnabled(not derived)
        form.addRow("Label", self.label)

        self.exercise = QComboBox()
        named(self.exercise, "reminderExercise", "Exercise to open")
        self.exercise.addItem("Let me choose when it comes", None)
        for exercise_id, name in exercise_titles(ctx):
            self.exercise.addItem(name, exercise_id)
        if rule and rule.exercise_id:
            self.exercise.setCurrentIndex(max(0, self.exercise.findData(rule.exercise_id)))
        self.exercise.setEnabled(not derived)
        form.addRow("Exercise", self.exercise)

        self.skip = QCheckBox("Skip it if I have already practised that day")
        named(self.skip, "reminderSkipIfDone", "Skip if already done that day")
        self.skip.setChecked(bool(rule and rule.skip_if_done))
        form.addRow(self.skip)

        self.heads_up = WholeNumberBox()
        named(self.heads_up, "reminderHeadsUp", "Gentle heads-up, minutes before")
        self.heads_up.setRange(0, MAX_HEADS_UP)
        self.heads_up.setSuffix(" minutes before")
        self.heads_up.setSpecialValueText("No heads-up")
        self.heads_up.setValue(rule.heads_up_minutes if rule else 0)
        self.heads_up.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        form.addRow("Heads-up", self.heads_up)

        self.days_before: QSpinBox | None = None
        if rule is not None and rule.source == "taper_step":
            self.days_before = QSpinBox()
            named(self.days_before, "reminderDaysBefore", "Days before a taper step")
            self.days_before.setRange(0, 60)
            self.days_before.setSuffix(" days before")
            self.days_before.setValue(int(rule.payload.get("days_before", 3)))
            form.addRow("When", self.days_before)

        layout.addWidget(save_cancel("reminderEditorButtons", self._save, self.reject))
        # Wide enough for the week on one line where the screen allows (fit_to_screen narrows it, and the
        # days wrap, where it does not).
        self.resize(self.sizeHint().width(), self.heightForWidth(self.sizeHint().width()))

    def _update_quiet_note(self) -> None:
        """Say where quiet hours will move this time, before it is saved; offer to let it through."""
        at = self.time.time().toString("HH:mm")
        note = self.service.quiet_note_at(at)
        if note is None:
            self.quiet_note.setVisible(False)
            self.through_quiet.setVisible(self.through_quiet.isChecked())
            return
        if self.through_quiet.isChecked():
            text = f"{at} is in your quiet hours, and this reminder comes then anyway."
        else:
            text = f"{note[0].upper()}{note[1:]}."
        self.quiet_note.setText(text)
        self.quiet_note.setAccessibleDescription(text)
        self.quiet_note.setVisible(True)
        self.through_quiet.setVisible(True)

    def chosen_days(self) -> str:
        return ",".join(WEEKDAYS[i] for i, box in enumerate(self.days) if box.isChecked())

    def _save(self) -> None:
        at = self.time.time().toString("HH:mm")
        days = self.chosen_days()
        try:
            if not days:
                raise CoachError("choose at least one day")
            if self.rule is None:
                self.saved = self.service.add(
                    at,
                    days,
                    self.label.text(),
                    exercise_id=self.exercise.currentData(),
                    skip_if_done=self.skip.isChecked(),
                    heads_up_minutes=self.heads_up.value(),
                    through_quiet=self.through_quiet.isChecked(),
                )
            else:
                changes: dict[str, object] = {
                    "at": at,
                    "days": days,
                    "skip_if_done": self.skip.isChecked(),
                    "heads_up_minutes": self.heads_up.value(),
                    "through_quiet": self.through_quiet.isChecked(),
                }
                if not self.rule.source:
                    changes |= {"label": self.label.text(), "exercise_id": self.exercise.currentData()}
                if self.days_before is not None:
                    changes["days_before"] = self.days_before.value()
                self.saved = self.service.edit(self.rule.id, **changes)
        except CoachError as exc:
            QMessageBox.warning(self, "Reminder", str(exc))
            return
        self.accept()
