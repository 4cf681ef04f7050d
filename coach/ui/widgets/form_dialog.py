"""A titled form dialog with Save/Cancel that closes only when its save succeeds, shows the reason when it
does not, and grows when a hint or an error appears (the taper and medicine dialogs build on it)."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from coach.domain.errors import CoachError
from coach.ui.widgets.common import available_area, named
from coach.ui.widgets.forms import clear_error_on_change, error_label, show_error


class FormDialog(QDialog):
    """A titled form with OK/Cancel; OK runs `_save()` and closes only when it succeeds."""

    def __init__(self, title: str, object_name: str, parent: QWidget | None, ok_text: str = "Save") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName(object_name)
        self.setAccessibleName(title)
        self.setMinimumWidth(520)
        self.root = QVBoxLayout(self)
        self.form = QFormLayout()
        self.root.addLayout(self.form)
        self.error = error_label(f"{object_name}Error")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        named(self.ok_button, f"{object_name}Ok", ok_text)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        named(cancel, f"{object_name}Cancel", "Cancel")
        self.buttons.accepted.connect(self._try_save)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        """Add the error line and the buttons below the fields; call last, once every field is in place
        (a refused save's reason then goes as soon as any field is changed)."""
        self.root.addWidget(self.error)
        self.root.addWidget(self.buttons)
        clear_error_on_change(self.error, self)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._grow_to_fit()
        return handled

    def _grow_to_fit(self) -> None:
        """Grow (never shrink) when a hint, an MME preview or an error appears, so the fields keep their
        height instead of being squeezed; wrapped text needs the height it asks for at this width."""
        width = self.width()
        needed = self.root.totalHeightForWidth(width) if self.root.hasHeightForWidth() else -1
        needed = max(needed, self.root.totalMinimumSize().height(), self.sizeHint().height())
        if needed > self.height():
            area = available_area(self)  # the screen it was fitted to (its title bar needs ~40 px)
            limit = area.height() - 40 if area is not None else needed
            self.resize(width, min(needed, max(limit, self.height())))

    def _save(self) -> None:
        raise NotImplementedError

    def _try_save(self) -> None:
        try:
            self._save()
        except CoachError as exc:
            show_error(self.error, str(exc))
            return
        self.accept()
