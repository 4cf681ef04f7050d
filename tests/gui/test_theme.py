"""One theme: every colour comes from coach/ui/theme.py, text stays readable in light and dark, and switching
the theme re-colours what was drawn before (Progress charts, range buttons, the coach's PEG chart)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QListWidgetItem, QStyleOptionViewItem, QWidget

import coach
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.data.demo import fill_demo
from coach.ui.app import CoachApp
from coach.ui.progress.page import ProgressPage
from coach.ui.theme import DARK, LIGHT, Palette, apply_theme

# --- contrast (WCAG 2.2) ------------------------------------------------------------------------------


def _luminance(colour: str) -> float:
    """Relative luminance of an opaque `#rrggbb`, as WCAG 2.2 defines it."""
    rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# (foreground, background, where a person meets it). Text needs 4.5:1.
TEXT_ON = [
    ("text", "window", "page text"),
    ("text", "base", "text in cards, inputs, buttons, tables"),
    ("text", "nav", "navigation rows"),
    ("muted", "window", "muted labels on the page"),
    ("muted", "base", "muted labels in cards, placeholders, quiet transcript lines"),
    ("warn", "window", "warnings on the page"),
    ("warn", "base", "warnings in cards (Progress flags)"),
    ("help", "base", "the Help now button"),
    ("accent_text", "accent", "primary buttons, chosen navigation row, checked range/scale/chip buttons"),
    ("pain", "base", "PEG axis title and 'high from' label on charts"),
    ("mme", "base", "MME axis title on the taper chart"),
]
# Indicators and chart marks need 3:1 against what surrounds them.
INDICATOR_ON = [
    ("accent", "base", "focus ring and checked toggle on a card or button"),
    ("accent", "window", "checked range button, primary button on the page"),
    ("accent", "nav", "chosen navigation row"),
    ("muted", "base", "chart axis lines"),
    ("pain", "base", "PEG line"),
    ("pain_soft", "base", "single PEG check-ins"),
    ("mme", "base", "agreed MME line and taper steps"),
    ("mme_soft", "base", "logged doses line"),
    ("practice", "base", "practice bars and calendar"),
    ("distress", "base", "distress bars and milestone stars"),
    ("withdrawal", "base", "withdrawal check-ins"),
]


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=lambda p: p.name)
def test_text_and_indicators_keep_wcag_contrast_in_light_and_dark(palette: Palette) -> None:
    too_faint = [
        f"{fg} on {bg} ({where}): {_contrast(getattr(palette, fg), getattr(palette, bg)):.2f}:1 < {need}"
        for pairs, need in ((TEXT_ON, 4.5), (INDICATOR_ON, 3.0))
        for fg, bg, where in pairs
        if _contrast(getattr(palette, fg), getattr(palette, bg)) < need
    ]
    assert too_faint == []


def test_no_widget_outside_the_theme_sets_colours_of_its_own() -> None:
    """A colour copied into a widget stays behind when the theme changes: colours and per-widget style
    sheets belong to coach/ui/theme.py only."""
    ui = Path(coach.__file__).parent / "ui"
    copied = re.compile(r"setStyleSheet\(|['\"]#[0-9a-fA-F]{3,8}['\"]|color\s*:|QColor\(\s*\d")
    offenders = [
        f"{path.relative_to(ui)}:{number}: {line.strip()}"
        for path in sorted(ui.rglob("*.py"))
        if path.name != "theme.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if copied.search(line)
    ]
    assert offenders == []


# --- switching the theme in the running app -----------------------------------------------------------


@pytest.fixture
def restore_app_look(qapp: QApplication) -> Iterator[None]:
    """These tests re-theme the one QApplication; give the next test the look it had."""
    sheet, palette, font = qapp.styleSheet(), QPalette(qapp.palette()), qapp.font()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)


def _dominant(widget: QWidget) -> str:
    """The colour covering most of `widget` as painted now: its background."""
    image = widget.grab().toImage()
    counts = Counter(
        image.pixelColor(x, y).name() for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
    )
    return counts.most_common(1)[0][0]


def _switch_theme_in_settings(ctx: AppContext, window: QWidget, theme: str) -> None:
    """As the person does it: choose the theme in Settings and save."""
    from coach.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(ctx, window)
    dialog.theme.setCurrentIndex(dialog.theme.findData(theme))
    dialog._save()
    dialog.deleteLater()


@pytest.fixture
def light_app(qtbot: Any, ctx: AppContext, restore_app_look: None) -> CoachApp:
    today = ctx.clock.now().astimezone(ctx.clock.local_zone()).date()
    fill_demo(ctx.store, days=120, seed=4, until=today)
    ctx.store.update_profile(onboarded=True, takes_opioids=True)
    ctx.store.set_setting("theme", "light")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    coach_app = CoachApp(ctx, app, with_tray=False)
    qtbot.addWidget(coach_app.window)
    coach_app.window.resize(1366, 768)
    coach_app.window.show()
    qtbot.waitExposed(coach_app.window)
    return coach_app


def _progress(qtbot: Any, coach_app: CoachApp) -> ProgressPage:
    coach_app.window.go("progress")
    page = coach_app.window.page("progress")
    assert isinstance(page, ProgressPage)
    qtbot.waitUntil(lambda: not page.cards["pain"].needs_drawing)
    return page


def _pen_colour(page: ProgressPage, key: str, name: str | None = None) -> str:
    """The line colour of the series called `name` on chart `key` (default: the last one drawn)."""
    items = page.cards[key].plot.getPlotItem().listDataItems()
    curve = next(i for i in items if i.name() == name) if name else items[-1]
    return str(QColor(curve.opts["pen"].color()).name())


def test_switching_to_dark_recolours_progress_charts_and_the_checked_range_button(
    qtbot: Any, ctx: AppContext, light_app: CoachApp
) -> None:
    page = _progress(qtbot, light_app)
    pain = page.cards["pain"]
    checked = page.range_buttons[page.range_key]
    assert checked.isChecked()
    assert _dominant(pain.plot) == LIGHT.base
    assert _dominant(checked) == LIGHT.accent
    assert _pen_colour(page, "pain") == LIGHT.pain

    _switch_theme_in_settings(ctx, light_app.window, "dark")

    assert pain.plot.backgroundBrush().color().name() == DARK.base
    assert _dominant(pain.plot) == DARK.base  # no white chart left on a dark page
    assert _dominant(checked) == DARK.accent  # not the light accent copied in when the page was built
    assert _dominant(page.range_buttons["4w"]) != DARK.accent  # the others stay unchecked-looking
    qtbot.waitUntil(lambda: _pen_colour(page, "pain") == DARK.pain)  # the line drawn in light, redrawn
    assert pain.plot.getAxis("left").textPen().color().name() == DARK.text


def test_restyle_alone_redraws_charts_drawn_earlier(qtbot: Any, light_app: CoachApp) -> None:
    """Without new figures (the page also refreshes on a settings change): the lines drawn in light are
    drawn again in the dark set's colours, on screen at once and off screen when scrolled to."""
    page = _progress(qtbot, light_app)
    page.draw_all()
    boards = {key: card._drawn for key, card in page.cards.items()}

    page.restyle(DARK)

    qtbot.waitUntil(lambda: _pen_colour(page, "pain") == DARK.pain)
    page.draw_all()
    assert _pen_colour(page, "taper", "agreed daily MME") == DARK.mme
    assert {key: card._drawn for key, card in page.cards.items()} == boards  # the same figures
    assert page.cards["taper"].plot.getAxis("left").labelStyle["color"] == DARK.mme


