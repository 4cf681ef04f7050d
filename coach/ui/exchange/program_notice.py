"""The patient's exchange notices above every page: "A new program from <coach>: review" (never applied
without the person's yes), and, once linked to a coach, the offer to choose the exchange folder."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QMessageBox, QWidget

from coach.domain.errors import CoachError
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.exchange.folder import exchange_folder, linked_coach
from coach.services.exchange.programs import (
    PendingProgram,
    accept_program,
    dismiss_program,
    pending_programs,
    review_program,
)
from coach.ui.changes import follow_changes
from coach.ui.exchange.folder_picker import choose_folder
from coach.ui.widgets.common import button, card, text_label

if TYPE_CHECKING:  # imported when reviewing, not at startup (tests/gui/test_startup.py)
    from coach.services.programs.bundle_import import ImportPreview

TITLE = "A program from your coach"


class ExchangeNotice(QWidget):
    """Hidden unless there is something to say. In a coach profile it never shows."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("exchangeNotice")
        self.folder_offer_dismissed = False
        self.put_off: set[str] = set()  # programs the person said "Not now" to, until the app restarts
        self.pending: PendingProgram | None = None
        self.done_box: QMessageBox | None = None  # what the last accepted program changed, while shown
        outer = QHBoxLayout(self)
        outer.setContentsMargins(12, 8, 12, 0)
        frame, box = card("exchangeNoticeCard")
        outer.addWidget(frame)
        row = QHBoxLayout()
        box.addLayout(row)
        self.text = text_label("", object_name="exchangeNoticeText", plain=True)
        self.text.setAccessibleName("Notice from the exchange folder")
        row.addWidget(self.text, 1)
        self.review_button = button("Review…", "reviewProgram", "Review the new program", role="primary")
        self.review_button.clicked.connect(lambda: self.review())
        self.decline_button = button("Decline…", "declineProgram", "Decline the new program")
        self.decline_button.clicked.connect(lambda: self.decline())
        self.folder_button = button("Choose folder…", "offerExchangeFolder", "Choose the exchange folder")
        self.folder_button.clicked.connect(lambda: choose_folder(ctx, self))
        self.later_button = button("Not now", "exchangeNoticeLater")
        self.later_button.clicked.connect(lambda: self.later())
        for b in (self.review_button, self.decline_button, self.folder_button, self.later_button):
            row.addWidget(b)
        follow_changes(
            self, ctx.bus, (Topic.PROGRAMS, Topic.SETTINGS, Topic.PROFILE), self.refresh, when_hidden=True
        )
        self.refresh()

    def refresh(self) -> None:
        """Show the newest program waiting for review, else the folder offer, else nothing."""
        self.pending = None
        if self.ctx.store.profile().kind == "coach":
            self.setVisible(False)
            return
        waiting = [p for p in pending_programs(self.ctx) if p.name not in self.put_off]
        link = linked_coach(self.ctx)
        if waiting:
            self.pending = waiting[0]
            self.text.setText(
                f"A new program from {self.pending.coach_name or 'your coach'}: “{self.pending.title}”. Review it before it starts."
            )
        elif link is not None and exchange_folder(self.ctx) is None and not self.folder_offer_dismissed:
            self.text.setText(
                f"You are linked to {link.coach_name or 'your coach'}. Choose the folder your sync app shares "
                "with them, and your progress will reach them by itself after each session or check-in."
            )
        else:
            self.setVisible(False)
            return
        self.review_button.setVisible(self.pending is not None)
        self.decline_button.setVisible(self.pending is not None)
        self.folder_button.setVisible(self.pending is None)
        self.setVisible(True)

    def later(self) -> None:
        """Put the notice away until the app starts again; nothing is declined or applied."""
        if self.pending is None:
            self.folder_offer_dismissed = True
        else:
            self.put_off.add(self.pending.name)
        self.refresh()

    def decline(self) -> None:
        if self.pending is None:
            return
        answer = QMessageBox.question(
            self,
            TITLE,
            f"Decline “{self.pending.title}”? Your current program stays as it is. "
            "Your coach can send it again.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            dismiss_program(self.ctx, self.pending.name)

    def review(self) -> None:
        """Show what the program would change (checked again, completely); apply it only on Import."""
        from coach.ui.programs.bundle_dialogs import ImportPreviewDialog

        if self.pending is None:
            return
        name = self.pending.name
        try:
            preview = review_program(self.ctx, name)
        except CoachError as exc:
            QMessageBox.warning(self, TITLE, str(exc))
            return
        dialog = ImportPreviewDialog(preview, self, self._title_of)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            accept_program(self.ctx, name, preview)
        except CoachError as exc:
            QMessageBox.warning(self, TITLE, str(exc))
            return
        self.done_box = self._say_done(preview)

    def _title_of(self, exercise_id: str) -> str:
        from coach.services.practice.library import ExerciseLibrary

        try:
            return ExerciseLibrary(self.ctx.store).get(exercise_id).title
        except CoachError:
            return exercise_id.replace("-", " ").capitalize()

    def _say_done(self, preview: ImportPreview) -> QMessageBox:
        """Say what the import did, in a window that does not block (object name "programImportedBox")."""
        who = preview.coach_name or "your coach"
        text = f"“{preview.program_title}” from {who} is now your program. It starts today; Today shows its practice."
        if preview.current_program:
            text += f" Your previous program, “{preview.current_program}”, is kept in your history."
        box = QMessageBox(QMessageBox.Icon.Information, TITLE, text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("programImportedBox")
        box.setTextFormat(Qt.TextFormat.PlainText)  # the coach's name and title are shown as typed
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box
