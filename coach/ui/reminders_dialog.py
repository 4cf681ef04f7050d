"""The Reminders dialog: list, add, edit, pause and remove rules; quiet hours, the missed-reminder window,
and starting the app at login. Changes apply at once and are announced on the bus (Topic.REMINDERS), so
the running ReminderController rebuilds its jobs."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from coach.domain.errors import CoachError
from coach.domain.reminders import WEEKDAYS, describe_weekdays, parse_time, parse_weekdays
from coach.services import autostart
from coach.services.context import AppContext
from coach.services.events import Topic
from coach.services.reminders import MAX_HEADS_UP, ReminderService
from coach.storage.reminders_repo import RuleRecord
from coach.ui.widgets import button, text_label, title

DERIVED_NOTES = {
    "peg": "Comes with the app: a weekly pain check-in.",
    "withdrawal": "Comes with the app: daily in the first week after each taper step.",
    "taper_step": "Comes with the app: a few days before each taper step.",
    "program": "Comes with the app: on the days your program has practice.",
}


def _qtime(text: str) -> QTime:
    try:
        at = parse_time(text, allow_seconds=True)
    except CoachError:
        return QTime(8, 0)
    return QTime(at.hour, at.minute)


def _exercise_titles(ctx: AppContext) -> list[tuple[str, str]]:
    try:
        from coach.services.library import ExerciseLibrary

        return [(e.id, e.title) for e in ExerciseLibrary(ctx.store).all()]
    except (ImportError, CoachError, OSError):
        return []  # a reminder works without a chosen exercise


def _named(widget: QWidget, name: str, accessible: str) -> QWidget:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


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

        self.time = QTimeEdit(_qtime(rule.at_time) if rule else QTime(8, 0))
        self.time.setDisplayFormat("HH:mm")
        _named(self.time, "reminderTime", "Time of day")
        form.addRow("Time", self.time)

        days_row = QHBoxLayout()
        chosen = parse_weekdays(rule.weekdays) if rule else frozenset(range(7))
        self.days: list[QCheckBox] = []
        for i, name in enumerate(WEEKDAYS):
            box = QCheckBox(name.capitalize())
            _named(box, f"reminderDay{name.capitalize()}", f"Remind on {name.capitalize()}")
            box.setChecked(i in chosen)
            days_row.addWidget(box)
            self.days.append(box)
        form.addRow("Days", days_row)

        derived = bool(rule and rule.source)
        self.label = QLineEdit(rule.label if rule else "")
        _named(self.label, "reminderLabel", "Reminder label")
        self.label.setPlaceholderText("e.g. Morning body scan")
        self.label.setMaxLength(80)
        self.label.setEnabled(not derived)
        form.addRow("Label", self.label)

        self.exercise = QComboBox()
        _named(self.exercise, "reminderExercise", "Exercise to open")
        self.exercise.addItem("Let me choose when it comes", None)
        for exercise_id, name in _exercise_titles(ctx):
            self.exercise.addItem(name, exercise_id)
        if rule and rule.exercise_id:
            self.exercise.setCurrentIndex(max(0, self.exercise.findData(rule.exercise_id)))
        self.exercise.setEnabled(not derived)
        form.addRow("Exercise", self.exercise)

        self.skip = QCheckBox("Skip it if I have already practised that day")
        _named(self.skip, "reminderSkipIfDone", "Skip if already done that day")
        self.skip.setChecked(bool(rule and rule.skip_if_done))
        form.addRow(self.skip)

        self.heads_up = QSpinBox()
        _named(self.heads_up, "reminderHeadsUp", "Gentle heads-up, minutes before")
        self.heads_up.setRange(0, MAX_HEADS_UP)
        self.heads_up.setSuffix(" min before")
        self.heads_up.setSpecialValueText("No heads-up")
        self.heads_up.setValue(rule.heads_up_minutes if rule else 0)
        form.addRow("Heads-up", self.heads_up)

        self.days_before: QSpinBox | None = None
        if rule is not None and rule.source == "taper_step":
            self.days_before = QSpinBox()
            _named(self.days_before, "reminderDaysBefore", "Days before a taper step")
            self.days_before.setRange(0, 60)
            self.days_before.setSuffix(" days before")
            self.days_before.setValue(int(rule.payload.get("days_before", 3)))
            form.addRow("When", self.days_before)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.setObjectName("reminderEditorButtons")
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

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
                )
            else:
                changes: dict[str, object] = {
                    "at": at,
                    "days": days,
                    "skip_if_done": self.skip.isChecked(),
                    "heads_up_minutes": self.heads_up.value(),
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


class RemindersDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service = ReminderService(ctx)
        self._rules: list[RuleRecord] = []
        self._titles = dict(_exercise_titles(ctx))
        self.setObjectName("remindersDialog")
        self.setWindowTitle("Reminders")
        self.setMinimumWidth(720)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(title("Reminders", "remindersTitle"))
        layout.addWidget(
            text_label(
                "Gentle nudges to practise and to check in. Snoozing or skipping is always fine; "
                "reminders missed while the computer slept are gathered into one note.",
                object_name="remindersIntro",
            )
        )

        self.table = QTableWidget(0, 4)
        _named(self.table, "reminderRules", "Reminder rules")
        self.table.setHorizontalHeaderLabels(["Time", "Days", "What", "Next"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.edit_selected())
        layout.addWidget(self.table)

        row = QHBoxLayout()
        self.add_button = button("Add reminder…", "reminderAdd", role="primary")
        self.add_button.clicked.connect(self.add_rule)
        self.edit_button = button("Change…", "reminderEdit")
        self.edit_button.clicked.connect(self.edit_selected)
        self.pause_button = button("Pause", "reminderPause", "Pause or resume")
        self.pause_button.clicked.connect(self.toggle_pause)
        self.remove_button = button("Remove", "reminderRemove")
        self.remove_button.clicked.connect(self.remove_selected)
        for b in (self.add_button, self.edit_button, self.pause_button, self.remove_button):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)

        layout.addWidget(self._settings_box())
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.setObjectName("remindersClose")
        close.rejected.connect(self.reject)
        layout.addWidget(close)

        self._unsubscribe = ctx.bus.subscribe(self._on_change)
        self.finished.connect(lambda _code: self._unsubscribe())
        self.refresh()

    # --- settings ------------------------------------------------------------------------------------
    def _settings_box(self) -> QGroupBox:
        store = self.ctx.store
        box = QGroupBox("When reminders may come")
        form = QFormLayout(box)
        self.quiet = QCheckBox("Hold reminders during quiet hours (they come when quiet hours end)")
        _named(self.quiet, "reminderQuietEnabled", "Quiet hours on")
        self.quiet.setChecked(bool(store.setting("quiet_hours_enabled")))
        form.addRow(self.quiet)
        quiet_row = QHBoxLayout()
        self.quiet_start = QTimeEdit(_qtime(str(store.setting("quiet_hours_start"))))
        self.quiet_end = QTimeEdit(_qtime(str(store.setting("quiet_hours_end"))))
        for edit, name, acc in (
            (self.quiet_start, "reminderQuietStart", "Quiet hours start"),
            (self.quiet_end, "reminderQuietEnd", "Quiet hours end"),
        ):
            edit.setDisplayFormat("HH:mm")
            _named(edit, name, acc)
        quiet_row.addWidget(self.quiet_start)
        quiet_row.addWidget(text_label("to"))
        quiet_row.addWidget(self.quiet_end)
        quiet_row.addStretch(1)
        form.addRow("Quiet hours", quiet_row)
        self.grace = QSpinBox()
        _named(self.grace, "reminderGrace", "Show missed reminders from the last minutes")
        self.grace.setRange(0, 1440)
        self.grace.setSingleStep(30)
        self.grace.setSuffix(" minutes")
        self.grace.setSpecialValueText("Do not show missed reminders")
        self.grace.setValue(int(store.setting("reminder_grace_minutes")))
        form.addRow("Missed reminders from the last", self.grace)
        self.login = QCheckBox("Start Pain Recovery Coach when I log in, so reminders keep coming")
        _named(self.login, "reminderStartAtLogin", "Start at login")
        self.login.setChecked(autostart.is_enabled())
        form.addRow(self.login)

        self.quiet.toggled.connect(self._save_settings)
        self.quiet_start.timeChanged.connect(self._save_settings)
        self.quiet_end.timeChanged.connect(self._save_settings)
        self.grace.valueChanged.connect(self._save_settings)
        self.login.toggled.connect(self._save_login)
        self._update_quiet_enabled()
        return box

    def _update_quiet_enabled(self) -> None:
        self.quiet_start.setEnabled(self.quiet.isChecked())
        self.quiet_end.setEnabled(self.quiet.isChecked())

    def _save_settings(self) -> None:
        store = self.ctx.store
        store.set_setting("quiet_hours_enabled", self.quiet.isChecked())
        store.set_setting("quiet_hours_start", self.quiet_start.time().toString("HH:mm"))
        store.set_setting("quiet_hours_end", self.quiet_end.time().toString("HH:mm"))
        store.set_setting("reminder_grace_minutes", self.grace.value())
        self._update_quiet_enabled()
        self.ctx.bus.publish(Topic.REMINDERS)

    def _save_login(self, enabled: bool) -> None:
        try:
            autostart.set_enabled(enabled, autostart.launch_args(self.ctx.paths.data_dir))
        except OSError as exc:
            QMessageBox.warning(self, "Start at login", f"Could not change the login setting: {exc}")
            self.login.blockSignals(True)
            self.login.setChecked(autostart.is_enabled())
            self.login.blockSignals(False)
            return
        self.ctx.store.set_setting("start_at_login", enabled)

    # --- rules ---------------------------------------------------------------------------------------
    def _on_change(self, topic: Topic) -> None:
        if topic in (Topic.REMINDERS, Topic.ALL, Topic.TAPER, Topic.PROGRAMS):
            self.refresh()

    def refresh(self) -> None:
        selected = self.selected_rule()
        self._rules = self.service.rules()
        upcoming = self.service.next_by_rule()
        zone = self.service.zone()
        self.table.setRowCount(len(self._rules))
        for row, rule in enumerate(self._rules):
            nxt = upcoming.get(rule.id)
            when = "Paused" if rule.paused else (self._when(nxt.astimezone(zone)) if nxt else "—")
            what = rule.label or "Practice"
            if rule.exercise_id:
                what = f"{what}: {self._titles.get(rule.exercise_id, rule.exercise_id)}"
            try:
                days = describe_weekdays(parse_weekdays(rule.weekdays))
            except CoachError:
                days = rule.weekdays
            cells = (rule.at_time, days, what, when)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if rule.source:
                    item.setToolTip(DERIVED_NOTES.get(rule.source, "Comes with the app."))
                self.table.setItem(row, col, item)
            if selected is not None and rule.id == selected.id:
                self.table.selectRow(row)
        self.table.resizeColumnsToContents()
        self._update_buttons()

    @staticmethod
    def _when(moment: datetime) -> str:
        return f"{moment.strftime('%a')} {moment.day} {moment.strftime('%b %H:%M')}"

    def selected_rule(self) -> RuleRecord | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self._rules):
            return None
        return self._rules[rows[0].row()]

    def select_rule(self, rule_id: int) -> None:
        for row, rule in enumerate(self._rules):
            if rule.id == rule_id:
                self.table.selectRow(row)

    def _update_buttons(self) -> None:
        rule = self.selected_rule()
        self.edit_button.setEnabled(rule is not None)
        self.pause_button.setEnabled(rule is not None)
        self.pause_button.setText("Resume" if rule is not None and rule.paused else "Pause")
        self.remove_button.setEnabled(rule is not None and not rule.source)
        self.remove_button.setToolTip(
            "Reminders that come with the app can be paused, not removed." if rule and rule.source else ""
        )

    def add_rule(self) -> RuleEditor:
        editor = RuleEditor(self.ctx, None, self)
        editor.open()
        editor.accepted.connect(lambda: self._select_saved(editor))
        return editor

    def _select_saved(self, editor: RuleEditor) -> None:
        if editor.saved is not None:
            self.select_rule(editor.saved.id)

    def edit_selected(self) -> RuleEditor | None:
        rule = self.selected_rule()
        if rule is None:
            return None
        editor = RuleEditor(self.ctx, rule, self)
        editor.open()
        return editor

    def toggle_pause(self) -> None:
        rule = self.selected_rule()
        if rule is None:
            return
        if rule.paused:
            self.service.resume(rule.id)
        else:
            self.service.pause(rule.id)

    def remove_selected(self) -> None:
        rule = self.selected_rule()
        if rule is None:
            return
        answer = QMessageBox.question(
            self,
            "Remove reminder",
            f"Remove the {rule.at_time} reminder? Its history goes too. (Pausing keeps it for later.)",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.service.remove(rule.id)
        except CoachError as exc:
            QMessageBox.information(self, "Reminders", str(exc))