def test_a_chart_drawn_in_light_but_out_of_view_is_dark_when_scrolled_to(
    qtbot: Any, ctx: AppContext, light_app: CoachApp
) -> None:
    page = _progress(qtbot, light_app)
    page.draw_all()  # the withdrawal chart, far below, is drawn in light too
    withdrawal = page.cards["withdrawal"]
    assert withdrawal.plot.backgroundBrush().color().name() == LIGHT.base
    light_marks = {
        b.color().name() for b in withdrawal.plot.getPlotItem().listDataItems()[0].opts["symbolBrush"]
    }
    assert light_marks <= {LIGHT.pain, LIGHT.withdrawal}

    _switch_theme_in_settings(ctx, light_app.window, "dark")
    page.ensureWidgetVisible(withdrawal)
    qtbot.waitUntil(lambda: not withdrawal.needs_drawing)

    assert _dominant(withdrawal.plot) == DARK.base
    dark_marks = {
        b.color().name() for b in withdrawal.plot.getPlotItem().listDataItems()[0].opts["symbolBrush"]
    }
    assert dark_marks and dark_marks <= {DARK.pain, DARK.withdrawal}


def test_progress_hidden_during_the_switch_shows_dark_charts_when_opened(
    qtbot: Any, ctx: AppContext, light_app: CoachApp
) -> None:
    page = _progress(qtbot, light_app)
    light_app.window.go("today")

    _switch_theme_in_settings(ctx, light_app.window, "dark")
    page = _progress(qtbot, light_app)

    qtbot.waitUntil(lambda: _pen_colour(page, "pain") == DARK.pain)
    assert _dominant(page.cards["pain"].plot) == DARK.base
    assert _dominant(page.range_buttons[page.range_key]) == DARK.accent


