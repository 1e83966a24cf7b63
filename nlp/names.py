"""People's names: the model's PERSON entities, titles, self-introductions, first names."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from nlp.places import PLACE_LABEL

FIRST_NAMES = Path(__file__).resolve().parent / "data" / "first-names.txt"
WORDS = Path(__file__).resolve().parent / "data" / "words.yaml"
_words = yaml.safe_load(WORDS.read_text(encoding="utf-8"))
TITLES = frozenset(_words["titles"])
AMBIGUOUS = frozenset(_words["ambiguous_first_names"])
NOT_NAMES = frozenset(_words["not_names"])
STREET_WORDS = frozenset(_words["street_words"])
SURNAMES = frozenset(_words["surnames"])
RELATIONS = frozenset(_words["relation_words"])
SIGN_OFFS = frozenset({"regards", "thanks", "cheers", "diolch", "cofion", "best", "sincerely"})
POSSESSIVES = frozenset({"my", "our", "fy", "ein"})
Pair = tuple[int, int]
STRONG_INTROS = (
    ("my", "name", "is"),
    ("my", "name", "'s"),
    ("call", "me"),
    ("fy", "enw", "i", "yw"),
    ("fy", "enw", "yw"),
    ("fy", "enw", "i", "ydy"),
    ("fy", "enw", "ydy"),
    ("name", ":"),
    ("enw", ":"),
    ("signed",),
)
WEAK_INTROS = (
    ("i", "'m"),
    ("i", "am"),
    ("this", "is"),
)
Span = tuple[str, int, int]
INTROS_BY_FIRST_WORD: dict[str, list[tuple[str, ...]]] = {}
for _intro in STRONG_INTROS + WEAK_INTROS:
    INTROS_BY_FIRST_WORD.setdefault(_intro[0], []).append(_intro)
# words that can start a rule: other tokens are skipped at once
TRIGGERS = frozenset(
    {t.lower() for t in TITLES}
    | {f"{t}." for t in TITLES}
    | set(INTROS_BY_FIRST_WORD)
    | RELATIONS
    | SIGN_OFFS
    | SURNAMES
    | AMBIGUOUS
    | {"ydw", "dw"}
)


@lru_cache(maxsize=4)
def load_first_names(path: Path = FIRST_NAMES) -> frozenset[str]:
    """The first-name list, lower-cased."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip().lower() for ln in lines if ln.strip() and not ln.startswith("#"))


def _is_word(token: Token) -> bool:
    return token.is_alpha or (token.text[:1].isalpha() and "'" in token.text)


def _is_capitalised_word(token: Token) -> bool:
    return _is_word(token) and token.text[:1].isupper() and token.lower_ not in STREET_WORDS


def _surname_end(doc: Doc, start: int, limit: int = 2) -> int:
    end = start
    while end < len(doc) and end - start < limit and _is_capitalised_word(doc[end]):
        if doc[end].is_stop or doc[end].lower_ in TITLES:
            break
        end += 1
    return end


def _matches_at(lowers: list[str], i: int, words: tuple[str, ...]) -> bool:
    return tuple(lowers[i : i + len(words)]) == words


def _intro_names(doc: Doc, lowers: list[str], i: int, first_names: frozenset[str]) -> list[Pair]:
    """Names after "my name is", "I'm", "my neighbour", "Thanks," starting at token i."""
    found: list[Pair] = []
    n = len(doc)
    for intro in INTROS_BY_FIRST_WORD.get(lowers[i], ()):
        if not _matches_at(lowers, i, intro):
            continue
        j = i + len(intro)
        if intro in STRONG_INTROS:
            end = j
            while end < n and end - j < 3 and _is_word(doc[end]) and not doc[end].is_stop:
                end += 1
            if end > j:
                found.append((j, end))
        elif (
            j < n
            and _is_capitalised_word(doc[j])
            and (lowers[j] in first_names or (intro[0] == "i" and lowers[j] not in NOT_NAMES))
        ):
            found.append((j, _surname_end(doc, j, 3)))
    nxt = i + 1
    after_relation = lowers[i] in RELATIONS and i > 0 and lowers[i - 1] in POSSESSIVES
    if after_relation and nxt < n and _is_capitalised_word(doc[nxt]) and not doc[nxt].is_stop:
        found.append((nxt, _surname_end(doc, nxt, 3)))
    if lowers[i] in SIGN_OFFS and nxt + 1 < n and lowers[nxt] == ",":
        j = nxt + 1
        if _is_capitalised_word(doc[j]) and not doc[j].is_stop:
            found.append((j, _surname_end(doc, j, 2)))
    # "Siân ydw i": the name comes before "ydw i"
    welsh_intro = lowers[i] in ("ydw", "dw") and nxt < n and lowers[nxt] == "i" and i > 0
    if welsh_intro and (_is_capitalised_word(doc[i - 1]) or lowers[i - 1] in first_names):
        found.append((i - 1, i))
    return found


def _rule_names(doc: Doc, first_names: frozenset[str]) -> list[Pair]:
    """Token spans of names found without the model."""
    found: list[Pair] = []
    lowers = [t.lower_.replace("’", "'") for t in doc]
    n = len(doc)
    for i, token in enumerate(doc):
        lower = lowers[i]
        capitalised = token.text[:1].isupper()
        if lower not in TRIGGERS and not (capitalised and lower in first_names):
            continue
        if lower.rstrip(".") in TITLES and capitalised and i + 1 < n:
            j = i + 1 + (doc[i + 1].text == ".")
            if j < n and _is_word(doc[j]) and not doc[j].is_stop:
                found.append((i, max(j + 1, _surname_end(doc, j, 3))))
            continue
        found.extend(_intro_names(doc, lowers, i, first_names))
        surname = lower in SURNAMES and capitalised and i > 0
        if surname and _is_capitalised_word(doc[i - 1]) and not doc[i - 1].is_stop:
            found.append((i - 1, i + 1))
        if capitalised and (lower in first_names or lower in AMBIGUOUS):
            if i + 1 < n and lowers[i + 1].rstrip(".") in STREET_WORDS:
                continue  # "Gordon Ave" is a street
            end = _surname_end(doc, i + 1)
            if lower in first_names or end > i + 1:
                found.append((i, end))
    return found


def find_names(
    doc: Doc, first_names: frozenset[str] | None = None, ents: Sequence[SpacySpan] | None = None
) -> list[Span]:
    """NAME character spans; never inside a place from the gazetteer."""
    first_names = first_names if first_names is not None else load_first_names()
    ents = ents if ents is not None else doc.ents
    places = {i for ent in ents if ent.label_ == PLACE_LABEL for i in range(ent.start, ent.end)}
    # the English model reads Welsh badly: its PERSON guesses there are noise
    english = (doc._.language or "en") == "en"
    token_spans = [(e.start, e.end) for e in ents if e.label_ == "PERSON" and english]
    token_spans += _rule_names(doc, first_names)
    spans: list[Span] = []
    for start, end in token_spans:
        if end <= start or any(i in places for i in range(start, end)):
            continue
        span = doc[start:end]
        spans.append(("NAME", span.start_char, span.end_char))
    return spans
