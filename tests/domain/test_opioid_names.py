"""Which opioid a medicine's name points to, and the hint for combination products (issue 12: the dialog
started on Codeine, and "Percocet 5/325" gave no hint to enter only the oxycodone part)."""

from __future__ import annotations

import pytest

from coach.domain import mme, opioid_names


@pytest.mark.parametrize("drug", sorted(mme.CDC_2022.factors))
def test_every_drug_in_the_table_is_found_by_its_generic_name(drug: str) -> None:
    assert opioid_names.guess_drug(drug.title()) == drug
    assert opioid_names.guess_drug(f"{drug} 10 mg tablets") == drug


def test_every_drug_in_the_table_has_a_brand_name_too() -> None:
    brands = {key for name, key in opioid_names.NAMES.items() if name != key}
    assert brands == set(mme.CDC_2022.factors)
    assert set(opioid_names.NAMES.values()) <= set(mme.CDC_2022.factors)


@pytest.mark.parametrize(
    ("name", "drug"),
    [
        ("OxyContin 10mg", "oxycodone"),
        ("Percocet 5/325", "oxycodone"),
        ("Durogesic patch", "fentanyl"),
        ("MS Contin", "morphine"),
        ("Tylenol #3", "codeine"),
        ("Nucynta ER", "tapentadol"),
        ("Dilaudid", "hydromorphone"),
        ("Gabapentin", None),
        ("Oxycodone and morphine", None),  # two opioids: ask rather than guess
        ("", None),
    ],
)
def test_brand_and_generic_names(name: str, drug: str | None) -> None:
    assert opioid_names.guess_drug(name) == drug


@pytest.mark.parametrize(
    ("name", "opioid", "other", "first"),
    [
        ("Percocet 5/325", "oxycodone", "acetaminophen", "5 mg"),
        ("hydrocodone/acetaminophen", "hydrocodone", "acetaminophen", None),
        ("Norco 7.5/325", "hydrocodone", "acetaminophen", "7.5 mg"),
        ("Co-codamol 30/500", "codeine", "paracetamol", "30 mg"),
        ("Tramadol with paracetamol", "tramadol", "paracetamol", None),
    ],
)
def test_a_combination_gets_a_hint_to_enter_the_opioid_part(
    name: str, opioid: str, other: str, first: str | None
) -> None:
    hint = opioid_names.combination_hint(name)
    assert f"combination of {opioid} and {other}" in hint
    assert f"Enter only the {opioid} part" in hint
    if first:
        assert f"{first} of {opioid}" in hint


@pytest.mark.parametrize("name", ["OxyContin 10 mg", "Gabapentin 300/600", "Morphine", "Suboxone"])
def test_a_single_opioid_gets_no_combination_hint(name: str) -> None:
    assert opioid_names.combination_hint(name) == ""


def test_a_name_and_a_chosen_opioid_that_disagree_are_pointed_out() -> None:
    assert "sounds like oxycodone, but codeine is chosen" in opioid_names.disagreement("Oxycodone", "codeine")
    assert opioid_names.disagreement("Oxycodone", "oxycodone") == ""
    assert opioid_names.disagreement("My pain pill", "codeine") == ""
