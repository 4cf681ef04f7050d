"""The six charts of the Progress page — pain, weekly practice, consistency, what helps, the taper and
withdrawal — each a ChartCard that knows how to draw, tabulate and describe its part of a Dashboard, in the
theme's series colours."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QHBoxLayout

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph binds to it

# isort: split
from coach.domain import stats
from coach.domain.wording import count, day_text
from coach.services.progress.charts import (
    MIN_INTERVAL_N,
    TOO_FEW,
    Dashboard,
    Table,
    date_ticks,
    fmt,
)
from coach.ui.progress.card_words import change_words, plain_column, shown_half_width
from coach.ui.progress.chart_card import DAY_S, ChartCard, day_x, nearest, x_day
from coach.ui.theme import Palette, set_role
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
        self.plot.setXRange(day_x(board.period.start), day_x(board.period.end), padding=0.01)
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
        self.plot.setXRange(day_x(board.period.start), day_x(board.period.end), padding=0.01)
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
                return f"Week of {day_text(week)}: {fmt(minutes, 0)} minutes"
        return ""


class ConsistencyCard(ChartCard):
    """Habit strength as a big number and a line, beside a calendar heatmap of practised days."""

    DATE_AXIS = False
    AXIS_LABELS = ("Day of the week", "Month")
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
        self.plot.setMinimumHeight(190)
        self.plot.setMaximumHeight(220)
        self.plot.getPlotItem().getViewBox().invertY(True)
        self.plot.getAxis("left").setTicks([[(0.5, "Mon"), (2.5, "Wed"), (4.5, "Fri"), (6.5, "Sun")], []])
        self.plot.getAxis("left").setStyle(hideOverlappingLabels=False)
        self.image = pg.ImageItem()
        self.plot.addItem(self.image)
        self.first_monday = date.today()
        self.minutes: dict[date, float] = {}
        self.period_start = self.period_end = date.today()

    def show_board(self, board: Dashboard) -> None:
        practice = board.practice
        self.score.setText(f"{round(practice.strength_now * 100)}%")
        self.score.setAccessibleName(f"Consistency score {round(practice.strength_now * 100)} percent")
        self.summary.setText(
            f"{practice.days_text[0].upper()}{practice.days_text[1:]} "
            f"(your goal: {practice.goal_days_per_week} days a week)."
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
        done = f"{fmt(minutes, 0)} minutes of practice" if minutes else "no practice"
        return f"{day_text(day)}: {done}"


class HelpsCard(ChartCard):
    """Mean change (after minus before) in pain and distress by category, as horizontal bars; a thin line
    shows the likely range (95% interval) from MIN_INTERVAL_N sessions on, none below (as in the report).
    Categories read down the left axis so long names never collide."""

    DATE_AXIS = False
    AXIS_LABELS = ("", "Change after a session (below 0: it went down)")
    TOO_FEW_WORDS = f"needs {MIN_INTERVAL_N} sessions"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.effects: list[Any] = []
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
        names = [
            (float(i), f"{e.category} ({count(max(e.pain.n, e.distress.n), 'session')})")
            for i, e in enumerate(self.effects)
        ]
        axis = self.plot.getAxis("left")
        metrics = QFontMetrics(axis.font() if axis.style.get("tickFont") is None else axis.style["tickFont"])
        axis.setWidth(max((metrics.horizontalAdvance(n) for _, n in names), default=80) + 24)
        axis.setTicks([names, []])
        self.plot.setYRange(-0.6, len(self.effects) - 0.4, padding=0)
        self.plot.setXRange(max(-10.0, low * 1.1), min(10.0, high * 1.1), padding=0)
        self.plot.setMinimumHeight(max(230, 46 * len(self.effects) + 60))

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
        self.plot.setXRange(day_x(period.start), day_x(period.end), padding=0.01)
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
                               label=f"high from {w.severe_at}", labelOpts={"position": 0.08, "color": c.pain})  # fmt: skip
        self.plot.addItem(line)
        self.plot.setXRange(day_x(board.period.start), day_x(board.period.end), padding=0.01)
        self.plot.setYRange(0, max(max(totals, default=0) * 1.1, w.severe_at * 1.3), padding=0)
        self.points = [(at.date(), float(t)) for at, t in w.points]

    def table_for(self, board: Dashboard) -> Table:
        return board.withdrawal.table()

    def empty_for(self, board: Dashboard) -> bool:
        return board.withdrawal.empty

    def tooltip(self, x: float, y: float) -> str:
        hit = nearest(self.points, x, within_days=1)
        return f"{day_text(hit[0])}: withdrawal total {hit[1]:.0f}" if hit else ""
