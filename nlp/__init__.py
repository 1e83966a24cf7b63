"""Tagging free-text answers: themes, sentiment, places, key phrases, personal data.

The names below load on first use, so a process that never tags (a webhook worker with
the tagger off) does not pay for importing spaCy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nlp.pipeline import build_pipeline, default_model
    from nlp.tagger import Tagger, TagResult, top_phrases
    from nlp.taxonomy import Taxonomy, Theme, load_taxonomy

_HOMES = {
    "TagResult": "nlp.tagger",
    "Tagger": "nlp.tagger",
    "top_phrases": "nlp.tagger",
    "Taxonomy": "nlp.taxonomy",
    "Theme": "nlp.taxonomy",
    "load_taxonomy": "nlp.taxonomy",
    "build_pipeline": "nlp.pipeline",
    "default_model": "nlp.pipeline",
}
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


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'nlp' has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)
