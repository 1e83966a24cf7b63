"""People's names: the model's PERSON entities, titles, cue words, and a name gazetteer.

Without the model, a name is found by what comes before it (a title: "Cllr Taylor"; a cue:
"my neighbour Carys", "ask for rhys", "Thanks, Bethan") or by the gazetteer
(``nlp/name_lists.py``): a capitalised given name ("Zainab"), or a capitalised word before
a surname ("Olusegun Taylor"). A name that is also an everyday word ("Will", "Rose", "Hope")
counts only with a title, a cue or a surname after it, and a name followed by a place word
("Victoria Park", "Warren County") is a place. Lower-case names count only after a cue.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from nlp.name_lists import CueWords, Gazetteer, cue_words, given_names, surnames
from nlp.phrase_index import fold
from nlp.places import PLACE_LABEL

SIGN_OFFS = frozenset({"regards", "thanks", "cheers", "diolch", "cofion", "best", "sincerely"})
POSSESSIVES = frozenset({"my", "our", "fy", "ein"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "y", "yr"})
STRONG_INTROS = (
    ("my", "name", "is"), ("my", "name", "'s"), ("call", "me"), ("fy", "enw", "i", "yw"),
    ("fy", "enw", "yw"), ("fy", "enw", "i", "ydy"), ("fy", "enw", "ydy"), ("name", ":"),
    ("enw", ":"), ("signed",),
)  # fmt: skip
WEAK_INTROS = (("i", "'m"), ("i", "am"), ("this", "is"))
Span = tuple[str, int, int]
Pair = tuple[int, int]


class NameRules:
    """The rule-based half of the name finder, over one doc's tokens."""

    def __init__(self, doc: Doc, given: Gazetteer, family: Gazetteer, cues: CueWords) -> None:
        self.doc, self.given, self.family, self.cues = doc, given, family, cues
        self.lowers = [fold(t.text) for t in doc]
        self.n = len(doc)
        self.triggers = _triggers(cues)

    def word(self, i: int) -> bool:
        t: Token = self.doc[i]
        return t.is_alpha or (t.text[:1].isalpha() and "'" in t.text)

    def cap(self, i: int) -> bool:
        """A capitalised word that is not a function word, title or street word."""
        low = self.lowers[i]
        text = self.doc[i].text
        return (
            self.word(i)
            and text[:1].isupper()
            and not (text.isupper() and len(text) > 1)  # "BG", "KY", "NEED A NEW SYSTEM"
            and not self.doc[i].is_stop
            and low not in self.cues.street_words
            and low.rstrip(".") not in self.cues.titles
        )

    def plain_given(self, i: int) -> bool:
        low = self.lowers[i]
        return (
            self.given.is_plain_name(low)
            and low not in self.cues.ambiguous
            and low not in self.cues.not_names
            and not self.doc[i].is_stop
        )

    def place_at(self, i: int) -> bool:
        return i < self.n and self.lowers[i].rstrip(".") in self.cues.place_words

    def extend(self, start: int, limit: int = 2) -> int | None:
        """The end of a name's capitalised words from `start`; None when a place word follows."""
        end = start
        while end < self.n and end - start < limit and self.cap(end):
            if self.place_at(end):
                return None
            end += 1
        return None if self.place_at(end) else end

    def name_from(self, i: int, lower_ok: bool) -> Pair | None:
        """A name starting at token i (after a cue): capitalised, or a known lower-case name."""
        if i >= self.n or not self.word(i) or self.doc[i].is_stop:
            return None
        if self.cap(i) or (lower_ok and self.plain_given(i)):
            end = self.extend(i + 1)
            return (i, end) if end is not None else None
        return None

    def at(self, i: int, words: tuple[str, ...]) -> bool:
        return tuple(self.lowers[i : i + len(words)]) == words

    def cued(self, i: int) -> list[Pair]:
        """Names after a title, an introduction, a relation, an address or a sign-off."""
        low, found = self.lowers[i], []
        if low.rstrip(".") in self.cues.titles and self.doc[i].text[:1].isupper():
            j = i + 1 + (i + 1 < self.n and self.doc[i + 1].text == ".")
            if j < self.n and self.word(j) and not self.doc[j].is_stop:
                found.append((i, max(j + 1, self.extend(j + 1) or j + 1)))
        for intro in STRONG_INTROS:
            if self.at(i, intro):
                j = end = i + len(intro)
                while end < self.n and end - j < 3 and self.word(end) and not self.doc[end].is_stop:
                    end += 1
                if end > j:
                    found.append((j, end))
        for intro in WEAK_INTROS:
            j = i + len(intro)
            if not (self.at(i, intro) and j < self.n and self.cap(j)):
                continue
            if self.plain_given(j) or (
                intro[0] == "i" and self.lowers[j] not in self.cues.not_names
            ):
                found.append((j, self.extend(j + 1, 3) or j + 1))
        if low in self.cues.relations and i > 0 and self.lowers[i - 1] in POSSESSIVES:
            found += [p for p in [self.name_from(i + 1, lower_ok=True)] if p]
        for cue in self.cues.addressing:
            if self.at(i, cue):
                found += [p for p in [self.name_from(i + len(cue), lower_ok=True)] if p]
        if low in SIGN_OFFS and i + 2 < self.n and self.lowers[i + 1] == ",":
            found += [p for p in [self.name_from(i + 2, lower_ok=True)] if p]
        # "Siân ydw i": the name comes before "ydw i"
        welsh_intro = low in ("ydw", "dw") and 0 < i < self.n - 1 and self.lowers[i + 1] == "i"
        if welsh_intro and (self.cap(i - 1) or self.plain_given(i - 1)):
            found.append((i - 1, i))
        return found

    def known(self, i: int) -> Pair | None:
        """A capitalised given name, or a capitalised word before a surname."""
        if not self.cap(i) or (i > 0 and self.lowers[i - 1] in DETERMINERS):
            return None
        nxt = i + 1
        has_surname = nxt < self.n and self.cap(nxt) and self.family.is_plain_name(self.lowers[nxt])
        if not (self.plain_given(i) or has_surname):
            return None
        end = self.extend(nxt)
        return (i, end) if end is not None else None

    def plausible_person(self, start: int, end: int) -> bool:
        """The model's PERSON guess holds a name the gazetteer knows (not an everyday word).

        On its own the small model calls "Covid", "Physio" and "Frank discussion" people.
        """
        if any(self.place_at(i) for i in range(start, end + 1)):
            return False  # "Scottsville Rd", "Warren Co", "Duncan Hines Days"
        return any(
            self.given.is_plain_name(self.lowers[i]) or self.family.is_plain_name(self.lowers[i])
            for i in range(start, end)
            if not self.doc[i].text.isupper()
        )

    def all(self) -> list[Pair]:
        found: list[Pair] = []
        for i in range(self.n):
            if self.lowers[i].rstrip(".") in self.triggers:
                found += self.cued(i)
            pair = self.known(i)
            if pair is not None:
                found.append(pair)
        return found


