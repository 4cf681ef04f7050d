"""The frame every Progress chart shares: a card with a pyqtgraph plot, a table view for screen readers
(its model), PNG export, hover tooltips, an empty state, drawing deferred until the card is on screen, and
re-colouring when the theme changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QPointF, Qt, QTimer
from PySide6.QtGui import QCursor, QFontMetrics, QImage
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QStackedWidget,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph binds to it
import pyqtgraph.exporters

# isort: split
from coach.domain.errors import CoachError
from coach.services.progress.charts import Dashboard, Table, date_ticks
from coach.ui.progress.chart_axes import day_x
from coach.ui.progress.chart_files import compose_chart_image, remember_folder, save_start, saved_notice
from coach.ui.progress.heading_row import HeadingRow
from coach.ui.theme import Palette, set_role
from coach.ui.widgets.common import button, text_label

Index = QModelIndex | QPersistentModelIndex


class TableModel(QAbstractTableModel):
    """A read-only model over a service Table (display strings), for QTableView and screen readers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._table = Table((), [])

    def set_table(self, table: Table) -> None:
        self.beginResetModel()
        self._table = table
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._table.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole) and index.isValid():
            return self._table.rows[index.row()][index.column()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._table.columns[section]
        return None


class ChartCard(QFrame):
    """Title, a short explanation, and a stack of chart / table / empty state, with its two buttons.

    Subclasses draw in `self.colours` (the theme's Palette, series by name) and never keep a colour of
    their own, so `restyle` can re-colour a chart that was drawn earlier by drawing it again."""

    DATE_AXIS = True  # time runs along the bottom; category and calendar charts set this False
    AXIS_LABELS: tuple[str, str] = ("", "Date")  # (left, bottom): on screen and in a saved image
    PLOT_HEIGHT: tuple[int, int | None] = (230, None)  # the plot's least and most height at 100% text, px

    def __init__(
        self,
        key: str,
        title: str,
        explanation: str,
        empty_text: str,
        empty_action: tuple[str, Callable[[], None]] | None,
        colours: Palette,
    ) -> None:
        super().__init__()
        self.key = key
        self.title = title
        self.colours = colours
        self.data_dir: Path | None = None  # set by the page: the output guard keeps images out of it
        self.setObjectName(f"card_{key}")
        set_role(self, "card")
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(6)

        self.heading = text_label(title, role="subtitle", object_name=f"title_{key}")
        self.table_button = button("Show table", f"table_{key}", f"{title}: show as a table")
        self.table_button.setCheckable(True)
        self.table_button.toggled.connect(self._toggle_table)
        self.png_button = button("Save image…", f"png_{key}", f"{title}: save the chart as a PNG image")
        self.png_button.clicked.connect(self.save_png)
        # The buttons go below the title when both do not fit on one line (large text, small screen).
        layout.addLayout(HeadingRow(self.heading, (self.table_button, self.png_button)))
        self.explanation = text_label(explanation, role="muted", object_name=f"explain_{key}")
        layout.addWidget(self.explanation)
        self.extra = QVBoxLayout()
        layout.addLayout(self.extra)

        self.plot = pg.PlotWidget()
        self.plot.setObjectName(f"plot_{key}")
        self.plot.setAccessibleName(f"{title} chart")
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.getPlotItem().getViewBox().setDefaultPadding(0.02)
        self.title_size: dict[str, str] = {}  # pyqtgraph's CSS for axis titles: {"font-size": "12.0pt"}
        for side in ("left", "bottom", "right"):
            # Dates are seconds since 1970 on the x axis: never "Date (x1e+09)".
            self.plot.getAxis(side).enableAutoSIPrefix(False)
        left, bottom = self.AXIS_LABELS
        if left:
            self.plot.setLabel("left", left)
        if bottom:
            self.plot.setLabel("bottom", bottom)
        self.period_text = ""  # "3 months: Tue 1 Sep 2026 to Mon 30 Nov 2026", set by the page
        self.last_saved: Path | None = None
        self._colour_plot()
        self.plot.scene().sigMouseMoved.connect(self._hover)

        self.table_model = TableModel(self)
        self.table = QTableView()
        self.table.setObjectName(f"tableview_{key}")
        self.table.setAccessibleName(f"{title}: table")
        self.table.setModel(self.table_model)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(230)

        self.empty = QWidget()
        empty_box = QVBoxLayout(self.empty)
        self.empty_label = text_label(empty_text, object_name=f"empty_{key}")
        self.empty_label.setAccessibleName(empty_text)
        empty_box.addStretch(1)
        empty_box.addWidget(self.empty_label)
        if empty_action:
            label, action = empty_action
            go = button(label, f"emptyAction_{key}")
            go.clicked.connect(action)
            row = QHBoxLayout()
            row.addWidget(go)
            row.addStretch(1)
            empty_box.addLayout(row)
        empty_box.addStretch(1)

        self.stack = QStackedWidget()
        for widget in (self.plot, self.table, self.empty):
            self.stack.addWidget(widget)
        layout.addWidget(self.stack)
        self.is_empty = True
        self._pending: Dashboard | None = None
        self._drawn: Dashboard | None = None  # what the plot shows, to draw again in new colours
        self._table_board: Dashboard | None = None

    # --- colours ------------------------------------------------------------------------------------
    def restyle(self, colours: Palette) -> None:
        """Re-colour the chart for a new theme: background, axes and their text now; the series are drawn
        again on the next turn of the event loop if the card is on screen, else when it is scrolled into
        view. (Deferred, so new figures published with the same change are drawn once, not twice.)"""
        self.colours = colours
        self._colour_plot()
        if self._pending is None and self._drawn is not None:
            self._pending = self._drawn
            QTimer.singleShot(0, self, self._draw_if_on_screen)  # not after the card is gone

    def _draw_if_on_screen(self) -> None:
        if not self.visibleRegion().isEmpty():
            self.draw_pending()

    def _colour_plot(self) -> None:
        """Everything but the series: the card's own background, light or dark, and the axes. (No grid:
        its antialiased lines cost more to paint than the data, several ms a chart.)"""
        c = self.colours
        self.plot.setBackground(c.base)
        font = QApplication.font()  # the app's text size (Settings): axis numbers and titles follow it
        size = self.title_size = {"font-size": f"{font.pointSizeF():.1f}pt"}
        for name in ("left", "bottom", "right"):
            axis = self.plot.getAxis(name)
            axis.setTextPen(c.text)
            axis.setPen(c.muted)
            axis.setStyle(tickFont=font)
            if axis.labelText:
                axis.setLabel(axis.labelText, axis.labelUnits, axis.labelUnitPrefix, color=c.text, **size)
        self._size_plot()

    def _size_plot(self) -> None:
        """Let the plot grow with the text size: the data keep the height they have at 100% text, with
        room added for the larger axis numbers and titles, and the upright axis titles fit whole."""
        metrics = QFontMetrics(QApplication.font())
        line = metrics.lineSpacing()
        titles = [self.plot.getAxis(side).labelText for side in ("left", "right")]
        upright = max((metrics.horizontalAdvance(t) for t in titles if t), default=0)
        least, most = self.PLOT_HEIGHT
        height = max(least, least - 60 + 3 * line, upright + 3 * line)
        self.plot.setMinimumHeight(height)
        if most is not None:
            self.plot.setMaximumHeight(max(most, height))
        # pyqtgraph leaves 80% of a line for the axis title below the dates: at large text it overlaps them.
        bottom = self.plot.getAxis("bottom")
        bottom.setHeight(2 * line + 12 if bottom.labelText else None)

    # --- state --------------------------------------------------------------------------------------
    def show_board(self, board: Dashboard) -> None:
        """The chart is drawn now if on screen, else when scrolled into view (`draw_pending`); the table is
        built when shown. A range switch then only pays for what the person can see."""
        self.is_empty = self.empty_for(board)
        self._pending = None if self.is_empty else board
        self._drawn = None
        self._table_board = board
        if self.table_button.isChecked():
            self.fill_table()
        if not self.visibleRegion().isEmpty():
            self.draw_pending()
        self._show_current()

    def fill_table(self) -> None:
        board, self._table_board = self._table_board, None
        if board is not None:
            self.table_model.set_table(self.table_for(board))

    @property
    def needs_drawing(self) -> bool:
        return self._pending is not None

    def draw_pending(self) -> None:
        board, self._pending = self._pending, None
        if board is None:
            return
        self.draw(board)
        self._drawn = board
        if self.DATE_AXIS:
            ticks = [(day_x(d), label) for d, label in date_ticks(board.period.start, board.period.end)]
            self.plot.getAxis("bottom").setTicks([ticks, []])

    def table_for(self, board: Dashboard) -> Table:
        raise NotImplementedError

    def empty_for(self, board: Dashboard) -> bool:
        raise NotImplementedError

    def draw(self, board: Dashboard) -> None:
        raise NotImplementedError

    def tooltip(self, x: float, y: float) -> str:
        """Text for the point under the mouse (view coordinates); empty for none."""
        return ""

    def _toggle_table(self, on: bool) -> None:
        self.table_button.setText("Show chart" if on else "Show table")
        if on:
            self.fill_table()
        self._show_current()

    def _show_current(self) -> None:
        if self.is_empty:
            self.stack.setCurrentWidget(self.empty)
        else:
            self.stack.setCurrentWidget(self.table if self.table_button.isChecked() else self.plot)
        self.png_button.setEnabled(not self.is_empty)
        # Disabled says why on hover: nothing is drawn yet, so there is nothing to save.
        self.png_button.setToolTip(
            f"Nothing to save yet: {self.title} has no entries in this range."
            if self.is_empty
            else f"Save {self.title} as a PNG image"
        )

    def _hover(self, pos: QPointF) -> None:
        view = self.plot.getPlotItem().getViewBox()
        if not view.sceneBoundingRect().contains(pos):
            return
        point = view.mapSceneToView(pos)
        text = self.tooltip(point.x(), point.y())
        if text:
            QToolTip.showText(QCursor.pos(), text, self.plot)
        else:
            QToolTip.hideText()

    # --- export -------------------------------------------------------------------------------------
    def export_png(self, path: str) -> None:
        """Write the chart as a PNG 1400 px wide that stands on its own: the chart's title and date range
        above the plot with its axis labels (a picture shared alone must say what it shows)."""
        self.draw_pending()
        exporter = pyqtgraph.exporters.ImageExporter(self.plot.getPlotItem())
        exporter.parameters()["width"] = 1400
        chart = exporter.export(toBytes=True)
        if not isinstance(chart, QImage):  # pragma: no cover - pyqtgraph returns a QImage here
            raise OSError("the chart could not be drawn")
        if not compose_chart_image(chart, self.title, self.period_text, self.colours).save(path):
            raise OSError(f"could not write {path}")

    def save_png(self) -> None:
        name = f"{self.key}-{date.today().isoformat()}.png"
        path, _ = QFileDialog.getSaveFileName(
            self, f"Save {self.title} as an image", save_start(name), "PNG images (*.png)"
        )
        if not path:
            return
        if not path.lower().endswith(".png"):
            path += ".png"
        self.save_png_to(Path(path))

    def save_png_to(self, path: Path) -> bool:
        """Write the chart image through the output guard; a refusal or failure is shown in a dialog."""
        from coach.storage.outputs import guarded_file

        try:
            if self.data_dir is None:
                self.export_png(str(path))
            else:
                with guarded_file(path, self.data_dir) as tmp:
                    self.export_png(str(tmp))
        except CoachError as exc:
            QMessageBox.warning(self, "Pain Recovery Coach", f"The image was not saved: {exc}")
            return False
        except OSError as exc:
            QMessageBox.warning(self, "Pain Recovery Coach", f"Could not save the image: {exc}")
            return False
        self.last_saved = path
        remember_folder(path)
        saved_notice(self, "Chart saved", f"The chart “{self.title}” was saved to {path}.", path)
        return True
