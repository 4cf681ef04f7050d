"""`coach progress`: a patient's progress file for their coach (export), and the coach's side of progress
files: importing them into the caseload, listing, renaming, marking reviewed and removing patient records."""

from __future__ import annotations

from pathlib import Path

import click

from coach.cli import CliContext, echo_json, pass_ctx
from coach.domain.errors import CoachError
from coach.domain.progress_review import DEFAULT_SHARE, SHAREABLE
from coach.domain.wording import count
from coach.services.context import AppContext


def _app(obj: CliContext) -> AppContext:
    return AppContext(store=obj.store)


def _share_option(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...]:
    """`--share sessions,checkins` as a tuple of SHAREABLE names (DEFAULT_SHARE when not given); raises
    click.BadParameter naming the first unknown one."""
    if value is None:
        return DEFAULT_SHARE
    chosen = tuple(v.strip() for v in value.split(",") if v.strip())
    unknown = [v for v in chosen if v not in SHAREABLE]
    if unknown:
        raise click.BadParameter(f"{unknown[0]!r} is not one of: {', '.join(SHAREABLE)}", ctx, param)
    return chosen


def register_progress(group: click.Group) -> None:
    """`coach progress export|import|patients|rename|reviewed|remove` on `group`."""

    @group.command("export")
    @click.option(
        "--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="File to write."
    )
    @click.option(
        "--days", default=28, show_default=True, type=click.IntRange(1, 3660), help="How many days back."
    )
    @click.option(
        "--share",
        callback=_share_option,
        default=None,
        help=f"What to share, comma-separated, from: {', '.join(SHAREABLE)}"
        f" (default: {','.join(DEFAULT_SHARE)}).",
    )
    @click.option("--name", default=None, help="Name the coach will see (default: your profile name).")
    @pass_ctx
    def export_progress_cmd(
        obj: CliContext, out: Path, days: int, share: tuple[str, ...], name: str | None
    ) -> None:
        """Write your progress for your coach to a .coachprogress file."""
        from coach.services.caseload.progress_files import export_progress
        from coach.storage.outputs import guarded_file

        with guarded_file(out, obj.data_dir) as tmp:
            result = export_progress(_app(obj), tmp, days, share, name)
        counts = ", ".join(f"{n} {k}" for k, n in result.counts.items())
        click.echo(
            f"Wrote {out}: {result.range_start} to {result.range_end};"
            f" shared {', '.join(result.shared)}" + (f" ({counts})" if counts else "") + "."
        )

    @group.command("import")
    @click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="PATH...")
    @click.option("--name", default=None, help="Your own name for the patient (one file only).")
    @pass_ctx
    def import_progress_cmd(obj: CliContext, paths: tuple[Path, ...], name: str | None) -> None:
        """Import patients' .coachprogress files and folders of them into your caseload (coach profiles
        only). One line per file: imported, updated, already up to date, older or refused (with the reason);
        exits 1 only when a file was refused."""
        from coach.services.caseload.importing import REFUSED, import_paths, summary_line
        from coach.services.caseload.queue import caseload_patient

        ctx = _app(obj)
        outcomes = import_paths(ctx, paths, name, on_outcome=lambda o: click.echo(o.line))
        if len(outcomes) == 1 and outcomes[0].changed and outcomes[0].record_id is not None:
            for flag in caseload_patient(ctx, outcomes[0].record_id).entry.open_flags:
                click.echo(f"  ! {flag.severity.capitalize()}: {flag.text}")
        if len(outcomes) > 1:
            click.echo(summary_line(outcomes))
        refused = sum(1 for o in outcomes if o.status == REFUSED)
        if refused:
            raise CoachError(
                f"{refused} of {count(len(outcomes), 'file')} refused"
                if len(outcomes) > 1
                else outcomes[0].message.removeprefix("refused: ")
            )

    @group.command("patients")
    @click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
    @pass_ctx
    def patients_cmd(obj: CliContext, as_json: bool) -> None:
        """Your caseload as a triage queue, most pressing first: a self-harm answer in the last 30 days;
        severe withdrawal or use above the plan; rising pain; no practice for 7 days or no file for 14
        (counted from today); other flags; reviewed; everyone else."""
        from coach.services.caseload.queue import caseload

        found = caseload(_app(obj))
        for skipped in found.skipped:
            click.echo(
                f"coach: warning: {skipped.message} (`coach progress remove {skipped.record_id}`)", err=True
            )
        if as_json:
            echo_json([p.as_json() for p in found.queue])
            return
        if not found.queue and not found.skipped:
            click.echo("No patient records yet. Import some with `coach progress import PATH...`.")
            return
        counts = found.counts
        click.echo(
            f"{counts['urgent']} urgent, {counts['high']} high, {counts['watch']} watch,"
            f" {counts['reviewed']} reviewed, {counts['none']} without flags"
        )
        for p in found.queue:
            o = p.overview
            adherence = f"{o.adherence_percent}%" if o.adherence_percent is not None else "-"
            last = o.last_practice.isoformat() if o.last_practice else "none"
            received = p.last_file.isoformat() if p.last_file else "never"
            badge = " [new]" if p.is_new else ""
            click.echo(
                f"{p.name} (record {p.record_id}){badge}: adherence {adherence},"
                f" {o.sessions_completed} done, {o.sessions_partial} partial, last practice {last},"
                f" last file {received}, PEG {o.peg_trend}"
            )
            if o.lessons_text:
                click.echo(f"  {o.lessons_text}")
            for flag in p.entry.flags:
                mark = " (reviewed)" if flag.reviewed else ""
                click.echo(f"  ! {flag.severity.capitalize()}: {flag.text}{mark}")

    @group.command("rename")
    @click.argument("record_id", metavar="ID", type=click.IntRange(min=1))
    @click.argument("name")
    @pass_ctx
    def rename_progress_cmd(obj: CliContext, record_id: int, name: str) -> None:
        """Your own name for a patient (ID from `coach progress patients`); "" goes back to the name in
        their files. Kept when new files arrive."""
        from coach.services.caseload.queue import rename_patient

        patient = rename_patient(_app(obj), record_id, name)
        click.echo(
            f"Record {record_id} is now shown as {patient.name} (their files say {patient.name_in_file})."
        )

    @group.command("review")
    @click.argument("record_id", metavar="ID", type=click.IntRange(min=1))
    @click.option("--note", default="", help="What you did or decided (kept in the review log).")
    @pass_ctx
    def review_progress_cmd(obj: CliContext, record_id: int, note: str) -> None:
        """Mark a patient's current flags as reviewed: they drop down the queue until something new
        arrives."""
        from coach.services.caseload.queue import caseload_patient, mark_reviewed

        ctx = _app(obj)
        entry = mark_reviewed(ctx, record_id, note)
        patient = caseload_patient(ctx, record_id)
        seen = len(patient.entry.flags)
        click.echo(f"Marked {patient.name} as reviewed ({count(seen, 'flag')}) at {entry.reviewed_at}.")

    @group.command("remove")
    @click.argument("record_id", metavar="ID", type=click.IntRange(min=1))
    @click.option("--yes", "-y", "assume_yes", is_flag=True, help="Remove without asking first.")
    @pass_ctx
    def remove_progress_cmd(obj: CliContext, record_id: int, assume_yes: bool) -> None:
        """Remove an imported patient record (ID from `coach progress patients --json`), even one that
        can no longer be read. Asks first; the patient's own data is not touched."""
        from coach.services.caseload.patient_records import describe_patient_record, remove_patient_record

        ctx = _app(obj)
        label = describe_patient_record(ctx, record_id)
        question = f"Remove the record of {label}? This cannot be undone."
        if not assume_yes and not click.confirm(question, default=False):
            click.echo("Nothing was removed.")
            return
        remove_patient_record(ctx, record_id)
        click.echo(f"Removed the record of {label}.")
