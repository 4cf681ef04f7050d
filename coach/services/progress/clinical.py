"""The clinical part of the clinician report for a period: mood (PHQ-9), worry (GAD-7), PGIC answers,
withdrawal checklists with their severe symptoms, the medicines by name with their prescribed daily MME,
doses logged against the prescription, lessons of the Learn course finished, and the flags all of these
raise (coach.domain.clinical_flags)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from coach.domain import clinical_flags as cf
from coach.domain import measures, mme
from coach.domain.timefmt import from_db, local_date
from coach.domain.wording import times
from coach.services.context import AppContext
from coach.services.learn.course import CourseService
from coach.services.progress.charts import Period
from coach.services.taper.medicines import Medication, MedicationService
from coach.storage.checkins_repo import CheckinsRepo
from coach.storage.progress_repo import ProgressRepo

_SEVERE_LABELS = dict(measures.WITHDRAWAL_ITEMS)


@dataclass(frozen=True)
class MedicineLine:
    """One medicine as prescribed: name, strength ("25 mcg/h"), schedule in words, daily MME or None with
    the reason."""

    name: str
    strength: str
    schedule: str
    daily_mme: float | None
    mme_note: str
    active: bool


@dataclass(frozen=True)
class LessonsFinished:
    """The Learn course as the report and the coach see it: `done` of `total` lessons finished (ever), and
    those finished within the period as (the person's local day, lesson id, title), oldest first."""

    done: int
    total: int
    in_period: tuple[tuple[date, str, str], ...] = ()


@dataclass(frozen=True)
class FlareLine:
    """A pain-spike (flare) log entry for the report: local day, pain 0-10 or None, the person's words."""

    day: date
    intensity: int | None
    trigger: str
    what_helped: str
    text: str


@dataclass(frozen=True)
class ClinicalSummary:
    """What the report's first page needs besides the dashboard: questionnaires and checklists in the
    period (oldest first), the medicines, the dose-log comparison, and the flags they raise (most severe
    first)."""

    questionnaires: list[cf.Questionnaire]
    withdrawal: list[cf.WithdrawalRecord]
    medicines: list[MedicineLine]
    doses: list[cf.DoseDays]
    flags: list[cf.ClinicalFlag] = field(default_factory=list)
    opioid_doses_logged: int = 0  # in the period, so "nothing unusual" and "nothing logged" read apart
    lessons: LessonsFinished | None = None
    flares: list[FlareLine] = field(default_factory=list)  # pain-spike log entries in the period

    def of_kind(self, kind: str) -> list[cf.Questionnaire]:
        return [q for q in self.questionnaires if q.kind == kind]

    @property
    def prescribed_mme(self) -> float:
        return round(sum(m.daily_mme or 0.0 for m in self.medicines if m.active), 1)


def severe_labels(answers: dict[str, int]) -> tuple[str, ...]:
    """The plain labels of the symptoms rated 4 (severe), in checklist order."""
    return tuple(label for key, label in measures.WITHDRAWAL_ITEMS if answers.get(key) == 4)


def answer_values(raw: object) -> tuple[int, ...]:
    """Answers in item order as whole numbers. Older and demo rows keep a mapping ({"change": 3}); its
    values are taken in stored order. Anything else (damaged JSON) gives no answers rather than an error,
    so one odd row cannot stop the report."""
    values = list(raw.values()) if isinstance(raw, dict) else raw
    if not isinstance(values, list):
        return ()
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return ()
    return tuple(int(v) for v in values)


def _medicine_line(med: Medication) -> MedicineLine:
    result = med.mme()  # the taper feature's own MME (patches included): never re-computed here
    strength = f"{med.strength:g} {med.unit}" if med.strength is not None else "strength not recorded"
    if med.unit == mme.MCG_PER_HOUR:
        schedule = "patch, worn all day"
    elif med.doses_per_day:
        schedule = (
            f"{times(int(med.doses_per_day))} a day"
            if float(med.doses_per_day).is_integer()
            else f"{med.doses_per_day:g} times a day"
        )
    else:
        schedule = "as needed"
    if med.schedule and med.schedule.casefold() not in schedule.casefold():  # not "as needed (as needed)"
        schedule += f" ({med.schedule})"
    note = "" if result is not None else (med.mme_note() or "not an opioid")
    return MedicineLine(med.name, strength, schedule, result.daily_mme if result else None, note, med.active)


def dose_days(
    med: Medication, logged: dict[date, tuple[int, float]], start: date, end: date
) -> cf.DoseDays | None:
    """Compare one scheduled medicine's log with its prescription over [start, end].

    `logged` maps local day -> (doses logged, total amount). Extra: more doses logged than prescribed a
    day. Doses are counted, not weighed: the medicine list holds today's strength, and a taper lowers it,
    so earlier days' larger doses were what was prescribed then. Missed: no dose on a day between the
    first and the last logged day, so a person who does not use the log is not told they missed
    everything. Patches and medicines without doses per day (as needed) are left out: None."""
    if med.unit == mme.MCG_PER_HOUR or not med.doses_per_day:
        return None
    days = sorted(d for d in logged if start <= d <= end)
    if not days:
        return None
    extra = tuple(d for d in days if logged[d][0] > med.doses_per_day)
    missed: list[date] = []
    day = days[0]
    while day <= days[-1]:
        if day not in logged:
            missed.append(day)
        day += timedelta(days=1)
    return cf.DoseDays(med.name, extra, tuple(missed))


def clinical_summary(ctx: AppContext, period: Period) -> ClinicalSummary:
    """Read the period's records and work out the summary and its flags."""
    zone = ctx.clock.local_zone()
    lower, upper = period.utc_bounds(zone)
    repo = CheckinsRepo(ctx.store)
    questionnaires = [
        cf.Questionnaire(local_date(c.at, zone), c.kind, c.score, answer_values(c.answers))
        for c in repo.between(lower, upper, ("phq9", "gad7", "pgic"))
    ]
    withdrawal = [
        cf.WithdrawalRecord(local_date(w.at, zone), w.total, severe_labels(w.answers))
        for w in repo.withdrawal_between(lower, upper)
    ]
    service = MedicationService(ctx)
    medicines = service.all()
    shown = [m for m in medicines if m.active or _overlaps(m, period)]
    doses = _dose_days(service, shown, period, lower, upper)
    flags = cf.mood_flags(questionnaires) + cf.withdrawal_flags(withdrawal) + cf.dose_flags(doses)
    lines = [_medicine_line(m) for m in sorted(shown, key=lambda m: (not m.is_opioid, m.name.casefold()))]
    opioids = {m.id for m in medicines if m.is_opioid}
    logged = sum(1 for e in service.repo.doses_between(lower, upper) if e.medication_id in opioids)
    lessons = lessons_finished(ctx, period.start, period.end)
    flares = [
        FlareLine(local_date(from_db(f.at), zone), f.intensity, f.trigger, f.what_helped, f.text)
        for f in ProgressRepo(ctx.store).flare_notes(lower, upper)
    ]
    return ClinicalSummary(
        questionnaires, withdrawal, lines, doses, cf.sort_flags(flags), logged, lessons, flares
    )


def lessons_finished(ctx: AppContext, start: date, end: date) -> LessonsFinished:
    """How far the person is through the Learn course, with the lessons first finished on local days
    [start, end]. A lesson finished again keeps its first day (the course records it so)."""
    zone = ctx.clock.local_zone()
    course = CourseService(ctx).progress()
    finished = sorted(
        (local_date(s.completed_at, zone), s.lesson.id, s.lesson.title)
        for s in course.lessons
        if s.completed_at is not None
    )
    in_period = tuple(row for row in finished if start <= row[0] <= end)
    return LessonsFinished(course.done, course.total, in_period)


def dose_days_between(ctx: AppContext, start: date, end: date) -> list[cf.DoseDays]:
    """Extra and missed days of each opioid on the list over local days [start, end] (see dose_days);
    only medicines with at least one such day."""
    period = Period("range", "range", start, end)
    lower, upper = period.utc_bounds(ctx.clock.local_zone())
    service = MedicationService(ctx)
    shown = [m for m in service.all() if m.active or _overlaps(m, period)]
    return _dose_days(service, shown, period, lower, upper)


def _overlaps(med: Medication, period: Period) -> bool:
    stopped = date.fromisoformat(med.stopped_on) if med.stopped_on else None
    return stopped is None or stopped >= period.start


def _dose_days(
    service: MedicationService, meds: Sequence[Medication], period: Period, lower: str, upper: str
) -> list[cf.DoseDays]:
    zone = service.ctx.clock.local_zone()
    per_med: dict[int, dict[date, tuple[int, float]]] = {}
    for event in service.repo.doses_between(lower, upper):
        day = local_date(event.taken_at, zone)
        count, amount = per_med.setdefault(event.medication_id, {}).get(day, (0, 0.0))
        per_med[event.medication_id][day] = (count + 1, amount + event.amount)
    out: list[cf.DoseDays] = []
    for med in meds:
        if not med.is_opioid:
            continue
        found = dose_days(med, per_med.get(med.id, {}), period.start, period.end)
        if found is not None and (found.extra_days or found.missed_days):
            out.append(found)
    return out
