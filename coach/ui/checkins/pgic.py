"""The monthly "how things have changed" form (PGIC) of the Check-in page: one question, seven answers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QButtonGroup, QRadioButton, QVBoxLayout, QWidget

from coach.domain import measures
from coach.services.checkins.service import CheckinService
from coach.ui.checkins.radio_keys import RadioKeys
from coach.ui.widgets.common import button, named, text_label
from coach.ui.widgets.forms import clear_error_on_change, error_label, show_error


class PgicForm:
    """The Check-in page's "Change this month" tab (a part of CheckinPage, which provides `service`)."""

    service: CheckinService

    def _pgic_tab(self) -> QWidget:
        tab = QWidget()
        box = QVBoxLayout(tab)
        box.addWidget(text_label(measures.PGIC_QUESTION, role="subtitle"))
        self.pgic_group = QButtonGroup(tab)
        for value, label in measures.PGIC_LABELS.items():
            radio = QRadioButton(label)
            named(radio, f"pgic_{value}", label)
            self.pgic_group.addButton(radio, value)
            box.addWidget(radio)
        self.pgic_keys = RadioKeys(self.pgic_group)
        self.pgic_save = button("Save", "savePgic", "Save how things have changed", role="primary")
        self.pgic_save.clicked.connect(self.save_pgic)
        box.addWidget(self.pgic_save, 0, Qt.AlignmentFlag.AlignLeft)
        self.pgic_error = error_label("pgicError")
        clear_error_on_change(self.pgic_error, *self.pgic_group.buttons())
        self.pgic_result = text_label("", object_name="pgicResult")
        box.addWidget(self.pgic_error)
        box.addWidget(self.pgic_result)
        box.addWidget(text_label(f"Source: {measures.PGIC_SOURCE}", role="muted"))
        box.addStretch(1)
        return tab

    def save_pgic(self) -> None:
        """Save the chosen answer (1-7); with none chosen, ask for one and save nothing."""
        value = self.pgic_group.checkedId()
        if value < 1:
            show_error(self.pgic_error, "Please choose the answer that fits best.")
            return
        self.service.record_pgic(value)
        show_error(self.pgic_error, "")
        self.pgic_result.setText(f"Saved: {measures.pgic_label(value)}. Thank you.")
