"""Correcting the day a medicine was started (the medicine dialog's Edit): saved and announced, forgotten on
request, refused with one line for a day still to come or an unknown medicine."""

from __future__ import annotations

import pytest

from coach.domain.errors import CoachError
from coach.services.changes import Changes, Topic
from coach.services.context import AppContext
from coach.services.taper.medicines import MedicationService


def test_the_start_day_is_set_forgotten_and_announced(ctx: AppContext) -> None:
    service = MedicationService(ctx)
    patch = service.add("Fentanyl patch", "fentanyl", 25, "mcg/h", 1)
    seen: list[Changes] = []
    ctx.bus.subscribe(seen.append)
    assert service.set_started_on(patch.id, "2026-11-18").started_on == "2026-11-18"
    assert service.set_started_on(patch.id, None).started_on is None
    assert [Topic.MEDICATIONS in c.topics for c in seen] == [True, True]


@pytest.mark.parametrize(
    ("day", "message"),
    [("2026-11-22", "cannot be in the future"), ("18/11/2026", "must be a date like")],
)
def test_a_future_or_malformed_day_is_refused(ctx: AppContext, day: str, message: str) -> None:
    service = MedicationService(ctx)
    patch = service.add("Fentanyl patch", "fentanyl", 25, "mcg/h", 1, started_on="2026-11-18")
    with pytest.raises(CoachError, match=message):
        service.set_started_on(patch.id, day)
    assert service.get(patch.id).started_on == "2026-11-18"
    with pytest.raises(CoachError, match="no medicine with id 99"):
        service.set_started_on(99, "2026-11-18")
