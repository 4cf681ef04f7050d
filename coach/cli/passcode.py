"""`coach profiles passcode set|change|remove`: encrypt a profile behind a passcode, re-key it, or decrypt it."""

from __future__ import annotations

import os
import sys

import click

from coach.cli import CliContext, pass_ctx
from coach.domain.errors import CoachError


def register(cli: click.Group) -> None:
    profiles = cli.commands.get("profiles")
    if isinstance(profiles, click.Group):
        profiles.add_command(passcode)


def _ask(prompt: str, confirm: bool = False, env: str | None = None) -> str:
    """A passcode from the environment variable `env` (scripts, tests) or a prompt without echo."""
    if env and os.environ.get(env) is not None:
        return os.environ[env]
    if not sys.stdin.isatty():
        raise CoachError(f"{prompt.lower()} is needed: set {env} or run in a terminal")
    value: str = click.prompt(prompt, hide_input=True, confirmation_prompt=confirm)
    return value


def _target(obj: CliContext, name: str | None) -> str:
    from coach.services.profiles.service import ProfileService

    return ProfileService(obj.data_dir).slug_of(name or obj.profile)


@click.group()
def passcode() -> None:
    """Protect a profile with a passcode: its data, WAL and backups are encrypted (SQLCipher)."""


@passcode.command("set")
@click.argument("name", required=False)
@pass_ctx
def set_passcode(obj: CliContext, name: str | None) -> None:
    """Encrypt profile NAME (default: this one) behind a new passcode (COACH_NEW_PASSCODE or a prompt)."""
    from coach.services.profiles.service import ProfileService

    service = ProfileService(obj.data_dir)
    slug = _target(obj, name)
    if service.is_protected(slug):
        raise CoachError(f"{slug} already has a passcode: use `coach profiles passcode change`")
    new = _ask("New passcode", confirm=True, env="COACH_NEW_PASSCODE")
    service.set_passcode(slug, new)
    click.echo(
        f"{slug} is now encrypted with its passcode (data and backups). Keep the passcode safe: "
        "it cannot be recovered."
    )


@passcode.command("change")
@click.argument("name", required=False)
@pass_ctx
def change_passcode(obj: CliContext, name: str | None) -> None:
    """Re-key profile NAME: the current passcode (COACH_PASSCODE or a prompt), then the new one."""
    from coach.services.profiles.service import ProfileService

    service = ProfileService(obj.data_dir)
    slug = _target(obj, name)
    if not service.is_protected(slug):
        raise CoachError(f"{slug} has no passcode: use `coach profiles passcode set`")
    current = _ask("Current passcode", env="COACH_PASSCODE")
    service.check_passcode(slug, current)
    new = _ask("New passcode", confirm=True, env="COACH_NEW_PASSCODE")
    service.set_passcode(slug, new, current=current)
    click.echo(f"The passcode of {slug} was changed; its data and backups use the new one.")


@passcode.command("remove")
@click.argument("name", required=False)
@pass_ctx
def remove_passcode(obj: CliContext, name: str | None) -> None:
    """Decrypt profile NAME after asking for its current passcode (COACH_PASSCODE or a prompt)."""
    from coach.services.profiles.service import ProfileService

    service = ProfileService(obj.data_dir)
    slug = _target(obj, name)
    if not service.is_protected(slug):
        raise CoachError(f"{slug} has no passcode")
    current = _ask("Current passcode", env="COACH_PASSCODE")
    service.set_passcode(slug, None, current=current)
    click.echo(f"The passcode of {slug} was removed: its data and backups are no longer encrypted.")
