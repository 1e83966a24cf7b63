"""The word lists the name finder reads: the name gazetteer and the cue and title words."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"
GIVEN = DATA / "given-names.txt"
SURNAMES = DATA / "surnames.txt"
WORDS = DATA / "words.yaml"
# month and day names are given names too ("April", "June"); they are dates first
CALENDAR = frozenset(
    w.lower() for w in (*calendar.month_name, *calendar.day_name, *calendar.month_abbr) if w
)


@dataclass(frozen=True)
class Gazetteer:
    """Names, and the names that are also common words (need more evidence)."""

    names: frozenset[str]
    common: frozenset[str]

    def __contains__(self, word: object) -> bool:
        return word in self.names

    def is_plain_name(self, word: str) -> bool:
        """A name that is not also an everyday word or a date."""
        return word in self.names and word not in self.common and word not in CALENDAR


def read_gazetteer(path: Path) -> Gazetteer:
    """A gazetteer file: lower-case names, '~' before those that are also common words."""
    names: set[str] = set()
    common: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name = line.lstrip("~")
        names.add(name)
        if line.startswith("~"):
            common.add(name)
    return Gazetteer(frozenset(names), frozenset(common))


@lru_cache(maxsize=2)
def given_names(path: Path = GIVEN) -> Gazetteer:
    """Given names from the SSA and ONS lists (nlp/data/names/build_gazetteer.py)."""
    return read_gazetteer(path)


@lru_cache(maxsize=2)
def surnames(path: Path = SURNAMES) -> Gazetteer:
    """Surnames from the US Census 1990 list."""
    return read_gazetteer(path)


@dataclass(frozen=True)
class CueWords:
    """Titles, relations and other words that say a name comes next."""

    titles: frozenset[str]
    ambiguous: frozenset[str]
    not_names: frozenset[str]
    street_words: frozenset[str]
    relations: frozenset[str]
    place_words: frozenset[str]
    addressing: tuple[tuple[str, ...], ...]


@lru_cache(maxsize=1)
def cue_words(path: Path = WORDS) -> CueWords:
    """The lists in words.yaml."""
    words = yaml.safe_load(path.read_text(encoding="utf-8"))
    return CueWords(
        titles=frozenset(words["titles"]),
        ambiguous=frozenset(words["ambiguous_first_names"]),
        not_names=frozenset(words["not_names"]),
        street_words=frozenset(words["street_words"]),
        relations=frozenset(words["relation_words"]),
        place_words=frozenset(words["street_words"]) | frozenset(words["place_words"]),
        addressing=tuple(tuple(str(p).split()) for p in words["addressing"]),
    )
