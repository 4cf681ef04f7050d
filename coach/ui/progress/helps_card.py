"""The "What helps" chart of the Progress page: the average change in pain and distress after a session,
by kind of practice, with its likely range once there are enough sessions."""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QApplication

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph binds to it

# isort: split
from coach.domain.wording import count
from coach.services.progress.charts import MIN_INTERVAL_N, TOO_FEW, Dashboard, Table
from coach.ui.progress.card_words import change_words, plain_column, shown_half_width
from coach.ui.progress.chart_card import ChartCard
from coach.ui.theme import Palette


class HelpsCard(ChartCard):
    """Mean change (after minus before) in pain and distress by category, as horizontal bars; a thin line
    shows the likely range (95% interval) from MIN_INTERVAL_N sessions on, none below (as in the report).
    Categories read down the left axis so long names never collide."""

    DATE_AXIS = False
    AXIS_LABELS = ("", "Change after a session (below 0: it went down)")
    SHORTER_BOTTOM = ("Change after a session", "Change")  # when the whole title is wider than the plot
    TOO_FEW_WORDS = f"needs {MIN_INTERVAL_N} sessions"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.effects: list[Any] = []
        self.two_lines = False  # the names on the left axis are on two lines each
        self.plot.getPlotItem().getViewBox().invertY(True)
        self.explanation.setToolTip(
            "The likely range is the 95% confidence interval of the average change (t distribution). With "
            f"fewer than {MIN_INTERVAL_N} sessions it would be too wide to mean anything, so none is shown."
        )

        self.plot.getAxis("left").setStyle(hideOverlappingLabels=False)
        self.legend = self.plot.getPlotItem().addLegend(
            offset=(-10, 10), labelTextColor=self.colours.text, labelTextSize=self.title_size["font-size"]
        )

    def restyle(self, colours: Palette) -> None:
        super().restyle(colours)
        self.legend.setLabelTextColor(colours.text)
        self.legend.setLabelTextSize(self.title_size["font-size"])  # follows the text size too

    def draw(self, board: Dashboard) -> None:
        c = self.colours
        self.plot.clear()
        self.effects = board.helps.categories
        low, high = -0.5, 0.5  # zero always shows, with room on both sides
        for offset, colour, attr, label in (
            (-0.2, c.pain, "pain", "pain"),
            (0.2, c.distress, "distress", "distress"),
        ):
            ys, means, ranged = [], [], []
            for index, effect in enumerate(self.effects):
                change = getattr(effect, attr)
                if change.mean is None:
                    continue
                ys.append(index + offset)
                means.append(change.mean)
                half = shown_half_width(change)
                if half is not None:
                    ranged.append((index + offset, change.mean, half))
                low = min(low, change.mean - (half or 0.0))
                high = max(high, change.mean + (half or 0.0))
            if not ys:
                continue
            bars = pg.BarGraphItem(x0=0, y=ys, height=0.36, width=means, brush=colour, pen=None, name=label)
            self.plot.addItem(bars)
            if ranged:
                y_arr, m_arr, h_arr = (np.array(column) for column in zip(*ranged, strict=True))
                self.plot.addItem(pg.ErrorBarItem(x=m_arr, y=y_arr, left=h_arr, right=h_arr, beam=0.12,
                                                  pen=pg.mkPen(c.text, width=1.2)))  # fmt: skip
        self.plot.addLine(x=0, pen=pg.mkPen(c.muted, width=1))
        axis = self.plot.getAxis("left")
        metrics = QFontMetrics(axis.font() if axis.style.get("tickFont") is None else axis.style["tickFont"])
        self.two_lines = self._wants_two_lines(metrics)
        gap = "\n" if self.two_lines else " "
        names = [
            (float(i), f"{e.category}{gap}({count(max(e.pain.n, e.distress.n), 'session')})")
            for i, e in enumerate(self.effects)
        ]
        widest = max(
            (metrics.horizontalAdvance(part) for _, n in names for part in n.split("\n")), default=80
        )
        axis.setWidth(widest + 24)
        axis.setTicks([names, []])
        self.plot.setYRange(-1.6, len(self.effects) - 0.4, padding=0)  # a free row on top for the legend
        self.plot.setXRange(max(-10.0, low * 1.1), min(10.0, high * 1.1), padding=0)
        self._fit_height(len(self.effects), metrics)
        self._fit_bottom_title()  # the left axis's width changed with the names

    def show_board(self, board: Dashboard) -> None:
        # The height is set now, before the chart is drawn: the page does not jump when it is scrolled to.
        self.effects = board.helps.categories
        axis = self.plot.getAxis("left")
        metrics = QFontMetrics(axis.style.get("tickFont") or axis.font())
        self.two_lines = self._wants_two_lines(metrics)
        self._fit_height(len(self.effects), metrics)
        super().show_board(board)

    def _size_plot(self) -> None:
        super()._size_plot()
        if getattr(self, "effects", None):  # not while the card is being built
            axis = self.plot.getAxis("left")
            self._fit_height(len(self.effects), QFontMetrics(axis.style.get("tickFont") or axis.font()))

    def _fit_height(self, rows: int, metrics: QFontMetrics) -> None:
        """Room for `rows` names (on one line or two) and a free row on top for the legend."""
        line = metrics.lineSpacing()
        row = max(46, (2 if self.two_lines else 1) * line + 14)  # each name clear of the next
        self.plot.setMinimumHeight(max(230, row * (rows + 1) + 3 * line))

    def _wants_two_lines(self, metrics: QFontMetrics) -> bool:
        """Whether the names ("somatic tracking (31 sessions)") go on two lines: when on one they would
        take more than 40% of the card's width and squeeze the bars (large text, small window)."""
        widest = max(
            (metrics.horizontalAdvance(f"{e.category} (99 sessions)") for e in self.effects), default=0
        )
        return widest > 0.4 * self.width()

    def _fit_bottom_title(self) -> None:
        """The whole axis title below the bars while it fits under them, else the longest shorter one that
        does (the explanation above the chart says what below zero means): never a title cut at the edge."""
        axis = self.plot.getAxis("bottom")
        layout = self.layout()  # the card's width is current in its resizeEvent, the plot's not yet
        inside = self.width() - (layout.contentsMargins().left() * 2 if layout is not None else 0)
        room = inside - self._names_width() - 16
        metrics = QFontMetrics(QApplication.font())
        titles = (self.AXIS_LABELS[1], *self.SHORTER_BOTTOM)
        wanted = next((t for t in titles if metrics.horizontalAdvance(t) <= room), titles[-1])
        if axis.labelText != wanted:
            axis.setLabel(wanted, color=self.colours.text, **self.title_size)

    def _names_width(self) -> float:
        """The width of the names' axis: the one just set (the plot lays itself out later), else as laid out."""
        axis = self.plot.getAxis("left")
        return float(axis.fixedWidth) if axis.fixedWidth is not None else float(axis.width())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_bottom_title()
        if self._drawn is not None and self.effects:
            axis = self.plot.getAxis("left")
            metrics = QFontMetrics(axis.style.get("tickFont") or axis.font())
            if self._wants_two_lines(metrics) != self.two_lines:
                self._pending = self._drawn  # drawn again, its names on one line or two
                self.draw_pending()

    def table_for(self, board: Dashboard) -> Table:
        """The report's table in the page's plain words: "Likely range", and how many sessions it takes."""
        table = board.helps.table()
        columns = tuple(plain_column(c) for c in table.columns)
        rows = [tuple(self.TOO_FEW_WORDS if cell == TOO_FEW else cell for cell in row) for row in table.rows]
        return Table(columns, rows)

    def empty_for(self, board: Dashboard) -> bool:
        return board.helps.empty

    def tooltip(self, x: float, y: float) -> str:
        index = round(y)
        if not 0 <= index < len(self.effects) or abs(y - index) > 0.45:
            return ""
        e = self.effects[index]
        return f"{e.category}\n{change_words('pain', e.pain)}\n{change_words('distress', e.distress)}"
