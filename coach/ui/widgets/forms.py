"""Small form helpers shared by the taper, check-in and flare views: named inputs, dates, inline errors."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QWidget,
)

from coach.ui.widgets.common import named, plain_label


def line_edit(object_name: str, accessible: str, placeholder: str = "", text: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    named(edit, object_name, accessible)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def number_edit(
    object_name: str,
    accessible: str,
    value: float = 0.0,
    maximum: float = 10000.0,
    decimals: int = 2,
    suffix: str = "",
    unset_text: str = "",
) -> QDoubleSpinBox:
    """A number box; with `unset_text`, 0 shows that text and means "not given"."""
    box = QDoubleSpinBox()
    named(box, object_name, accessible)
    box.setDecimals(decimals)
    box.setRange(0.0, maximum)
    box.setValue(value)
    if suffix:
        box.setSuffix(f" {suffix}")
    if unset_text:
        box.setSpecialValueText(unset_text)
    return box


def date_edit(object_name: str, accessible: str, value: date) -> QDateEdit:
    edit = QDateEdit(to_qdate(value))
    named(edit, object_name, accessible)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    return edit


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def combo(object_name: str, accessible: str, items: Iterable[tuple[str, object]]) -> QComboBox:
    """A drop-down list of `(text, data)` items. It may shrink below its longest item (down to about 14
    characters; the open list shows every item in full), so a long entry never pushes a form sideways."""
    box = QComboBox()
    named(box, object_name, accessible)
    shrink_to_fit(box)
    for text, data in items:
        box.addItem(text, data)
    return box


def error_label(object_name: str) -> QLabel:
    """An inline message for a refused input: calmer than a pop-up, and read by screen readers."""
    label = plain_label("")
    label.setObjectName(object_name)
    label.setProperty("role", "warning")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def show_error(label: QLabel, message: str) -> None:
    """Show `message` in an error label made by `error_label`, or hide it when `message` is ""."""
    label.setText(message)
    label.setAccessibleName(message)
    label.setVisible(bool(message))


def _changed_signals(widget: QWidget) -> list[object]:
    """The signals that say the person changed what `widget` holds (typing, choosing, ticking, selecting)."""
    if isinstance(widget, QLineEdit):
        return [widget.textEdited, widget.textChanged]
    if isinstance(widget, QDateTimeEdit):  # QDateEdit too
        return [widget.dateTimeChanged]
    if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        # textChanged too: typing "2" into an emptied box is a change even before the value moves.
        return [widget.valueChanged, widget.textChanged]
    if isinstance(widget, QComboBox):
        return [widget.currentIndexChanged, widget.editTextChanged]
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        return [widget.textChanged]
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        return [widget.toggled]
    if isinstance(widget, QAbstractSlider):
        return [widget.valueChanged]
    if isinstance(widget, QAbstractItemView):
        model = widget.selectionModel()
        return [model.selectionChanged] if model is not None else []
    return []


def clear_error_on_change(label: QLabel, *fields: QWidget) -> None:
    """Hide the error in `label` as soon as the person changes one of `fields` (the inputs it is about), so
    a corrected value never leaves its old red message on screen. A save that is still refused shows its
    reason again. A field given that is a container (a dialog, a group) watches every input inside it."""

    def clear(*_args: object) -> None:
        if label.text():
            show_error(label, "")

    for field in fields:
        inputs = [field] if _changed_signals(field) else []
        if not inputs:
            inputs = [w for w in field.findChildren(QWidget) if _changed_signals(w)]
        for widget in inputs:
            for signal in _changed_signals(widget):
                signal.connect(clear)  # type: ignore[attr-defined]


def shrink_to_fit(box: QComboBox, characters: int = 14) -> QComboBox:
    """Let `box` be narrower than its longest item (at least `characters` wide): Qt's default makes a
    combo box as wide as its longest entry, which squeezes or widens the form around it."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(characters)
    return box
