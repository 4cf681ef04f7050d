"""What the layout audit opens: the running app with demo data, every page of the navigation with each of
its tabs and inner screens, and every dialog of the app (the Help now test's list, so the two cannot drift,
plus the dialogs opened before a profile and Help now itself)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QStackedWidget, QTabWidget, QWidget

from coach.domain.programs import Program
from coach.domain.reminder_messages import Notification
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.data.demo import fill_demo
from coach.services.practice.sessions import SessionService
from coach.services.profiles.service import ProfileService
from coach.ui.app import CoachApp
from coach.ui.main_window import MainWindow
from coach.ui.navigation import PAGES
from coach.ui.profiles.switcher import NewProfileDialog, ProfileSwitcher
from coach.ui.reminders.window import ReminderWindow
from coach.ui.widgets.help_now import HelpNowDialog
from tests.gui.layout.audit import OPAQUE, settle, shown_children
from tests.gui.safety.test_help_in_dialogs import _factories


def demo_app(ctx: AppContext, app: QApplication) -> CoachApp:
    """The app as a person with four months of use meets it: demo rows, onboarded, taking opioids, and a
    session left part-way (so Today and Practice show their resume cards)."""
    today = ctx.clock.now().astimezone(ctx.clock.local_zone()).date()
    fill_demo(ctx.store, days=120, seed=4, until=today)
    sessions = SessionService(ctx)
    sessions.save_progress(sessions.start("body-scan", 6, 4, ["lower back"]), 245.0, 0.4)
    ctx.store.update_profile(onboarded=True, takes_opioids=True)
    return CoachApp(ctx, app, with_tray=False)


def dialog_factories(ctx: AppContext, tmp_path: Path) -> dict[str, Callable[[], QWidget]]:
    """Every dialog of the app by class name: the Help now test's list, the three it leaves out, and the
    reminder pop-up (a small window of its own, not a QDialog)."""
    made: dict[str, Callable[[], QWidget]] = dict(_factories(ctx, tmp_path))
    made["ProfileSwitcher"] = lambda: ProfileSwitcher(tmp_path)
    made["NewProfileDialog"] = lambda: NewProfileDialog(ProfileService(tmp_path))
    made["HelpNowDialog"] = lambda: HelpNowDialog(ctx)
    made["ReminderWindow"] = reminder_window
    return made


def reminder_window() -> ReminderWindow:
    """The reminder pop-up as a practice reminder shows it, with its snooze buttons."""
    window = ReminderWindow()
    window.present(
        Notification(
            "Time for your practice",
            "Morning body scan is ready whenever you are: about 10 minutes, lying down or seated.",
            (),
        )
    )
    return window


class PageKey(str):
    """A page's key (it finds the page as the plain key does) that opens it as `kind` of profile, for a
    page both kinds have but each sees differently; findings name it "programs(coach)"."""

    kind: str

    def __new__(cls, key: str, kind: str) -> PageKey:
        made = super().__new__(cls, key)
        made.kind = kind
        return made

    def __format__(self, spec: str) -> str:
        return format(f"{str.__str__(self)}({self.kind})", spec)


def page_keys() -> list[str]:
    """Every page's key, then the pages a coach sees differently, as a coach: the Programs page (only a
    coach has its builder, bundle export and sending without Start; the builder holds 12 weeks)."""
    return [page.key for page in PAGES] + [PageKey("programs", "coach")]


def twelve_week_program() -> Program:
    """The 8-week mindfulness template made 12 weeks long (its first four weeks again): a long program, as
    a coach builds one, for the builder's grid."""
    from coach.services.programs.definitions import builtin_programs

    base = next(p for p in builtin_programs() if p.id == "mindfulness-8-weeks")
    weeks = (base.weeks + base.weeks)[:12]
    return replace(base, id="my-twelve-weeks", title="Twelve weeks back to walking", weeks=weeks)


def open_page(window: MainWindow, key: str) -> None:
    """Show page `key` as the profile kind that has it: a coach's Caseload in a coach profile, the patient's
    pages (and those for any profile) in the demo's patient profile, a PageKey's page as its kind; the kind
    is changed as a profile change does it (the row, then Topic.PROFILE), so the window shows that kind's
    navigation. A coach's Programs page opens with a 12-week program in its builder."""
    kind = key.kind if isinstance(key, PageKey) else next(page.kind for page in PAGES if page.key == key)
    wanted = "patient" if kind == "any" else kind
    store = window.ctx.store
    if store.profile().kind != wanted:
        store.update_profile(kind=wanted)
        window.ctx.bus.publish(Topic.PROFILE)
        settle()
    window.go(key)
    if isinstance(key, PageKey) and key == "programs":
        page: Any = window.page(key)
        page.builder.load(twelve_week_program())
        settle()


def _switchers(root: QWidget) -> list[QTabWidget | QStackedWidget]:
    """The outermost tab widgets and stacks shown inside `root` (not those inside one of them)."""
    found: list[QTabWidget | QStackedWidget] = []
    for child in shown_children(root):
        if isinstance(child, QTabWidget) or (
            isinstance(child, QStackedWidget) and child.count() > 1 and not _in_tab_widget(child)
        ):
            found.append(child)
        elif not isinstance(child, OPAQUE) and not type(child).__module__.startswith("pyqtgraph"):
            found.extend(_switchers(child))
    return found


def _in_tab_widget(stack: QStackedWidget) -> bool:
    return isinstance(stack.parentWidget(), QTabWidget)


def views(root: QWidget, label: str = "") -> Iterator[str]:
    """Show each view of `root` in turn (every tab and inner screen, nested ones too), yielding a name for
    each; puts every switcher back as it was."""
    yield label or "main"
    for switcher in _switchers(root):
        before = switcher.currentIndex()
        name = switcher.objectName() or type(switcher).__name__
        for index in range(switcher.count()):
            if index == before:
                continue
            switcher.setCurrentIndex(index)
            settle()
            page = (
                switcher.currentWidget() if isinstance(switcher, QStackedWidget) else switcher.widget(index)
            )
            tab = switcher.tabText(index) if isinstance(switcher, QTabWidget) else str(index)
            tab = tab.replace(":", "").replace("&", "")  # findings read "<surface> <view>: <widget> ..."
            inner = f"{label}/{name}[{tab}]" if label else f"{name}[{tab}]"
            yield from views(page, inner) if page is not None else iter(())
        switcher.setCurrentIndex(before)
        settle()
