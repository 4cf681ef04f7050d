"""MME factor tables: every CDC 2022 factor, the 2016 table kept for history, units, cautions and refusals."""

from __future__ import annotations

import math
import re
from datetime import date

import pytest

from coach.domain import mme, mme_taken
from coach.domain.errors import CoachError

CDC_2022_FACTORS = {
    "codeine": 0.15,
    "fentanyl": 2.4,
    "hydrocodone": 1.0,
    "hydromorphone": 5.0,
    "methadone": 4.7,
    "morphine": 1.0,
    "oxycodone": 1.5,
    "oxymorphone": 3.0,
    "tapentadol": 0.4,
    "tramadol": 0.2,
}


def test_the_2022_table_holds_exactly_the_guideline_opioids() -> None:
    assert sorted(mme.CDC_2022.drugs()) == sorted(CDC_2022_FACTORS)
    assert mme.CDC_2022.source.startswith("Dowell D")
    assert "2022" in mme.CDC_2022.source


@pytest.mark.parametrize(("drug", "factor"), sorted(CDC_2022_FACTORS.items()))
def test_every_2022_factor(drug: str, factor: float) -> None:
    unit = "mcg/h" if drug == "fentanyl" else "mg"
    result = mme.daily_mme(drug, 10, 1, unit)
    assert result.factor == factor
    assert result.daily_mme == pytest.approx(10 * factor)
    assert result.table == "cdc-2022"
    assert result.unit == unit


def test_the_guideline_worked_examples() -> None:
    # CDC 2022 table note: hydrocodone 5 mg four times a day = 20 MME; oxycodone ER 10 mg twice a day = 30 MME.
    assert mme.daily_mme("hydrocodone", 5, 4).daily_mme == 20
    assert mme.daily_mme("oxycodone", 10, 2).daily_mme == 30


def test_doses_per_day_multiply_and_rounding_is_to_two_decimals() -> None:
    assert mme.daily_mme("codeine", 30, 4).daily_mme == 18  # 0.15 x 120, no float fuzz
    assert mme.daily_mme("tramadol", 50, 3).daily_mme == 30
    assert mme.daily_mme("tapentadol", 75, 2).daily_mme == 60


def test_fentanyl_patch_is_per_mcg_per_hour_and_worn_all_day() -> None:
    assert mme.daily_mme("fentanyl", 25, unit="mcg/h").daily_mme == 60
    assert mme.daily_mme("fentanyl patch", 12, unit="mcg/hr").daily_mme == pytest.approx(28.8)
    assert mme.daily_mme("fentanyl-transdermal", 50).unit == "mcg/h"  # the unit defaults to the drug's
    with pytest.raises(CoachError, match="mcg/h"):
        mme.daily_mme("fentanyl", 25, unit="mg")
    with pytest.raises(CoachError, match="patches worn together"):
        mme.daily_mme("fentanyl", 25, per_day=3, unit="mcg/h")


def test_an_oral_opioid_refuses_a_patch_unit_and_unknown_units() -> None:
    with pytest.raises(CoachError, match="measured in mg"):
        mme.daily_mme("oxycodone", 10, 1, "mcg/h")
    with pytest.raises(CoachError, match="unknown unit"):
        mme.daily_mme("oxycodone", 10, 1, "ml")


def test_methadone_and_fentanyl_carry_a_caution_others_do_not() -> None:
    assert "methadone" in mme.daily_mme("methadone", 10).caution.lower()
    assert "heat" in mme.daily_mme("fentanyl", 25).caution.lower()
    assert mme.daily_mme("oxycodone", 10).caution == ""
    assert mme.daily_mme("morphine", 10).caution == ""


def test_buprenorphine_has_no_factor_and_says_why() -> None:
    for name in ("buprenorphine", "Buprenorphine", "buprenorphine-naloxone"):
        with pytest.raises(mme.NoFactorError) as caught:
            mme.daily_mme(name, 8)
        message = str(caught.value)
        assert "no MME factor" in message
        assert "ceiling" in message and "prescriber" in message
    assert mme.is_known_opioid("buprenorphine")
    assert "buprenorphine" not in mme.CDC_2022.drugs()


def test_an_unknown_drug_is_refused_with_the_drugs_the_table_covers() -> None:
    with pytest.raises(mme.UnknownDrugError) as caught:
        mme.daily_mme("aspirin", 300)
    assert "'aspirin'" in str(caught.value)
    assert "oxycodone" in str(caught.value)


def test_names_are_normalised() -> None:
    assert mme.daily_mme("  OxyCodone ", 10).drug == "oxycodone"


@pytest.mark.parametrize("bad", [0, -5, math.nan, math.inf])
def test_a_dose_must_be_a_positive_number(bad: float) -> None:
    with pytest.raises(CoachError, match="the dose"):
        mme.daily_mme("morphine", bad)


def test_doses_per_day_must_be_sensible() -> None:
    with pytest.raises(CoachError, match="doses per day"):
        mme.daily_mme("morphine", 10, 0)
    with pytest.raises(CoachError, match="at most 24"):
        mme.daily_mme("morphine", 10, 25)


