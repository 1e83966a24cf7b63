"""Issue 16 item 4: what stops a round going live is said in the officer's language."""

from __future__ import annotations

from datetime import UTC

import pytest

from bot.consultations import Problem, readiness
from bot.i18n.catalogue import load_catalogue

CATALOGUE = load_catalogue(UTC)


@pytest.mark.parametrize("problem", [readiness.NO_PRIVACY, readiness.NO_PRIVACY_DRAFT])
def test_the_privacy_problem_reads_in_english_and_welsh(problem: Problem) -> None:
    english, welsh = CATALOGUE.text(problem.key, "en"), CATALOGUE.text(problem.key, "cy")
    assert "privacy block" in english and "bloc privacy" in welsh
    assert english != welsh


def test_a_draft_refusal_names_no_date_in_either_language() -> None:
    for language in ("en", "cy"):
        text = CATALOGUE.text("round_not_open_undated", language)
        assert "{" not in text and text != CATALOGUE.text("round_not_open", language, opens="x")
