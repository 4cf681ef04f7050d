"""A page's sections (tabs) whose names are always readable: when the tab bar is wider than the page (a small
screen, large text), the names show instead as a wrapping row of chips above the section, never behind the
tab bar's scroll arrows, where "Weekly pain check" was hidden at 1024x600 with 200% text."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QButtonGroup, QPushButton, QTabWidget, QVBoxLayout, QWidget

from coach.ui.widgets.chip_keys import one_tab_stop
from coach.ui.widgets.common import FlowLayout, named


class SectionTabs(QWidget):
    """Holds `tabs` (a filled QTabWidget; the page keeps using it to add, find and choose sections) under a
    row of section chips that replaces its tab bar whenever the bar does not fit the width. The chips are
    one Tab stop with arrow keys inside (as a tab bar is), checked for the section shown, and carry the
    tabs' tooltips. `chips_shown()` says which of the two a person sees now."""

    def __init__(self, tabs: QTabWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = tabs
        self.setObjectName(f"{tabs.objectName() or 'sections'}Wrap")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.chip_row = QWidget()
        self.chip_row.setObjectName(f"{tabs.objectName() or 'sections'}Chips")
        self.flow = FlowLayout(self.chip_row, spacing=6)
        self.chip_row.hide()
        layout.addWidget(self.chip_row)
        layout.addWidget(tabs, 1)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.idClicked.connect(tabs.setCurrentIndex)
        self.chips: list[QPushButton] = []
        self._made_for: list[tuple[str, str, bool]] = []
        tabs.currentChanged.connect(self._show_current)
        tabs.tabBar().installEventFilter(self)  # a renamed, added or hidden section changes the bar's size

    def chips_shown(self) -> bool:
        """True when the section names show as chips (the tab bar did not fit)."""
        return not self.chip_row.isHidden()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()  # a new text size changes how wide the names are

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.tabs.tabBar() and event.type() == QEvent.Type.LayoutRequest:
            self._fit()
        return False

    def _wanted(self) -> list[tuple[str, str, bool]]:
        bar = self.tabs.tabBar()
        return [(bar.tabText(i), bar.tabToolTip(i), bar.isTabVisible(i)) for i in range(bar.count())]

    def _fit(self) -> None:
        bar = self.tabs.tabBar()
        # The bar's own wish is the width of every name in full; scroll arrows appear below it.
        fits = bar.sizeHint().width() <= self.width() or self.width() <= 0
        if not fits:
            self._make_chips()
        self.chip_row.setVisible(not fits)
        bar.setVisible(fits)

    def _make_chips(self) -> None:
        wanted = self._wanted()
        if wanted == self._made_for:
            return
        for chip in self.chips:
            self.group.removeButton(chip)
            self.flow.removeWidget(chip)
            chip.deleteLater()
        self.chips = []
        for index, (text, tip, visible) in enumerate(wanted):
            chip = QPushButton(text.replace("&", "&&"))
            named(chip, f"{self.chip_row.objectName()}{index}", f"Show the section {text}")
            chip.setProperty("role", "chip")
            chip.setCheckable(True)
            chip.setToolTip(tip)
            chip.setVisible(visible)
            self.group.addButton(chip, index)
            self.flow.addWidget(chip)
            self.chips.append(chip)
        one_tab_stop(self.chips)
        self._made_for = wanted
        self._show_current(self.tabs.currentIndex())

    def _show_current(self, index: int) -> None:
        if 0 <= index < len(self.chips):
            self.chips[index].setChecked(True)
