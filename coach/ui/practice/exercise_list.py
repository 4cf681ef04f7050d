"""The Practice page's exercise list: search and length filters, and a card-like row for each exercise."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from coach.domain.exercise import Exercise

ID_ROLE = Qt.ItemDataRole.UserRole
TITLE_ROLE = Qt.ItemDataRole.UserRole + 1
META_ROLE = Qt.ItemDataRole.UserRole + 2
PURPOSE_ROLE = Qt.ItemDataRole.UserRole + 3


@dataclass(frozen=True)
class LengthFilter:
    label: str
    low: float  # minutes, inclusive
    high: float  # minutes, inclusive


LENGTHS: tuple[LengthFilter, ...] = (
    LengthFilter("Any length", 0, 1e9),
    LengthFilter("Up to 5 min", 0, 5),
    LengthFilter("Up to 10 min", 0, 10),
    LengthFilter("Up to 15 min", 0, 15),
    LengthFilter("15 min or more", 15, 1e9),
)


def minutes_text(minutes: float) -> str:
    return f"{minutes:g} min"


def matches(exercise: Exercise, query: str, category: str, length: LengthFilter) -> bool:
    """Every word of `query` appears somewhere in the exercise's words; category "" means any."""
    if category and exercise.category != category:
        return False
    if not length.low <= exercise.minutes <= length.high:
        return False
    words = query.lower().split()
    if not words:
        return True
    haystack = " ".join(
        (exercise.title, exercise.category, exercise.purpose, exercise.when_to_use, " ".join(exercise.tags))
    ).lower()
    return all(word in haystack for word in words)


def make_item(exercise: Exercise, recordings: int = 0) -> QListWidgetItem:
    meta = f"{minutes_text(exercise.minutes)} · {exercise.category.capitalize()}"
    if not exercise.builtin:
        meta += " · your own"
    if recordings:
        meta += " · has your recording"
    item = QListWidgetItem()
    # The plain text is what screen readers and keyboard search use; the delegate draws the card.
    item.setText(f"{exercise.title}. {meta}. {exercise.purpose}")
    item.setData(ID_ROLE, exercise.id)
    item.setData(TITLE_ROLE, exercise.title)
    item.setData(META_ROLE, meta)
    item.setData(PURPOSE_ROLE, exercise.purpose)
    item.setToolTip(exercise.when_to_use)
    return item


def wrap_lines(text: str, metrics: QFontMetrics, width: int, max_lines: int) -> list[str]:
    """Word-wrap `text` to `width` pixels; the last allowed line ends with an ellipsis if text remains."""
    lines: list[str] = []
    words = text.split()
    current = ""
    while words:
        candidate = f"{current} {words[0]}".strip()
        if metrics.horizontalAdvance(candidate) <= width or not current:
            current = candidate
            words.pop(0)
            continue
        lines.append(current)
        current = ""
        if len(lines) == max_lines - 1:
            rest = " ".join(words)
            return [*lines, metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)]
    if current:
        lines.append(current)
    return lines


class ExerciseCardDelegate(QStyledItemDelegate):
    """Title in bold, then "10 min · Category", then two lines of purpose: a calm card per row."""

    PAD_X = 16
    PAD_Y = 12
    PURPOSE_LINES = 2

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        bold = QFont(option.font)
        bold.setBold(True)
        bold.setPointSizeF(option.font.pointSizeF() * 1.1)
        return bold, QFont(option.font)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        bold, normal = self._fonts(option)
        height = QFontMetrics(bold).lineSpacing() + QFontMetrics(normal).lineSpacing() * (
            1 + self.PURPOSE_LINES
        )
        return QSize(200, height + 2 * self.PAD_Y + 6)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        painter.save()
        palette = option.palette
        rect = option.rect.adjusted(4, 3, -4, -3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(
            palette.color(QPalette.ColorRole.Highlight) if focused else palette.color(QPalette.ColorRole.Mid)
        )
        painter.setBrush(palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base))
        painter.drawRoundedRect(rect, 10, 10)
        text_colour = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = text_colour if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        bold, normal = self._fonts(option)
        x = rect.x() + self.PAD_X
        width = rect.width() - 2 * self.PAD_X
        y = rect.y() + self.PAD_Y
        painter.setFont(bold)
        painter.setPen(text_colour)
        bold_metrics = QFontMetrics(bold)
        title = bold_metrics.elidedText(str(index.data(TITLE_ROLE)), Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRect(x, y, width, bold_metrics.lineSpacing()), Qt.AlignmentFlag.AlignLeft, title)
        y += bold_metrics.lineSpacing()
        painter.setFont(normal)
        metrics = QFontMetrics(normal)
        painter.setPen(muted)
        meta = metrics.elidedText(str(index.data(META_ROLE)), Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRect(x, y, width, metrics.lineSpacing()), Qt.AlignmentFlag.AlignLeft, meta)
        y += metrics.lineSpacing()
        painter.setPen(text_colour)
        for line in wrap_lines(str(index.data(PURPOSE_ROLE)), metrics, width, self.PURPOSE_LINES):
            painter.drawText(QRect(x, y, width, metrics.lineSpacing()), Qt.AlignmentFlag.AlignLeft, line)
            y += metrics.lineSpacing()
        painter.restore()


def exercise_list_widget() -> QListWidget:
    widget = QListWidget()
    widget.setObjectName("exerciseList")
    widget.setAccessibleName("Exercises")
    widget.setItemDelegate(ExerciseCardDelegate(widget))
    widget.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
    widget.setSpacing(2)
    widget.setFrameShape(QListWidget.Shape.NoFrame)
    widget.setUniformItemSizes(True)
    return widget
