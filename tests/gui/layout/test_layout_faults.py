"""The layout, theme and window faults issue 13 found, each as a person met it: the weekly check's 0-10
scale scrolling sideways, a chosen number shown by colour only, the pain spike dialog off-screen with its
paragraphs overlapping, black icons and faint radio buttons in dark mode, the window larger than a small
screen, the player jumping, filled buttons without a focus ring, Enter and Ctrl+, doing nothing, the mouse
wheel changing an exercise step, and dates and times not in the system's format."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence, QPalette, QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from coach.domain.wording import clock_text, day_text, use_formats
from coach.services.context import AppContext
from coach.ui.app import CoachApp, use_system_formats
from coach.ui.main_window import MainWindow
from coach.ui.theme import DARK, LIGHT, apply_theme
from coach.ui.widgets.common import fit_to_screen
from coach.ui.widgets.rating import RatingScale
from tests.gui.layout.audit import contrast, geometry_findings, icon_contrast, ink_contrast, settle
from tests.gui.layout.surfaces import demo_app
from tests.helpers.nav import RecordingNav

SMALL = QRect(0, 0, 1024, 600)


@pytest.fixture
def look(qapp: QApplication) -> Iterator[None]:
    sheet, palette, font = qapp.styleSheet(), QPalette(qapp.palette()), qapp.font()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)


def _small_screen_app(qtbot: Any, ctx: AppContext, qapp: QApplication, scale: int = 100) -> CoachApp:
    ctx.store.set_setting("text_scale", scale)
    ctx.store.set_setting("theme", "light")
    coach_app = demo_app(ctx, qapp)
    window = coach_app.window
    qtbot.addWidget(window)
    window.restore_geometry_setting(SMALL)
    window.show()
    qtbot.waitExposed(window)
    window.setGeometry(SMALL.adjusted(1, 25, -1, -1))  # maximised on that screen, under a title bar
    settle()
    return coach_app


# --- 0-10 scales ------------------------------------------------------------------------------------


@pytest.mark.parametrize("scale", [100, 200])
def test_weekly_pain_check_scale_never_scrolls_sideways_on_a_small_screen(
    qtbot: Any, ctx: AppContext, qapp: QApplication, look: None, scale: int
) -> None:
    coach_app = _small_screen_app(qtbot, ctx, qapp, scale)
    window = coach_app.window
    window.go("checkin")
    page: Any = window.page("checkin")
    page.tabs.setCurrentIndex(0)
    settle()
    for peg in page.peg_scales:
        area = _scroll_area_of(peg)
        assert area is not None
        assert not (area.horizontalScrollBar().isVisible() and area.horizontalScrollBar().maximum() > 0)
        view = area.viewport()
        for button in peg.buttons:
            assert button.isVisible(), button.objectName()
            left = button.mapTo(view, QPoint(0, 0)).x()
            assert left >= 0 and left + button.width() <= view.width(), f"{button.objectName()} is cut off"
            assert button.width() >= 24 and button.height() >= 24  # WCAG 2.2 target size


def _scroll_area_of(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    return parent


def test_a_scale_narrower_than_one_row_reflows_to_two_rows_with_every_number_visible(
    qtbot: Any, look: None, qapp: QApplication
) -> None:
    apply_theme(qapp, "light", 200)
    holder = QWidget()
    qtbot.addWidget(holder)
    scale = RatingScale("How strong is the pain right now?", "No pain", "Worst", "narrow", holder)
    holder.resize(520, 400)
    scale.resize(520, 300)
    holder.show()
    settle()
    assert scale.minimumSizeHint().width() <= 520  # one row of eleven would need about 700 px here
    assert scale.rows() == 2
    for button in scale.buttons:
        assert QRect(QPoint(0, 0), scale.size()).contains(button.geometry()), button.objectName()
    scale.resize(1200, 300)
    settle()
    assert scale.rows() == 1


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=lambda p: p.name)
def test_the_chosen_number_shows_by_more_than_colour(
    qtbot: Any, qapp: QApplication, look: None, palette: Any
) -> None:
    apply_theme(qapp, palette.name, 100)
    scale = RatingScale("Pain", "None", "Worst", "chosen")
    qtbot.addWidget(scale)
    scale.resize(700, 120)
    scale.show()
    scale.set_value(7)
    settle()
    chosen, other = scale.buttons[7], scale.buttons[6]
    assert chosen.font().bold() and not other.font().bold()
    # A ring in the text colour around the chosen button: visible to someone who sees no colour at all.
    edge = chosen.grab().toImage().pixelColor(1, chosen.height() // 2)
    assert contrast(edge, QColor(palette.accent)) >= 3.0 or contrast(edge, QColor(palette.base)) >= 3.0
    assert edge.name() == palette.text


# --- the pain spike dialog ------------------------------------------------------------------------------


@pytest.mark.parametrize("scale", [100, 200])
def test_pain_spike_dialog_fits_a_small_screen_with_paragraphs_apart(
    qtbot: Any, ctx: AppContext, qapp: QApplication, look: None, scale: int
) -> None:
    from coach.ui.practice.flare import FlareDialog

    apply_theme(qapp, "light", scale)
    dialog = FlareDialog(ctx, RecordingNav())
    qtbot.addWidget(dialog)
    dialog.show()
    settle()
    fit_to_screen(dialog, SMALL)  # what the app does on every dialog's Show (DialogHelp)
    settle()
    frame = dialog.frameGeometry()
    assert SMALL.contains(frame), f"{frame} is not on a 1024x600 screen"
    assert geometry_findings(dialog, SMALL.size()) == []  # no squeezed, overlapping or cut-off text
    start = dialog.findChild(QPushButton, "startFlarePractice")
    assert start is not None and start.isVisible()


# --- dark mode: icons and indicators ---------------------------------------------------------------------


def test_navigation_icons_follow_the_theme_with_3_to_1_contrast(
    qtbot: Any, ctx: AppContext, qapp: QApplication, look: None
) -> None:
    ctx.store.set_setting("theme", "dark")
    coach_app = demo_app(ctx, qapp)
    window = coach_app.window
    qtbot.addWidget(window)
    window.go("help")  # Practice and Taper rows not chosen: drawn on the navigation column
    nav = window.nav_list
    for row in range(nav.count()):
        value = icon_contrast(nav.item(row).icon(), nav.iconSize(), QColor(DARK.nav))
        assert value >= 3.0, f"{nav.item(row).text()}: {value:.2f}:1"
    # Back to light: the icons are redrawn dark on the light column.
    ctx.store.set_setting("theme", "light")
    from coach.services.changes import Topic

    ctx.bus.publish(Topic.SETTINGS)
    assert icon_contrast(nav.item(1).icon(), nav.iconSize(), QColor(LIGHT.nav)) >= 3.0


def _indicator(button: QRadioButton) -> QRect:
    option = QStyleOptionButton()
    option.initFrom(button)
    return QRect(button.style().subElementRect(QStyle.SubElement.SE_RadioButtonIndicator, option, button))


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=lambda p: p.name)
def test_radio_buttons_are_visible_and_grow_with_the_text(
    qtbot: Any, qapp: QApplication, look: None, palette: Any
) -> None:
    sizes = []
    for scale in (100, 200):
        apply_theme(qapp, palette.name, scale)
        holder = QWidget()
        qtbot.addWidget(holder)
        radio = QRadioButton("Moderate", holder)
        holder.resize(400, 100)
        holder.show()
        settle()
        box = _indicator(radio)
        sizes.append(box.height())
        shot = holder.grab().toImage()
        ring = box.translated(radio.pos()).adjusted(-3, -3, 3, 3)
        assert ink_contrast(shot, ring) >= 3.0, f"{palette.name} {scale}%"
        holder.close()
    assert sizes[1] >= sizes[0] * 1.6, sizes  # grows with the text, not stuck at 13 px


# --- the window on a small screen --------------------------------------------------------------------------


def test_the_window_fits_a_1024x600_screen_and_remembers_being_maximised(qtbot: Any, ctx: AppContext) -> None:
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.restore_geometry_setting(SMALL)
    assert first.opens_maximised  # 1100x760 does not fit: it opens maximised instead of off the edge
    assert first.width() <= SMALL.width() and first.height() <= SMALL.height()
    first.show_fitted()
    qtbot.waitExposed(first)
    assert first.isMaximized()
    first.save_geometry_setting()
    first.close()

    second = MainWindow(ctx)
    qtbot.addWidget(second)
    second.restore_geometry_setting(SMALL)
    assert second.opens_maximised


def test_a_window_saved_on_a_bigger_screen_comes_back_on_screen(qtbot: Any, ctx: AppContext) -> None:
    big = MainWindow(ctx)
    qtbot.addWidget(big)
    big.setGeometry(1500, 700, 1300, 900)  # on a second, larger monitor that is gone now
    big.save_geometry_setting()
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    again.restore_geometry_setting(SMALL)
    assert not again.opens_maximised
    assert SMALL.contains(again.geometry()), again.geometry()


def test_the_window_opens_at_its_usual_size_on_a_large_screen(qtbot: Any, ctx: AppContext) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.restore_geometry_setting(QRect(0, 0, 1920, 1080))
    assert not window.opens_maximised
    assert (window.width(), window.height()) == (1100, 760)
    assert QRect(0, 0, 1920, 1080).contains(window.geometry())


# --- the player ----------------------------------------------------------------------------------------


def test_the_player_controls_do_not_move_when_preparing_the_audio_ends(qtbot: Any, ctx: AppContext) -> None:
    from coach.ui.practice.player.widget import PlayerWidget

    player = PlayerWidget(ctx)
    qtbot.addWidget(player)
    player.resize(900, 600)
    player.show()
    player.render_bar.show()
    settle()
    before = player.play_button.mapTo(player, QPoint(0, 0))
    player.render_bar.hide()  # what renderEnded does
    settle()
    assert player.play_button.mapTo(player, QPoint(0, 0)) == before


# --- keyboard -------------------------------------------------------------------------------------------


def test_a_filled_button_shows_a_focus_ring(qtbot: Any, qapp: QApplication, look: None) -> None:
    from coach.ui.widgets.common import button

    for palette in (LIGHT, DARK):
        apply_theme(qapp, palette.name, 100)
        holder = QWidget()
        qtbot.addWidget(holder)
        primary = button("Start", "ringCheck", role="primary")
        primary.setParent(holder)
        other = button("Other", "ringOther")
        other.setParent(holder)
        other.move(0, 80)
        holder.resize(300, 160)
        holder.show()
        qtbot.waitExposed(holder)
        other.setFocus()
        settle()
        unfocused = holder.grab().toImage().pixelColor(primary.x() + 1, primary.y() + primary.height() // 2)
        primary.setFocus()
        settle()
        focused = holder.grab().toImage().pixelColor(primary.x() + 1, primary.y() + primary.height() // 2)
        # WCAG 2.2 focus appearance: the ring's pixels change by 3:1 between the two states.
        assert contrast(focused, unfocused) >= 3.0, f"{palette.name}: {focused.name()} vs {unfocused.name()}"
        holder.close()


def test_enter_presses_the_focused_button_in_the_main_window(
    qtbot: Any, ctx: AppContext, qapp: QApplication
) -> None:
    from coach.ui.widgets.help_now import DialogHelp

    helper = DialogHelp(ctx, qapp).install()  # what the app installs as its first step after start-up
    try:
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        pressed: list[str] = []
        target = window.settings_button
        target.clicked.disconnect()
        target.clicked.connect(lambda: pressed.append("settings"))
        target.setFocus()
        qtbot.keyClick(target, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: pressed == ["settings"])
        qtbot.keyClick(target, Qt.Key.Key_Enter)
        qtbot.waitUntil(lambda: pressed == ["settings", "settings"])
    finally:
        helper.remove()


def test_ctrl_comma_opens_settings(qtbot: Any, ctx: AppContext) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    seen: list[str] = []

    def close_settings() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog):
            seen.append(dialog.objectName())
            dialog.reject()

    # The window's action for Ctrl+, (offscreen windows are never active, so the key itself cannot be sent).
    bound = [a for a in window.actions() if QKeySequence.fromString("Ctrl+,") in a.shortcuts()]
    assert len(bound) == 1
    QTimer.singleShot(100, close_settings)
    bound[0].trigger()
    assert seen == ["settingsDialog"]


def test_the_wheel_over_an_exercise_step_kind_does_not_change_it(
    qtbot: Any, ctx: AppContext, qapp: QApplication
) -> None:
    from coach.ui.practice.exercise_editor import ExerciseEditor
    from coach.ui.widgets.help_now import DialogHelp

    helper = DialogHelp(ctx, qapp).install()
    try:
        errors: list[str] = []
        editor = ExerciseEditor(ctx, errors.append)
        qtbot.addWidget(editor)
        editor.resize(1000, 700)
        editor.show()
        qtbot.waitExposed(editor)
        combos = [c for c in editor.findChildren(QComboBox) if c.isVisible() and c.count() > 1]
        assert combos
        for combo in combos:
            before = combo.currentIndex()
            centre = combo.rect().center()
            wheel = QWheelEvent(
                centre,
                combo.mapToGlobal(centre),
                QPoint(0, 0),
                QPoint(0, -120),
                Qt.MouseButton.NoButton,
                Qt.KeyboardModifier.NoModifier,
                Qt.ScrollPhase.NoScrollPhase,
                False,
            )
            QApplication.sendEvent(combo, wheel)
            assert combo.currentIndex() == before, combo.objectName()
    finally:
        helper.remove()


# --- dates and times ----------------------------------------------------------------------------------


def test_dates_and_times_follow_the_system_locale() -> None:
    try:
        use_system_formats("en_US")
        assert clock_text(time(15, 5)) == "3:05 PM"
        assert day_text(date(2026, 12, 3)) == "Thu Dec 3, 2026"
        use_system_formats("en_GB")
        assert clock_text(time(15, 5)) == "15:05"
        assert day_text(date(2026, 12, 3)) == "Thu 3 Dec 2026"
    finally:
        use_formats()


def test_the_locale_step_runs_after_the_first_window() -> None:
    import inspect

    from coach.ui import app

    assert "use_system_formats" in inspect.getsource(app.CoachApp.start_background_work)
    assert "use_system_formats" not in inspect.getsource(app.CoachApp.__init__)


# --- charts -------------------------------------------------------------------------------------------


def test_chart_axis_titles_numbers_and_legends_grow_with_the_text_size(
    qtbot: Any, ctx: AppContext, qapp: QApplication, look: None
) -> None:
    from coach.services.changes import Topic
    from coach.ui.progress.page import ProgressPage

    ctx.store.set_setting("theme", "light")
    coach_app = demo_app(ctx, qapp)
    window = coach_app.window
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.go("progress")
    page = window.page("progress")
    assert isinstance(page, ProgressPage)

    def sizes() -> tuple[float, float, str]:
        taper = page.cards["taper"].plot.getAxis("left")
        helps = page.cards["helps"]
        return (
            float(taper.labelStyle["font-size"].removesuffix("pt")),
            taper.style["tickFont"].pointSizeF(),
            str(helps.legend.opts["labelTextSize"]),
        )

    title, ticks, legend = sizes()
    ctx.store.set_setting("text_scale", 200)
    ctx.bus.publish(Topic.SETTINGS)  # what saving Settings does
    bigger = sizes()
    assert bigger[0] >= title * 1.9 and bigger[1] >= ticks * 1.9
    assert bigger[2] != legend
    assert page.cards["taper"].plot.getAxis("left").labelStyle["color"] == LIGHT.mme  # its colour stays
