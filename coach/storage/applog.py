"""The app's own log file for bug reports: rotating, owner-only, and free of health data.

Where: `COACH_LOG_DIR`, else `<data dir>/log` when the data folder was overridden (tests, a portable
install: one folder holds everything a run made), else the platform log folder
(`~/.local/state/pain-recovery-coach/log` on Linux). One file `coach.log` of at most 1 MB, three old ones
kept (`coach.log.1` ...), every one 0600.

What: the message *templates* only. A log line may be shared with strangers in a bug report, so
`HealthDataFilter` replaces every argument (a name, a note, a dose, a rating, an exception's text) with
its kind (`<text>`, `<number>`, `<OSError>`), blanks digits left in the message, and keeps of a traceback
only where it happened (files, lines, functions) and the exception's type. A value that is known to be
safe (a command name, a step name) is passed wrapped in `Safe(...)` and kept.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import platformdirs

from coach.storage.paths import APP_NAME
from coach.storage.private_files import FILE_MODE, private_dir

LOG_NAME = "coach.log"
MAX_BYTES = 1024 * 1024
BACKUPS = 3
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_DIGITS = re.compile(r"\d+(?:[.,]\d+)?")
_SPEC = re.compile(r"%(?!%)[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[sdifrxXeEgGaoc]")
_NAMED_SPEC = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGaoc]")


class Safe:
    """A log argument that carries no personal data (a command name, an engine name) and may be kept."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __str__(self) -> str:
        return str(self.value)

    def __repr__(self) -> str:
        return repr(self.value)


def _shape(arg: object) -> object:
    if isinstance(arg, Safe):
        return arg
    if isinstance(arg, BaseException):
        return f"<{type(arg).__name__}>"
    if isinstance(arg, bool) or arg is None:
        return arg
    if isinstance(arg, int | float):
        return "<number>"
    return "<text>"


def _redact_traceback(exc_info: Any) -> str:
    """Where an exception happened, without its message (which may quote the person's data)."""
    _, exc, tb = exc_info
    lines = ["Traceback (most recent call last):"]
    for frame in traceback.extract_tb(tb):
        lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
    lines.append(f"{type(exc).__module__}.{type(exc).__qualname__}" if exc is not None else "?")
    return "\n".join(lines)


class HealthDataFilter(logging.Filter):
    """Rewrites each record so that no value from the person's data reaches the file (see module doc)."""

    def filter(self, record: logging.LogRecord) -> bool:
        # A message built with an f-string carries its values inline: blank any number in the template;
        # every placeholder becomes %s first (a shaped value is text, and "%.1f" has digits of its own).
        template = _DIGITS.sub("#", _SPEC.sub("%s", str(record.msg)))
        args = record.args
        shaped: tuple[object, ...] | dict[str, object] | None = None
        if isinstance(args, dict):
            shaped = {k: _shape(v) for k, v in args.items()}
            template = _DIGITS.sub("#", _NAMED_SPEC.sub(r"%(\1)s", str(record.msg)))
        elif isinstance(args, tuple) and args:
            shaped = tuple(_shape(a) for a in args)
        try:
            record.msg = template % shaped if shaped is not None else template
        except (TypeError, ValueError, KeyError):
            record.msg = template
        record.args = None
        if record.exc_info and record.exc_info[0] is not None:
            record.msg += "\n" + _redact_traceback(record.exc_info)
            record.exc_info = None
            record.exc_text = None
        record.stack_info = None
        return True


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A RotatingFileHandler whose files are created owner-only (0600), whatever the umask, and which
    writes every record through `HealthDataFilter`, applied to a copy: other handlers (the console,
    pytest's capture) still see the record as it was logged."""

    _redact = HealthDataFilter()

    def emit(self, record: logging.LogRecord) -> None:
        copy = logging.makeLogRecord(record.__dict__)
        self._redact.filter(copy)
        super().emit(copy)

    def _open(self) -> Any:
        fd = os.open(self.baseFilename, os.O_CREAT | os.O_WRONLY | os.O_APPEND, FILE_MODE)
        os.chmod(self.baseFilename, FILE_MODE)  # an older file made before this version
        return os.fdopen(fd, "a", encoding=self.encoding or "utf-8")


def log_dir(data_dir: Path | None = None) -> Path:
    """The folder of the log file (see the module doc for the order)."""
    env = os.environ.get("COACH_LOG_DIR")
    if env:
        return Path(env).expanduser().resolve()
    default_data = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    if data_dir is not None and Path(data_dir) != default_data:
        return Path(data_dir) / "log"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def log_path(data_dir: Path | None = None) -> Path:
    """The current log file (it may not exist yet)."""
    return log_dir(data_dir) / LOG_NAME


def _ours(handler: logging.Handler) -> bool:
    return isinstance(handler, PrivateRotatingFileHandler)


def setup_logging(data_dir: Path | None = None, level: int = logging.INFO) -> Path | None:
    """Send the app's log records (and warnings from libraries) to the rotating file; returns its path.

    Idempotent: a second call moves the file if the folder changed. Returns None, quietly, when the
    folder cannot be created (a read-only home): the app works without its log.
    """
    path = log_path(data_dir)
    root = logging.getLogger()
    for handler in [h for h in root.handlers if _ours(h)]:
        if isinstance(handler, logging.FileHandler) and Path(handler.baseFilename) == path:
            return path
        root.removeHandler(handler)
        handler.close()
    try:
        private_dir(path.parent)
        handler = PrivateRotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.setLevel(logging.INFO)
    root.addHandler(handler)
    if root.level > logging.WARNING or root.level == logging.NOTSET:
        root.setLevel(logging.WARNING)  # libraries: warnings and errors only
    logging.getLogger("coach").setLevel(level)
    return path


def last_lines(data_dir: Path | None = None, count: int = 200) -> list[str]:
    """The last `count` lines of the log, oldest first, across the rotated files; [] when there is none."""
    folder = log_dir(data_dir)
    files: Iterable[Path] = [folder / f"{LOG_NAME}.{n}" for n in range(BACKUPS, 0, -1)] + [folder / LOG_NAME]
    lines: list[str] = []
    for f in files:
        try:
            lines += f.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
    return lines[-count:]
