"""Every `coach` command, driven with extreme and random arguments, ends as a command line should: exit 0,
exit 1 with one line `coach: ...`, or exit 2 for a usage error; never a traceback, never an "unexpected
error", and the profile's database passes `PRAGMA integrity_check` afterwards and still exports to a file
that import accepts (resources/schemas/export.schema.json).

The commands are found by walking the click tree, so a command added later is fuzzed without editing this.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.cli import _register_all, cli
from coach.storage.export import export_json
from coach.storage.export_check import validate_export
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store

# Values that broke commands before (the issue's cases) and their neighbours.
EXTREMES = [
    "99999999999999999999999",
    "-99999999999999999999999",
    "9223372036854775808",
    "0",
    "1",
    "-1",
    "1e308",
    "-1e308",
    "1e-320",
    "nan",
    "inf",
    "-inf",
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "2026-02-30T25:61",
    "",
    " ",
    "x" * 5000,
    "Профиль",
    "测试",
    "Ελληνικά",
    "🌿",
    '=HYPERLINK("http://example.invalid","x")',
    "٣",  # an Arabic-Indic digit: str.isdigit() says yes, int() says yes, SQLite never saw it
    "²",  # a superscript: str.isdigit() says yes, int() says no
    "1,5",
    "oxycodone",
    "1",
]
VALUE = st.one_of(
    st.sampled_from(EXTREMES),
    st.integers(-(10**30), 10**30).map(str),
    st.floats().map(repr),
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40),
)
# A file name inside the example's own folder (never a path that climbs out of it).
FILE_NAME = st.one_of(
    st.sampled_from(["out.pdf", "out.json", "x.coachprogress", "x.coachprog", "测试.json", "my#backup.db"]),
    st.text(st.characters(categories=("L", "N")), min_size=1, max_size=20),
)
# Commands that open a window or ask at the terminal, and so are not for a fuzzer.
SKIP_OPTIONS = {"ask_passcode"}
OUTPUT_OPTIONS = {"out"}
FILE_ARGUMENTS = {"file"}


def _commands() -> list[tuple[str, ...]]:
    _register_all()
    found: list[tuple[str, ...]] = []

    def walk(command: click.Command, path: tuple[str, ...]) -> None:
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, (*path, name))
        else:
            found.append(path)

    walk(cli, ())
    return sorted(found)


COMMANDS = _commands()


def _command(path: tuple[str, ...]) -> click.Command:
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return command


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A profile with a medicine, a dose, a reminder and a taper plan, so ids like 1 reach real rows."""
    root = tmp_path_factory.mktemp("seeded") / "data"
    runner = CliRunner()
    for args in (
        ["meds", "add", "Oxy", "--drug", "oxycodone", "--strength", "10", "--per-day", "2"],
        ["dose", "log", "1", "10"],
        ["reminders", "add", "--at", "08:00"],
        ["taper", "draft", "--start-mme", "60", "--pace", "weekly-10", "--save"],
    ):
        result = runner.invoke(cli, ["--data-dir", str(root), *args])
        assert result.exit_code == 0, (args, result.output)
    return root


@st.composite
def invocations(draw: st.DrawFn, path: tuple[str, ...], folder: str) -> list[str]:
    """Arguments for one command: every argument, a random choice of its options, each value extreme."""
    command = _command(path)
    args = list(path)
    for param in command.params:
        if param.name in SKIP_OPTIONS:
            continue
        if param.name in OUTPUT_OPTIONS or param.name in FILE_ARGUMENTS:
            value = f"{folder}/{draw(FILE_NAME)}"
        elif isinstance(param.type, click.Choice) and draw(st.booleans()):
            value = draw(st.sampled_from([str(c) for c in param.type.choices]))
        else:
            value = draw(VALUE)
        if isinstance(param, click.Argument):
            if param.required or draw(st.booleans()):
                args.append(value)
        elif isinstance(param, click.Option):
            if param.is_flag:
                if draw(st.booleans()):
                    args.append(param.opts[0])
            elif param.required or draw(st.booleans()):
                args += [param.opts[0], value]
    return args


def _databases(root: Path) -> Iterator[Path]:
    yield from root.glob("profiles/*/coach.db")


