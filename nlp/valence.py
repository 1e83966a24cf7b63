"""Word valences from the VADER lexicon, for stance words the cue lexicon does not list.

The cue lexicon (``data/sentiment.yaml``) was written for consultation answers; comments on
other subjects (patient feedback: "rude", "cold", "lovely") use words it lacks. VADER's
7,500 rated words (MIT licence, the ``vadersentiment`` package) fill that gap at a lower
weight. Words that are mostly subjects in council and care feedback ("care", "support",
"help", "free") are left out: they name what the answer is about, not a stance.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

MIN_VALENCE = 1.0  # VADER rates -4..4; weaker words are noise in short answers
# subject words, request words and words the cue lexicon treats as grammar (negators, "no")
NOT_STANCES = frozenset(
    [
        "care",
        "cares",
        "cared",
        "caring",
        "support",
        "supports",
        "supported",
        "supporting",
        "help",
        "helps",
        "helped",
        "helping",
        "please",
        "like",
        "likes",
        "liked",
        "want",
        "wants",
        "wanted",
        "free",
        "freedom",
        "no",
        "yes",
        "ok",
        "okay",
        "hope",
        "hopes",
        "hoped",
        "agree",
        "agreed",
        "share",
        "shared",
        "save",
        "saves",
        "saved",
        "pay",
        "paid",
        "cut",
        "cuts",
        "protect",
        "protected",
        "protection",
        "prevent",
        "prevents",
        "security",
        "secure",
        "safe",
        "safety",
        "justice",
        "united",
        "unity",
        "benefit",
        "benefits",
        "benefit",
        "worth",
        "value",
        "values",
        "valued",
        "respect",
        "respected",
        "trust",
        "interest",
        "interested",
        "interests",
        "play",
        "plays",
        "playing",
        "fun",
        "party",
        "parties",
        "god",
        "matter",
        "matters",
        "certain",
        "sure",
        "clean",
        "cleaning",
        "rest",
        "opportunity",
        "opportunities",
        "innovation",
        "innovative",
        "reform",
        "reforms",
        "heal",
        "healthy",
        "health",
        "dear",
        "growth",
        "grow",
        "growing",
        "fire",
        "police",
        "crime",
        "cancer",
        "disease",
        "disability",
        "disabled",
        "prison",
        "war",
        "violence",
        "tax",
        "taxes",
        "debt",
        "poverty",
        "poor",
        "unemployment",
        "homeless",
        "kill",
        "killed",
        "death",
        "dead",
        "die",
    ]
)


@lru_cache(maxsize=1)
def valences() -> dict[str, float]:
    """Single words with their mean VADER rating, weak and subject words left out."""
    try:
        text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    table: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0].isalpha() or parts[0] in NOT_STANCES:
            continue
        value = float(parts[1])
        if abs(value) >= MIN_VALENCE:
            table[parts[0]] = value
    return table
