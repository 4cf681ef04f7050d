"""What the progress views borrow from other features, each with a safe answer when it has none:
the category of an exercise id. (MME taken comes from MedicationService.taken_mme_by_day.)"""

from __future__ import annotations

from coach.storage.exercises_repo import ExercisesRepo
from coach.storage.store import Store

# Built-in ids agreed across the team (ids.md): used when the library cannot load, so old sessions still
# land in the right group.
_BUILTIN_PREFIXES: tuple[tuple[str, str], ...] = (
    ("somatic-tracking", "somatic tracking"),
    ("flare-tracking", "somatic tracking"),
    ("pain-false-alarm", "pain reprocessing"),
    ("evidence-of-safety", "pain reprocessing"),
    ("reappraising-sensation", "pain reprocessing"),
    ("outcome-independence", "pain reprocessing"),
    ("savouring-good-moments", "pain reprocessing"),
    ("body-scan", "mindfulness"),
    ("breath-awareness", "mindfulness"),
    ("sounds-mindfulness", "mindfulness"),
    ("self-compassion", "self-compassion"),
    ("urge-surfing", "urge surfing"),
    ("graded-movement", "movement"),
    ("sleep-wind-down", "sleep"),
)


class _CategoryLookup(dict[str, str]):
    def __missing__(self, key: str) -> str:
        for prefix, category in _BUILTIN_PREFIXES:
            if key.startswith(prefix):
                return category
        return "other"


def category_map(store: Store) -> dict[str, str]:
    """Exercise id -> category for built-in and custom exercises; unknown ids map to "other".

    Custom exercises are read from their table as well as through the library, so one whose definition
    no longer validates still keeps its sessions in the right group.
    """
    lookup = _CategoryLookup()
    lookup.update(ExercisesRepo(store).categories())
    try:
        from coach.services.practice.library import ExerciseLibrary

        for exercise in ExerciseLibrary(store).all():
            lookup[exercise.id] = exercise.category
    except Exception:  # a broken content file must not take the progress page down
        pass
    return lookup