def test_the_desktop_turning_dark_recolours_the_charts(
    qtbot: Any, ctx: AppContext, light_app: CoachApp
) -> None:
    """The "system" theme: the app hears the desktop's scheme change and publishes it as a settings change."""
    page = _progress(qtbot, light_app)
    ctx.store.set_setting("theme", "system")
    ctx.store.set_setting("system_dark", True)
    from coach.ui.theme import assume_system_dark

    assume_system_dark(True)
    try:
        ctx.bus.publish(Topic.SETTINGS)
        assert _dominant(page.cards["pain"].plot) == DARK.base
        assert QApplication.palette().window().color().name() == DARK.window
    finally:
        assume_system_dark(None)


def test_coach_overview_chart_follows_the_theme(qtbot: Any, ctx: AppContext, restore_app_look: None) -> None:
    from coach.ui.caseload.overview import CoachOverview

    ctx.store.set_setting("theme", "light")
    errors: list[str] = []
    overview = CoachOverview(ctx, errors.append)
    qtbot.addWidget(overview)
    assert overview.peg_plot.backgroundBrush().color().name() == LIGHT.base

    ctx.store.set_setting("theme", "dark")
    ctx.bus.publish(Topic.SETTINGS)

    assert overview.peg_plot.backgroundBrush().color().name() == DARK.base
    assert overview.peg_plot.getAxis("left").textPen().color().name() == DARK.text
    assert errors == []


def test_quiet_transcript_lines_take_the_muted_colour_of_the_current_theme(
    qtbot: Any, qapp: QApplication, restore_app_look: None
) -> None:
    from coach.ui.practice.player.view import QUIET_ROLE, build_view

    apply_theme(qapp, "light", 100)
    owner = QWidget()
    qtbot.addWidget(owner)
    transcript = build_view(owner).transcript
    owner.show()
    transcript.addItem(QListWidgetItem("Notice your breath."))
    quiet = QListWidgetItem("Quiet for 20 seconds")
    quiet.setData(QUIET_ROLE, True)
    transcript.addItem(quiet)
    delegate = transcript.itemDelegate()

    def text_colours() -> tuple[str, str]:
        names = []
        for row in (0, 1):
            option = QStyleOptionViewItem()
            option.initFrom(transcript)
            delegate.initStyleOption(option, transcript.model().index(row, 0))
            names.append(option.palette.color(QPalette.ColorRole.Text).name())
        return names[0], names[1]

    assert text_colours() == (LIGHT.text, LIGHT.muted)
    apply_theme(qapp, "dark", 100)
    assert text_colours() == (DARK.text, DARK.muted)
