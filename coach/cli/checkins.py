"""`coach checkin add|list`: questionnaires and the withdrawal checklist from a shell, with the same
scoring and safety triggers as the Check-in page (a PHQ-9 item 9 answer above 0 prints the crisis lines)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

import click

from coach.cli import CliContext, echo_json, pass_ctx
from coach.domain import measures
from coach.domain.clinical_flags import gad7_band, phq9_band
from coach.domain.errors import CoachError
from coach.services.context import AppContext

KINDS: tuple[str, ...] = ("peg", "pgic", "phq9", "gad7", "withdrawal")
NAMES = {"peg": "PEG", "pgic": "PGIC", "phq9": "PHQ-9", "gad7": "GAD-7", "withdrawal": "Withdrawal checklist"}


def checked_kind(text: str) -> str:
    """The kind, lower-cased; CoachError naming the choices (a one-line `coach:` error, exit 1)."""
    kind = text.strip().lower()
    if kind not in KINDS:
        raise CoachError(f"unknown check-in {text!r}: choose {', '.join(KINDS[:-1])} or {KINDS[-1]}")
    return kind


def parse_answers(text: str) -> list[int]:
    """ "1,2,3" -> [1, 2, 3]. CoachError for anything that is not whole numbers separated by commas."""
    parts = [p.strip() for p in text.split(",")]
    try:
        if not text.strip() or any(p == "" for p in parts):
            raise ValueError
        return [int(p) for p in parts]
    except ValueError:
        raise CoachError(
            f"--answers takes whole numbers separated by commas, like 1,0,2; got {text!r}"
        ) from None


def parse_time(text: str | None) -> datetime | None:
    """ISO date or date and time, in the person's local time; a bare date means midday that day."""
    if text is None:
        return None
    try:
        if len(text.strip()) == 10:
            return datetime.combine(datetime.fromisoformat(text.strip()).date(), time(12))
        return datetime.fromisoformat(text.strip())
    except ValueError:
        raise CoachError(
            f"--at takes a date or a date and time like 2026-11-20 09:30, got {text!r}"
        ) from None


def _withdrawal_answers(values: list[int]) -> dict[str, int]:
    count = len(measures.WITHDRAWAL_ITEMS)
    if len(values) != count:
        raise CoachError(
            f"the withdrawal checklist needs {count} answers (one per symptom), got {len(values)}"
        )
    return {key: value for (key, _label), value in zip(measures.WITHDRAWAL_ITEMS, values, strict=True)}


def _crisis_lines(ctx: AppContext) -> dict[str, str]:
    from coach.services.help_lines import lines_for

    lines = lines_for(ctx.store.profile().country)
    return {
        "country": lines.country,
        "crisis_name": lines.crisis_name,
        "crisis": lines.crisis,
        "emergency": lines.emergency,
        "extra": lines.extra,
    }


def _crisis_text(help_lines: dict[str, str]) -> list[str]:
    out = [
        "You said you have had thoughts that you would be better off dead or of hurting yourself.",
        "You do not have to carry this alone. Please reach out now:",
        f"  {help_lines['crisis_name']}: {help_lines['crisis']}",
        f"  If you are in danger now: {help_lines['emergency']}",
    ]
    if help_lines["extra"]:
        out.append(f"  {help_lines['extra']}")
    out.append("The Help now page in the app (F1) has these numbers too.")
    return out


def _local(ctx: AppContext, moment: datetime) -> str:
    return moment.astimezone(ctx.clock.local_zone()).isoformat(timespec="minutes")


def _add(ctx: AppContext, kind: str, values: list[int], at: datetime | None, note: str) -> dict[str, Any]:
    from coach.services.checkins.service import CheckinService

    service = CheckinService(ctx)
    result: dict[str, Any] = {"kind": kind, "answers": values}
    if kind == "peg":
        if len(values) != 3:
            raise CoachError(f"PEG needs 3 answers, got {len(values)}")
        saved = service.record_peg(values[0], values[1], values[2], note, at=at)
        result.update(
            id=saved.id, at=_local(ctx, saved.at), score=saved.score, text=f"PEG score {saved.score:g} of 10"
        )
    elif kind == "pgic":
        if len(values) != 1:
            raise CoachError(f"PGIC needs 1 answer, got {len(values)}")
        saved = service.record_pgic(values[0], note, at=at)
        label = measures.PGIC_LABELS[values[0]]
        result.update(
            id=saved.id, at=_local(ctx, saved.at), score=values[0], label=label, text=f"PGIC: {label}"
        )
    elif kind in ("phq9", "gad7"):
        record = service.record_phq9 if kind == "phq9" else service.record_gad7
        scored = record(values, note, at=at)
        latest = service.latest(kind)
        top = 27 if kind == "phq9" else 21
        result.update(
            id=latest.id if latest else None,
            at=_local(ctx, latest.at) if latest else None,
            score=scored.total,
            band=scored.band,
            crisis=scored.crisis,
            text=f"{NAMES[kind]} total {scored.total} of {top} ({scored.band})",
        )
    else:
        outcome = service.record_withdrawal(_withdrawal_answers(values), note, at=at)
        score = outcome.score
        result.update(
            id=outcome.id,
            score=score.total,
            band=score.band,
            severe=list(score.severe_items),
            text=f"Withdrawal checklist total {score.total} of {measures.WITHDRAWAL_MAX} ({score.band})",
        )
        if outcome.card is not None:
            card = outcome.card
            result["prescriber"] = {"title": card.title, "why": card.why, "lines": card.lines}
    return result


