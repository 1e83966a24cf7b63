"""Tag free-text answers: themes, sentiment, places, key phrases and redacted personal data."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from bot.security.plain_text import without_invisible
from nlp.extensions import ensure_extensions
from nlp.phrase_counts import count_phrases
from nlp.pipeline import build_pipeline, default_model
from nlp.redaction import redact
from nlp.themes import ThemeMatcher

MAX_CHARS = 100_000  # answers are capped far below this; longer input is cut
MAX_QUESTIONS = 1024  # questions whose themes are kept (a consultation has a few dozen)


@dataclass(frozen=True)
class TagResult:
    """What the tagger found in one answer."""

    themes: list[str]
    evidence: dict[str, list[str]]
    sentiment: str
    redacted: str
    pii: list[dict[str, Any]] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    key_phrases: list[str] = field(default_factory=list)
    # "mixed" where the answer praises and complains (then `sentiment` is "negative")
    sentiment_detail: str = "neutral"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)


def normalise_language(language: str | None) -> str:
    """``"cy-GB"`` -> ``"cy"``; empty means English."""
    return (language or "en").split("-")[0].split("_")[0].lower() or "en"


def result_from_doc(doc: Doc) -> TagResult:
    """Collect the components' annotations from a processed doc."""
    pii = doc._.pii or []
    return TagResult(
        themes=list(doc._.themes or []),
        evidence={k: list(v) for k, v in (doc._.theme_evidence or {}).items()},
        sentiment=doc._.sentiment or "neutral",
        sentiment_detail=doc._.sentiment_detail or doc._.sentiment or "neutral",
        redacted=redact(doc.text, pii),
        pii=[{"label": label, "start": start, "end": end} for label, start, end in pii],
        places=list(doc._.places or []),
        key_phrases=list(doc._.key_phrases or []),
    )


class Tagger:
    """Built once (loading a model takes seconds), then reused for every answer."""

    def __init__(
        self,
        nlp: Language | None = None,
        *,
        model: str | None = None,
        themes: Path | None = None,
        places: Path | None = None,
        classifier: Path | None = None,
        batch_size: int = 64,
    ) -> None:
        """`classifier`: a trained theme classifier (default: the ``nlp_classifier`` setting),
        used only when its recorded score beats the rules'."""
        ensure_extensions()
        if nlp is not None:
            self.model = model or str(nlp.meta.get("name", "custom"))
            self.nlp = nlp
        else:
            self.model = model or default_model()
            chosen = classifier if classifier is not None else configured_classifier()
            self.nlp = build_pipeline(self.model, themes, places, chosen)
        self.batch_size = batch_size
        self._questions: dict[tuple[str, str], dict[str, list[str]]] = {}

    def question_themes(
        self, context: str | None, language: str | None = "en"
    ) -> dict[str, list[str]]:
        """The themes a question names outright, with its words (empty without a question)."""
        text = str(context or "").strip()[:MAX_CHARS]
        matcher = self._matcher()
        if not text or matcher is None:
            return {}
        key = (text, normalise_language(language))
        found = self._questions.get(key)
        if found is None:
            if len(self._questions) >= MAX_QUESTIONS:
                self._questions.clear()
            found = matcher.subjects(self.nlp(self._doc(text, language)))
            self._questions[key] = found
        return {k: list(v) for k, v in found.items()}

    def _matcher(self) -> ThemeMatcher | None:
        if "copro_themes" not in self.nlp.pipe_names:
            return None
        matcher = self.nlp.get_pipe("copro_themes")
        return matcher if isinstance(matcher, ThemeMatcher) else None

    def _doc(self, text: str, language: str | None, context: str | None = None) -> Doc:
        # invisible characters go first: "07700\u200b900123" must not slip past the phone finder
        doc = self.nlp.make_doc(without_invisible(str(text or ""))[:MAX_CHARS])
        doc._.language = normalise_language(language)
        if context:
            doc._.question_themes = self.question_themes(context, language)
        return doc

    def tag(self, text: str, language: str = "en", context: str | None = None) -> TagResult:
        """Tag one answer; `context` is the question it replies to (its themes are a prior)."""
        return result_from_doc(self.nlp(self._doc(text, language, context)))

    def iter_tag(
        self,
        texts: Iterable[str],
        languages: Iterable[str | None] | None = None,
        contexts: Iterable[str | None] | None = None,
    ) -> Iterator[TagResult]:
        """Tag answers lazily, in batches through ``nlp.pipe``."""
        langs: Iterable[str | None] = languages if languages is not None else _always("en")
        questions: Iterable[str | None] = contexts if contexts is not None else _always(None)
        docs = (
            self._doc(text, lang, question)
            for text, lang, question in zip(texts, langs, questions, strict=False)
        )
        for doc in self.nlp.pipe(docs, batch_size=self.batch_size):
            yield result_from_doc(doc)

    def tag_many(
        self,
        texts: Sequence[str],
        languages: Sequence[str | None] | None = None,
        contexts: Sequence[str | None] | None = None,
    ) -> list[TagResult]:
        """Tag many answers; `languages` (one per text) defaults to English, and `contexts`
        (the question each answer replies to, in its language) to none."""
        if languages is not None and len(languages) != len(texts):
            raise ValueError("give one language per text")
        if contexts is not None and len(contexts) != len(texts):
            raise ValueError("give one context per text")
        return list(self.iter_tag(texts, languages, contexts))


def configured_classifier() -> Path | None:
    """``COPRO_NLP_CLASSIFIER``: the trained classifier's directory, if any."""
    from config.settings import load_settings

    return load_settings().nlp_classifier


def _always(value: str | None) -> Iterator[str | None]:
    while True:
        yield value


def top_phrases(results: Iterable[TagResult], n: int = 10) -> list[tuple[str, int]]:
    """The key phrases found in most answers to a question, with their answer counts."""
    return count_phrases((r.key_phrases for r in results), n)
