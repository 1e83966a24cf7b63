"""Sentiment of an answer's stance: a cue lexicon with negation, requests and mixed views.

Four labels: ``positive``, ``negative``, ``neutral`` (suggestions, questions, facts, and
views with no clear stance) and ``mixed`` (praise of one thing and a complaint about
another: "staff were lovely but the wait was 4 hours"), which counts as negative wherever
three classes are needed (``nlp.evaluation.three_class``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from spacy.language import Language
from spacy.tokens import Doc

from nlp.extensions import ensure_extensions, language_of
from nlp.phrase_index import Hit, PhraseIndex, add_phrase, english_keys, fold, longest_first
from nlp.sentiment_clauses import (
    CLAUSE_ENDS,
    SENTENCE_ENDS,
    ends_clause,
    hedged_fault,
    opens_clause,
)
from nlp.taxonomy import SAFE_LOADER
from nlp.valence import valences

LEXICON = Path(__file__).resolve().parent / "data" / "sentiment.yaml"
CUE_WEIGHTS = {
    "strong_positive": ("pos", 2.0),
    "positive": ("pos", 1.0),
    "strong_negative": ("neg", 2.0),
    "negative": ("neg", 1.0),
    "weak_negative": ("neg", 0.5),
    "negatable": ("negatable", 1.0),
    "neutral": ("neutral", 0.0),
    "keep": ("keep", 1.0),
    "request": ("request", 0.0),
    "imperative": ("imperative", 0.0),
    "negator": ("negator", 0.0),
    "contrast": ("contrast", 0.0),
    "nothing_to_improve": ("nothing", 1.5),
}


@dataclass(frozen=True)
class SentimentRules:
    """The knobs of the decision, tuned on nlp/data/themes-tune.jsonl only."""

    negation_window: int = 3
    request_discount: float = 0.3  # "would be great" in a wish is not praise
    negated_negative: float = 0.5  # "not bad" is only mildly positive
    after_contrast: float = 1.5  # "..., but it is too slow": the part after "but" counts more
    threshold: float = 1.0
    dominance: float = 2.0  # a mix is neutral unless one side outweighs the other this much
    question_complaint: float = 1.0  # "Why are ...?" questions complain
    too_much: float = 1.0  # "too" before a word complains, and "a bit" before a fault
    keep_weight: float = 1.0  # "continue", "keep": praise of what exists
    backoff: float = 0.25  # a VADER word's weight per rating point (cue words weigh 1)
    mixed_dominance: float = 4.0  # praise and complaint both reach the threshold: mixed,
    # unless one side outweighs the other this much


def load_lexicon(
    tokenize: Callable[[str], list[str]], path: Path = LEXICON
) -> dict[str, PhraseIndex]:
    """One cue index per language from the lexicon YAML."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
    indexes: dict[str, PhraseIndex] = {}
    for language, lists in data.items():
        index = indexes.setdefault(str(language), PhraseIndex())
        for list_name, phrases in (lists or {}).items():
            label, weight = CUE_WEIGHTS[list_name]
            for phrase in phrases or ():
                add_phrase(index, str(phrase), label, weight, tokenize, str(language))
    return indexes


@dataclass
class Weights:
    """What one answer's cues add up to."""

    pos: float = 0.0
    neg: float = 0.0
    keep: float = 0.0
    request: bool = False


