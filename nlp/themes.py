"""The theme matcher: finds taxonomy phrases per language and keeps them as evidence."""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, Token

from nlp.extensions import ensure_extensions, language_of
from nlp.phrase_index import Hit, PhraseIndex, add_phrase, english_keys, fold, longest_first
from nlp.places import PLACE_LABEL
from nlp.question import ReplyFrame, apply_prior
from nlp.taxonomy import Taxonomy, load_taxonomy

STRONG, WEAK = 1.0, 0.5
THRESHOLD = 1.0
LEMMA_POS = frozenset({"NOUN", "PROPN", "ADJ"})
# "Gordon Ave" names a street: the suffix says where, not what the answer is about
STREET_SUFFIXES = frozenset(
    {"road", "rd", "street", "st", "avenue", "ave", "lane", "ln", "drive", "dr", "way", "hwy"}
)
PLACE_KINDS_WITHOUT_THEME = frozenset({"street", "ward"})


def build_indexes(
    taxonomy: Taxonomy, tokenize: Callable[[str], list[str]]
) -> dict[str, PhraseIndex]:
    """One phrase index per language; Welsh patterns are expanded with mutations."""
    indexes: dict[str, PhraseIndex] = {}

    def add(language: str, phrase: str, label: str | None, weight: float) -> None:
        index = indexes.setdefault(language, PhraseIndex())
        add_phrase(index, phrase, label, weight, tokenize, language)

    for theme in taxonomy.themes:
        for language, phrases in theme.patterns.items():
            for phrase in phrases:
                add(language, phrase, theme.key, STRONG)
        for language, phrases in theme.weak.items():
            for phrase in phrases:
                add(language, phrase, theme.key, WEAK)
    for language, phrases in taxonomy.stop_phrases.items():
        for phrase in phrases:
            add(language, phrase, None, 0.0)
    return indexes


def _token_keys(token: Token, language: str) -> tuple[str, ...]:
    if language == "cy":
        return (fold(token.text),)
    keys = english_keys(token.text)
    if token.pos_ in LEMMA_POS and token.lemma_:
        lemma = fold(token.lemma_)
        if lemma not in keys:
            keys = (*keys, lemma)
    return keys


def _blocked_tokens(doc: Doc) -> set[int]:
    """Tokens inside street or ward names, and street suffixes after a capitalised word."""
    blocked: set[int] = set()
    for ent in doc.ents:
        if ent.label_ == PLACE_LABEL and ent.ent_id_ in PLACE_KINDS_WITHOUT_THEME:
            blocked.update(range(ent.start, ent.end))
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if token.lower_.rstrip(".") in STREET_SUFFIXES and prev.is_title and not prev.is_sent_start:
            blocked.add(token.i)
    return blocked


class ThemeMatcher:
    """Tags a doc with every theme whose phrases score at least the threshold."""

    def __init__(self, nlp: Language, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.order = {key: i for i, key in enumerate(taxonomy.keys)}
        tokenizer = nlp.tokenizer

        def tokenize(text: str) -> list[str]:
            return [t.text for t in tokenizer(text)]

        self.indexes = build_indexes(taxonomy, tokenize)
        self.frame = ReplyFrame(tokenize)

    def hits(self, doc: Doc) -> list[Hit]:
        """The phrase hits that count, longest first, outside blocked tokens."""
        language = language_of(doc)
        index = self.indexes.get(language) or self.indexes.get("en")
        if index is None or len(doc) == 0:
            return []
        keys = [_token_keys(token, language) for token in doc]
        blocked = _blocked_tokens(doc)
        found = longest_first(index.find(keys))
        return [
            h
            for h in found
            if h.label is not None and not any(i in blocked for i in range(h.start, h.end))
        ]

    def scores(self, doc: Doc) -> dict[str, float]:
        """Each theme's summed phrase weight in the doc (a theme counts from THRESHOLD)."""
        return self._scored(doc)[0]

    def subjects(self, doc: Doc) -> dict[str, list[str]]:
        """The themes a question names outright: reached, with at least one strong phrase.

        Its words explain a theme taken from the question (``"question: policing"``).
        """
        best = self._best(doc)
        scores: dict[str, float] = {}
        for (_start, _end, label), weight in best.items():
            scores[label] = scores.get(label, 0.0) + weight
        found: dict[str, list[str]] = {}
        for (start, end, label), weight in best.items():
            if weight >= STRONG and scores.get(label, 0.0) >= THRESHOLD:
                words = found.setdefault(label, [])
                if doc[start:end].text not in words:
                    words.append(doc[start:end].text)
        return {key: found[key] for key in sorted(found, key=self.order.__getitem__)}

    def _best(self, doc: Doc) -> dict[tuple[int, int, str], float]:
        # one span counts once per theme, however many of its patterns it matches
        # (the model's lemma "clean" and the word "cleaner" are one weak word, not two)
        best: dict[tuple[int, int, str], float] = {}
        for hit in self.hits(doc):
            assert hit.label is not None
            span = (hit.start, hit.end, hit.label)
            best[span] = max(best.get(span, 0.0), hit.weight)
        return best

    def _scored(self, doc: Doc) -> tuple[dict[str, float], dict[str, list[str]]]:
        best = self._best(doc)
        scores: dict[str, float] = {}
        evidence: dict[str, list[str]] = {}
        for (start, end, label), weight in best.items():
            scores[label] = scores.get(label, 0.0) + weight
            words = doc[start:end].text
            found = evidence.setdefault(label, [])
            if words not in found:
                found.append(words)
        return scores, evidence

    def __call__(self, doc: Doc) -> Doc:
        scores, evidence = self._scored(doc)
        found_keys = (key for key, total in scores.items() if total >= THRESHOLD)
        themes = list(found_keys)
        if doc._.question_themes:
            # the question's themes are a prior: partial evidence or a reply in its frame
            question = {k: v for k, v in doc._.question_themes.items() if k in self.order}
            has_subject = bool(themes)
            apply_prior(
                themes, evidence, scores, question, lambda: self.frame.is_reply(doc, has_subject)
            )
        themes.sort(key=self.order.__getitem__)
        doc._.themes = themes
        doc._.theme_evidence = {key: evidence[key] for key in themes}
        return doc


@Language.factory("copro_themes", default_config={"taxonomy": ""})
def make_theme_matcher(nlp: Language, name: str, taxonomy: str) -> ThemeMatcher:
    """The theme matcher for a taxonomy file ("" means the default taxonomy)."""
    ensure_extensions()
    return ThemeMatcher(nlp, load_taxonomy(taxonomy or None))