def _entries(ctx: AppContext, kind: str | None) -> list[dict[str, Any]]:
    from coach.services.checkins.service import CheckinService
    from coach.storage.checkins_repo import CheckinsRepo

    out: list[dict[str, Any]] = []
    if kind != "withdrawal":
        for c in CheckinService(ctx).all(kind):
            entry: dict[str, Any] = {"id": c.id, "at": _local(ctx, c.at),
                                     "kind": c.kind, "score": c.score, "answers": c.answers}  # fmt: skip
            if c.kind == "phq9":
                entry["band"] = phq9_band(c.score)
            elif c.kind == "gad7":
                entry["band"] = gad7_band(c.score)
            out.append(entry)
    if kind in (None, "withdrawal"):
        for w in CheckinsRepo(ctx.store).withdrawal_history(100_000):
            severe = [label for key, label in measures.WITHDRAWAL_ITEMS if w.answers.get(key) == 4]
            out.append({"at": _local(ctx, w.at), "kind": "withdrawal",
                        "score": w.total, "answers": w.answers, "severe": severe})  # fmt: skip
    out.sort(key=lambda e: datetime.fromisoformat(e["at"]), reverse=True)
    return out


def register(cli: click.Group) -> None:
    cli.add_command(checkin)


@click.group("checkin")
def checkin() -> None:
    """Check-ins: the weekly pain check (PEG), how things have changed (PGIC), mood (PHQ-9), worry (GAD-7)
    and the withdrawal checklist."""


_WITHDRAWAL_ORDER = "; ".join(f"{n}. {label}" for n, (_k, label) in enumerate(measures.WITHDRAWAL_ITEMS, 1))


@checkin.command(
    "add",
    help="Record a check-in. Answers: peg 3 x 0-10; pgic 1 x 1-7; phq9 9 x 0-3; gad7 7 x 0-3; withdrawal "
    f"16 x 0-4 (none, mild, moderate, strong, severe).\n\nWithdrawal symptoms, in order: {_WITHDRAWAL_ORDER}.",
)
@click.argument("kind", metavar="peg|pgic|phq9|gad7|withdrawal")
@click.option("--answers", required=True, help="Comma-separated answers in question order, e.g. 1,0,2.")
@click.option("--at", "at_text", default=None, help="When (local), e.g. 2026-11-20 or 2026-11-20 09:30.")
@click.option("--note", default="", help="A few words of your own, kept with the check-in.")
@click.option("--json", "as_json", is_flag=True, help="Print what was saved as JSON.")
@pass_ctx
def add(obj: CliContext, kind: str, answers: str, at_text: str | None, note: str, as_json: bool) -> None:
    """Record a check-in (help text above: it lists the withdrawal symptoms in order)."""
    kind = checked_kind(kind)
    ctx = AppContext(store=obj.store)
    values = parse_answers(answers)
    at = parse_time(at_text)
    result = _add(ctx, kind, values, at, note)
    if result.get("crisis"):
        result["help"] = _crisis_lines(ctx)
    if as_json:
        echo_json(result)
        if result.get("crisis"):  # keep stdout valid JSON, and still tell the person at once
            for line in _crisis_text(result["help"]):
                click.echo(line, err=True)
        return
    click.echo(f"Saved. {result['text']}.")
    if result.get("severe"):
        click.echo("Rated severe: " + ", ".join(result["severe"]))
    if "prescriber" in result:
        card = result["prescriber"]
        click.echo(f"{card['title']}: {card['why']}")
        for line in card["lines"]:
            click.echo(f"  {line}")
    if result.get("crisis"):
        for line in _crisis_text(result["help"]):
            click.echo(line)


@checkin.command("list")
@click.option("--kind", default=None, metavar="|".join(KINDS), help="Only this kind of check-in.")
@click.option("--json", "as_json", is_flag=True, help="Print the check-ins as a JSON list, newest first.")
@pass_ctx
def list_checkins(obj: CliContext, kind: str | None, as_json: bool) -> None:
    """Your check-ins, newest first."""
    kind = checked_kind(kind) if kind is not None else None
    entries = _entries(AppContext(store=obj.store), kind)
    if as_json:
        echo_json(entries)
        return
    if not entries:
        click.echo("No check-ins yet." if kind is None else f"No {NAMES[kind]} check-ins yet.")
        return
    for e in entries:
        extra = f" ({e['band']})" if e.get("band") else ""
        if e["kind"] == "pgic":
            extra = f" ({measures.PGIC_LABELS.get(int(e['score']), '?')})"
        if e.get("severe"):
            extra += "; rated severe: " + ", ".join(e["severe"])
        click.echo(f"{e['at'].replace('T', ' ')[:16]}  {NAMES[e['kind']]:<20} {e['score']:g}{extra}")
