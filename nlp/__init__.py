"""Tagging free-text answers: themes, sentiment, places, key phrases, personal data."""

from __future__ import annotations

from nlp.pipeline import build_pipeline, default_model
from nlp.tagger import Tagger, TagResult, top_phrases
from nlp.taxonomy import Taxonomy, Theme, load_taxonomy

__all__ = [
    "TagResult",
    "Tagger",
    "Taxonomy",
    "Theme",
    "build_pipeline",
    "default_model",
    "load_taxonomy",
    "top_phrases",
]
