"""The taper chart of the Progress page: the daily dose in MME as agreed with the prescriber, its steps,
pauses and milestones, with the weekly pain check on a second axis."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph binds to it

# isort: split
from coach.domain import stats
from coach.domain.wording import day_text
from coach.services.progress.charts import Dashboard, Table, fmt
from coach.ui.progress.chart_axes import DAY_S, day_range, day_x, nearest, x_day
from coach.ui.progress.chart_card import ChartCard


class TaperCard(ChartCard):
    """Daily MME as a step line with steps, pauses and milestones; PEG on a second axis."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        item = self.plot.getPlotItem()
        item.showAxis("right")
        self.pain_view = pg.ViewBox()
        item.scene().addItem(self.pain_view)
        item.getAxis("right").linkToView(self.pain_view)
        self.pain_view.setXLink(item)
        self.pain_view.setMouseEnabled(x=False, y=False)
        item.getViewBox().sigResized.connect(self._sync_views)
        self.series: dict[date, float] = {}
        self.marks: dict[date, list[str]] = {}
        self.pain: list[tuple[date, float]] = []

    def _colour_plot(self) -> None:
        super()._colour_plot()
        # Each axis title in its line's colour says which line the axis measures.
        self.plot.getAxis("left").setLabel("MME a day", color=self.colours.mme, **self.title_size)
        self.plot.getAxis("right").setLabel("Pain check (0-10)", color=self.colours.pain, **self.title_size)
        self._size_plot()  # now with the right axis's title

    def _sync_views(self) -> None:
        view = self.plot.getPlotItem().getViewBox()
        self.pain_view.setGeometry(view.sceneBoundingRect())
        self.pain_view.linkedViewChanged(view, self.pain_view.XAxis)

    def draw(self, board: Dashboard) -> None:
        taper, period, c = board.taper, board.period, self.colours
        self.plot.clear()
        self.pain_view.clear()
        for pause in taper.pauses:
            end = pause.end or period.end
            region = pg.LinearRegionItem(values=(day_x(pause.start) - DAY_S / 2, day_x(end) + DAY_S / 2),
                                         movable=False, brush=QColor(c.pause), pen=pg.mkPen(None))  # fmt: skip
            self.plot.addItem(region)
        if taper.daily_mme:
            xs = [day_x(d) - DAY_S / 2 for d, _ in taper.daily_mme] + [
                day_x(taper.daily_mme[-1][0]) + DAY_S / 2
            ]
            self.plot.plot(xs, [v for _, v in taper.daily_mme], stepMode="center",
                           pen=pg.mkPen(c.mme, width=2.5), name="agreed daily MME")  # fmt: skip
        if taper.logged_mme:
            # The 7-day mean of logged doses, as a thin line: one missed or late dose would otherwise spike
            # the chart (the table keeps the per-day figures).
            smooth = stats.rolling_mean(taper.logged_mme, 7)
            self.plot.plot([day_x(d) for d, _ in smooth], [v for _, v in smooth],
                           pen=pg.mkPen(c.mme_soft, width=1.2), name="logged doses, 7-day average")  # fmt: skip
        for step in taper.steps:
            self.plot.addItem(pg.InfiniteLine(pos=day_x(step.day), angle=90,
                                              pen=pg.mkPen(c.mme, width=1, style=Qt.PenStyle.DashLine)))  # fmt: skip
        if taper.milestones:
            top = max(v for _, v in taper.series) * 1.08
            self.plot.plot([day_x(d) for d, _ in taper.milestones], [top] * len(taper.milestones), pen=None,
                           symbol="star", symbolSize=12, symbolBrush=c.distress, symbolPen=None)  # fmt: skip
        if board.pain.points:
            curve = pg.PlotDataItem([day_x(d) for d, _ in board.pain.rolling], [v for _, v in board.pain.rolling],
                                    pen=pg.mkPen(c.pain, width=1.6))  # fmt: skip
            self.pain_view.addItem(curve)
        self.pain_view.setYRange(0, 10, padding=0.04)
        self.plot.setXRange(*day_range(period.start, period.end), padding=0)
        self.plot.setYRange(0, max((v for _, v in taper.series), default=10) * 1.15, padding=0)
        self._sync_views()
        self.series = dict(taper.series)
        self.marks = {}
        for step in taper.steps:
            self.marks.setdefault(step.day, []).append("taper step" if step.reduction else "dose change")
        for day, label in taper.milestones:
            self.marks.setdefault(day, []).append(label)
        for pause in taper.pauses:
            self.marks.setdefault(pause.start, []).append(
                f"pause: {pause.reason}" if pause.reason else "pause"
            )
        self.pain = board.pain.rolling

    def table_for(self, board: Dashboard) -> Table:
        return board.taper.table()

    def empty_for(self, board: Dashboard) -> bool:
        return board.taper.empty

    def tooltip(self, x: float, y: float) -> str:
        day = x_day(x)
        if day not in self.series:
            return ""
        lines = [f"{day_text(day)}: {fmt(self.series[day])} MME a day"]
        near = [d for d in self.marks if abs((d - day).days) <= 2]
        for d in near:
            lines += [f"{day_text(d)}: {m}" for m in self.marks[d]]
        pain = nearest(self.pain, x)
        if pain:
            lines.append(f"pain check, 7-day average {fmt(pain[1])}")
        return "\n".join(lines)
