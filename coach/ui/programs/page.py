"""Programs: the program you follow and the templates, import/export of program files, sharing progress,
the program builder and custom exercises. In a coach profile the patient-only parts (starting a program,
sharing one's progress) are hidden; the coach's caseload is on the coach's home page, not here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from coach.domain.errors import CoachError
from coach.domain.programs import CHECKIN_LABELS
from coach.domain.wording import day_text
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.programs.service import ProgramInfo, ProgramService
from coach.ui.changes import follow_changes
from coach.ui.navigation import Navigator
from coach.ui.practice.exercise_editor import ExerciseEditor
from coach.ui.practice.reprocessing_check import ReprocessingCheckDialog
from coach.ui.programs.builder import ProgramBuilder
from coach.ui.programs.check_first import FollowCheck
from coach.ui.programs.program_files import ProgramFiles
from coach.ui.programs.program_view import program_html
from coach.ui.programs.steady_button import SteadyButton
from coach.ui.widgets.common import FlowLayout, button, card, shown_as_typed, text_label, title
from coach.ui.widgets.section_tabs import SectionTabs

REFRESH_TOPICS = (Topic.PROGRAMS, Topic.EXERCISES, Topic.SESSIONS, Topic.CHECKINS, Topic.PROFILE)
ORIGIN_LABELS = {"builtin": "template", "custom": "yours", "imported": "from your coach"}


class ProgramsPage(ProgramFiles):
    """The Programs page: the program followed, the list with Start / Edit / New / Delete, the builder and
    the exercise editor in tabs; its files (save, open, share progress) are ProgramFiles's."""

    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        super().__init__()
        self.setObjectName("page_programs")
        self.ctx = ctx
        self.nav = nav
        self.service = ProgramService(ctx)
        self.infos: list[ProgramInfo] = []
        root = QVBoxLayout(self)
        root.setContentsMargins(28, 20, 28, 20)
        root.setSpacing(12)
        root.addWidget(title("Programs"))

        frame, box = card("currentProgramCard")
        self.current_card = frame
        self.current_text = text_label("", object_name="currentProgram")
        self.current_text.setAccessibleName("The program you follow")
        box.addWidget(self.current_text)
        root.addWidget(frame)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("programTabs")
        self.tabs.setAccessibleName("Program sections")
        self.tabs.addTab(self._build_list_tab(), "Programs")
        self.builder = ProgramBuilder(ctx, self._error)
        self.builder.saved.connect(lambda _id: self.refresh())
        self.builder.assigned.connect(lambda _id: self.refresh())
        # The builder's Start follows a program too, so it goes through the check before pain reprocessing.
        self.builder.assign_button.clicked.disconnect(self.builder.assign)
        self.builder.assign_button.clicked.connect(self._start_from_builder)
        self.tabs.addTab(self.builder, "Builder")
        self.editor = ExerciseEditor(ctx, self._error)
        self.editor.saved.connect(lambda _id: self.builder.reload_exercises())
        self.tabs.addTab(self.editor, "My exercises")
        self.sections = SectionTabs(self.tabs)  # names never hide behind scroll arrows
        root.addWidget(self.sections, 1)
        self.follow_check = FollowCheck(ctx, nav, self, lambda text: self.status.setText(text))
        self._sync_profile_kind()
        self.refresh()
        follow_changes(self, ctx.bus, (Topic.PROFILE,), self._sync_profile_kind)
        follow_changes(self, ctx.bus, (Topic.EXERCISES,), self.builder.reload_exercises)
        follow_changes(self, ctx.bus, REFRESH_TOPICS, self.refresh)

    # --- the list tab ----------------------------------------------------------------------------
    def _build_list_tab(self) -> QWidget:
        # The tab scrolls up and down on a small screen or at a large text size, so the list keeps a
        # readable height and the wrapped button rows below it stay whole.
        area = QScrollArea()
        area.setObjectName("programsTabScroll")
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tab = QWidget()
        tab.setObjectName("programsTab")
        area.setWidget(tab)
        layout = QVBoxLayout(tab)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.program_list = QListWidget()
        self.program_list.setObjectName("programList")
        self.program_list.setWordWrap(True)  # long names wrap: the list never scrolls sideways
        self.program_list.setAccessibleName("Programs you can follow")
        self.program_list.setSpacing(4)
        self.program_list.currentRowChanged.connect(self._show_program)
        splitter.addWidget(self.program_list)
        self.detail = QTextBrowser()
        self.detail.setObjectName("programDetail")
        self.detail.setAccessibleName("About the chosen program")
        self.detail.setOpenLinks(False)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(1, 2)
        splitter.setMinimumHeight(splitter.fontMetrics().lineSpacing() * 8)  # a few names and lines
        layout.addWidget(splitter, 1)

        # One row of buttons that wraps on a small screen or at a large text size instead of squeezing
        # their labels; the file buttons follow the program buttons.
        row = FlowLayout()
        self.start_button = button("Start this program", "startProgram", role="primary")
        self.start_button.clicked.connect(self.start_selected)
        self.edit_button = SteadyButton(("Edit", "Edit a copy"), "editProgram")
        self.edit_button.setAccessibleName("Edit the chosen program in the builder")
        self.edit_button.clicked.connect(self.edit_selected)
        self.new_button = button("New program", "newProgram")
        self.new_button.clicked.connect(self.new_program)
        self.export_button = button("Save to a file…", "exportProgram", "Save the chosen program to a file")
        self.export_button.clicked.connect(lambda: self.export_selected())
        self.delete_button = button("Delete", "deleteProgram", "Delete the chosen program")
        self.delete_button.clicked.connect(self.delete_selected)
        for b in (
            self.start_button,
            self.edit_button,
            self.new_button,
            self.export_button,
            self.delete_button,
        ):
            row.addWidget(b)

        self.import_button = button(
            "Open a program file…", "importProgram", "Import a program file from a coach"
        )
        self.import_button.clicked.connect(lambda: self.import_bundle())
        self.share_button = button(
            "Share my progress…", "shareProgress", "Make a progress file for your coach"
        )
        self.share_button.clicked.connect(lambda: self.share_progress())
        self.status = text_label("", role="muted", object_name="programsStatus")
        row.addWidget(self.import_button)
        row.addWidget(self.share_button)
        layout.addLayout(row)
        layout.addWidget(self.status)
        return area

    @property
    def is_coach(self) -> bool:
        return self.ctx.store.profile().kind == "coach"

    def _sync_profile_kind(self) -> None:
        """A coach builds and sends programs: following one and sharing one's progress are a patient's."""
        patient = not self.is_coach
        for widget in (self.start_button, self.share_button, self.builder.assign_button):
            widget.setVisible(patient)

    # --- refresh ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._refresh_current()
        selected = self.selected_id()
        self.infos = self.service.all()
        active = self.service.active_assignment()
        self.program_list.blockSignals(True)
        self.program_list.clear()
        for info in self.infos:
            following = "  ·  following now" if active and active.program_id == info.id else ""
            item = QListWidgetItem(f"{info.title}\n{ORIGIN_LABELS.get(info.origin, info.origin)}{following}")
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            item.setToolTip(shown_as_typed(info.program.summary))
            self.program_list.addItem(item)
        self.program_list.blockSignals(False)
        ids = [i.id for i in self.infos]
        if selected not in ids and active is not None:
            selected = active.program_id
        row = ids.index(selected) if selected in ids else 0
        if self.infos:
            self.program_list.setCurrentRow(row)
            self._show_program(row)

    def _refresh_current(self) -> None:
        plan = self.service.today()
        # A coach who follows no program of their own does not need the reminder.
        self.current_card.setVisible(plan is not None or not self.is_coach)
        if plan is None:
            self.current_text.setText("You are not following a program. Choose one below and press Start.")
            return
        text = f"You are following {plan.program.title}"
        total = plan.program.total_days
        if plan.finished:
            text += ". You have finished it: well done."
        elif plan.not_started:
            text += f". It starts on {day_text(plan.assignment.started_on)}."
        elif plan.scheduled is not None:
            length = f" of {total}" if total else ""
            text += f": day {plan.scheduled.day_number}{length}."
            today = [self._exercise_title(x) for x in plan.exercises]
            today += [CHECKIN_LABELS[c] for c in plan.checkins]
            text += f"\nToday: {', '.join(today)}." if today else "\nToday is a rest day."
        figures = self.service.adherence(plan.assignment)
        if figures is not None and figures.planned and figures.days_counted > 1:
            text += f" So far you have done {figures.done} of {figures.planned} planned practices."
        self.current_text.setText(text)

    def _exercise_title(self, exercise_id: str) -> str:
        from coach.services.practice.library import ExerciseLibrary

        try:
            return ExerciseLibrary(self.ctx.store).get(exercise_id).title
        except CoachError:
            return exercise_id

    def selected_id(self) -> str | None:
        item = self.program_list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def selected_info(self) -> ProgramInfo | None:
        selected = self.selected_id()
        return next((i for i in self.infos if i.id == selected), None)

    def _show_program(self, row: int) -> None:
        if not 0 <= row < len(self.infos):
            return
        info = self.infos[row]
        self.detail.setHtml(program_html(info.program, info.coach_name, self.builder.days.short_title))
        self.edit_button.setText("Edit a copy" if info.origin == "builtin" else "Edit")
        self.delete_button.setEnabled(info.origin != "builtin")

    # --- actions ---------------------------------------------------------------------------------
    def _error(self, message: str) -> None:
        self.show_error(message)

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, "Programs", shown_as_typed(message))

    def _guard(self, action: Callable[[], Any]) -> Any:
        try:
            return action()
        except CoachError as exc:
            self._error(str(exc))
            return None

    def start_selected(self) -> None:
        """Follow the chosen program, after the check before pain reprocessing when it holds any."""
        info = self.selected_info()
        if info is not None:
            self.follow_check.follow(info.program, lambda: self._start(info), info.title)

    def _start(self, info: ProgramInfo) -> None:
        if self._guard(lambda: self.service.assign(info.id)) is not None:
            self.status.setText(f"You are now following “{info.title}”. Today shows its practice.")

    def _start_from_builder(self) -> None:
        builder = self.builder
        if (builder.dirty or not self.service.exists(builder.program.id)) and not builder.save():
            return  # saved first, so a missing title is said before any question is asked
        self.follow_check.follow(builder.program, builder.assign, builder.program.title)

    @property
    def check_dialog(self) -> ReprocessingCheckDialog | None:
        """The check before pain reprocessing while it is open (starting or importing a program)."""
        return self.follow_check.dialog

    def edit_selected(self) -> None:
        info = self.selected_info()
        if info is None:
            return
        if info.origin == "builtin":
            self.builder.load_copy(info.program)
        else:
            self.builder.load(info.program)
        self.tabs.setCurrentWidget(self.builder)

    def new_program(self) -> None:
        self.builder.new_program()
        self.tabs.setCurrentWidget(self.builder)

    def delete_selected(self) -> None:
        info = self.selected_info()
        if info is None or info.origin == "builtin":
            return
        answer = QMessageBox.question(
            self, "Programs", shown_as_typed(f"Delete “{info.title}”? Your practice history stays.")
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._guard(lambda: self.service.delete(info.id))

    def on_navigate(self, **kwargs: Any) -> None:
        tab = kwargs.get("tab")
        if tab == "patients":  # the caseload lives on the coach's home page now
            self.nav.go("caseload")
            return
        targets = {"builder": self.builder, "exercises": self.editor}
        widget = targets.get(str(tab)) if tab else None
        if widget is not None:
            self.tabs.setCurrentWidget(widget)


def create_page(ctx: AppContext, nav: Navigator) -> QWidget:
    return ProgramsPage(ctx, nav)
