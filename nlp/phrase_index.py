"""A token trie that finds multi-word phrases, with word-prefix (``word*``) patterns."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from nlp.welsh import mutated_phrases

MIN_PREFIX = 3


def fold(word: str) -> str:
    """Lower-case, drop accents and curly apostrophes: ``Tŷ`` -> ``ty``."""
    word = word.lower().replace("’", "'").replace("‘", "'")
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def english_keys(word: str) -> tuple[str, ...]:
    """The folded word and its likely singular forms (``buses`` -> ``bus``), in a fixed order."""
    w = fold(word)
    if len(w) <= 3 or not w.endswith("s") or w.endswith(("ss", "us", "is", "'s")):
        return (w,)
    keys = [w, w[:-1]]
    if w.endswith("es"):
        keys.append(w[:-2])
    if w.endswith("ies") and len(w) > 4:
        keys.append(w[:-3] + "y")
    return tuple(keys)


@dataclass(frozen=True)
class Hit:
    """A phrase found at tokens [start, end) carrying the value it was added with."""

    start: int
    end: int
    label: str | None
    weight: float
    pattern: str


@dataclass
class _Node:
    exact: dict[str, _Node] = field(default_factory=dict)
    prefix: dict[str, _Node] = field(default_factory=dict)
    values: list[tuple[str | None, float, str]] = field(default_factory=list)


Step = tuple[str, bool]  # (folded word, is a prefix)


class PhraseIndex:
    """Phrases as token sequences; each token is an exact word or a prefix."""

    def __init__(self) -> None:
        self._root = _Node()
        self.max_length = 0

    def add(self, steps: Sequence[Step], label: str | None, weight: float, pattern: str) -> None:
        """Add one tokenised phrase."""
        if not steps:
            return
        node = self._root
        for word, is_prefix in steps:
            table = node.prefix if is_prefix else node.exact
            node = table.setdefault(word, _Node())
        node.values.append((label, weight, pattern))
        self.max_length = max(self.max_length, len(steps))

    def find(self, token_keys: Sequence[Sequence[str]]) -> list[Hit]:
        """All phrases in a text whose tokens each offer candidate keys (in a fixed order)."""
        hits: list[Hit] = []
        n = len(token_keys)
        for start in range(n):
            frontier = [self._root]
            for pos in range(start, min(n, start + self.max_length)):
                nxt: list[_Node] = []
                for node in frontier:
                    for key in token_keys[pos]:
                        child = node.exact.get(key)
                        if child is not None:
                            nxt.append(child)
                        if node.prefix:
                            for cut in range(MIN_PREFIX, len(key) + 1):
                                child = node.prefix.get(key[:cut])
                                if child is not None:
                                    nxt.append(child)
                if not nxt:
                    break
                frontier = list({id(node): node for node in nxt}.values())
                for node in frontier:
                    for label, weight, pattern in node.values:
                        hits.append(Hit(start, pos + 1, label, weight, pattern))
        return hits


def compile_pattern(pattern: str, tokenize: Callable[[str], list[str]]) -> list[Step]:
    """Turn ``"fly-tipping"`` or ``"homeless*"`` into steps, tokenised like the text."""
    steps: list[Step] = []
    for piece in pattern.split():
        is_prefix = piece.endswith("*")
        piece = piece.rstrip("*")
        words = [fold(w) for w in tokenize(piece) if w.strip()]
        if not words:
            continue
        steps.extend((w, False) for w in words[:-1])
        steps.append((words[-1], is_prefix))
    return steps


def add_phrase(
    index: PhraseIndex,
    phrase: str,
    label: str | None,
    weight: float,
    tokenize: Callable[[str], list[str]],
    language: str,
) -> None:
    """Add a phrase in `language`; a Welsh phrase is added in all its mutated spellings."""
    steps = compile_pattern(phrase, tokenize)
    if language != "cy":
        index.add(steps, label, weight, phrase)
        return
    flags = [is_prefix for _, is_prefix in steps]
    for words in mutated_phrases([word for word, _ in steps]):
        index.add(list(zip(words, flags, strict=True)), label, weight, phrase)


def longest_first(hits: Iterable[Hit]) -> list[Hit]:
    """Keep the longest hits; a shorter hit overlapping a longer one is dropped.

    Hits on exactly the same span all survive, so one phrase can serve two themes.
    """
    kept: list[Hit] = []
    taken: dict[int, tuple[int, int]] = {}
    for hit in sorted(hits, key=lambda h: (h.start - h.end, h.start)):
        span = (hit.start, hit.end)
        owners = {taken[i] for i in range(hit.start, hit.end) if i in taken}
        if owners and owners != {span}:
            continue
        for i in range(hit.start, hit.end):
            taken[i] = span
        kept.append(hit)
    return sorted(kept, key=lambda h: (h.start, h.end))
