"""Check-ins and their safety triggers: PEG, PGIC, PHQ-9, GAD-7, the withdrawal checklist, the flare log.

Two triggers matter most. A PHQ-9 item 9 answer above 0 returns `crisis=True`: the UI must open Help now
at once. A high or rising withdrawal total returns a "talk with your prescriber" card with the data to
bring. Neither ever suggests a dose change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from coach.domain import measures
from coach.domain import taper as rules
from coach.domain.errors import CoachError
from coach.domain.timefmt import from_db, local_date, to_db
from coach.domain.wording import day_text
from coach.services.changes import Topic
from coach.services.context import AppContext
from coach.services.taper.overview import current_step_id, withdrawal_week_day
from coach.services.taper.plans import TaperService
from coach.storage.checkins_repo import Checkin as Checkin
from coach.storage.checkins_repo import CheckinsRepo
from coach.storage.checkins_repo import Flare as Flare

PEG_EVERY_DAYS = 7
PGIC_EVERY_DAYS = 28
KIND_LABELS: dict[str, str] = {
    "peg": "Weekly pain check",
    "pgic": "Monthly: how things have changed",
    "phq9": "Mood check (PHQ-9)",
    "gad7": "Worry check (GAD-7)",
    "withdrawal": "Withdrawal check-in",
}


# The clinical name behind a plain label, for a tooltip (patients read the label; clinicians know the term).
KIND_TERMS: dict[str, str] = {
    "peg": "PEG: the three-item scale of pain, enjoyment of life and general activity (Krebs 2009)",
    "pgic": "PGIC: Patient Global Impression of Change",
    "phq9": "PHQ-9: the nine-item Patient Health Questionnaire",
    "gad7": "GAD-7: the seven-item Generalized Anxiety Disorder scale",
}


def score_text(value: float) -> str:
    """A 0-10 score for people: whole numbers as they are, others to one decimal (6.666… -> "6.7")."""
    return f"{round(value, 1):g}"


@dataclass(frozen=True)
class DueCheckin:
    kind: str
    label: str
    reason: str


@dataclass(frozen=True)
class PrescriberCard:
    """What to bring to the prescriber when withdrawal is high or rising. Data, never instructions."""

    title: str
    why: str
    lines: list[str] = field(default_factory=list)
    safety: str = "If you feel unsafe, or have thoughts of harming yourself, open Help now: you can reach someone at any hour."


@dataclass(frozen=True)
class WithdrawalOutcome:
    id: int
    score: measures.WithdrawalScore
    rising: bool
    card: PrescriberCard | None


class CheckinService:
    """Scores questionnaires and checklists, decides what is due and what to raise; stores through
    CheckinsRepo and publishes each write."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.repo = CheckinsRepo(ctx.store)

    def _now(self) -> str:
        return to_db(self.ctx.clock.now())

    def _when(self, at: datetime | None) -> str:
        """DB text for `at` (naive: the person's local time), now when None. CoachError for the future:
        a check-in records how things were, so a typo in a date cannot file one ahead of time."""
        if at is None:
            return self._now()
        if at.tzinfo is None:
            at = at.replace(tzinfo=self.ctx.clock.local_zone())
        if at > self.ctx.clock.now() + timedelta(minutes=5):
            raise CoachError("a check-in can only be recorded for now or earlier")
        return to_db(at)

    def _insert(
        self, kind: str, answers: Sequence[int], score: float, note: str, at: datetime | None = None
    ) -> int:
        checkin_id = self.repo.add(self._when(at), kind, answers, score, note.strip())
        self.ctx.bus.publish(Topic.CHECKINS)
        return checkin_id

    # --- questionnaires ---------------------------------------------------------------------------
    # `at` (optional, all record_* methods): when the answers were given, for entering a paper form later.
    def record_peg(
        self, pain: int, enjoyment: int, activity: int, note: str = "", at: datetime | None = None
    ) -> Checkin:
        score = measures.peg_score(pain, enjoyment, activity)
        return self._get(self._insert("peg", [pain, enjoyment, activity], score, note, at))

    def record_pgic(self, value: int, note: str = "", at: datetime | None = None) -> Checkin:
        measures.pgic_label(value)
        return self._get(self._insert("pgic", [value], value, note, at))

    def record_phq9(
        self, answers: Sequence[int], note: str = "", at: datetime | None = None
    ) -> measures.QuestionnaireResult:
        """Saves the answers; the result's `crisis` flag means: show Help now immediately."""
        result = measures.score_phq9(answers)
        self._insert("phq9", result.answers, result.total, note, at)
        return result

    def record_gad7(
        self, answers: Sequence[int], note: str = "", at: datetime | None = None
    ) -> measures.QuestionnaireResult:
        result = measures.score_gad7(answers)
        self._insert("gad7", result.answers, result.total, note, at)
        return result

    def all(self, kind: str | None = None) -> list[Checkin]:
        """Every questionnaire check-in (of one kind when given), newest first."""
        return self.repo.all(kind)

    def _get(self, checkin_id: int) -> Checkin:
        found = self.repo.get(checkin_id)
        if found is None:
            raise CoachError(f"no check-in with id {checkin_id}")
        return found

    def history(self, kind: str, limit: int = 12) -> list[Checkin]:
        """Newest first."""
        return self.repo.history(kind, limit)

    def latest(self, kind: str) -> Checkin | None:
        found = self.history(kind, 1)
        return found[0] if found else None

    def due(self) -> list[DueCheckin]:
        """What is due now: PEG weekly, PGIC every four weeks (after a first month), and the daily withdrawal
        check-in in the first week of each taper step."""
        now = self.ctx.clock.now()
        out: list[DueCheckin] = []
        peg = self.latest("peg")
        if peg is None or now - peg.at >= timedelta(days=PEG_EVERY_DAYS):
            out.append(DueCheckin("peg", KIND_LABELS["peg"], "once a week"))
        pgic = self.latest("pgic")
        began = from_db(self.ctx.store.profile().created_at)
        baseline = pgic.at if pgic is not None else began
        if now - baseline >= timedelta(days=PGIC_EVERY_DAYS):
            out.append(DueCheckin("pgic", KIND_LABELS["pgic"], "once a month"))
        day = withdrawal_week_day(self.ctx)
        if day is not None and not self._withdrawal_today():
            reason = f"day {day} of 7 on your new step"
            out.append(DueCheckin("withdrawal", KIND_LABELS["withdrawal"], reason))
        return out

    # --- withdrawal -------------------------------------------------------------------------------
    def _withdrawal_today(self) -> bool:
        zone = self.ctx.clock.local_zone()
        today = local_date(self.ctx.clock.now(), zone)
        latest = self.withdrawal_history(1)
        return bool(latest) and local_date(latest[0][0], zone) == today

    def withdrawal_history(self, limit: int = 14) -> list[tuple[datetime, int, dict[str, int]]]:
        """(time, total, answers), newest first."""
        return [(e.at, e.total, e.answers) for e in self.repo.withdrawal_history(limit)]

    def record_withdrawal(
        self, answers: Mapping[str, int], note: str = "", at: datetime | None = None
    ) -> WithdrawalOutcome:
        score = measures.score_withdrawal(answers)
        when = self._when(at)
        step_id = current_step_id(self.ctx)
        checkin_id = self.repo.add_withdrawal(when, score.answers, score.total, step_id, note.strip())
        self.ctx.bus.publish(Topic.WITHDRAWAL)
        totals = [t for _, t, _ in reversed(self.withdrawal_history(measures.RISING_WINDOW))]
        rising = measures.withdrawal_rising(totals)
        card = self.prescriber_card(score, rising) if score.high or rising else None
        return WithdrawalOutcome(checkin_id, score, rising, card)

    def prescriber_card(self, score: measures.WithdrawalScore, rising: bool) -> PrescriberCard:
        """The data worth bringing: why the card shows, the current step, recent totals, the strongest
        symptoms, the latest pain check."""
        zone = self.ctx.clock.local_zone()
        reasons = []
        if score.total >= measures.WITHDRAWAL_HIGH_TOTAL:
            reasons.append(f"today's total is {score.total} of {measures.WITHDRAWAL_MAX}")
        if score.severe_items:
            reasons.append("a symptom was rated severe")
        if rising:
            reasons.append("the totals have been rising over your last three check-ins")
        lines = self._step_lines()
        recent = self.withdrawal_history(7)
        if recent:
            # Whole dates: these notes are copied and read on another day, where "today" would mislead.
            listed = ", ".join(
                f"{day_text(local_date(at, zone))}: {total}" for at, total, _ in reversed(recent)
            )
            lines.append(f"Withdrawal totals (0-{measures.WITHDRAWAL_MAX}): {listed}")
        strong = [label for key, label in measures.WITHDRAWAL_ITEMS if score.answers.get(key, 0) >= 3]
        if strong:
            lines.append("Strongest symptoms today: " + ", ".join(strong))
        peg = self.latest("peg")
        if peg is not None:
            when = day_text(local_date(peg.at, zone))
            lines.append(f"Latest PEG pain score: {score_text(peg.score)} of 10 ({when})")
        return PrescriberCard(
            title="Talk with your prescriber",
            why=(
                "Withdrawal is hitting hard right now ("
                + "; ".join(reasons)
                + "). This is your body adjusting, not a failing. Your prescriber can help, for example by "
                "slowing or pausing the taper. Please contact them soon, and bring this:"
            ),
            lines=lines,
        )

    def _step_lines(self) -> list[str]:
        service = TaperService(self.ctx)
        plan = service.active_plan()
        if plan is None:
            return []
        steps = service.steps(plan.id)
        current_id = current_step_id(self.ctx)
        current = [s for s in steps if s.id == current_id]
        began = rules.current_step_start(
            [s.as_rule() for s in steps], service.pauses(plan.id), service.today()
        )
        if not current or began is None:
            return [f"Taper plan: starting at {plan.start_mme:g} MME a day"]
        days = (service.today() - began).days + 1
        line = f"Current step: {current[0].target_mme:g} MME a day since {day_text(began)} (day {days})"
        return [line, f"Starting level: {plan.start_mme:g} MME a day"]

    # --- flare log --------------------------------------------------------------------------------
    def log_flare(
        self, intensity: int | None, trigger: str = "", what_helped: str = "", text: str = ""
    ) -> Flare:
        _check_intensity(intensity)
        flare_id = self.repo.add_flare(
            self._now(), intensity, trigger.strip(), what_helped.strip(), text.strip()
        )
        self.ctx.bus.publish(Topic.JOURNAL)
        return self.flare(flare_id)

    def update_flare(
        self, flare_id: int, intensity: int | None, trigger: str = "", what_helped: str = "", text: str = ""
    ) -> Flare:
        self.flare(flare_id)
        _check_intensity(intensity)
        self.repo.update_flare(flare_id, intensity, trigger.strip(), what_helped.strip(), text.strip())
        self.ctx.bus.publish(Topic.JOURNAL)
        return self.flare(flare_id)

    def flare(self, flare_id: int) -> Flare:
        found = self.flares(where_id=flare_id)
        if not found:
            raise CoachError(f"no flare note with id {flare_id}")
        return found[0]

    def flares(self, limit: int = 20, where_id: int | None = None) -> list[Flare]:
        """Newest first; only the note with `where_id` when it is given."""
        return self.repo.flares(limit, where_id)


def _check_intensity(intensity: int | None) -> None:
    if intensity is not None and (isinstance(intensity, bool) or not 0 <= int(intensity) <= 10):
        raise CoachError(f"pain intensity is rated 0 to 10, got {intensity!r}")
