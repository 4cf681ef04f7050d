"""The `coach` command: global options, error handling, and the command groups of each feature."""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from coach import __version__
from coach.domain.errors import CoachError
from coach.launch import default_profile, fail, open_window
from coach.storage.paths import ProfilePaths, ensure_private_dir, resolve_data_dir, slugify

if TYPE_CHECKING:
    from coach.storage.lock import ProfileLock
    from coach.storage.store import Store

# Each module has `register(cli: click.Group) -> None`. Add a feature's module here.
COMMAND_MODULES: tuple[str, ...] = (
    "coach.cli.data",
    "coach.cli.exercises",
    "coach.cli.audio",
    "coach.cli.report",
    "coach.cli.programs",
    "coach.cli.taper",
    "coach.cli.reminders",
    "coach.cli.settings",
    "coach.cli.calendar",
    "coach.cli.checkins",
    "coach.cli.learn",
    "coach.cli.exchange",
)


class CliContext:
    """What every command needs: where the data is, and the profile's store opened on first use."""

    def __init__(self, data_dir: Path, profile: str) -> None:
        self.data_dir = data_dir
        self.profile = profile
        self._store: Store | None = None
        self._lock: ProfileLock | None = None

    @property
    def paths(self) -> ProfilePaths:
        return ProfilePaths(self.data_dir, self.profile)

    @property
    def store(self) -> Store:
        if self._store is None:
            from coach.storage.store import Store

            self._unlock()
            self._store = Store.open(self.paths)
        return self._store

    def _unlock(self) -> None:
        """A profile with a passcode opens from the command line only with that passcode."""
        from coach.services.profiles.service import ProfileService

        service = ProfileService(self.data_dir)
        if not any(p.slug == self.profile and p.has_passcode for p in service.list()):
            return
        passcode = os.environ.get("COACH_PASSCODE")
        if passcode is None:
            if not sys.stdin.isatty():
                raise CoachError(
                    f"profile {self.profile!r} has a passcode: set COACH_PASSCODE or run this in a terminal"
                )
            passcode = click.prompt(f"Passcode for {self.profile}", hide_input=True)
        service.check_passcode(self.profile, passcode)

    def lock_profile(self) -> None:
        """Hold the profile lock until the command ends, for commands that replace the whole profile
        (restore, import, demo). Raises ProfileBusyError ("close the app first") while the app has it open."""
        from coach.storage.lock import ProfileLock

        if self._lock is None:
            self._lock = ProfileLock(self.paths).acquire()

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None


pass_ctx = click.make_pass_decorator(CliContext)


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


class CoachGroup(click.Group):
    """Turns expected failures into `coach: message` on stderr and exit 1, never a traceback.

    Feature commands are registered on first lookup, so `coach` alone (open the window) does not pay for
    importing every feature's command module.
    """

    _registered = False

    def _ensure_registered(self) -> None:
        if not CoachGroup._registered:
            CoachGroup._registered = True
            _register_all()

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        self._ensure_registered()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._ensure_registered()
        return super().list_commands(ctx)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except BrokenPipeError:  # `coach --help | head -1`
            reader_gone(ctx)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:
            reader_gone(ctx)
        except CoachError as exc:
            fail(str(exc))
        except (OSError, sqlite3.Error, ValueError) as exc:
            fail(_plain(exc))
        except Exception as exc:  # the last resort: a bug must still end in one line
            where = _log_unexpected(ctx, exc)
            fail(f"unexpected error: {type(exc).__name__}: {_plain(exc)[:200]}{where}")
        return None


def reader_gone(ctx: click.Context) -> NoReturn:
    """The reader of our output left early (`coach reminders list | head -1`): that is how pipes work, not an
    error, so end quietly with exit 0. Later writes, and the final flush when Python exits, go to the null
    device so no "Broken pipe" or "Exception ignored" line follows. Every command that prints gets this
    through CoachGroup; it never returns."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # no real file behind stdout (a test runner's buffer): nothing will be flushed to a pipe
    ctx.exit(0)


def _log_unexpected(ctx: click.Context, exc: BaseException) -> str:
    """Append the traceback to `<data dir>/logs/cli-errors.log`; returns ` (details in ...)` or ''."""
    import logging
    import traceback

    logging.getLogger("coach.cli").error("unexpected error", exc_info=exc)
    obj = ctx.find_object(CliContext)
    if obj is None:
        return ""
    try:
        folder = obj.data_dir / "logs"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = folder / "cli-errors.log"
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write(f"--- coach {' '.join(sys.argv[1:])[:500]}\n")
            fh.write("".join(traceback.format_exception(exc)))
    except OSError:
        return ""
    return f" (details in {path})"


def _plain(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text


@click.group(
    cls=CoachGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for your data (default: the platform data folder; also COACH_DATA_DIR).",
)
@click.option("--profile", "profile", default=None, help="Profile to use (default: the last one used).")
@click.option(
    "--in-tray",
    is_flag=True,
    help="Open in the tray without showing the window (how it starts at login); the window shows if there "
    "is no tray.",
)
@click.version_option(__version__, prog_name="coach")
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None, profile: str | None, in_tray: bool) -> None:
    """Pain Recovery Coach: guided practice, reminders and a taper record. Run without a command to open
    the app."""
    root = resolve_data_dir(data_dir)
    from coach.storage.applog import Safe, setup_logging

    # Any command makes the data folder owner-only (0700) from the start; in a read-only place the
    # command itself says what cannot be written.
    with contextlib.suppress(OSError):
        ensure_private_dir(root)
    setup_logging(root)
    logging.getLogger("coach.cli").info(
        "coach %s: %s", Safe(__version__), Safe(ctx.invoked_subcommand or "window")
    )
    try:
        name = _profile_folder(root, profile) if profile else default_profile(root)
    except CoachError as exc:
        fail(str(exc))
    obj = CliContext(root, name)
    ctx.obj = obj
    ctx.call_on_close(obj.close)
    if ctx.invoked_subcommand is None:
        open_window(root, name, explicit_profile=profile is not None, in_tray=in_tray)


def _profile_folder(root: Path, profile: str) -> str:
    """`--profile` takes a profile's name as shown in the app (`Профиль`, `Café`) or its folder name;
    a new Latin name (`work`) makes a new profile folder, as before."""
    from coach.services.profiles.service import ProfileService

    try:
        return ProfileService(root).slug_of(profile)
    except CoachError:
        return slugify(profile)


def _register_all() -> None:
    for name in COMMAND_MODULES:
        register: Callable[[click.Group], None] = importlib.import_module(name).register
        register(cli)


def main() -> None:
    cli(prog_name="coach")
