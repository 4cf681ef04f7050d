"""The player at 1024x600 with 150% text and at 1366x768 (the newcomer trial): while the audio is prepared
its bar sits in a row of its own, never over the caption; the caption wraps with room for two lines and
the transcript has room for four and scrolls inside itself; nothing on the playing screen is cut off or
overlaps, and End session stays in view."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QWidget

from coach.domain.exercise import Exercise
from coach.resources import resource_path
from coach.services.context import AppContext
from coach.services.practice.library import ExerciseLibrary
from coach.ui.practice.page import PracticePage
from tests.gui.layout.audit import Config, geometry_findings, settle
from tests.gui.layout.test_layout_audit import _app
from tests.gui.layout.test_layout_audit import look as look  # the audit's fixture: the theme put back

pytestmark = pytest.mark.usefixtures("look")


def _in(widget: QWidget, root: QWidget) -> QRect:
    return QRect(widget.mapTo(root, widget.rect().topLeft()), widget.size())


def _uncached_body_scan(ctx: AppContext, words: str) -> Exercise:
    """The body scan (a long script) as a custom exercise with `words` added to its first line: audio is
    cached by its text, and a cached track would play at once without preparing."""
    library = ExerciseLibrary(ctx.store)
    data = json.loads(resource_path("exercises", "body-scan.json").read_text(encoding="utf-8"))
    data["id"] = "body-scan-copy"
    data["steps"][0]["text"] += f" {words}."
    library.save_custom(data)
    return library.get("body-scan-copy")


@pytest.mark.parametrize(
    "config", [Config(1024, 600, "light", 150), Config(1366, 768, "light", 100)], ids=str
)
def test_preparing_bar_caption_and_transcript_each_have_their_room(
    qtbot: Any, ctx: AppContext, qapp: QApplication, config: Config, slow_voice: threading.Event
) -> None:
    coach_app = _app(qtbot, ctx, qapp, config)
    window = coach_app.window
    window.go("practice")
    page = window.page("practice")
    assert isinstance(page, PracticePage)
    page.begin(_uncached_body_scan(ctx, str(config)))
    page.flow.start_now(None)
    settle()
    player = page.flow.player
    try:
        assert page.flow.stage() == "playing" and player.render_bar.isVisible()  # still preparing
        bar, caption, transcript = (
            _in(w, window) for w in (player.render_bar, player.caption, player.transcript)
        )
        assert not bar.intersects(caption), f"the bar {bar} sits over the caption {caption}"
        assert not bar.intersects(transcript)
        for other in (player.elapsed, player.seek_slider, player.play_button):
            assert not bar.intersects(_in(other, window)), other.objectName()
        line = player.caption.fontMetrics().lineSpacing()
        assert player.caption.wordWrap() and caption.height() >= 2 * line
        assert transcript.height() >= 4 * player.transcript.fontMetrics().lineSpacing()
        assert player.transcript.wordWrap() and player.transcript.horizontalScrollBar().maximum() == 0
        assert player.transcript.verticalScrollBar().maximum() > 0  # the long script scrolls inside it
        end = _in(page.flow.end_button, window)
        assert window.rect().contains(end) and page.flow.end_button.isVisible()
        assert geometry_findings(window, config.available.size()) == []
        # A long caption wraps onto more lines instead of widening the screen.
        player.caption.setText(
            "Welcome. This is a body scan. We'll move slowly through the body, noticing whatever is there."
        )
        settle()
        assert geometry_findings(window, config.available.size()) == []
    finally:
        slow_voice.set()
        page.flow.shutdown()
