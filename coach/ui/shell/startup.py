"""Starting the GUI: the one QApplication with the app's name and icon, the system's date and time
formats, and the warm-up that loads the slow libraries while the person reads the first page."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QApplication

from coach.ui.main_window import APP_TITLE
from coach.ui.shell.icons import app_icon

# Background steps wait this long after the window is asked to show, so it paints first (ms).
BACKGROUND_DELAY_MS = 300
# Charts (numpy + pyqtgraph) and the checked exercise library take ~0.5 s to load: do it while the person
# reads Today, one step per turn of the event loop, so the first click on Progress or Practice is quick and
# the window stays responsive meanwhile.
WARM_UP_DELAY_MS = 1500


def _load_exercise_library() -> None:
    from coach.services.practice.library import ExerciseLibrary

    ExerciseLibrary().builtins()  # validated once per process, then cached


WARM_UP_STEPS: tuple[Callable[[], object], ...] = (
    partial(importlib.import_module, "pyqtgraph"),
    partial(importlib.import_module, "coach.ui.progress.page"),
    partial(importlib.import_module, "jsonschema"),
    _load_exercise_library,
)


def ensure_qapplication() -> QApplication:
    """The process's QApplication, made once with the app's name, desktop file and icon."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(sys.argv[:1])
    app.setApplicationName("pain-recovery-coach")
    app.setApplicationDisplayName(APP_TITLE)
    app.setDesktopFileName("pain-recovery-coach")
    app.setWindowIcon(app_icon())
    return app


def use_system_formats(locale_name: str | None = None) -> None:
    """Write dates and clock times as the system does from now on (coach/domain/wording.py): day and
    month in the locale's order with its own names ("Thu Dec 3, 2026" in the US, "Thu 3 Dec 2026" in the
    UK), and a 12- or 24-hour clock as its short time format has. Not before the first window: the QLocale
    format enums take ~20 ms to build. `locale_name` (e.g. "en_US") for tests; default the system's."""
    from PySide6.QtCore import QDate, QLocale, QTime

    from coach.domain.wording import use_formats

    locale = QLocale(locale_name) if locale_name else QLocale.system()
    short_date = locale.dateFormat(QLocale.FormatType.ShortFormat)
    month_first = short_date.find("M") < short_date.find("d")
    date_pattern = "ddd MMM d, yyyy" if month_first else "ddd d MMM yyyy"
    short_time = locale.timeFormat(QLocale.FormatType.ShortFormat)
    twelve_hour = "a" in short_time.lower().replace("hh", "")
    time_pattern = "h:mm AP" if twelve_hour else "HH:mm"
    use_formats(
        lambda day: locale.toString(QDate(day.year, day.month, day.day), date_pattern),
        lambda moment: locale.toString(QTime(moment.hour, moment.minute), time_pattern),
    )
