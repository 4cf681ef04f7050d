"""`coach profiles`: the profiles on this computer (patients and coaches): list, create, use."""

from __future__ import annotations

import click

from coach.cli import CliContext, echo_json, pass_ctx


def register_profiles(group: click.Group) -> None:
    """`coach profiles list|create|use` on `group`."""

    @group.command("list")
    @click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
    @pass_ctx
    def list_profiles(obj: CliContext, as_json: bool) -> None:
        """The profiles on this computer."""
        from coach.services.profiles.service import ProfileService

        rows = ProfileService(obj.data_dir).list()
        if as_json:
            echo_json(
                [
                    {
                        "name": p.name,
                        "slug": p.slug,
                        "kind": p.kind,
                        "passcode": p.has_passcode,
                        "last": p.is_last,
                    }
                    for p in rows
                ]
            )
            return
        if not rows:
            click.echo("No profiles yet. Create one with `coach profiles create NAME --kind patient`.")
        for p in rows:
            marks = ("  (passcode)" if p.has_passcode else "") + ("  (last used)" if p.is_last else "")
            click.echo(f"{p.slug:<20} {p.kind:<8} {p.name}{marks}")

    @group.command("create")
    @click.argument("name")
    @click.option("--kind", type=click.Choice(["patient", "coach"]), default="patient", show_default=True)
    @click.option(
        "--passcode", "ask_passcode", is_flag=True, help="Ask for a passcode to protect the profile."
    )
    @pass_ctx
    def create_profile(obj: CliContext, name: str, kind: str, ask_passcode: bool) -> None:
        """Create a profile with its own data."""
        from coach.services.profiles.service import ProfileService

        passcode = None
        if ask_passcode:
            passcode = click.prompt("Passcode", hide_input=True, confirmation_prompt=True)
        summary = ProfileService(obj.data_dir).create(name, kind, passcode)
        click.echo(
            f"Created the {summary.kind} profile “{summary.name}” (use it with --profile {summary.slug})."
        )

    @group.command("use")
    @click.argument("name")
    @pass_ctx
    def use_profile(obj: CliContext, name: str) -> None:
        """Make NAME the profile the app and the commands open by default."""
        from coach.services.profiles.service import ProfileService

        service = ProfileService(obj.data_dir)
        summary = service.get(name)
        passcode = click.prompt("Passcode", hide_input=True) if summary.has_passcode else None
        slug = service.choose(summary.slug, passcode)
        click.echo(f"Now using {slug}.")
