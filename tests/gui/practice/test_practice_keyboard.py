"""Practice by keyboard and without a speaker: the player's keys work whenever it shows (focus anywhere in
the window), the 15 body-area chips are one Tab stop with arrows inside, and with no audio output the
volume slider is gone and the notice says the sound comes once a speaker is connected."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import QApplication

from coach.services.context import AppContext
from coach.services.practice.library import ExerciseLibrary
from coach.ui.main_window import MainWindow
from coach.ui.practice.page import PracticePage
from tests.gui.practice.test_practice_page import TINY, TRACK_READY_MS


@pytest.fixture
def window(qtbot, ctx: AppContext) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    ctx.store.set_setting("speech_engine", "none")
    ExerciseLibrary(ctx.store).save_custom(dict(TINY))
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1100, 760)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=2_000)  # keys need the active window
    yield w
    _practice(w).flow.shutdown()


def _practice(w: MainWindow) -> PracticePage:
    page = w.page("practice")
    assert isinstance(page, PracticePage)
    return page


def _playing(qtbot, w: MainWindow) -> PracticePage:  # type: ignore[no-untyped-def]
    page = _practice(w)
    w.start_exercise("tiny-test")
    with qtbot.waitSignal(page.flow.player.trackReady, timeout=TRACK_READY_MS):
        page.flow.skip_before_button.click()
    assert page.flow.stage() == "playing"
    return page


def test_space_and_arrows_work_with_the_focus_anywhere_in_the_window(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = _playing(qtbot, window)
    player = page.flow.player
    qtbot.waitUntil(player.is_playing, timeout=3_000)
    window.nav_list.setFocus()  # e.g. after clicking Practice in the navigation
    assert not player.isAncestorOf(QApplication.focusWidget())
    qtbot.keyClick(window.nav_list, Qt.Key.Key_Space)
    assert not player.is_playing(), "Space did nothing with the focus outside the player"
    start = player.position_s()
    qtbot.keyClick(window.nav_list, Qt.Key.Key_Right)
    assert player.position_s() == pytest.approx(min(start + 15, player.duration_s()), abs=0.2)
    player.volume.setValue(50)
    qtbot.keyClick(window.nav_list, Qt.Key.Key_Down)
    assert player.volume.value() == 40
    assert window.current_key() == "practice"  # the arrow did not move to another page


def test_space_on_end_session_still_ends_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = _playing(qtbot, window)
    page.flow.end_button.setFocus()
    qtbot.keyClick(page.flow.end_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.flow.stage() == "after", timeout=2_000)


def test_the_player_keys_rest_while_the_player_is_not_showing(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = _practice(window)
    window.start_exercise("tiny-test")
    flow = page.flow
    assert flow.stage() == "before"
    flow.before_pain.setFocus()
    qtbot.keyClick(flow.before_pain, Qt.Key.Key_Right)  # moves in the 0-10 scale, not the player
    assert not flow.player.is_playing() and flow.session_id() is None


def test_the_body_area_chips_are_one_tab_stop_with_arrows_inside(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = _practice(window)
    window.start_exercise("tiny-test")
    flow = page.flow
    chips = list(flow.body_areas.chips.values())
    assert len(chips) == 15
    tab_stops = [c for c in chips if c.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert tab_stops == [chips[0]]
    flow.before_distress.setFocus()
    qtbot.keyClick(flow.before_distress, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is chips[0]
    qtbot.keyClick(chips[0], Qt.Key.Key_Right)
    assert QApplication.focusWidget() is chips[1]
    qtbot.keyClick(chips[1], Qt.Key.Key_Space)
    assert chips[1].isChecked()
    qtbot.keyClick(chips[1], Qt.Key.Key_Down)
    below = QApplication.focusWidget()
    assert below in chips  # the chip below, in the next row as the chips wrap to the width
    assert below.geometry().top() > chips[1].geometry().bottom()
    assert below.geometry().left() <= chips[1].geometry().center().x() + chips[1].width()
    qtbot.keyClick(below, Qt.Key.Key_Up)
    assert QApplication.focusWidget() is chips[1]
    qtbot.keyClick(chips[1], Qt.Key.Key_Down)
    qtbot.keyClick(below, Qt.Key.Key_Tab)
    after = QApplication.focusWidget()
    assert after not in chips, "Tab went to the next chip instead of leaving the group"
    qtbot.keyClick(after, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is below  # back to where the person left the group


def test_without_a_speaker_the_volume_slider_is_hidden(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert QMediaDevices.audioOutputs() == []  # offscreen: no audio output at all
    page = _playing(qtbot, window)
    player = page.flow.player
    assert not player.volume.isVisible() and not player.volume_label.isVisible()
    page.flow.shutdown()
    window.ctx.store.set_setting("speech_engine", "espeak")
    player.load(ExerciseLibrary(window.ctx.store).get("tiny-test"), autoplay=False)
    assert player.notice.isVisible()
    assert "The sound plays when you connect one." in player.notice.text()
