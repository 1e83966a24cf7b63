"""Pick representative quotes for a theme: redacted, short, about the theme, and varied."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from bot.security.plain_text import without_invisible
from bot.services.ports import QuoteCandidate
from nlp.pii_patterns import find_patterned

SHORTEST, LONGEST = 30, 280  # characters of redacted text
PER_THEME = 3
SCAN = 300  # candidates looked at per theme: enough to find three varied ones
_WORDS = re.compile(r"\w+")


class _Pool:
    """Candidates with their word sets and personal-data checks worked out once."""

    def __init__(self, candidates: Iterable[QuoteCandidate]) -> None:
        unique: dict[str, QuoteCandidate] = {}
        for candidate in candidates:
            # text tagged before invisible characters were removed first may still hold some
            candidate = replace(candidate, redacted=without_invisible(candidate.redacted))
            unique.setdefault(candidate.redacted.strip().casefold(), candidate)
        self.candidates = list(unique.values())
        self._words: dict[int, frozenset[str]] = {}
        self._personal: dict[int, bool] = {}

    def words(self, c: QuoteCandidate) -> frozenset[str]:
        if c.answer_id not in self._words:
            self._words[c.answer_id] = frozenset(
                w.casefold() for w in _WORDS.findall(c.redacted)
            )
        return self._words[c.answer_id]

    def personal(self, c: QuoteCandidate) -> bool:
        if c.answer_id not in self._personal:
            self._personal[c.answer_id] = bool(find_patterned(c.redacted))
        return self._personal[c.answer_id]


def pick_quotes(
    candidates: Sequence[QuoteCandidate],
    themes: Iterable[str],
    excluded: set[tuple[str, str]],
    per_theme: int = PER_THEME,
) -> dict[str, tuple[str, ...]]:
    """Up to `per_theme` quotes for each theme, in the order the themes are given.

    `excluded` holds ("role", group) and ("language", group) pairs too small to show: the
    words of someone in a group of three can point to them. A quote is used once, and one
    too like a quote already picked is passed over. Text that still looks like it holds a
    phone number, e-mail, postcode or address is never used, whatever the tagger said.
    """
    pool = _Pool(
        c for c in candidates
        if ("role", c.role) not in excluded and ("language", c.language) not in excluded
    )
    used: set[int] = set()
    picked: list[frozenset[str]] = []
    found: dict[str, tuple[str, ...]] = {}
    for theme in themes:
        # Shorter first, and answers about this theme alone before those about several.
        ranked = sorted(
            (c for c in pool.candidates if theme in c.themes and c.answer_id not in used),
            key=lambda c: (len(c.themes) > 1, len(c.redacted), c.answer_id),
        )[:SCAN]
        picks: list[QuoteCandidate] = []
        for varied in (True, False):
            for candidate in ranked:
                if len(picks) >= per_theme:
                    break
                if candidate.answer_id in used or (
                    varied and candidate.sentiment in {p.sentiment for p in picks}
                ):
                    continue
                words = pool.words(candidate)
                if any(_similar(words, other) for other in picked) or pool.personal(candidate):
                    continue
                picks.append(candidate)
                picked.append(words)
                used.add(candidate.answer_id)
        found[theme] = tuple(p.redacted for p in picks)
    return found


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return False
    return len(a & b) / len(a | b) >= 0.5