@pytest.mark.slow
@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,  # the same examples every run: a failure here is a real, repeatable fault
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_command_ends_cleanly_whatever_the_arguments(
    seeded: Path, path: tuple[str, ...], data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        shutil.copytree(seeded, root)
        outputs = Path(tmp) / "outputs"
        outputs.mkdir()
        args = data.draw(invocations(path, str(outputs)))
        profile = data.draw(st.none() | st.sampled_from(["Профиль", "测试", "x" * 300, "", "default"]))
        head = ["--data-dir", str(root)] + ([] if profile is None else ["--profile", profile])
        result = CliRunner().invoke(cli, [*head, *args], env={"COACH_PASSCODE": "0000"})
        err = result.stderr
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            f"{args!r} raised {result.exception!r}"
        )
        assert result.exit_code in (0, 1, 2), (args, result.exit_code, err)
        assert "Traceback" not in err and "Traceback" not in result.stdout, args
        if result.exit_code == 1:
            lines = err.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("coach: "), (args, err)
            assert "unexpected error" not in err, (args, err)
        for db in _databases(root):
            with sqlite3.connect(db) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", (args, db)
            # Whatever a command stored, the profile still exports to a file import would take back.
            with Store.open(ProfilePaths(root, db.parent.name)) as store:
                validate_export(export_json(store), f"the export after {args!r}")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["dose", "log", "99999999999999999999999", "5"], "coach: no medicine with id"),
        (["dose", "log", "²", "5"], "coach: no medicine called"),
        (["dose", "log", "1", "1e308"], "coach: the amount must be at most 100000"),
        (["dose", "log", "1", "5", "--at", "0001-01-01T00:00"], "coach: the time of a dose must be between"),
        (["reminders", "next", "--from", "9999-12-31T23:59"], "coach: --from must be between the years"),
        (["reminders", "next", "--from", "0001-01-01T00:00"], "coach: --from must be between the years"),
        (["reminders", "pause", "99999999999999999999999"], "coach: there is no reminder"),
        (["meds", "add", "X", "--strength", "1e308"], "coach: the strength must be at most"),
        (["mme", "oxycodone", "1e308"], "coach: the dose must be at most"),
        (["mme", "oxycodone", "10", "--per-day", "1e9"], "coach: doses per day must be at most 48"),
    ],
)
def test_the_issues_cases_end_in_one_plain_line(
    seeded: Path, tmp_path: Path, args: list[str], expected: str
) -> None:
    root = tmp_path / "data"
    shutil.copytree(seeded, root)
    result = CliRunner().invoke(cli, ["--data-dir", str(root), *args])
    assert result.exit_code == 1, (result.output, result.exception)
    assert result.stderr.startswith(expected) and result.stderr.count("\n") == 1, result.stderr


def test_a_huge_dose_never_reaches_the_report(seeded: Path, tmp_path: Path) -> None:
    """`coach dose log 1 1e308` then `report` used to end in a traceback: the dose is refused, the report
    is written."""
    root = tmp_path / "data"
    shutil.copytree(seeded, root)
    runner = CliRunner()
    assert runner.invoke(cli, ["--data-dir", str(root), "dose", "log", "1", "1e308"]).exit_code == 1
    result = runner.invoke(cli, ["--data-dir", str(root), "report", "--out", str(tmp_path / "r.pdf")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


def test_an_unexpected_error_is_one_line_and_its_traceback_is_logged(seeded: Path, tmp_path: Path) -> None:
    """The last resort: a bug in a command still ends in `coach: unexpected error: ...`, exit 1, with the
    traceback kept in the data folder's log for a bug report."""
    root = tmp_path / "data"
    shutil.copytree(seeded, root)

    @click.command("explode-for-test")
    def explode() -> None:
        raise ZeroDivisionError("division by zero")

    cli.add_command(explode)
    try:
        result = CliRunner().invoke(cli, ["--data-dir", str(root), "explode-for-test"])
    finally:
        cli.commands.pop("explode-for-test")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "coach: unexpected error: ZeroDivisionError: division by zero (details in "
    )
    assert result.stderr.count("\n") == 1
    log = (root / "logs" / "cli-errors.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "ZeroDivisionError" in log
