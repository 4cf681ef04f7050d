"""Opioid names: which CDC-table opioid a medicine's name points to, and a hint for combination products.

A guess only ever pre-selects a choice the person can see and change; nothing here decides a dose. The
names are the generic and common brand names (US, UK, Canada, Australia) of every drug in the CDC 2022
MME table (Dowell et al., MMWR Recomm Rep 2022;71(RR-3)), from the products' prescribing information.
"""

from __future__ import annotations

import re

# generic or brand (lower case, spaces allowed) -> CDC table key. Longer names are matched first.
NAMES: dict[str, str] = {
    # codeine
    "codeine": "codeine",
    "tylenol with codeine": "codeine",
    "tylenol #3": "codeine",
    "tylenol #4": "codeine",
    "tylenol 3": "codeine",
    "tylenol 4": "codeine",
    "co-codamol": "codeine",
    "cocodamol": "codeine",
    "solpadeine": "codeine",
    "tylex": "codeine",
    "panadeine": "codeine",
    "tuzistra": "codeine",
    # fentanyl (the table's factor is for skin patches only)
    "fentanyl": "fentanyl",
    "duragesic": "fentanyl",
    "durogesic": "fentanyl",
    "matrifen": "fentanyl",
    "mezolar": "fentanyl",
    "fencino": "fentanyl",
    # hydrocodone
    "hydrocodone": "hydrocodone",
    "vicodin": "hydrocodone",
    "norco": "hydrocodone",
    "lortab": "hydrocodone",
    "lorcet": "hydrocodone",
    "hysingla": "hydrocodone",
    "zohydro": "hydrocodone",
    "vicoprofen": "hydrocodone",
    "xodol": "hydrocodone",
    "verdrocet": "hydrocodone",
    # hydromorphone
    "hydromorphone": "hydromorphone",
    "dilaudid": "hydromorphone",
    "exalgo": "hydromorphone",
    "palladone": "hydromorphone",
    "jurnista": "hydromorphone",
    "hydromorph contin": "hydromorphone",
    # methadone
    "methadone": "methadone",
    "dolophine": "methadone",
    "methadose": "methadone",
    "physeptone": "methadone",
    "metadol": "methadone",
    # morphine
    "morphine": "morphine",
    "ms contin": "morphine",
    "mst continus": "morphine",
    "kadian": "morphine",
    "avinza": "morphine",
    "oramorph": "morphine",
    "sevredol": "morphine",
    "zomorph": "morphine",
    "arymo": "morphine",
    "morphabond": "morphine",
    "m-eslon": "morphine",
    "statex": "morphine",
    # oxycodone
    "oxycodone": "oxycodone",
    "oxycontin": "oxycodone",
    "roxicodone": "oxycodone",
    "oxaydo": "oxycodone",
    "xtampza": "oxycodone",
    "roxybond": "oxycodone",
    "percocet": "oxycodone",
    "percodan": "oxycodone",
    "endocet": "oxycodone",
    "roxicet": "oxycodone",
    "tylox": "oxycodone",
    "oxynorm": "oxycodone",
    "endone": "oxycodone",
    "targin": "oxycodone",
    "targiniq": "oxycodone",
    "longtec": "oxycodone",
    "shortec": "oxycodone",
    "supeudol": "oxycodone",
    # oxymorphone
    "oxymorphone": "oxymorphone",
    "opana": "oxymorphone",
    "numorphan": "oxymorphone",
    # tapentadol
    "tapentadol": "tapentadol",
    "nucynta": "tapentadol",
    "palexia": "tapentadol",
    # tramadol
    "tramadol": "tramadol",
    "ultram": "tramadol",
    "ultracet": "tramadol",
    "conzip": "tramadol",
    "tramal": "tramadol",
    "zydol": "tramadol",
    "zaldiar": "tramadol",
    "ryzolt": "tramadol",
    "tridural": "tramadol",
    "durela": "tramadol",
    "qdolo": "tramadol",
    # buprenorphine (in the table, with no factor)
    "buprenorphine": "buprenorphine",
    "suboxone": "buprenorphine",
    "subutex": "buprenorphine",
    "zubsolv": "buprenorphine",
    "butrans": "buprenorphine",
    "belbuca": "buprenorphine",
    "sublocade": "buprenorphine",
    "brixadi": "buprenorphine",
    "buprenex": "buprenorphine",
    "norspan": "buprenorphine",
    "temgesic": "buprenorphine",
    "transtec": "buprenorphine",
}

