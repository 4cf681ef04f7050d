"""`coach settings`: list, get and set the person's preferences, each checked by the settings registry.

Values are read and printed as text (`true`/`false`, numbers, `HH:MM`); a value a setting does not allow is
refused with that setting's own message (exit 1, `coach: ...`), and nothing is written.
"""

from __future__ import annotations

from typing import Any

import click

from coach.cli import CliContext, echo_json, pass_ctx
from coach.domain.clock import SystemClock
from coach.domain.settings import PREFERENCES, Setting, SettingError, setting_named
from coach.services.context import AppContext
from coach.services.profiles.preferences import set_preference


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _allowed(setting: Setting[Any]) -> str:
    """What a value may be, in a few words (for `list`)."""
    if setting.choices is not None:
        return " | ".join(map(_text, setting.choices))
    if setting.minimum is not None and setting.maximum is not None:
        return f"{_text(setting.minimum)} to {_text(setting.maximum)}"
    if isinstance(setting.default, bool):
        return "true | false"
    if setting.check is not None:
        return "HH:MM"
    return "text"


def _describe(setting: Setting[Any], value: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "key": setting.key,
        "value": value,
        "default": setting.default,
        "about": setting.doc,
    }
    if setting.choices is not None:
        out["choices"] = list(setting.choices)
    if setting.minimum is not None:
        out["minimum"] = setting.minimum
    if setting.maximum is not None:
        out["maximum"] = setting.maximum
    return out


def _with_key(setting: Setting[Any], exc: SettingError) -> SettingError:
    text = str(exc)
    return exc if text.startswith(setting.key) else SettingError(f"{setting.key}: {text}")


def register(cli: click.Group) -> None:
    @cli.group("settings")
    def settings() -> None:
        """Your preferences: theme, text size, voice, quiet hours and more."""

    @settings.command("list")
    @click.option("--json", "as_json", is_flag=True, help="Print JSON: key, value, default, about, limits.")
    @pass_ctx
    def list_(obj: CliContext, as_json: bool) -> None:
        """List every preference with its current value."""
        store = obj.store
        rows = [(s, store.setting(s)) for s in PREFERENCES.values()]
        if as_json:
            echo_json([_describe(s, v) for s, v in rows])
            return
        width = max(len(s.key) for s, _v in rows)
        for s, value in rows:
            allowed = _allowed(s)
            about = s.doc if f"({allowed})" in s.doc else f"{s.doc} ({allowed})"
            click.echo(f"{s.key:<{width}}  {_text(value):<8}  {about}")

    @settings.command("get")
    @click.argument("key")
    @pass_ctx
    def get(obj: CliContext, key: str) -> None:
        """Print one setting's value."""
        click.echo(_text(obj.store.setting(setting_named(key))))

    @settings.command("set")
    @click.argument("key")
    @click.argument("value")
    @pass_ctx
    def set_(obj: CliContext, key: str, value: str) -> None:
        """Change one preference, e.g. `coach settings set quiet_hours_enabled false`."""
        setting = setting_named(key)
        ctx = AppContext(store=obj.store, clock=SystemClock())
        try:
            stored = set_preference(ctx, setting, value)
        except SettingError as exc:
            raise _with_key(setting, exc) from None
        click.echo(f"{setting.key} = {_text(stored)}")
