"""The Progress charts of pain and practice over time: the weekly pain check, practice minutes a week, the
consistency calendar and withdrawal check-ins, each a ChartCard that knows how to draw, tabulate and
describe its part of a Dashboard in the theme's series colours."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QApplication, QHBoxLayout

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph binds to it

# isort: split
from coach.domain.wording import count, day_text
from coach.services.progress.charts import Dashboard, Table, date_ticks, fmt
from coach.ui.progress.chart_axes import DAY_S, day_range, day_x, nearest, value_range
from coach.ui.progress.chart_card import ChartCard
from coach.ui.theme import set_role
from coach.ui.widgets.common import plain_label, text_label


class PainCard(ChartCard):
    AXIS_LABELS = ("Pain check (0-10)", "Date")
    points: Sequence[tuple[date, float]] = ()  # what the hover tooltip looks up, set by draw()
    rolling: Mapping[date, float] = MappingProxyType({})

    def draw(self, board: Dashboard) -> None:
        pain, c = board.pain, self.colours
        self.plot.clear()
        xs = [day_x(d) for d, _ in pain.points]
        self.plot.plot(xs, [v for _, v in pain.points], pen=None, symbol="o", symbolSize=7,
                       symbolBrush=c.pain_soft, symbolPen=None, name="weekly pain check")  # fmt: skip
        self.plot.plot([day_x(d) for d, _ in pain.rolling], [v for _, v in pain.rolling],
                       pen=pg.mkPen(c.pain, width=2.5), name="7-day average")  # fmt: skip
        self.plot.setYRange(0, 10, padding=0.04)
        self.plot.setXRange(*day_range(board.period.start, board.period.end), padding=0)
        self.points, self.rolling = pain.points, dict(pain.rolling)

    def table_for(self, board: Dashboard) -> Table:
        """The report's table in the page's words: "Pain check" (PEG in its tooltip), dates in words."""
        rows = [
            (day_text(d), fmt(v), fmt(r))
            for (d, v), (_, r) in zip(board.pain.points, board.pain.rolling, strict=True)
        ]
        return Table(("Date", "Pain check (0-10)", "7-day average"), rows)

    def empty_for(self, board: Dashboard) -> bool:
        return board.pain.empty

    def tooltip(self, x: float, y: float) -> str:
        hit = nearest(self.points, x)
        if hit is None:
            return ""
        return f"{day_text(hit[0])}\npain check {fmt(hit[1])}, 7-day average {fmt(self.rolling.get(hit[0]))}"


class PracticeCard(ChartCard):
    AXIS_LABELS = ("Minutes a week", "Week")
    weeks: Sequence[tuple[date, float]] = ()

    def draw(self, board: Dashboard) -> None:
        weeks = board.practice.weekly_minutes
        self.plot.clear()
        xs = [day_x(w) + 3 * DAY_S for w, _ in weeks]  # centre each bar on its week
        bars = pg.BarGraphItem(
            x=xs, height=[m for _, m in weeks], width=6 * DAY_S, brush=self.colours.practice, pen=None
        )
        self.plot.addItem(bars)
        # Whole weeks: the bar of a week the range starts or ends in is drawn whole, never cut in half.
        first = min([board.period.start] + [w for w, _ in weeks])
        last = max([board.period.end] + [w + timedelta(days=6) for w, _ in weeks])
        self.plot.setXRange(*day_range(first, last), padding=0)
        top = max((m for _, m in weeks), default=0.0)
        self.plot.setYRange(0, max(30.0, top * 1.1), padding=0)
        self.weeks = weeks

    def table_for(self, board: Dashboard) -> Table:
        return board.practice.table()

    def empty_for(self, board: Dashboard) -> bool:
        return board.practice.empty

    def tooltip(self, x: float, y: float) -> str:
        for week, minutes in self.weeks:
            if day_x(week) - DAY_S / 2 <= x < day_x(week) + 6.5 * DAY_S:
                return f"Week of {day_text(week)}: {count(round(minutes), 'minute')}"
        return ""


class ConsistencyCard(ChartCard):
    """Habit strength as a big number and a line, beside a calendar heatmap of practised days."""

    DATE_AXIS = False
    AXIS_LABELS = ("Day of the week", "Month")
    PLOT_HEIGHT = (190, 220)  # a calendar of 7 rows: a little taller only for larger text
    SENTENCE = (
        "Your consistency score grows a little each day you practise and fades slowly when you miss one, "
        "so a hard week dents it but never wipes out what you have built."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.score = plain_label("")
        self.score.setObjectName("consistencyScore")
        set_role(self.score, "title")  # the large type of a page title: the number to see first
        self.summary = text_label("", object_name="consistencySummary")
        row = QHBoxLayout()
        row.addWidget(self.score)
        row.addWidget(self.summary, 1)
        self.extra.addLayout(row)
        self.plot.getPlotItem().getViewBox().invertY(True)
        self.plot.getAxis("left").setTicks([[(0.5, "Mon"), (2.5, "Wed"), (4.5, "Fri"), (6.5, "Sun")], []])
        self.plot.getAxis("left").setStyle(hideOverlappingLabels=False)
        self.image = pg.ImageItem()
        self.plot.addItem(self.image)
        self.first_monday = date.today()
        self.minutes: dict[date, float] = {}
        self.period_start = self.period_end = date.today()

    def _size_plot(self) -> None:
        """Each row of the calendar at least a line of text high, so every day's name fits beside its row;
        the axis wide enough for the names and its upright title side by side."""
        super()._size_plot()
        metrics = QFontMetrics(QApplication.font())
        line = metrics.lineSpacing()
        height = max(self.PLOT_HEIGHT[0], 10 * line)
        self.plot.setMinimumHeight(height)
        self.plot.setMaximumHeight(max(self.PLOT_HEIGHT[1] or 0, height))
        self.plot.getAxis("left").setWidth(metrics.horizontalAdvance("Wed") + line + 16)

    def show_board(self, board: Dashboard) -> None:
        practice = board.practice
        self.score.setText(f"{round(practice.strength_now * 100)}%")
        self.score.setAccessibleName(f"Consistency score {round(practice.strength_now * 100)} percent")
        self.summary.setText(
            f"{practice.days_text[0].upper()}{practice.days_text[1:]} "
            f"(your goal: {count(practice.goal_days_per_week, 'day')} a week)."
        )
        super().show_board(board)

    def draw(self, board: Dashboard) -> None:
        period, practice = board.period, board.practice
        self.first_monday = period.start - timedelta(days=period.start.weekday())
        weeks = (period.end - self.first_monday).days // 7 + 1
        rgba = np.zeros((weeks, 7, 4), dtype=np.ubyte)  # transparent outside the period
        empty = QColor(self.colours.border)
        green = QColor(self.colours.practice)
        goal = 20.0  # minutes that count as a full day in the colour scale
        day = period.start
        while day <= period.end:
            offset = (day - self.first_monday).days
            minutes = practice.daily_minutes.get(day, 0.0)
            if minutes <= 0:
                colour = (empty.red(), empty.green(), empty.blue(), 255)
            else:
                share = 0.35 + 0.65 * min(1.0, minutes / goal)
                colour = (green.red(), green.green(), green.blue(), int(255 * share))
            rgba[offset // 7, offset % 7] = colour
            day += timedelta(days=1)
        self.image.setImage(rgba, autoLevels=False)
        self.image.setRect(QRectF(0, 0, weeks, 7))
        self.plot.setXRange(0, weeks, padding=0.01)
        self.plot.setYRange(0, 7, padding=0.02)
        self.plot.getAxis("bottom").setTicks([self._month_ticks(period.start, period.end), []])
        self.minutes = practice.daily_minutes
        self.period_start, self.period_end = period.start, period.end

    def _month_ticks(self, start: date, end: date) -> list[tuple[float, str]]:
        return [((day - self.first_monday).days / 7, label) for day, label in date_ticks(start, end)]

    def table_for(self, board: Dashboard) -> Table:
        return board.practice.strength_table()

    def empty_for(self, board: Dashboard) -> bool:
        return board.practice.empty

    def tooltip(self, x: float, y: float) -> str:
        if x < 0 or not 0 <= y < 7:
            return ""
        day = self.first_monday + timedelta(days=int(x) * 7 + int(y))
        if not self.period_start <= day <= self.period_end:
            return ""
        minutes = self.minutes.get(day, 0.0)
        done = f"{count(round(minutes), 'minute')} of practice" if minutes else "no practice"
        return f"{day_text(day)}: {done}"


class WithdrawalCard(ChartCard):
    AXIS_LABELS = ("Withdrawal total (0-64)", "Date")
    points: Sequence[tuple[date, float]] = ()

    def draw(self, board: Dashboard) -> None:
        w, c = board.withdrawal, self.colours
        self.plot.clear()
        xs = [day_x(at.date()) for at, _ in w.points]
        totals = [float(t) for _, t in w.points]
        brushes = [pg.mkBrush(c.pain if t >= w.severe_at else c.withdrawal) for t in totals]
        self.plot.plot(xs, totals, pen=None, symbol="o", symbolSize=8, symbolBrush=brushes, symbolPen=None)
        line = pg.InfiniteLine(pos=w.severe_at, angle=0, pen=pg.mkPen(c.pain, width=1, style=Qt.PenStyle.DashLine),
                               label=f"high from {w.severe_at}",
                               # Its words start at the left edge, above the line: never cut by the edge.
                               labelOpts={"position": 0.02, "anchors": [(0, 1), (0, 1)], "color": c.pain})  # fmt: skip
        self.plot.addItem(line)
        self.plot.setXRange(*day_range(board.period.start, board.period.end), padding=0)
        self.plot.setYRange(*value_range(0, max(max(totals, default=0) * 1.1, w.severe_at * 1.3)), padding=0)
        self.points = [(at.date(), float(t)) for at, t in w.points]

    def table_for(self, board: Dashboard) -> Table:
        return board.withdrawal.table()

    def empty_for(self, board: Dashboard) -> bool:
        return board.withdrawal.empty

    def tooltip(self, x: float, y: float) -> str:
        hit = nearest(self.points, x, within_days=1)
        return f"{day_text(hit[0])}: withdrawal total {hit[1]:.0f}" if hit else ""