@lru_cache(maxsize=4)
def _triggers(cues: CueWords) -> frozenset[str]:
    """Words that can start a cue: other tokens skip the cue rules at once."""
    intros = {intro[0] for intro in STRONG_INTROS + WEAK_INTROS}
    addressing = {cue[0] for cue in cues.addressing}
    return frozenset(cues.titles | cues.relations | SIGN_OFFS | intros | addressing | {"ydw", "dw"})


def find_names(doc: Doc, ents: Sequence[SpacySpan] | None = None) -> list[Span]:
    """NAME character spans; never inside a place from the gazetteer."""
    ents = ents if ents is not None else doc.ents
    places = {i for ent in ents if ent.label_ == PLACE_LABEL for i in range(ent.start, ent.end)}
    # the English model reads Welsh badly: its PERSON guesses there are noise
    english = (doc._.language or "en") == "en"
    rules = NameRules(doc, given_names(), surnames(), cue_words())
    token_spans = [
        (e.start, e.end)
        for e in ents
        if e.label_ == "PERSON" and english and rules.plausible_person(e.start, e.end)
    ]
    token_spans += rules.all()
    spans: list[Span] = []
    for start, end in token_spans:
        if end <= start or any(i in places for i in range(start, end)):
            continue
        span = doc[start:end]
        spans.append(("NAME", span.start_char, span.end_char))
    return spans
