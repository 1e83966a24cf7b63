"""Results of a consultation: counts, breakdowns, themes and quotes, with small groups hidden."""

from __future__ import annotations

from bot.results.building import MIN_GROUP, RoundNotFound, build_results
from bot.results.model import (
    COMPLEMENT,
    SMALL,
    Breakdown,
    Count,
    GroupResult,
    OptionResult,
    QuestionResult,
    Results,
    RoundResult,
    ScaleSummary,
    TextSummary,
    ThemeResult,
)

__all__ = [
    "COMPLEMENT",
    "MIN_GROUP",
    "SMALL",
    "Breakdown",
    "Count",
    "GroupResult",
    "OptionResult",
    "QuestionResult",
    "Results",
    "RoundNotFound",
    "RoundResult",
    "ScaleSummary",
    "TextSummary",
    "ThemeResult",
    "build_results",
]
