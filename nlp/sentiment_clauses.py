"""Where a clause of an answer opens and ends, and hedged faults ("a bit cold"): the token
tests the sentiment scorer (nlp/sentiment.py) makes."""

from __future__ import annotations

from spacy.tokens import Doc

# after a "nothing to improve" opener, a new clause may start without a comma:
# "Nothing the care was brilliant", "Nothing they are amazing"
CLAUSE_STARTERS = frozenset(
    [
        "i",
        "i'm",
        "we",
        "you",
        "they",
        "he",
        "she",
        "it",
        "it's",
        "everything",
        "all",
        "the",
        "my",
        "our",
        "your",
        "staff",
        "everyone",
    ]
)
HEDGES = frozenset({"bit", "little"})
# after "a bit" / "a little": words that ask for more, or are no fault
NOT_FAULTS = frozenset([
    "more", "of", "extra", "while", "longer", "help", "time", "support", "information", "and",
    "to", "at", "in", "on", "with", "for", "about", "bit",
])  # fmt: skip
CLAUSE_ENDS = frozenset({".", ";", "!", "?", ",", ":", "-", "–", "—", "(", ")"})
# after these a new sentence may start, so an imperative there is a suggestion:
# "First - ensure that young people feel safe", "Food: provide more choice"
SENTENCE_ENDS = frozenset({".", ";", "!", "?", ":", "-", "–", "—"})


def hedged_fault(doc: Doc, i: int) -> bool:
    """ "a bit" or "a little" before a plain adjective ("a bit cold"), not before a wish for
    more ("a bit more", "a little earlier") nor a noun ("a little help")."""
    if doc[i].lower_ != "a" or i + 2 >= len(doc) or doc[i + 1].lower_ not in HEDGES:
        return False
    nxt = doc[i + 2]
    if nxt.lower_ == "too":
        return False  # "a bit too slow" complains once, through "too"
    return nxt.is_alpha and nxt.lower_ not in NOT_FAULTS and not nxt.lower_.endswith("er")


def opens_clause(doc: Doc, start: int) -> bool:
    """The answer or a clause starts at `start` ("Not sure, nothing I could think of")."""
    return start == 0 or doc[start - 1].text in CLAUSE_ENDS


def ends_clause(doc: Doc, end: int) -> bool:
    """The answer ends at `end`, or a clause does ("Nothing, my nurses are the best")."""
    if end >= len(doc):
        return True
    nxt = doc[end]
    return nxt.text in CLAUSE_ENDS or nxt.lower_ in CLAUSE_STARTERS or not nxt.is_alpha