# Brands that are always a mix of an opioid and something else -> the other part, in plain words.
COMBINATION_BRANDS: dict[str, str] = {
    "tylenol with codeine": "acetaminophen (paracetamol)",
    "tylenol #3": "acetaminophen (paracetamol)",
    "tylenol #4": "acetaminophen (paracetamol)",
    "tylenol 3": "acetaminophen (paracetamol)",
    "tylenol 4": "acetaminophen (paracetamol)",
    "co-codamol": "paracetamol",
    "cocodamol": "paracetamol",
    "solpadeine": "paracetamol",
    "tylex": "paracetamol",
    "panadeine": "paracetamol",
    "vicodin": "acetaminophen",
    "norco": "acetaminophen",
    "lortab": "acetaminophen",
    "lorcet": "acetaminophen",
    "xodol": "acetaminophen",
    "verdrocet": "acetaminophen",
    "vicoprofen": "ibuprofen",
    "percocet": "acetaminophen",
    "endocet": "acetaminophen",
    "roxicet": "acetaminophen",
    "tylox": "acetaminophen",
    "percodan": "aspirin",
    "targin": "naloxone",
    "targiniq": "naloxone",
    "ultracet": "acetaminophen",
    "zaldiar": "paracetamol",
    "suboxone": "naloxone",
    "zubsolv": "naloxone",
}
# Non-opioid ingredients that make a name a combination when they appear next to an opioid.
PARTNERS: tuple[str, ...] = (
    "acetaminophen",
    "paracetamol",
    "apap",
    "ibuprofen",
    "aspirin",
    "naloxone",
    "naltrexone",
    "promethazine",
    "guaifenesin",
    "chlorpheniramine",
)

_WORD_EDGE = r"(?<![a-z0-9]){}(?![a-z0-9])"
# "5/325", "7.5 / 325", "10-325 mg" (two strengths in one name)
_TWO_STRENGTHS = re.compile(r"(\d+(?:\.\d+)?)\s*(?:mg)?\s*/\s*(\d+(?:\.\d+)?)")


def _normal(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().lower())


def _found(text: str, word: str) -> bool:
    return re.search(_WORD_EDGE.format(re.escape(word)), text) is not None


def matches(name: str) -> list[str]:
    """The table keys named in `name`, in order of first mention, each once ("" -> [])."""
    text = _normal(name)
    hits: list[tuple[int, str]] = []
    for word in sorted(NAMES, key=len, reverse=True):
        found = re.search(_WORD_EDGE.format(re.escape(word)), text)
        if found is not None and all(NAMES[word] != drug for _, drug in hits):
            hits.append((found.start(), NAMES[word]))
    return [drug for _, drug in sorted(hits)]


def guess_drug(name: str) -> str | None:
    """The one CDC-table opioid `name` points to (generic or brand), or None when it names none or two.

    E.g. "Oxycodone" and "OxyContin 10 mg" -> "oxycodone"; "Durogesic patch" -> "fentanyl"; "Gabapentin"
    -> None.
    """
    found = matches(name)
    return found[0] if len(found) == 1 else None


def combination_hint(name: str) -> str:
    """A plain-words hint when `name` looks like a combination product ("" otherwise).

    Combination products hold an opioid and another medicine (e.g. Percocet 5/325 is 5 mg oxycodone with
    325 mg acetaminophen); only the opioid part has an MME, so the strength to enter is the opioid's.
    """
    text = _normal(name)
    drug = guess_drug(name)
    if drug == "buprenorphine":
        return ""  # it has no MME at all, so which part to enter does not change a figure
    partner = next((p for b, p in COMBINATION_BRANDS.items() if _found(text, b)), "")
    if not partner and drug is not None:
        partner = next((p for p in PARTNERS if _found(text, p)), "")
    two = _TWO_STRENGTHS.search(text)
    if not partner and not (drug is not None and two is not None):
        return ""
    opioid = drug or "opioid"
    other = partner or "the other medicine"
    example = (
        f" For {name.strip()}, that is usually the first number: {float(two.group(1)):g} mg of {opioid}."
        if two is not None
        else ""
    )
    return (
        f"This looks like a combination of {opioid} and {other}. Enter only the {opioid} part as the "
        f"strength: the other part has no MME.{example}"
    )


def disagreement(name: str, chosen: str | None) -> str:
    """A sentence when `name` points to one opioid and `chosen` is another ("" when they agree or the name
    says nothing)."""
    guessed = guess_drug(name)
    if guessed is None or chosen is None or guessed == chosen:
        return ""
    return (
        f"The name sounds like {guessed}, but {chosen} is chosen. Check which opioid this is: the daily "
        "MME depends on it."
    )
