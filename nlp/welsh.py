"""Welsh initial mutations, so that one pattern (``cyngor``) finds ``gyngor``, ``nghyngor``."""

from __future__ import annotations

from itertools import product

# radical initial -> (soft, nasal, aspirate); None where that mutation leaves it alone
_MUTATIONS: dict[str, tuple[str | None, str | None, str | None]] = {
    "p": ("b", "mh", "ph"),
    "t": ("d", "nh", "th"),
    "c": ("g", "ngh", "ch"),
    "b": ("f", "m", None),
    "d": ("dd", "n", None),
    "g": ("", "ng", None),
    "m": ("f", None, None),
    "ll": ("l", None, None),
    "rh": ("r", None, None),
}
_VOWELS = "aeiouwy"


def mutations(word: str) -> set[str]:
    """The radical and every mutated form of a lower-case Welsh word."""
    forms = {word}
    if not word:
        return forms
    if word[0] in _VOWELS:
        forms.add("h" + word)  # aspirate h before a vowel: "ei hysgol"
        return forms
    for radical in ("ll", "rh") if word[:2] in ("ll", "rh") else (word[0],):
        for initial in _MUTATIONS.get(radical, ()):
            if initial is not None:
                mutated = initial + word[len(radical) :]
                if len(mutated) >= 2:
                    forms.add(mutated)
    return forms


def soft(word: str) -> set[str]:
    """The radical and its soft mutation (adjectives and later words in a phrase)."""
    forms = {word}
    if word and word[0] not in _VOWELS:
        radical = word[:2] if word[:2] in ("ll", "rh") else word[0]
        initial = _MUTATIONS.get(radical, (None, None, None))[0]
        if initial is not None and len(initial + word[len(radical) :]) >= 2:
            forms.add(initial + word[len(radical) :])
    return forms


def mutated_phrases(words: list[str]) -> list[list[str]]:
    """Every spelling of a phrase: all mutations of its first word, soft ones after."""
    if not words:
        return []
    choices = [sorted(mutations(words[0]))] + [sorted(soft(w)) for w in words[1:]]
    return [list(combo) for combo in product(*choices)]
