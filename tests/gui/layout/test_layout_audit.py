"""The layout audit: every page (each tab and inner screen) and every dialog, with demo data, on screens of
1024x600, 1366x768 and 1920x1080, text at 100/150/200%, light and dark, has no window larger than the screen,
no form scrolling sideways, nothing cut off, squeezed or overlapping, and text and indicators a person can
read (WCAG 2.2 contrast).

What runs where, to keep the whole audit near two minutes on a busy two-core machine:
- Geometry does not depend on the colours, so it is checked in the light theme only: pages on the two
  small screens at every text size, and on 1920x1080 at 200% (the widest text; a bigger screen only gives
  more room); dialogs on all three screens at every text size (they size themselves to their content).
- Contrast does not depend on the screen or the text size (the theme's colours are the same), so it is
  checked at 1366x768 and 100% text, light and dark; indicators growing with the text have their own test.

Faults the audit finds that are not fixed yet are listed in known_open.py by surface and widget: the audit
fails on any fault not listed (a new one), and on any listed one that is gone (so the list only shrinks).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from coach.services.context import AppContext
from coach.ui.app import CoachApp
from coach.ui.widgets.common import fit_to_screen
from tests.gui.layout.audit import Config, contrast_findings, geometry_findings, settle
from tests.gui.layout.known_open import KNOWN_OPEN
from tests.gui.layout.surfaces import demo_app, dialog_factories, open_page, page_keys, views

SCREENS = ((1024, 600), (1366, 768), (1920, 1080))
SCALES = (100, 150, 200)
PAGE_CONFIGS = [Config(w, h, "light", s) for w, h in SCREENS[:2] for s in SCALES] + [
    Config(1920, 1080, "light", 200)
]
DIALOG_CONFIGS = [Config(w, h, "light", s) for w, h in SCREENS for s in SCALES]
CONTRAST_CONFIGS = [Config(1366, 768, t, 100) for t in ("light", "dark")]


@pytest.fixture
def look(qapp: QApplication) -> Iterator[None]:
    """The audit re-themes the one QApplication; give the next test the look it had."""
    sheet, palette, font = qapp.styleSheet(), QPalette(qapp.palette()), qapp.font()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)


def _app(qtbot: Any, ctx: AppContext, qapp: QApplication, config: Config) -> CoachApp:
    ctx.store.set_setting("theme", config.theme)
    ctx.store.set_setting("text_scale", config.text_scale)
    coach_app = demo_app(ctx, qapp)  # applies the theme and text size as the app does at start
    qtbot.addWidget(coach_app.window)
    window = coach_app.window
    window.restore_geometry_setting(config.available)
    window.show()
    qtbot.waitExposed(window)
    if window.opens_maximised:
        # What maximising does on that screen: the frame fills the available area (offscreen has no WM).
        frame, inner = window.frameGeometry(), window.geometry()
        window.setGeometry(
            config.available.adjusted(
                inner.left() - frame.left(),
                inner.top() - frame.top(),
                inner.right() - frame.right(),
                inner.bottom() - frame.bottom(),
            )
        )
    settle()
    return coach_app


def audit_pages(coach_app: CoachApp, config: Config, check: Any) -> list[str]:
    """Run `check(window)` on every view of every page; findings prefixed with where they were found."""
    window = coach_app.window
    found: list[str] = []
    for key in page_keys():
        open_page(window, key)  # as the profile kind that has it (a coach's Caseload in a coach profile)
        settle()
        for view in views(window.page(key)):
            found.extend(f"[{config}] page {key} {view}: {f}" for f in check(window))
    return found


def audit_dialogs(ctx: AppContext, tmp_path: Path, config: Config, check: Any, qtbot: Any) -> list[str]:
    found: list[str] = []
    for name, make in dialog_factories(ctx, tmp_path).items():
        dialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        settle()
        fit_to_screen(dialog, config.available)
        settle()
        for view in views(dialog):
            found.extend(f"[{config}] dialog {name} {view}: {f}" for f in check(dialog))
        dialog.close()
        dialog.deleteLater()
    return found


def _geometry(available: QRect) -> Any:
    return lambda root: geometry_findings(root, available.size())


@pytest.mark.parametrize("config", PAGE_CONFIGS, ids=str)
def test_every_page_fits_and_nothing_is_cut_off(
    qtbot: Any, ctx: AppContext, qapp: QApplication, look: None, config: Config
) -> None:
    coach_app = demo_app_for(qtbot, ctx, qapp, config)
    found = audit_pages(coach_app, config, _geometry(config.available))
    _assert_only_known(found, config, "page")


@pytest.mark.parametrize("config", DIALOG_CONFIGS, ids=str)
def test_every_dialog_fits_and_nothing_is_cut_off(
    qtbot: Any, ctx: AppContext, qapp: QApplication, look: None, tmp_path: Path, config: Config
) -> None:
    demo_app_for(qtbot, ctx, qapp, config)
    found = audit_dialogs(ctx, tmp_path, config, _geometry(config.available), qtbot)
    _assert_only_known(found, config, "dialog")


@pytest.mark.parametrize("config", CONTRAST_CONFIGS, ids=str)
def test_text_and_indicators_are_readable_everywhere(
    qtbot: Any, ctx: AppContext, qapp: QApplication, look: None, tmp_path: Path, config: Config
) -> None:
    coach_app = demo_app_for(qtbot, ctx, qapp, config)
    found = audit_pages(coach_app, config, contrast_findings)
    found += audit_dialogs(ctx, tmp_path, config, contrast_findings, qtbot)
    assert found == [], "\n".join(found)


def demo_app_for(qtbot: Any, ctx: AppContext, qapp: QApplication, config: Config) -> CoachApp:
    return _app(qtbot, ctx, qapp, config)


def test_the_audit_sees_every_dialog_the_help_now_test_sees(ctx: AppContext, tmp_path: Path) -> None:
    from tests.gui.safety.test_help_in_dialogs import _dialog_classes

    assert _dialog_classes() <= set(dialog_factories(ctx, tmp_path))


def finding_key(finding: str) -> str:
    """ "page taper: planChooser" from "[1024x600-light-150] page taper taperTabs[Plan]: planChooser (...)"."""
    where, _, what = finding.partition(": ")
    surface = " ".join(where.split("] ", 1)[-1].split()[:2])
    return f"{surface}: {what.split(' ', 1)[0]}"


def _assert_only_known(found: list[str], config: Config, kind: str) -> None:
    known = {key for key in KNOWN_OPEN.get(str(config), set()) if key.startswith(kind + " ")}
    new = [f for f in found if finding_key(f) not in known]
    assert new == [], "\n".join(new)
    gone = known - {finding_key(f) for f in found}
    assert gone == set(), f"fixed now, take them off known_open.py: {sorted(gone)}"
