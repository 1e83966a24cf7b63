"""The ``Doc._`` attributes Copro's pipeline components read and write."""

from __future__ import annotations

from spacy.tokens import Doc

_DOC_EXTENSIONS = (
    "language",  # "en" or "cy": set by the caller before the pipeline runs
    "question_themes",  # dict[str, list[str]]: the question's themes -> its words (caller)
    "themes",  # list[str]: theme keys found
    "theme_evidence",  # dict[str, list[str]]: theme key -> matched words
    "sentiment",  # "positive" | "neutral" | "negative" (a mixed view counts as negative)
    "sentiment_detail",  # the same, or "mixed": praise and a complaint in one answer
    "sentiment_score",  # float, positive above zero
    "pii",  # list[tuple[str, int, int]]: (label, start char, end char)
    "places",  # list[str]: place names outside personal data, in text order
    "key_phrases",  # list[str]
)


def ensure_extensions() -> None:
    """Register the attributes once per process."""
    for name in _DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def language_of(doc: Doc) -> str:
    """The language the caller set on the doc, English when unset."""
    return doc._.language or "en"
