"""A coach's home page: the exchange folder's state, recent arrivals, and the caseload (triage queue)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

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
from coach.ui.caseload.bar import row_label
from coach.ui.caseload.overview import CoachOverview
from coach.ui.changes import follow_changes
from coach.ui.exchange.folder_picker import choose_folder
from coach.ui.navigation import Navigator
from coach.ui.widgets.common import FlowLayout, button, named, text_label, title

PAGE_TITLE = "Your caseload"
ARRIVALS_SHOWN = 3


class CoachHome(QWidget):
    """The coach's first page. Arrivals come in by themselves (coach.ui.exchange.watcher); "Check now"
    scans at once and says what it did."""

    def __init__(self, ctx: AppContext, nav: Navigator | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.nav = nav
        self.setObjectName("coachHome")
        # The page scrolls as a whole when the screen is too small for the controls and a useful queue
        # (1024x600 at large text); the queue keeps room for several patients rather than being squeezed.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.page_scroll = named(QScrollArea(), "coachHomeScroll", PAGE_TITLE)
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.page_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self.page_scroll)
        content = QWidget()
        self.page_scroll.setWidget(content)
        root = QVBoxLayout(content)
        root.addWidget(title(PAGE_TITLE))

        self.folder_text = text_label("", role="muted", object_name="exchangeFolderText", plain=True)
        self.folder_text.setAccessibleName("Exchange folder")
        root.addWidget(self.folder_text)
        # The exchange controls and "send a program" in one wrapping row: on a small screen or with large
        # text they move onto a second line instead of cutting their labels or overlapping the text above.
        controls = QWidget()
        row = FlowLayout(controls)
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

        # A program back to one patient, through the folder; their app asks them before it starts.
        self.send_program = named(QComboBox(), "sendProgramChoice", "Program to send")
        self.send_patient = named(QComboBox(), "sendPatientChoice", "Patient to send it to")
        for combo in (self.send_program, self.send_patient):
            # Long titles and names elide in the closed box (the list shows them whole), so the row fits.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)
        self.send_button = button("Send to patient", "sendProgram", "Send the program to the patient")
        self.send_button.setToolTip("Their app shows it for review; nothing changes until they accept it")
        self.send_button.clicked.connect(lambda: self.send())
        # "Send a program: [program]" and "to [patient] [Send]" each move as one piece when the row wraps,
        # so "to" never ends a line alone. Without an exchange folder nothing can be sent: the row hides.
        self.send_parts = (
            _together(row_label("Send a program:", self.send_button), self.send_program),
            _together(row_label("to", self.send_button), self.send_patient, self.send_button),
        )
        for part in self.send_parts:
            row.addWidget(part)
        root.addWidget(controls)

        self.report_text = text_label("", object_name="exchangeReport", plain=True)
        self.arrivals_text = text_label("", object_name="recentArrivals", plain=True)
        self.arrivals_text.setAccessibleName("Recent arrivals")
        self.refused_text = text_label("", role="warning", object_name="exchangeRefused", plain=True)
        self.refused_text.setAccessibleName("Files in the exchange folder that were not imported")
        for label in (self.report_text, self.arrivals_text, self.refused_text):
            root.addWidget(label)
        self.report_text.setVisible(False)

        self.overview = CoachOverview(ctx, self._error)
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
        # A rename or an import changes names here too (arrivals, the Send-to list); the caseload table
        # follows its own changes row by row, so only this page's exchange part is read again.
        self.names_soon = QTimer(self)
        self.names_soon.setSingleShot(True)
        self.names_soon.setInterval(0)
        self.names_soon.timeout.connect(self.refresh_exchange)
        follow_changes(self, ctx.bus, (Topic.CASELOAD,), self.names_soon.start)
        self.refresh()

    def _report(self, text: str) -> None:
        """What "Check now" or "Send" did, in the line under the controls (no room taken when empty)."""
        self.report_text.setText(text)
        self.report_text.setVisible(bool(text))

    def _error(self, message: str) -> None:
        QMessageBox.warning(self, PAGE_TITLE, message)

    def refresh(self) -> None:
        """Read everything again: the caseload and the exchange part."""
        self.overview.refresh()
        self.refresh_exchange()

    def refresh_exchange(self) -> None:
        """The exchange folder's state, recent arrivals and the Send-to list (patients by the coach's own
        names for them)."""
        status = exchange_status(self.ctx)
        if status.folder is None:
            self.folder_text.setText(
                "No exchange folder yet: choose one to receive progress files and send programs."
            )
            self.folder_text.setToolTip(
                "Choose the folder your sync app shares with your patients, and their progress files "
                "arrive here by themselves."
            )
            self.check_button.setEnabled(False)
        else:
            self.folder_text.setText(f"Exchange folder: {status.folder}")
            self.folder_text.setToolTip("Checked every minute and as files arrive")
            self.check_button.setEnabled(True)
        zone = self.ctx.clock.local_zone()
        arrivals = [
            f"{a.patient} at {from_db(a.at).astimezone(zone):%d %b %H:%M}" for a in recent_arrivals(self.ctx)
        ]
        # The newest few: the triage table below has everyone (a long list here pushed the table away).
        more = f"; and {len(arrivals) - ARRIVALS_SHOWN} more" if len(arrivals) > ARRIVALS_SHOWN else ""
        shown = "; ".join(arrivals[:ARRIVALS_SHOWN]) + more
        self.arrivals_text.setText("Recent arrivals: " + shown if arrivals else "")
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
        for part in self.send_parts:
            part.setVisible(has_folder)

    def send(self) -> None:
        program_id, patient_id = self.send_program.currentData(), self.send_patient.currentData()
        if not program_id or not patient_id:
            return
        try:
            send_program(self.ctx, str(program_id), str(patient_id))
        except CoachError as exc:
            self._error(str(exc))
            return
        self._report(
            f"Sent “{self.send_program.currentText()}” to {self.send_patient.currentText()}: "
            "it reaches them when your sync app has copied it, and starts only if they accept it."
        )

    def check_now(self) -> None:
        try:
            report = scan_incoming(self.ctx)
        except CoachError as exc:
            self._report(str(exc))
            return
        self._report(report.summary())
        self.refresh()


def _together(*widgets: QWidget) -> QWidget:
    """`widgets` side by side as one item of a wrapping row (they move to the next line together)."""
    box = QWidget()
    line = QHBoxLayout(box)
    line.setContentsMargins(0, 0, 0, 0)
    line.setSpacing(8)
    for widget in widgets:
        line.addWidget(widget)
    return box


def create_page(ctx: AppContext, nav: Navigator) -> QWidget:
    return CoachHome(ctx, nav)
