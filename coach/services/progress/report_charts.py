"""Charts for the clinician PDF, drawn with reportlab.graphics on one shared time axis so the PEG, MME and
practice panels line up day for day down the page."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from coach.domain.stats import Point, rolling_mean
from coach.services.progress.charts import PainChart, Period, PracticeChart, TaperChart, date_ticks

INK = colors.HexColor("#2b2f36")
GRID = colors.HexColor("#d9dde3")
PAIN = colors.HexColor("#c2553b")
PAIN_LIGHT = colors.HexColor("#e8b3a6")
MME = colors.HexColor("#2f6f9f")
PRACTICE = colors.HexColor("#3f8f6b")
PAUSE = colors.HexColor("#f1e6c8")
MILESTONE = colors.HexColor("#7a5aa6")

LEFT, RIGHT, TOP, BOTTOM = 34.0, 8.0, 18.0, 18.0


def nice_ticks(low: float, high: float, most: int = 5) -> list[float]:
    """Round tick values covering [low, high]: steps of 1, 2, 2.5 or 5 times a power of ten."""
    if high <= low:
        high = low + 1.0
    raw = (high - low) / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step + 1e-9) * step
    last = math.ceil(high / step - 1e-9) * step
    count = round((last - first) / step)
    return [round(first + i * step, 10) for i in range(count + 1)]


class TimePanel:
    """One chart area: maps days and values to points and draws the axes, grid and date labels."""

    def __init__(
        self, period: Period, width: float, height: float, y_ticks: Sequence[float], font: str
    ) -> None:
        self.period = period
        self.drawing = Drawing(width, height)
        self.font = font
        self.x0, self.x1 = LEFT, width - RIGHT
        self.y0, self.y1 = BOTTOM, height - TOP
        self.ticks = list(y_ticks)
        self.low, self.high = self.ticks[0], self.ticks[-1]
        self.days = max(1, period.days)

    def x(self, day: date) -> float:
        offset = (day - self.period.start).days + 0.5
        return self.x0 + (self.x1 - self.x0) * offset / self.days

    def y(self, value: float) -> float:
        return self.y0 + (self.y1 - self.y0) * (value - self.low) / (self.high - self.low)

    def frame(self, title: str, unit_format: str = "{:g}") -> None:
        d = self.drawing
        for tick in self.ticks:
            y = self.y(tick)
            d.add(Line(self.x0, y, self.x1, y, strokeColor=GRID, strokeWidth=0.5))
            d.add(String(self.x0 - 4, y - 3, unit_format.format(tick), fontName=self.font, fontSize=7,
                         fillColor=INK, textAnchor="end"))  # fmt: skip
        for day, label in date_ticks(self.period.start, self.period.end):
            x = self.x(day)
            d.add(Line(x, self.y0, x, self.y0 - 3, strokeColor=INK, strokeWidth=0.5))
            d.add(
                String(
                    x, self.y0 - 11, label, fontName=self.font, fontSize=7, fillColor=INK, textAnchor="middle"
                )
            )
        d.add(Line(self.x0, self.y0, self.x1, self.y0, strokeColor=INK, strokeWidth=0.7))
        d.add(String(self.x0, self.y1 + 6, title, fontName=self.font, fontSize=9, fillColor=INK))

    def polyline(self, points: Sequence[Point], color: colors.Color, width: float = 1.2) -> None:
        if len(points) == 1:
            day, value = points[0]
            self.drawing.add(Circle(self.x(day), self.y(value), 1.8, fillColor=color, strokeColor=None))
            return
        flat: list[float] = []
        for day, value in points:
            flat += [self.x(day), self.y(value)]
        if flat:
            self.drawing.add(PolyLine(flat, strokeColor=color, strokeWidth=width))

    def dots(self, points: Sequence[Point], color: colors.Color, radius: float = 1.4) -> None:
        for day, value in points:
            self.drawing.add(Circle(self.x(day), self.y(value), radius, fillColor=color, strokeColor=None))

    def legend(self, items: Sequence[tuple[str, colors.Color]]) -> None:
        x = self.x1
        for label, color in reversed(items):
            x -= stringWidth(label, self.font, 7) + 18
            self.drawing.add(Rect(x, self.y1 + 7, 8, 4, fillColor=color, strokeColor=None))
            self.drawing.add(
                String(x + 11, self.y1 + 6, label, fontName=self.font, fontSize=7, fillColor=INK)
            )

    def note_empty(self, text: str) -> None:
        mid_x, mid_y = (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2
        self.drawing.add(
            String(mid_x, mid_y, text, fontName=self.font, fontSize=8, fillColor=INK, textAnchor="middle")
        )


def pain_drawing(pain: PainChart, period: Period, width: float, height: float, font: str) -> Drawing:
    panel = TimePanel(period, width, height, [0, 2, 4, 6, 8, 10], font)
    panel.frame("PEG score (0-10, higher is worse)")
    if pain.empty:
        panel.note_empty("No PEG check-ins in this period")
        return panel.drawing
    panel.dots(pain.points, PAIN_LIGHT, 1.6)
    panel.polyline(pain.rolling, PAIN, 1.4)
    panel.legend([("PEG check-in", PAIN_LIGHT), ("7-day mean", PAIN)])
    return panel.drawing


def step_points(series: Sequence[Point]) -> list[Point]:
    """A step line: hold each value to the next change, then drop (or rise) straight down (or up)."""
    out: list[Point] = []
    for day, value in series:
        if out and out[-1][1] != value:
            out.append((day, out[-1][1]))
        if not out or out[-1][1] != value:
            out.append((day, value))
    if series and out[-1][0] != series[-1][0]:
        out.append(series[-1])
    return out


def mme_drawing(taper: TaperChart, period: Period, width: float, height: float, font: str) -> Drawing:
    values = [v for _, v in taper.daily_mme] + [v for _, v in taper.logged_mme]
    panel = TimePanel(period, width, height, nice_ticks(0, max(values, default=10) * 1.1), font)
    for pause in taper.pauses:
        start = max(pause.start, period.start)
        end = min(pause.end or period.end, period.end)
        x0, x1 = panel.x(start) - 0.5, panel.x(end) + 0.5
        panel.drawing.add(
            Rect(x0, panel.y0, max(1.0, x1 - x0), panel.y1 - panel.y0, fillColor=PAUSE, strokeColor=None)
        )
    panel.frame("Daily MME (shaded: a pause)")
    if taper.empty:
        panel.note_empty("No taper plan or opioid doses recorded in this period")
        return panel.drawing
    if taper.logged_mme:
        # A 7-day mean: single late or missed doses would otherwise read as dose changes.
        panel.polyline(rolling_mean(taper.logged_mme, 7), colors.HexColor("#9cc0dc"), 0.8)
    panel.polyline(step_points(taper.daily_mme), MME, 1.6)
    for step in taper.steps:
        x = panel.x(step.day)
        panel.drawing.add(
            Line(x, panel.y0, x, panel.y1, strokeColor=MME, strokeWidth=0.4, strokeDashArray=[2, 2])
        )
    for day, _label in taper.milestones:
        panel.drawing.add(Circle(panel.x(day), panel.y1 - 3, 2.2, fillColor=MILESTONE, strokeColor=None))
    items = [("agreed with the prescriber", MME)]
    if taper.logged_mme:
        items.append(("logged doses, 7-day mean", colors.HexColor("#9cc0dc")))
    if taper.milestones:
        items.append(("milestone", MILESTONE))
    panel.legend(items)
    return panel.drawing


def practice_drawing(
    practice: PracticeChart, period: Period, width: float, height: float, font: str
) -> Drawing:
    top = max((m for _, m in practice.weekly_minutes), default=0.0)
    panel = TimePanel(period, width, height, nice_ticks(0, max(top, 30.0)), font)
    panel.frame("Minutes of practice per week")
    if practice.empty:
        panel.note_empty("No practice sessions in this period")
        return panel.drawing
    bar_days = 7
    for week, minutes in practice.weekly_minutes:
        if minutes <= 0:
            continue
        start = max(week, period.start)
        end = min(week + timedelta(days=bar_days - 1), period.end)
        x0, x1 = panel.x(start) - 0.5, panel.x(end) + 0.5
        gap = min(1.0, (x1 - x0) * 0.15)
        panel.drawing.add(Rect(x0 + gap, panel.y0, max(0.6, x1 - x0 - 2 * gap), panel.y(minutes) - panel.y0,
                               fillColor=PRACTICE, strokeColor=None))  # fmt: skip
    return panel.drawing
