"""The dialog for a draft from a pace preset, previewed step by step and saved only as a draft ("draft:
discuss with your prescriber"); a draft changes nothing about the doses."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QListWidget,
    QWidget,
)

from coach.domain import taper as rules
from coach.domain.errors import CoachError
from coach.domain.wording import count, day_text
from coach.services.taper.medicines import Medication
from coach.services.taper.plan_names import check_stop_at
from coach.services.taper.step_units import DRAFT_DOSE_NOTE, draft_level_text
from coach.ui.taper.plan_words import pace_items, pace_tips
from coach.ui.taper.scrolling_fields import scrolling_fields
from coach.ui.widgets.common import named, plain_label
from coach.ui.widgets.form_dialog import FormDialog
from coach.ui.widgets.forms import (
    combo,
    date_edit,
    from_qdate,
    number_edit,
    show_error,
)


class DraftDialog(FormDialog):
    """A draft from a pace preset, previewed step by step and saved only as a draft."""

    def __init__(
        self,
        save: Callable[[float, str, date, float, float], None],
        start_mme: float,
        today: date,
        parent: QWidget | None = None,
        opioids: Sequence[Medication] = (),
    ) -> None:
        super().__init__(f"Make a {rules.DRAFT_LABEL}", "draftDialog", parent, ok_text="Save as a draft")
        self.body = scrolling_fields(self)  # the fields scroll; the error line and buttons stay in view
        self._save_values = save
        self._opioids = list(opioids)
        self._today = today
        banner = plain_label(
            "Draft: discuss with your prescriber. A draft changes nothing about your doses; it is a starting "
            "point for that conversation."
        )
        banner.setObjectName("draftDialogBanner")
        banner.setProperty("role", "warning")
        banner.setWordWrap(True)
        self.body.insertWidget(0, banner)
        # Room above the app's limit, so a dose typed too high stays as typed and the limit is explained.
        self.start_mme = number_edit(
            "draftStartMme", "Daily MME now", start_mme, maximum=999_999.0, suffix="MME a day"
        )
        self.pace = combo("draftPace", "Pace preset", pace_items())
        pace_tips(self.pace)
        self.first = date_edit("draftFrom", "Date of the first step", today + timedelta(days=7))
        self.floor = number_edit(
            "draftFloor",
            "Lowest dose you agreed to stop at (optional)",
            0.0,
            suffix="MME a day",
            unset_text="0 (stop)",
        )
        self.floor.setToolTip(
            "The lowest daily dose you and your prescriber agreed the taper ends at (a taper 'floor'). "
            "Leave it at 0 for a draft that goes all the way."
        )
        # Long labels ("Lowest dose you agreed to stop at") go above their box rather than being cut.
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.addRow("Daily MME now", self.start_mme)
        self.pace_detail = plain_label("")
        self.pace_detail.setObjectName("draftPaceDetail")
        self.pace_detail.setWordWrap(True)
        self.pace_detail.setProperty("role", "muted")
        self.form.addRow("Pace", self.pace)
        self.form.addRow("First step", self.first)
        self.lowest = number_edit(
            "draftLowest", "Lowest practical dose", rules.DEFAULT_LOWEST, suffix="MME a day"
        )
        self.lowest.setToolTip(
            "Below this daily dose the draft stops cutting and suggests talking with your prescriber about "
            "stopping or spacing doses."
        )
        self.form.addRow("Lowest dose you agreed to stop at", self.floor)
        self.form.addRow("Lowest practical dose", self.lowest)
        self.body.addWidget(self.pace_detail)
        self.preview = QListWidget()
        named(self.preview, "draftPreview", "Draft steps")
        self.preview.setMinimumHeight(160)  # the whole dialog fits a 1024x600 screen
        self.preview.setWordWrap(True)
        self.preview.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body.addWidget(self.preview)
        self.finish_layout()
        for signal in (
            self.start_mme.valueChanged,
            self.pace.currentIndexChanged,
            self.first.dateChanged,
            self.floor.valueChanged,
            self.lowest.valueChanged,
        ):
            signal.connect(self._update)
        for box in (self.start_mme, self.floor, self.lowest):
            # Half-typed text ("-", "") is not a value yet: the preview must not keep the old draft.
            box.lineEdit().textChanged.connect(self._update)
        self._update()

    def _args(self) -> tuple[float, str, date, float, float]:
        """The draft's inputs; CoachError in plain words when a box holds no number yet or the stop-at dose
        is not below today's."""
        for box, what in (
            (self.start_mme, rules.start_range_message()),
            (self.floor, "Type the lowest dose to stop at as a number (0 means all the way)."),
            (self.lowest, "Type the lowest practical dose as a number above 0 MME a day."),
        ):
            if not box.hasAcceptableInput():
                raise CoachError(what)
        check_stop_at(self.start_mme.value(), self.floor.value())
        return (
            self.start_mme.value(),
            str(self.pace.currentData()),
            from_qdate(self.first.date()),
            self.floor.value(),
            self.lowest.value(),
        )

    def _update(self) -> None:
        self.pace_detail.setText(rules.PACE_DETAILS.get(str(self.pace.currentData()), ""))
        self.preview.clear()
        try:
            steps = rules.draft_schedule(*self._args())
        except CoachError as exc:
            # Said once, in the dialog's error line (where Save would say it too); the preview stays empty.
            show_error(self.error, str(exc))
            return
        show_error(self.error, "")
        self.preview.addItem(f"Draft: discuss with your prescriber ({count(len(steps), 'step')})")
        if any(draft_level_text(x.target_mme, self._opioids).startswith("about ") for x in steps):
            self.preview.addItem(DRAFT_DOSE_NOTE)
        for s in steps:
            level = draft_level_text(s.target_mme, self._opioids)
            when = day_text(s.date, self._today)
            if s.note:
                self.preview.addItem(f"{when}   {level}   {s.note}")
                continue
            self.preview.addItem(f"{when}   {level}   (a cut of {s.cut_percent:g}% of the dose then)")

    def _save(self) -> None:
        args = self._args()
        rules.draft_schedule(*args)  # refused here, in the dialog's words, before anything is saved
        self._save_values(*args)
