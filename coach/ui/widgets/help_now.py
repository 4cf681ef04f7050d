"""Help now from every dialog: one application-wide helper adds a "Help now" button to each of the app's
dialogs as it is shown, and opens Help now on F1 while a dialog has focus.

Done once here rather than in each dialog, so a dialog added later gets the button too. A modal dialog
blocks the main window, so Help now opens as its own window parented to the dialog (still reachable).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QBoxLayout,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from coach.services import help_lines
from coach.services.context import AppContext
from coach.ui.widgets.common import button, fit_to_screen, scroll_page, text_label, title

HELP_BUTTON_NAME = "dialogHelpNow"
HELP_DIALOG_NAME = "helpNowDialog"
_ADDED = "coachHelpNowAdded"


class _NoNavigation:
    """Help now shown in a dialog navigates nowhere: it only shows numbers and steps."""

    def go(self, key: str, **kwargs: Any) -> None:
        return None

    def start_exercise(self, exercise_id: str) -> None:
        return None


class _BeforeAProfile(QScrollArea):
    """Help now before any profile is open (choosing or creating one): every country's numbers can be
    picked, nothing is saved, and the overdose steps are the same as on the Help now page."""

    def __init__(self) -> None:
        super().__init__()
        layout = scroll_page(self, "page_help")
        layout.addWidget(title("Get help now"))
        layout.addWidget(
            text_label(
                "If you are in danger, thinking about ending your life, or someone may have overdosed, "
                "reach out now. You do not have to be sure it is an emergency."
            )
        )
        self.country = QComboBox()
        self.country.setObjectName("helpCountry")
        self.country.setAccessibleName("Country for help numbers")
        for code, name in help_lines.countries():
            self.country.addItem(name, code)
        layout.addWidget(self.country)
        self.crisis = text_label("", role="subtitle", object_name="crisisLine")
        self.crisis.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.crisis)
        for i, step in enumerate(help_lines.overdose_steps(), start=1):
            layout.addWidget(text_label(f"{i}. {step}"))
        self.country.currentIndexChanged.connect(self._show)
        self.country.setCurrentIndex(max(0, self.country.findData("OTHER")))
        self._show()

    def _show(self, *_: object) -> None:
        lines = help_lines.lines_for(str(self.country.currentData()))
        self.crisis.setText(
            f"Emergency: call {lines.emergency}\nCrisis support: {lines.crisis_name}: {lines.crisis}"
        )


class HelpNowDialog(QDialog):
    """The Help now page in a window of its own, for when a dialog is in front of the main window.
    Without a profile (`ctx` None) it shows every country's numbers to pick from, saving nothing."""

    def __init__(self, ctx: AppContext | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from coach.ui.help.page import HelpNowPage  # only when someone asks for help

        self.setObjectName(HELP_DIALOG_NAME)
        self.setWindowTitle("Get help now")
        self.setAccessibleName("Get help now")
        self.resize(720, 620)
        layout = QVBoxLayout(self)
        self.page: HelpNowPage | _BeforeAProfile = (
            HelpNowPage(ctx, _NoNavigation()) if ctx is not None else _BeforeAProfile()
        )
        layout.addWidget(self.page, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.setObjectName("helpNowClose")
        close.rejected.connect(self.reject)
        layout.addWidget(close)


def _is_ours(dialog: QDialog) -> bool:
    # Qt's own dialogs (message boxes, file pickers) have no room for another button and close on any.
    return type(dialog).__module__.startswith("coach.") and not isinstance(dialog, HelpNowDialog)


class DialogHelp(QObject):
    """Application-wide event filter: `install()` it once per running profile (with `ctx` None while a
    profile is being chosen), `remove()` when done.

    On each Show of one of the app's dialogs it adds a Help now button (into the dialog's button box with
    the help role, else at the end of its layout), once. F1 in such a dialog opens `HelpNowDialog`.
    `opened` holds the Help now windows this helper opened (tests read it). It also keeps a mouse wheel
    over an unfocused combo or spin box for the page's scrolling (see `_wheel_scrolls_the_page`), makes
    Enter press the focused push button anywhere in the app, and fits each dialog to its screen when shown
    (`fit_to_screen`).
    """

    def __init__(self, ctx: AppContext | None, app: QApplication) -> None:
        super().__init__(app)
        self.ctx = ctx
        self.app = app
        self.opened: list[HelpNowDialog] = []

    def install(self) -> DialogHelp:
        self.app.installEventFilter(self)
        return self

    def remove(self) -> None:
        self.app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Every event of the app passes here, so the common case must cost almost nothing: the event's
        # class answers without building QEvent.Type values (a Show event is a QShowEvent, a key a QKeyEvent).
        if isinstance(event, QShowEvent):
            if isinstance(watched, QDialog) and _is_ours(watched) and not watched.property(_ADDED):
                add_help_button(watched, lambda d=watched: self.open_help(d))
            if isinstance(watched, QDialog) and type(watched).__module__.startswith("coach."):
                fit_to_screen(watched)  # never taller than the screen, wrapped text never squeezed
        elif (
            isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_F1
            and event.type() == QEvent.Type.KeyPress
            and isinstance(watched, QWidget)
        ):
            window = watched.window()
            if isinstance(window, QDialog) and _is_ours(window):
                self.open_help(window)
                return True
        elif (
            isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(watched, QPushButton)  # a key event goes to the focused widget
            and watched.isEnabled()
            and not event.isAutoRepeat()
        ):
            # Enter presses the focused button, as Space does, in the main window too (Qt does it only for
            # a dialog's auto-default buttons; there Enter on a focused Help now would press Save instead).
            watched.animateClick()
            return True
        elif isinstance(event, QWheelEvent):
            return _wheel_scrolls_the_page(watched, event)
        return False

    def open_help(self, over: QWidget | None = None) -> HelpNowDialog:
        """Show Help now above `over` (a dialog), non-blocking, and hand the window back."""
        dialog = HelpNowDialog(self.ctx, over)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _code, d=dialog: self.opened.remove(d) if d in self.opened else None)
        self.opened.append(dialog)
        dialog.open()
        return dialog


def _wheel_scrolls_the_page(watched: QObject, event: QWheelEvent) -> bool:
    """A wheel turned over a combo or spin box that does not have focus scrolls the page around it instead
    of changing the value: scrolling a form must never change a saved setting (a reminder's missed-reminder
    window was turned off that way). This app-wide filter already sees every event, so it does this too."""
    box = watched if isinstance(watched, (QAbstractSpinBox, QComboBox)) else None
    if box is None and isinstance(watched, QWidget):
        parent = watched.parentWidget()  # the line edit inside a spin box gets the wheel first
        box = parent if isinstance(parent, (QAbstractSpinBox, QComboBox)) else None
    if box is None or box.hasFocus():
        return False
    area = box.parentWidget()
    while area is not None and not isinstance(area, QAbstractScrollArea):
        area = area.parentWidget()
    if area is not None:
        QApplication.sendEvent(area.viewport(), event)
    return True


def add_help_button(dialog: QDialog, on_click: Any) -> QPushButton:
    """Put a "Help now" button into `dialog` once and connect it to `on_click()`; returns the button."""
    existing = dialog.findChild(QPushButton, HELP_BUTTON_NAME)
    if existing is not None:
        return existing
    help_button = button("Help now", HELP_BUTTON_NAME, "Help now: crisis lines and what to do", role="help")
    help_button.setToolTip("Crisis lines, emergency numbers and what to do about an overdose (F1)")
    help_button.setAutoDefault(False)
    help_button.clicked.connect(lambda _checked=False: on_click())
    boxes = dialog.findChildren(QDialogButtonBox)
    layout = dialog.layout()
    if boxes:
        # The help role sits apart from OK/Cancel and neither accepts nor closes the dialog.
        boxes[-1].addButton(help_button, QDialogButtonBox.ButtonRole.HelpRole)
    elif isinstance(layout, QBoxLayout):
        layout.addWidget(help_button, 0, Qt.AlignmentFlag.AlignLeft)
    elif isinstance(layout, QFormLayout):
        layout.addRow(help_button)
    elif isinstance(layout, QGridLayout):
        layout.addWidget(help_button, layout.rowCount(), 0)
    else:
        help_button.setParent(dialog)
        help_button.move(8, 8)
    if dialog.isVisible():
        help_button.show()  # a layout shows a late child only on a later turn of the event loop
    dialog.setProperty(_ADDED, True)
    return help_button
