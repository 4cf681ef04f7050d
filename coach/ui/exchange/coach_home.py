"""A coach's home page: the exchange folder's state, recent arrivals, and the caseload (triage queue)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QMessageBox, QScrollArea, QVBoxLayout, QWidget

from coach.domain.errors import CoachError
from coach.domain.timefmt import from_db
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.exchange.programs import send_program
from coach.services.exchange.sync import (
    exchange_patients,
    exchange_status,
    recent_arrivals,
    scan_incoming,
)
from coach.services.programs.service import ProgramService
from coach.ui.caseload.overview import CoachOverview
from coach.ui.changes import follow_changes
from coach.ui.exchange.folder_picker import choose_folder
from coach.ui.navigation import Navigator
from coach.ui.widgets.common import FlowLayout, button, named, text_label, title
from coach.ui.widgets.forms import shrink_to_fit

PAGE_TITLE = "Your caseload"


class CoachHome(QWidget):
    """The coach's first page. Arrivals come in by themselves (coach.ui.exchange.watcher); "Check now"
    scans at once and says what it did."""

    def __init__(self, ctx: AppContext, nav: Navigator | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.nav = nav
        self.setObjectName("coachHome")
        # The page scrolls up and down on a small screen or at a large text size, and its rows of buttons
        # wrap: nothing is squeezed or cut, and it never scrolls sideways.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        area = QScrollArea()
        area.setObjectName("coachHomeScroll")
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        area.setWidget(body)
        outer.addWidget(area)
        root = QVBoxLayout(body)
        root.addWidget(title(PAGE_TITLE))

        self.folder_text = text_label("", role="muted", object_name="exchangeFolderText", plain=True)
        self.folder_text.setAccessibleName("Exchange folder")
        root.addWidget(self.folder_text)
        row = FlowLayout()
        self.choose_button = button("Choose exchange folder…", "chooseExchangeFolder")
        self.choose_button.setToolTip("The folder your sync app (e.g. Syncthing) shares with your patients")
        self.choose_button.clicked.connect(lambda: choose_folder(ctx, self))
        self.check_button = button("Check now", "exchangeCheckNow", "Check the exchange folder now")
        self.check_button.clicked.connect(lambda: self.check_now())
        self.programs_button = button(
            "Your programs…", "coachPrograms", "Open your programs to build or send one"
        )
        self.programs_button.clicked.connect(lambda: nav.go("programs") if nav is not None else None)
        row.addWidget(self.choose_button)
        row.addWidget(self.check_button)
        row.addWidget(self.programs_button)
        root.addLayout(row)
        self.report_text = text_label("", object_name="exchangeReport", plain=True)
        self.arrivals_text = text_label("", object_name="recentArrivals", plain=True)
        self.arrivals_text.setAccessibleName("Recent arrivals")
        self.refused_text = text_label("", role="warning", object_name="exchangeRefused", plain=True)
        self.refused_text.setAccessibleName("Files in the exchange folder that were not imported")
        for label in (self.report_text, self.arrivals_text, self.refused_text):
            root.addWidget(label)

        # A program back to one patient, through the folder; their app asks them before it starts.
        send_row = FlowLayout()
        self.send_program = shrink_to_fit(named(QComboBox(), "sendProgramChoice", "Program to send"), 12)
        self.send_patient = shrink_to_fit(
            named(QComboBox(), "sendPatientChoice", "Patient to send it to"), 12
        )
        self.send_button = button("Send to patient", "sendProgram", "Send the program to the patient")
        self.send_button.setToolTip("Their app shows it for review; nothing changes until they accept it")
        self.send_button.clicked.connect(lambda: self.send())
        send_row.addWidget(text_label("Send a program:"))
        send_row.addWidget(self.send_program)
        send_row.addWidget(text_label("to"))
        send_row.addWidget(self.send_patient)
        send_row.addWidget(self.send_button)
        root.addLayout(send_row)

        self.overview = CoachOverview(ctx, self._error)
        # The queue and the chosen patient's record keep a readable height; the page scrolls instead.
        self.overview.setMinimumHeight(self.fontMetrics().lineSpacing() * 24)
        root.addWidget(self.overview, 1)
        # Every import publishes Topic.ALL (which follow_changes always passes on), so a scan bringing 200
        # files would rebuild the caseload 200 times; the scan runs on this thread, so one refresh queued
        # for the next turn of the event loop covers them all.
        self.refresh_soon = QTimer(self)
        self.refresh_soon.setSingleShot(True)
        self.refresh_soon.setInterval(0)
        self.refresh_soon.timeout.connect(self.refresh)
        follow_changes(
            self, ctx.bus, (Topic.SETTINGS, Topic.PROFILE, Topic.PROGRAMS), self.refresh_soon.start
        )
        self.refresh()

    def _error(self, message: str) -> None:
        QMessageBox.warning(self, PAGE_TITLE, message)

    def refresh(self) -> None:
        self.overview.refresh()
        status = exchange_status(self.ctx)
        if status.folder is None:
            self.folder_text.setText(
                "No exchange folder yet. Choose the folder your sync app shares with your patients, and "
                "their progress files will arrive here by themselves."
            )
            self.check_button.setEnabled(False)
        else:
            self.folder_text.setText(
                f"Exchange folder: {status.folder} (checked every minute and as files arrive)"
            )
            self.check_button.setEnabled(True)
        zone = self.ctx.clock.local_zone()
        arrivals = [
            f"{a.patient} at {from_db(a.at).astimezone(zone):%d %b %H:%M}" for a in recent_arrivals(self.ctx)
        ]
        self.arrivals_text.setText("Recent arrivals: " + "; ".join(arrivals) if arrivals else "")
        self.arrivals_text.setVisible(bool(arrivals))
        self._fill_send_choices(status.folder is not None)
        refused = [f"{name}: {reason}" for name, reason in status.refused[:5]]
        self.refused_text.setText("Not imported: " + "; ".join(refused) if refused else "")
        self.refused_text.setVisible(bool(refused))

    def _fill_send_choices(self, has_folder: bool) -> None:
        kept = self.send_program.currentData(), self.send_patient.currentData()
        self.send_program.clear()
        for info in ProgramService(self.ctx).all():
            self.send_program.addItem(info.title, info.id)
        self.send_patient.clear()
        for patient_id, name in exchange_patients(self.ctx):
            self.send_patient.addItem(f"{name} ({patient_id[:8]})", patient_id)
        for combo, data in zip((self.send_program, self.send_patient), kept, strict=True):
            combo.setCurrentIndex(max(0, combo.findData(data)))
        self.send_button.setEnabled(has_folder and self.send_patient.count() > 0)

    def send(self) -> None:
        program_id, patient_id = self.send_program.currentData(), self.send_patient.currentData()
        if not program_id or not patient_id:
            return
        try:
            send_program(self.ctx, str(program_id), str(patient_id))
        except CoachError as exc:
            self._error(str(exc))
            return
        self.report_text.setText(
            f"Sent “{self.send_program.currentText()}” to {self.send_patient.currentText()}: "
            "it reaches them when your sync app has copied it, and starts only if they accept it."
        )

    def check_now(self) -> None:
        try:
            report = scan_incoming(self.ctx)
        except CoachError as exc:
            self.report_text.setText(str(exc))
            return
        self.report_text.setText(report.summary())
        self.refresh()


def create_page(ctx: AppContext, nav: Navigator) -> QWidget:
    return CoachHome(ctx, nav)
