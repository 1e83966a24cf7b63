"""Key phrases: noun chunks with a parser, runs of content words without one."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from nlp.extensions import ensure_extensions, language_of

MAX_WORDS = 3
WORDS = Path(__file__).resolve().parent / "data" / "words.yaml"
WELSH_STOP_WORDS = frozenset(yaml.safe_load(WORDS.read_text(encoding="utf-8"))["welsh_stop_words"])
SKIP_CHUNK_START = frozenset({"DET", "PRON", "ADP", "CCONJ", "PART", "NUM", "PUNCT", "SPACE"})


def _excluded(doc: Doc) -> set[int]:
    """Token indexes inside personal data: never a key phrase."""
    spans = doc._.pii or []
    blocked: set[int] = set()
    for _label, start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            blocked.update(range(span.start, span.end))
    return blocked


def _content(token: Token, stop_words: frozenset[str] | None) -> bool:
    if not token.is_alpha or len(token.text) < 2:
        return False
    return not (token.lower_ in stop_words if stop_words is not None else token.is_stop)


def ngram_phrases(doc: Doc, blocked: set[int], stop_words: frozenset[str] | None) -> list[str]:
    """Runs of content words, cut to at most MAX_WORDS words."""
    phrases: list[str] = []
    run: list[Token] = []
    for token in [*doc, None]:
        if token is not None and token.i not in blocked and _content(token, stop_words):
            run.append(token)
            continue
        for k in range(0, len(run), MAX_WORDS):
            phrases.append(" ".join(t.lower_ for t in run[k : k + MAX_WORDS]))
        run = []
    return phrases


def chunk_phrases(doc: Doc, blocked: set[int]) -> list[str]:
    """Noun chunks without leading determiners or pronouns, lemmatised at the head."""
    phrases: list[str] = []
    for chunk in doc.noun_chunks:
        tokens = list(_trim(chunk))
        if not tokens or any(t.i in blocked for t in tokens):
            continue
        tokens = tokens[-MAX_WORDS:]
        if all(t.is_stop for t in tokens):
            continue
        words = [t.lower_ for t in tokens[:-1]] + [(tokens[-1].lemma_ or tokens[-1].text).lower()]
        phrases.append(" ".join(words))
    return phrases


def _trim(chunk: Span) -> Iterable[Token]:
    tokens = list(chunk)
    while tokens and (tokens[0].pos_ in SKIP_CHUNK_START or tokens[0].is_stop):
        tokens.pop(0)
    return [t for t in tokens if not t.is_punct and not t.is_space]


class KeyPhrases:
    """Sets ``doc._.key_phrases``, unique, in text order."""

    def __call__(self, doc: Doc) -> Doc:
        blocked = _excluded(doc)
        if language_of(doc) == "cy":
            phrases = ngram_phrases(doc, blocked, WELSH_STOP_WORDS)
        elif doc.has_annotation("DEP"):
            phrases = chunk_phrases(doc, blocked)
        else:
            phrases = ngram_phrases(doc, blocked, None)
        doc._.key_phrases = list(dict.fromkeys(phrases))
        return doc


@Language.factory("copro_key_phrases")
def make_key_phrases(nlp: Language, name: str) -> KeyPhrases:
    """The key phrase extractor."""
    ensure_extensions()
    return KeyPhrases()
