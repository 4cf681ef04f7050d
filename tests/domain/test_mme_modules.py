"""MME split into its tables, its plausibility bounds and its arithmetic (house style: a module owns one
thing) with nothing changed for its users: every name is still importable from coach.domain.mme, as the
very same object, and none of the three modules offers a way to turn one opioid into another."""

from __future__ import annotations

import inspect
import re

from coach.domain import dose_plausibility, mme, mme_tables


def test_every_name_is_still_reachable_from_mme_as_the_same_object() -> None:
    for name in mme.__all__:
        assert hasattr(mme, name), name
    for module in (mme_tables, dose_plausibility):
        for name, value in vars(module).items():
            if (
                name.startswith("_")
                or inspect.ismodule(value)
                or name in {"annotations", "dataclass", "field"}
            ):
                continue
            if getattr(value, "__module__", module.__name__) != module.__name__:
                continue  # imported there, not defined there
            assert getattr(mme, name) is value, f"{module.__name__}.{name} is not mme.{name}"


def test_the_errors_are_one_family_whichever_module_raises_them() -> None:
    assert mme.NoFactorError is mme_tables.NoFactorError
    assert mme.ImplausibleDoseError is dose_plausibility.ImplausibleDoseError
    try:
        mme.daily_mme("oxycodone", 1e6, 1)
    except mme.ImplausibleDoseError as exc:
        assert "past what any prescription could be" in str(exc)
    else:  # pragma: no cover - the bound must refuse it
        raise AssertionError("a million mg of oxycodone passed")


def test_no_module_offers_a_conversion_between_opioids() -> None:
    for module in (mme, mme_tables, dose_plausibility):
        names = [n.lower() for n, v in vars(module).items() if callable(v)]
        forbidden = re.compile(r"convert|conversion|equianalg|switch|rotat|to_drug|dose_for|from_mme")
        assert [n for n in names if forbidden.search(n)] == [], module.__name__


def test_the_figures_are_unchanged() -> None:
    assert mme.daily_mme("oxycodone", 20, 2).daily_mme == 60
    assert mme.daily_mme("fentanyl", 25, 1, "mcg/h").daily_mme == 60
    assert mme.daily_mme("methadone", 15, 2, table="cdc-2016").factor == 8.0  # 30 mg a day: the 21-40 band
    assert mme.lookup("Buprenorphine").no_factor_reason
