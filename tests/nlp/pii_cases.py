"""A personal-data test set: real comments with inserted names, phones, e-mails, addresses.

Deterministic (fixed seed). Run ``python tests/nlp/pii_cases.py`` to print the cases as JSON lines.
The comments come from nlp/data/themes-test.jsonl (Polis open data, CC BY 4.0).
"""

from __future__ import annotations

import json
import random
import string
from dataclasses import dataclass
from pathlib import Path

SEED = 20240611
PER_KIND = 60
COMMENTS = Path(__file__).resolve().parents[2] / "nlp" / "data" / "themes-test.jsonl"

# a mix of names in the tagger's first-name list and names it has never seen
FIRST = (
    "Sarah", "Dafydd", "Rhiannon", "Gareth", "Emily", "Mohammed", "Siân", "Tomos", "Aisha",
    "Peter", "Ffion", "Kwame", "Priya", "Bogdan", "Siobhan", "Gwenno", "Olumide", "Agnieszka",
    "Hamza", "Lowri", "Declan", "Mei", "Tegwen", "Callum", "Nadia",
)  # fmt: skip
SURNAMES = (
    "Jones", "Williams", "Davies", "Evans", "Thomas", "Roberts", "Hughes", "Lewis", "Griffiths",
    "Smith", "Patel", "Khan", "Nowak", "O'Brien", "Ahmed", "Pritchard", "Okonkwo", "Fitzgerald",
    "Wojcik", "Baptiste", "Kaur", "Quigley", "Trevithick", "Abernethy", "Mensah", "Lindqvist",
    "Castellano", "Haverford",
)  # fmt: skip
TITLES = ("Mr", "Mrs", "Ms", "Dr", "Cllr", "Miss")
STREET_NAMES = (
    "Acacia", "Maple", "Station", "Church", "Mill", "Heathfield", "Windsor", "Llandaff", "Clive",
    "Kimberley", "Tyn-y-coed", "Pen-y-lan", "Oakfield", "Albany", "Bridge",
)  # fmt: skip
STREET_TYPES = ("Road", "Street", "Avenue", "Lane", "Close", "Drive", "Crescent", "Terrace", "Way")
WELSH_STREETS = ("Heol y Castell", "Ffordd yr Eglwys", "Stryd Fawr", "Heol Hir", "Lôn Isaf")
AREAS = ("CF", "SA", "NP", "LL", "SY", "LD", "SW", "E", "N", "M", "B", "LS", "G", "EH", "BT")
INWARD = "ABDEFGHJLNPQRSTUWXYZ"
DOMAINS = ("example.com", "gmail.com", "btinternet.com", "cardiff.gov.uk", "outlook.co.uk")


@dataclass(frozen=True)
class Case:
    """One comment with one inserted item of personal data at [start, end)."""

    kind: str  # EMAIL, PHONE, POSTCODE, ADDRESS or NAME
    text: str
    start: int
    end: int


def _phone(rng: random.Random) -> str:
    digits = lambda n: "".join(rng.choice(string.digits) for _ in range(n))  # noqa: E731
    mobile = f"7{rng.choice('456789')}{digits(8)}"
    forms = (
        f"0{mobile[:4]} {mobile[4:]}",
        f"0{mobile}",
        f"+44 {mobile[:4]} {mobile[4:]}",
        f"+44{mobile}",
        f"0{mobile[:4]}-{mobile[4:7]}-{mobile[7:]}",
        f"029 20{digits(2)} {digits(4)}",
        f"020 7{digits(3)} {digits(4)}",
        f"(0161) 4{digits(2)} {digits(4)}",
        f"01{rng.choice('2345679')}{digits(2)} {digits(6)}",
    )
    return rng.choice(forms)


def _email(rng: random.Random) -> str:
    first, last = rng.choice(FIRST).lower(), rng.choice(SURNAMES).lower().replace("'", "")
    first = first.replace("â", "a")
    numbered = f"{first[0]}{last}{rng.randint(1, 99)}"
    local = rng.choice((f"{first}.{last}", numbered, f"{first}_{last}"))
    return f"{local}@{rng.choice(DOMAINS)}"


def _postcode(rng: random.Random) -> str:
    outward = f"{rng.choice(AREAS)}{rng.randint(1, 24)}"
    inward = f"{rng.randint(0, 9)}{rng.choice(INWARD)}{rng.choice(INWARD)}"
    code = rng.choice((f"{outward} {inward}", f"{outward}{inward}"))
    return code.lower() if rng.random() < 0.2 else code


def _address(rng: random.Random) -> str:
    number = str(rng.randint(1, 250)) + rng.choice(("", "", "", "a", "b"))
    if rng.random() < 0.25:
        street = rng.choice(WELSH_STREETS)
    else:
        street = f"{rng.choice(STREET_NAMES)} {rng.choice(STREET_TYPES)}"
    address = f"{number} {street}"
    if rng.random() < 0.15:
        address = f"Flat {rng.randint(1, 9)}, {address}"
    return address.lower() if rng.random() < 0.1 else address


def _name(rng: random.Random) -> tuple[str, str]:
    """(the sentence frame with {}, the name that fills it)."""
    first, last = rng.choice(FIRST), rng.choice(SURNAMES)
    frames = (
        ("My name is {}.", f"{first} {last}"),
        ("I'm {} from the residents' group.", f"{first} {last}"),
        ("Please ask {} about this.", f"{rng.choice(TITLES)} {last}"),
        ("{} said the same at the last meeting.", f"{first} {last}"),
        ("Thanks, {}", first),
        ("I spoke to {} at the council about it.", f"{rng.choice(TITLES)} {first} {last}"),
        ("Fy enw i yw {}.", f"{first} {last}"),
        ("My neighbour {} agrees.", f"{first} {last}"),
    )
    return rng.choice(frames)


_FRAMES = {
    "EMAIL": ("You can email me at {}.", "Contact: {}", "e-mail {} for details"),
    "PHONE": ("Call me on {}.", "My number is {} if you want to talk.", "Tel {}"),
    "POSTCODE": ("My postcode is {}.", "I live in {}.", "({})"),
    "ADDRESS": ("I live at {}.", "The problem is outside {}.", "Write to me at {}, please."),
}


def make_cases(seed: int = SEED, per_kind: int = PER_KIND) -> list[Case]:
    """The test set: `per_kind` comments for each kind, in a fixed order."""
    rng = random.Random(seed)
    lines = COMMENTS.read_text(encoding="utf-8").splitlines()
    comments = [json.loads(line)["text"].strip() for line in lines if line.strip()]
    makers = {"EMAIL": _email, "PHONE": _phone, "POSTCODE": _postcode, "ADDRESS": _address}
    cases: list[Case] = []
    for kind in ("EMAIL", "PHONE", "POSTCODE", "ADDRESS", "NAME"):
        for _ in range(per_kind):
            comment = rng.choice(comments)
            if kind == "NAME":
                frame, value = _name(rng)
            else:
                frame, value = rng.choice(_FRAMES[kind]), makers[kind](rng)
            sentence = frame.format(value)
            before = rng.random() < 0.5
            text = f"{sentence} {comment}" if before else f"{comment} {sentence}"
            start = text.index(value) if before else len(comment) + 1 + sentence.index(value)
            cases.append(Case(kind, text, start, start + len(value)))
    return cases


if __name__ == "__main__":
    for case in make_cases():
        print(json.dumps(case.__dict__, ensure_ascii=False))