def score(doc: Doc, index: PhraseIndex, rules: SentimentRules) -> Weights:
    """Add up the cues of one doc, flipping those in a negator's reach."""
    language = language_of(doc)
    keyer = (lambda w: (fold(w),)) if language == "cy" else english_keys
    hits: dict[int, Hit] = {}
    for h in longest_first(index.find([keyer(t.text) for t in doc])):
        if h.label == "nothing" and not (opens_clause(doc, h.start) and ends_clause(doc, h.end)):
            continue  # "nothing" elsewhere is a negator ("nothing works")
        if h.start not in hits or h.label == "nothing":
            hits[h.start] = h
    weights = Weights()
    negated_until = -1
    sentence_start = True
    after_contrast = False
    i = 0
    while i < len(doc):
        token = doc[i]
        hit = hits.get(i)
        if token.text in CLAUSE_ENDS:
            negated_until = min(negated_until, i)
            sentence_start = token.text in SENTENCE_ENDS
            i += 1
            continue
        if token.lower_ == "too" and i + 1 < len(doc) and doc[i + 1].is_alpha:
            weights.neg += rules.too_much  # "too slow", "too badly worded"
        elif hedged_fault(doc, i):
            weights.neg += rules.too_much  # "a little low", "a bit cold"
        if hit is None or hit.label is None:
            value = valences().get(token.lower_) if token.is_alpha else None
            if value is not None:
                factor = rules.after_contrast if after_contrast else 1.0
                weight = abs(value) * rules.backoff * factor
                if i > negated_until:
                    weights.pos += weight if value > 0 else 0.0
                    weights.neg += weight if value < 0 else 0.0
                elif value > 0:
                    weights.neg += weight  # "not helpful"
                else:
                    weights.pos += weight * rules.negated_negative  # "not rude"
            sentence_start = False
            i += 1
            continue
        factor = rules.after_contrast if after_contrast else 1.0
        negated = hit.start <= negated_until
        if hit.label == "nothing":
            weights.pos += hit.weight  # "Nothing.", "Can't think of anything."
            i = hit.end
            continue
        if hit.label == "negator":
            negated_until = hit.end - 1 + rules.negation_window
        elif hit.label == "contrast":
            after_contrast = True
        elif hit.label == "request" or (hit.label == "imperative" and sentence_start):
            weights.request = True
        elif hit.label == "negatable" and negated:
            weights.neg += hit.weight * factor
        elif hit.label in ("pos", "keep"):
            if negated:
                weights.neg += hit.weight * factor
            elif hit.label == "keep":
                # "remain unaffordable" keeps something bad: not praise
                ahead = (hits.get(k) for k in range(hit.end, hit.end + rules.negation_window))
                if not any(h is not None and h.label == "neg" for h in ahead):
                    weights.keep += hit.weight * factor
            else:
                weights.pos += hit.weight * factor
        elif hit.label == "neg":
            if negated:
                weights.pos += hit.weight * factor * rules.negated_negative
            else:
                weights.neg += hit.weight * factor
        sentence_start = False
        i = hit.end
    if len(doc) and doc[0].lower_ in ("why", "how") and doc.text.rstrip().endswith("?"):
        weights.neg += rules.question_complaint
    return weights


def decide(weights: Weights, rules: SentimentRules) -> str:
    """The label for the weights: requests are neutral, praise with a complaint is mixed."""
    pos = weights.pos
    if weights.request and weights.neg < rules.threshold:
        pos *= rules.request_discount
    pos += weights.keep * rules.keep_weight
    neg = weights.neg
    # praise proper (not "keep", not a wish) and a complaint, neither drowning the other
    praise = weights.pos if not weights.request else pos
    both = praise >= rules.threshold and neg >= rules.threshold
    if both and praise < rules.mixed_dominance * neg and neg < rules.mixed_dominance * praise:
        return "mixed"
    if pos >= rules.threshold and pos >= rules.dominance * neg:
        return "positive"
    if neg >= rules.threshold and neg >= rules.dominance * pos:
        return "negative"
    return "neutral"


class SentimentScorer:
    """Sets ``doc._.sentiment`` (three labels), ``doc._.sentiment_detail`` (four: with mixed)
    and ``doc._.sentiment_score`` (positive minus negative)."""

    def __init__(self, nlp: Language, rules: SentimentRules | None = None) -> None:
        tokenizer = nlp.tokenizer
        self.indexes = load_lexicon(lambda text: [t.text for t in tokenizer(text)])
        self.rules = rules or SentimentRules()

    def __call__(self, doc: Doc) -> Doc:
        index = self.indexes.get(language_of(doc)) or self.indexes["en"]
        weights = score(doc, index, self.rules)
        detail = decide(weights, self.rules)
        doc._.sentiment_detail = detail
        # results, charts and exports count three labels: the complaint in a mixed view shows
        doc._.sentiment = "negative" if detail == "mixed" else detail
        doc._.sentiment_score = weights.pos + weights.keep - weights.neg
        return doc


@Language.factory("copro_sentiment")
def make_sentiment(nlp: Language, name: str) -> SentimentScorer:
    """The rule-based sentiment scorer."""
    ensure_extensions()
    return SentimentScorer(nlp)
