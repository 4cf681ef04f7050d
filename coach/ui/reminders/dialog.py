"""The reminders panel (shared by the Reminders page and the Reminders dialog in Settings): the list of rules
(add, change, pause, remove; one rule is edited in RuleEditor), quiet hours, the missed-reminder window and
starting the app at login. Changes apply at once through the reminder and preference services, which
announce them on the bus, so the running ReminderController rebuilds its jobs."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QMessageBox,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from coach.domain.errors import CoachError
from coach.domain.reminders import describe_weekdays, parse_time, parse_weekdays
from coach.domain.settings import (
    QUIET_HOURS_ENABLED,
    QUIET_HOURS_END,
    QUIET_HOURS_START,
    REMINDER_GRACE_MINUTES,
)
from coach.domain.wording import clock_text, day_text
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.profiles import autostart
from coach.services.profiles.preferences import save_quiet_hours, set_start_at_login
from coach.services.reminders.service import ReminderService
from coach.storage.reminders_repo import RuleRecord
from coach.ui.changes import follow_changes
from coach.ui.reminders.editor import RuleEditor, exercise_titles, qtime, time_format
from coach.ui.reminders.tables import fit_rows, wrapping_columns
from coach.ui.widgets.common import FlowLayout, button, named, text_label, title, wrapping_check

DERIVED_NOTES = {
    "peg": "Comes with the app: a weekly pain check-in.",
    "withdrawal": "Comes with the app: daily in the first week after each taper step.",
    "taper_step": "Comes with the app: a few days before each taper step.",
    "program": "Comes with the app: on the days your program has practice.",
}


INTRO = (
    "Gentle nudges to practise and to check in. Snoozing or skipping is always fine; "
    "reminders missed while the computer slept are gathered into one note."
)


def _clock(at_time: str) -> str:
    """A stored "HH:MM" as the system writes clock times ("9:30 PM" or "21:30"); as stored if unreadable."""
    try:
        return clock_text(parse_time(at_time, allow_seconds=True))
    except CoachError:
        return at_time


class RemindersPanel(QWidget):
    """The rules with their next times and buttons, then "When reminders may come"."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service = ReminderService(ctx)
        self._rules: list[RuleRecord] = []
        self._titles = dict(exercise_titles(ctx))
        self.setObjectName("remindersPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)

        self.table = QTableWidget(0, 4)
        named(self.table, "reminderRules", "Reminder rules")
        self.table.setHorizontalHeaderLabels(["Time", "Days", "What", "Next"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        # "What" and "Next" wrap at large text on a small screen instead of ending in "…".
        wrapping_columns(self.table, fitted=(0, 1), wrapped=(2, 3), all_rows=True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.edit_selected())
        layout.addWidget(self.table)

        row = FlowLayout()  # wraps instead of squeezing the labels on a small screen or at a large text
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
        layout.addLayout(row)

        layout.addWidget(self._settings_box())
        unfollow_rules = follow_changes(
            self, ctx.bus, (Topic.REMINDERS, Topic.TAPER, Topic.PROGRAMS), self.refresh, when_hidden=True
        )
        # `coach settings set ...` from a terminal reaches the open window as Topic.ALL: show the new values.
        unfollow_settings = follow_changes(self, ctx.bus, (Topic.SETTINGS,), self.load_settings)

        def unfollow() -> None:
            unfollow_rules()
            unfollow_settings()

        self._unsubscribe = unfollow
        self.refresh()

    def load_settings(self) -> None:
        """Show the stored quiet hours and missed-reminder window, without saving them back."""
        store = self.ctx.store
        edits = (self.quiet, self.quiet_start, self.quiet_end, self.grace)
        for edit in edits:
            edit.blockSignals(True)
        self.quiet.setChecked(store.setting(QUIET_HOURS_ENABLED))
        self.quiet_start.setTime(qtime(store.setting(QUIET_HOURS_START)))
        self.quiet_end.setTime(qtime(store.setting(QUIET_HOURS_END)))
        self.grace.setValue(store.setting(REMINDER_GRACE_MINUTES))
        for edit in edits:
            edit.blockSignals(False)
        self._update_quiet_enabled()

    def stop_following(self) -> None:
        self._unsubscribe()

    # --- settings ------------------------------------------------------------------------------------
    def _settings_box(self) -> QGroupBox:
        store = self.ctx.store
        box = QGroupBox("When reminders may come")
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # labels above fields when narrow
        # Check boxes whose text wraps: a QCheckBox's own long text pushed the page sideways.
        self.quiet, quiet_check = wrapping_check(
            "Hold reminders during quiet hours (they come when quiet hours end)", "reminderQuietEnabled"
        )
        self.quiet.setAccessibleName("Quiet hours on")
        self.quiet.setChecked(store.setting(QUIET_HOURS_ENABLED))
        form.addRow(quiet_check)
        quiet_row = QHBoxLayout()
        self.quiet_start = QTimeEdit(qtime(store.setting(QUIET_HOURS_START)))
        self.quiet_end = QTimeEdit(qtime(store.setting(QUIET_HOURS_END)))
        for edit, name, acc in (
            (self.quiet_start, "reminderQuietStart", "Quiet hours start"),
            (self.quiet_end, "reminderQuietEnd", "Quiet hours end"),
        ):
            edit.setDisplayFormat(time_format())
            edit.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            named(edit, name, acc)
        quiet_row.addWidget(self.quiet_start)
        quiet_row.addWidget(text_label("to"))
        quiet_row.addWidget(self.quiet_end)
        quiet_row.addStretch(1)
        form.addRow("Quiet hours", quiet_row)
        self.grace = QSpinBox()
        named(self.grace, "reminderGrace", "Show missed reminders from the last minutes")
        self.grace.setRange(*REMINDER_GRACE_MINUTES.bounds())
        self.grace.setSingleStep(REMINDER_GRACE_MINUTES.step or 1)
        self.grace.setSuffix(" minutes")
        self.grace.setSpecialValueText("Do not show missed reminders")
        self.grace.setValue(store.setting(REMINDER_GRACE_MINUTES))
        self.grace.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)  # not a page-wide box
        form.addRow("Missed reminders from the last", self.grace)
        self.login, login_check = wrapping_check(
            "Start Pain Recovery Coach when I log in, so reminders keep coming", "reminderStartAtLogin"
        )
        self.login.setAccessibleName("Start at login")
        self.login.setChecked(autostart.is_enabled())
        form.addRow(login_check)

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
        self._update_quiet_enabled()
        save_quiet_hours(
            self.ctx,
            enabled=self.quiet.isChecked(),
            start=self.quiet_start.time().toString("HH:mm"),
            end=self.quiet_end.time().toString("HH:mm"),
            grace_minutes=self.grace.value(),
        )

    def _save_login(self, enabled: bool) -> None:
        try:
            set_start_at_login(self.ctx, enabled)
        except OSError as exc:
            QMessageBox.warning(self, "Start at login", f"Could not change the login setting: {exc}")
            self.login.blockSignals(True)
            self.login.setChecked(autostart.is_enabled())
            self.login.blockSignals(False)

    # --- rules ---------------------------------------------------------------------------------------
    def refresh(self) -> None:
        selected = self.selected_rule()
        self._rules = self.service.rules()
        upcoming = self.service.next_by_rule()
        zone = self.service.zone()
        today = self.ctx.clock.now().astimezone(zone).date()
        self.table.setRowCount(len(self._rules))
        for row, rule in enumerate(self._rules):
            nxt = upcoming.get(rule.id)
            when = "Paused" if rule.paused else (self._when(nxt.astimezone(zone), today) if nxt else "—")
            what = rule.label or "Practice"
            if rule.exercise_id:
                what = f"{what}: {self._titles.get(rule.exercise_id, rule.exercise_id)}"
            try:
                days = describe_weekdays(parse_weekdays(rule.weekdays))
            except CoachError:
                days = rule.weekdays
            if rule.through_quiet:
                what = f"{what} (comes in quiet hours too)"
            quiet_note = None if rule.paused else self.service.quiet_note(rule)
            cells = (_clock(rule.at_time), days, what, when)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                tips = [DERIVED_NOTES.get(rule.source, "Comes with the app.")] if rule.source else []
                if quiet_note is not None:
                    tips.append(f"{quiet_note[0].upper()}{quiet_note[1:]}.")
                item.setToolTip("\n".join(tips))
                self.table.setItem(row, col, item)
            if selected is not None and rule.id == selected.id:
                self.table.selectRow(row)
        fit_rows(self.table)
        self._update_buttons()

    @staticmethod
    def _when(moment: datetime, today: date | None = None) -> str:
        return f"{day_text(moment.date(), today)} {clock_text(moment)}"

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
            f"Remove the {_clock(rule.at_time)} reminder? Its history goes too. (Pausing keeps it for later.)",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.service.remove(rule.id)
        except CoachError as exc:
            QMessageBox.information(self, "Reminders", str(exc))


class RemindersDialog(QDialog):
    """The panel in a dialog (opened from Settings); the same controls as the Reminders page."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("remindersDialog")
        self.setWindowTitle("Reminders")
        self.setMinimumWidth(720)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(title("Reminders", "remindersTitle"))
        layout.addWidget(text_label(INTRO, object_name="remindersIntro"))
        self.panel = RemindersPanel(ctx, self)
        layout.addWidget(self.panel)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.setObjectName("remindersClose")
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.finished.connect(lambda _code: self.panel.stop_following())
        panel = self.panel
        # The panel's controls, reachable from the dialog as before.
        self.table = panel.table
        self.add_button, self.edit_button = panel.add_button, panel.edit_button
        self.pause_button, self.remove_button = panel.pause_button, panel.remove_button
        self.quiet, self.quiet_start, self.quiet_end = panel.quiet, panel.quiet_start, panel.quiet_end
        self.grace, self.login = panel.grace, panel.login
        self.add_rule, self.edit_selected = panel.add_rule, panel.edit_selected
        self.select_rule, self.selected_rule = panel.select_rule, panel.selected_rule
        self.toggle_pause, self.remove_selected = panel.toggle_pause, panel.remove_selected
        self.refresh = panel.refresh
