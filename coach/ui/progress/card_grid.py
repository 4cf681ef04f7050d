"""The Progress page's cards in one column, or two side by side when the page is wide enough for two cards
of comfortable width at the current text size (a large screen at normal text): pain beside practice,
consistency beside what helps, the taper beside withdrawal."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QGridLayout, QWidget

COLUMN_CHARACTERS = 90  # a card narrower than this many average characters reads poorly beside another


class CardGrid(QGridLayout):
    """Holds `cards` in order; `arrange(width, char_width)` puts them in two columns when `width` px
    holds two columns of COLUMN_CHARACTERS characters of `char_width` px each, else in one."""

    def __init__(self, cards: Sequence[QWidget], spacing: int = 14) -> None:
        super().__init__()
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)
        self.cards = list(cards)
        self.columns = 0
        self.arrange(0, 1)

    def arrange(self, width: int, char_width: int) -> int:
        """Lay the cards out for a page body `width` px wide; returns the number of columns (1 or 2).
        Nothing moves when the number stays the same."""
        columns = 2 if width - self.spacing() >= 2 * COLUMN_CHARACTERS * max(char_width, 1) else 1
        if columns == self.columns:
            return columns
        self.columns = columns
        for card in self.cards:
            self.removeWidget(card)
        for index, card in enumerate(self.cards):
            self.addWidget(card, index // columns, index % columns)
        for column in range(2):
            self.setColumnStretch(column, 1 if column < columns else 0)
        return columns
