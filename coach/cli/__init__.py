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
from coach.storage.paths import DEFAULT_PROFILE, ProfilePaths, ensure_private_dir, resolve_data_dir, slugify

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
    "coach.cli.passcode",  # adds `passcode` to the `profiles` group made by coach.cli.programs
    "coach.cli.taper",
    "coach.cli.reminders",
    "coach.cli.settings",
    "coach.cli.calendar",
    "coach.cli.checkins",
    "coach.cli.learn",
    "coach.cli.exchange",
)


PROTECTED_NEEDS_PASSCODE = "this profile is protected by a passcode: set COACH_PASSCODE or run in a terminal"


class CliContext:
    """What every command needs: where the data is, and the profile's store opened on first use.

    `profile` is the folder name of `--profile`, or (without it) chosen on first use by `cli_profile`:
    commands that never touch a profile (`profiles list`, `--help`) work whatever the profiles are."""

    def __init__(self, data_dir: Path, profile: str | None) -> None:
        self.data_dir = data_dir
        self._profile = profile
        self._store: Store | None = None
        self._lock: ProfileLock | None = None
        self._unlocked = False

    @property
    def profile(self) -> str:
        if self._profile is None:
            self._profile = cli_profile(self.data_dir)
        return self._profile

    @property
    def paths(self) -> ProfilePaths:
        return ProfilePaths(self.data_dir, self.profile)

    @property
    def store(self) -> Store:
        if self._store is None:
            from coach.storage.store import Store

            self.unlock()
            self._store = Store.open(self.paths)
        return self._store

    def unlock(self) -> None:
        """A protected profile opens from the command line only with its passcode: COACH_PASSCODE, or a
        prompt without echo in a terminal. Raises CoachError (wrong, missing, or still waiting)."""
        if self._unlocked:
            return
        from coach.services.profiles.service import ProfileService

        service = ProfileService(self.data_dir)
        try:
            protected = service.is_protected(self.profile)
        except CoachError:
            protected = False  # not a profile yet (a new `--profile` name): nothing to unlock
        if protected:
            passcode = os.environ.get("COACH_PASSCODE")
            if passcode is None:
                if not sys.stdin.isatty():
                    raise CoachError(PROTECTED_NEEDS_PASSCODE)
                passcode = click.prompt(f"Passcode for {self.profile}", hide_input=True)
            service.check_passcode(self.profile, passcode)
        self._unlocked = True

    def protected(self) -> bool:
        """True when this command opened an encrypted profile (files written from it are not)."""
        from coach.storage.cipher import key_for

        return self._unlocked and key_for(self.paths.database) is not None

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
        name = _profile_folder(root, profile) if profile else None
    except CoachError as exc:
        fail(str(exc))
    obj = CliContext(root, name)
    ctx.obj = obj
    ctx.call_on_close(obj.close)
    if ctx.invoked_subcommand is None:
        open_window(
            root, name or default_profile(root), explicit_profile=profile is not None, in_tray=in_tray
        )


def cli_profile(root: Path) -> str:
    """The profile a command without `--profile` uses: the last one used (the window's choice or
    `profiles use`); else the only profile there is; else, when there is none at all, `default` (created
    by the command, as a first `coach demo` always did). With several profiles and no last one it asks
    for a choice rather than make a new profile. Raises CoachError."""
    from coach.services.profiles.service import ProfileService
    from coach.storage.profiles import read_last_profile

    profiles = ProfileService(root).list()
    slugs = [p.slug for p in profiles]
    last = read_last_profile(root)
    if last is not None and last in slugs:
        return last
    if not profiles:
        return DEFAULT_PROFILE
    if len(profiles) == 1:
        return profiles[0].slug
    raise CoachError(
        "there are several profiles and none was used last: choose one with --profile NAME "
        "(or `coach profiles use NAME`)"
    )


def _profile_folder(root: Path, profile: str) -> str:
    """`--profile` takes a profile's name as shown in the app (`Профиль`, `Café`) or its folder name;
    a new Latin name (`work`) makes a new profile folder, as before."""
    from coach.services.profiles.service import ProfileService

    try:
        return ProfileService(root).slug_of(profile)
    except CoachError:
        return slugify(profile)


# Writers whose output is encrypted like the profile itself (a backup keeps the passcode).
_ENCRYPTED_OUTPUTS = {"backup"}


def _register_all() -> None:
    for name in COMMAND_MODULES:
        register: Callable[[click.Group], None] = importlib.import_module(name).register
        register(cli)
    _note_plain_outputs(cli)


def _note_plain_outputs(group: click.Group) -> None:
    """Every command that writes an `--out` file says, for a protected profile, that the file is not
    encrypted - added here once, so a feature's new export gets the line without remembering it."""
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            _note_plain_outputs(command)
        elif name not in _ENCRYPTED_OUTPUTS and any(p.name == "out" for p in command.params):
            command.callback = _with_plain_note(command.callback)


def _with_plain_note(callback: Callable[..., Any] | None) -> Callable[..., Any] | None:
    if callback is None or getattr(callback, "_notes_plain_output", False):
        return callback

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        result = callback(*args, **kwargs)
        from coach.storage.cipher import NOT_ENCRYPTED

        obj = click.get_current_context().find_object(CliContext)
        if kwargs.get("out") is not None and obj is not None and obj.protected():
            click.echo(NOT_ENCRYPTED)
        return result

    wrapped._notes_plain_output = True  # type: ignore[attr-defined]
    return wrapped


def main() -> None:
    cli(prog_name="coach")
