"""Fixtures every test may use: garbage collected on the GUI thread, a private temp data dir per test,
an open store, a fixed clock and an app context."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from coach.domain.clock import FixedClock
from coach.services.context import AppContext
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store

FIXED_NOW = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True, scope="session")
def _gc_on_gui_thread(qapp):  # type: ignore[no-untyped-def]
    """As in the app: garbage is collected on the GUI thread only (see coach/ui/gui_gc.py)."""
    from coach.ui.gui_gc import collect_on_gui_thread

    collector = collect_on_gui_thread(qapp)
    yield collector
    collector.stop()


@pytest.fixture(autouse=True)
def _collect_between_tests(_gc_on_gui_thread):  # type: ignore[no-untyped-def]
    yield
    _gc_on_gui_thread.collect_due()  # tests that never run the event loop still have their garbage collected


@pytest.fixture(autouse=True)
def _app_look_restored(qapp):  # type: ignore[no-untyped-def]
    """Every test starts with the QApplication as it was: a test that opens the app applies its profile's
    theme and text size to the whole application and installs the app-wide dialog helper (as the app
    does); the next test would otherwise measure its layout under them (a taper dialog test failed after
    a profile-chooser test that left its app running)."""
    from PySide6.QtGui import QPalette

    from coach.ui.widgets.help_now import DialogHelp

    sheet, palette, font = qapp.styleSheet(), QPalette(qapp.palette()), qapp.font()
    before = set(qapp.findChildren(DialogHelp))
    yield
    # The app-wide dialog helper of an app a test opened and never quit would add its buttons to, and fit
    # to the real screen, every dialog of the tests after it.
    for helper in set(qapp.findChildren(DialogHelp)) - before:
        helper.remove()
        helper.setParent(None)
    if qapp.styleSheet() != sheet:
        qapp.setStyleSheet(sheet)
    if qapp.palette() != palette:
        qapp.setPalette(palette)
    if qapp.font() != font:
        qapp.setFont(font)


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may read or write the user's real data, cache or autostart folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("COACH_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("COACH_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "shared-audio-cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    return d


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    s = Store.open(ProfilePaths(data_dir))
    yield s
    s.close()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(FIXED_NOW, "America/New_York")


@pytest.fixture
def ctx(store: Store, clock: FixedClock) -> AppContext:
    return AppContext(store=store, clock=clock)
