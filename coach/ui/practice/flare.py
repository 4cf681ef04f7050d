"""The "Pain is spiking" flow: a short reminder of the escalation trap, the 3-minute flare practice, and a
quick flare note (intensity, trigger, what helped) saved to the journal.

The dialog is not modal; Start saves the note and closes it, so it never covers the practice it started.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from coach.domain.errors import CoachError
from coach.services.checkins.service import CheckinService, Flare
from coach.services.context import AppContext
from coach.services.learn import education
from coach.ui.navigation import Navigator
from coach.ui.widgets.common import button, card, fit_to_screen, text_label
from coach.ui.widgets.forms import error_label, line_edit, show_error
from coach.ui.widgets.rating import RatingScale

FLARE_EXERCISE = "flare-tracking-3"

_FALLBACK_REMINDER = (
    "A spike feels urgent, and it will pass. Reaching for extra medicine can feed a loop of more sensitivity "
    "and more pain. Three minutes of calm attention is another way through. Keep taking your medicines as "
    "agreed with your prescriber."
)


def _reminder() -> tuple[str, tuple[str, ...]]:
    """The flare reminder from resources/education (a broken file falls back to a built-in sentence)."""
    try:
        page = education.get_module(education.FLARE_REMINDER).pages[0]
    except CoachError:
        return "This will pass", (_FALLBACK_REMINDER,)
    return page.title, page.paragraphs


class FlareDialog(QDialog):
    def __init__(self, ctx: AppContext, nav: Navigator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.nav = nav
        self.service = CheckinService(ctx)
        self.flare: Flare | None = None
        self.setWindowTitle("Pain is spiking")
        self.setObjectName("flareDialog")
        self.setAccessibleName("Pain is spiking")
        self.setModal(False)
        self.setMinimumWidth(640)
        outer = QVBoxLayout(self)
        # The words scroll inside the dialog, so it fits a 1024x600 screen with its title bar and buttons on
        # it, and wrapped paragraphs get their full height instead of being squeezed over each other.
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("flareScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body = body = QWidget()
        body.setObjectName("flareBody")
        self.scroll_area.setWidget(body)
        outer.addWidget(self.scroll_area, 1)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        # Asked before the practice starts: it is also the practice's "before" rating, so the practice can
        # start at once without asking again.
        self.intensity = RatingScale(
            "How strong is the pain right now? (optional)", "No pain", "Worst imaginable", "flareIntensity"
        )
        layout.addWidget(self.intensity)
        self.start_button = button(
            "Start the 3-minute practice",
            "startFlarePractice",
            "Start the 3-minute flare practice",
            role="primary",
        )
        self.start_button.clicked.connect(self.start_practice)
        layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeft)
        # The rating and Start come first (on screen without scrolling at 1024x600); the why after.
        frame, box = card("flareReminder")
        heading, paragraphs = _reminder()
        box.addWidget(text_label(heading, role="subtitle"))
        for index, paragraph in enumerate(paragraphs):
            box.addWidget(text_label(paragraph, object_name=f"flareReminder{index}"))
        layout.addWidget(frame)

        layout.addWidget(text_label("A quick note for your flare log (all optional)", role="subtitle"))
        self.trigger = line_edit(
            "flareTrigger", "What set it off, if you know", "e.g. lifting, stress, poor sleep"
        )
        self.helped = line_edit("flareHelped", "What helped", "you can fill this in after the practice")
        layout.addWidget(text_label("What set it off, if you know"))
        layout.addWidget(self.trigger)
        layout.addWidget(text_label("What helped"))
        layout.addWidget(self.helped)
        self.error = error_label("flareError")
        self.status = text_label("", role="muted", object_name="flareStatus")
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.save_button = button("Save note and close", "saveFlare")
        self.close_button = button("Close", "closeFlare", "Close without saving more")
        self.save_button.clicked.connect(self.save_and_close)
        self.close_button.clicked.connect(self.close)
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(self.close_button)
        outer.addLayout(row)

    def save(self) -> Flare | None:
        """Create the flare note on first save, update it after (so "what helped" can come later)."""
        values = (self.intensity.value(), self.trigger.text(), self.helped.text())
        try:
            if self.flare is None:
                self.flare = self.service.log_flare(*values)
            else:
                self.flare = self.service.update_flare(self.flare.id, *values)
        except CoachError as exc:
            show_error(self.error, str(exc))
            return None
        show_error(self.error, "")
        return self.flare

    def start_practice(self) -> None:
        """Save the flare note and start the practice in the main window; the dialog then closes so it
        does not cover the practice's captions (the note is already in the flare log)."""
        if self.save() is None:
            return
        self.close()
        # Straight into the practice: the strength of the pain was just asked here, so the before-ratings
        # are not asked again (a remembered red flag from the check still stops it, in Practice).
        self.nav.go("practice", exercise_id=FLARE_EXERCISE, start_now=True, pain=self.intensity.value())

    def save_and_close(self) -> None:
        if self.save() is not None:
            self.accept()


def open_flare_flow(ctx: AppContext, nav: Navigator, parent: QWidget | None = None) -> FlareDialog:
    """Show the flare flow beside the main window and return it (tests drive it directly)."""
    dialog = FlareDialog(ctx, nav, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.show()
    # As tall as the words need at this width (wrapped text needs the height that matches the width), but
    # never taller than the screen: the rest scrolls.
    wanted = (
        dialog.body.heightForWidth(dialog.scroll_area.viewport().width())
        + dialog.height()
        - dialog.scroll_area.height()
    )
    screen = dialog.screen().availableGeometry()
    dialog.resize(dialog.width(), min(max(dialog.height(), wanted + 4), screen.height() - 60))
    fit_to_screen(dialog)  # the frame (title bar included) inside the screen's available area
    dialog.raise_()
    return dialog