def test_the_2016_table_is_kept_for_history() -> None:
    assert mme.daily_mme("hydromorphone", 4, 1, table="cdc-2016").factor == 4
    assert mme.daily_mme("hydromorphone", 4, 1, table="cdc-2022").factor == 5
    assert mme.daily_mme("oxycodone", 10, 1, table="cdc-2016").factor == 1.5
    assert mme.daily_mme("fentanyl", 25, table="cdc-2016").daily_mme == 60
    with pytest.raises(mme.UnknownDrugError):
        mme.daily_mme("tramadol", 50, 1, table="cdc-2016")  # not in the 2016 pocket-guide table
    with pytest.raises(mme.NoFactorError):
        mme.daily_mme("buprenorphine", 8, table="cdc-2016")


@pytest.mark.parametrize(
    ("daily_mg", "factor"),
    [(1, 4), (20, 4), (20.5, 8), (21, 8), (40, 8), (41, 10), (60, 10), (61, 12), (80, 12)],
)
def test_2016_methadone_dose_bands_use_the_daily_total(daily_mg: float, factor: float) -> None:
    result = mme.daily_mme("methadone", daily_mg, 1, table="cdc-2016")
    assert result.factor == factor
    split = mme.daily_mme("methadone", daily_mg / 2, 2, table="cdc-2016")
    assert split.factor == factor  # the band follows the day's total, not one dose


def test_2016_methadone_above_the_last_band_is_refused() -> None:
    with pytest.raises(mme.NoFactorError, match="above 80 mg a day"):
        mme.daily_mme("methadone", 45, 2, table="cdc-2016")


def test_an_unknown_table_is_refused() -> None:
    with pytest.raises(CoachError, match="no MME table"):
        mme.daily_mme("morphine", 10, table="who-1986")


def test_daily_total_adds_each_opioid_computed_on_its_own() -> None:
    parts = [mme.daily_mme("oxycodone", 10, 2), mme.daily_mme("fentanyl", 12)]
    assert mme.daily_total(parts) == pytest.approx(58.8)


def test_the_module_offers_no_conversion_between_opioids() -> None:
    public = [name for name in dir(mme) if not name.startswith("_") and callable(getattr(mme, name))]
    forbidden = re.compile(
        r"convert|conversion|equianalg|switch|rotat|to_drug|dose_for|from_mme", re.IGNORECASE
    )
    assert [name for name in public if forbidden.search(name)] == []
    assert "not a way to switch" in mme.NOT_FOR_CONVERSION


# --- plausibility bounds and MME taken (issue 12) ----------------------------------------------------
def test_every_drug_has_a_plausibility_bound_with_a_reason() -> None:
    assert set(mme.PLAUSIBLE) == set(mme.CDC_2022.factors)
    for drug, bound in mme.PLAUSIBLE.items():
        assert bound.reason and bound.max_dose <= bound.max_daily, drug
        factor = mme.CDC_2022.factors[drug].factor
        if factor is not None and drug not in ("codeine", "tramadol", "tapentadol"):  # labelled ceilings
            # Far past any prescription, so no real dose is refused: at least 1000 MME a day.
            assert bound.max_daily * factor >= 1000, drug


@pytest.mark.parametrize(
    ("drug", "dose", "per_day", "message"),
    [
        ("oxycodone", 1e9, 1, "in one dose is past what any prescription could be"),
        ("oxycodone", 1000, 4, "a day is past what any prescription could be"),
        ("tramadol", 300, 3, "tramadol labels stop at 400 mg a day"),
        ("codeine", 60, 13, "codeine labels stop at 360 mg a day"),
        ("fentanyl", 5000, 1, "worn"),
    ],
)
def test_an_impossible_dose_is_refused_with_the_reason(
    drug: str, dose: float, per_day: float, message: str
) -> None:
    unit = "mcg/h" if drug == "fentanyl" else "mg"
    with pytest.raises(mme.ImplausibleDoseError, match=message if message != "worn" else "past what"):
        mme.daily_mme(drug, dose, per_day, unit)


def test_the_highest_real_doses_still_pass() -> None:
    assert mme.daily_mme("tramadol", 100, 4).daily_mme == 80
    assert mme.daily_mme("fentanyl", 400, unit="mcg/h").daily_mme == 960
    assert mme.daily_mme("morphine", 200, 3).daily_mme == 600


@pytest.mark.parametrize("unit", ["mcg/h", "mcg/hr", "µg/h", "μg/h", "ug/h", "MCG / HR"])
def test_every_spelling_of_micrograms_an_hour(unit: str) -> None:
    assert mme.normalise_unit(unit) == mme.MCG_PER_HOUR


def test_mme_taken_adds_each_worn_patch_to_the_logged_doses() -> None:
    day = date(2026, 11, 20)
    doses = [mme_taken.TakenDose(day, "oxycodone", 5, "mg"), mme_taken.TakenDose(day, "oxycodone", 5, "mg")]
    patches = [mme_taken.WornPatch("fentanyl", 25, date(2026, 11, 1))]
    taken = mme_taken.taken_by_day(doses, patches, date(2026, 11, 19), date(2026, 11, 21))
    assert taken == {date(2026, 11, 19): 60, day: 75, date(2026, 11, 21): 60}


def test_mme_taken_leaves_out_what_has_no_factor() -> None:
    day = date(2026, 11, 20)
    doses = [
        mme_taken.TakenDose(day, "buprenorphine", 8, "mg"),
        mme_taken.TakenDose(day, None, 400, "mg"),  # ibuprofen
        mme_taken.TakenDose(day, "fentanyl", 25, "mcg/h"),  # a patch change: the patch already counts
        mme_taken.TakenDose(day, "kratom", 2, "mg"),
    ]
    assert mme_taken.taken_by_day(doses, [], day, day) == {}
