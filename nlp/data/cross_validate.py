"""K-fold cross-validation of the theme tagger on the tune split (the test split is never read).

Run from the repository root: ``python nlp/data/cross_validate.py [--folds 5] [--repeats 3]``.
The tune rows are dealt into folds (stratified by source, fixed seeds). For every fold it
scores, on that held-out fold only:

- ``rules``: the taxonomy rules (they learn nothing from the other folds);
- ``rules+question``: the rules given each answer's question (``sources.yaml``): the
  question's themes are a prior (``nlp/question.py``); like ``rules``, nothing is learnt;
- ``textcat``: a bag-of-words ``textcat_multilabel`` trained on the other folds;
- ``rules+textcat``: the rules plus the classifier's confident labels (probability >= 0.7);
- ``rules+boost``: the classifier's probability added to the rules' score, so that one weak
  phrase the classifier agrees with is enough.

and prints per-fold and mean macro-F1 (themes present in the fold) and the sentiment macro-F1
of the rules. The figure to judge a change by is the mean over folds and repeats. Caveat: the
rules themselves were written while reading the tune split, so their figure here flatters them;
only the classifier's columns are truly held out.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.training import Example

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from nlp import Tagger, load_taxonomy
from nlp.evaluation import SENTIMENTS, contexts_of, read_contexts, read_labelled, score_labels
from nlp.themes import THRESHOLD, ThemeMatcher

TUNE = Path(__file__).resolve().parent / "themes-tune.jsonl"
SOURCES = Path(__file__).resolve().parent / "sources.yaml"
UNION_THRESHOLD = 0.7
Row = dict[str, Any]


def macro_f1(
    gold: Sequence[Sequence[str]], predicted: Sequence[set[str]], keys: list[str]
) -> float:
    """Mean F1 over the labels present in `gold`."""
    scores = [s.f1 for s in score_labels(gold, predicted, keys) if s.support]
    return sum(scores) / len(scores) if scores else 0.0


def folds_of(rows: Sequence[Row], k: int, seed: int) -> list[list[int]]:
    """Row indices dealt into k folds, source by source, after a seeded shuffle."""
    by_source: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_source[str(row.get("source", ""))].append(i)
    rng = random.Random(seed)
    folds: list[list[int]] = [[] for _ in range(k)]
    dealt = 0
    for source in sorted(by_source):
        indices = by_source[source]
        rng.shuffle(indices)
        for i in indices:
            folds[dealt % k].append(i)
            dealt += 1
    return folds


def train_textcat(rows: Sequence[Row], keys: list[str], seed: int = 0) -> Language:
    """A bag-of-words multi-label classifier trained on `rows`."""
    nlp = spacy.blank("en")
    model = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False,
             "ngram_size": 1, "no_output_layer": False, "length": 2**16}  # fmt: skip
    textcat = nlp.add_pipe("textcat_multilabel", config={"model": model})
    for key in keys:
        textcat.add_label(key)  # type: ignore[attr-defined]
    examples = [
        Example.from_dict(
            nlp.make_doc(str(r["text"])), {"cats": {k: float(k in r["themes"]) for k in keys}}
        )
        for r in rows
    ]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    for _epoch in range(15):
        rng.shuffle(examples)
        for i in range(0, len(examples), 16):
            nlp.update(examples[i : i + 16], sgd=optimizer, drop=0.2)
    return nlp


def rule_scores(tagger: Tagger, texts: Sequence[str]) -> list[dict[str, float]]:
    """The rules' score per theme for each text."""
    matcher = tagger.nlp.get_pipe("copro_themes")
    assert isinstance(matcher, ThemeMatcher)
    return [matcher.scores(doc) for doc in tagger.nlp.pipe(texts)]


def combine(
    rules: set[str], scores: dict[str, float], cats: dict[str, float], keys: list[str]
) -> dict[str, set[str]]:
    """The themes each method picks for one answer, from the rules and the classifier."""
    return {
        "textcat": {c for c, v in cats.items() if v >= 0.5},
        "rules+textcat": rules | {c for c, v in cats.items() if v >= UNION_THRESHOLD},
        "rules+boost": {c for c in keys if scores.get(c, 0.0) + cats.get(c, 0.0) >= THRESHOLD},
    }


def run(k: int, repeats: int, model: str, with_textcat: bool) -> dict[str, list[float]]:
    """Per-fold macro-F1 of each method, over all repeats."""
    keys = load_taxonomy().keys
    rows = read_labelled(TUNE)
    texts = [str(r["text"]) for r in rows]
    gold = [list(r["themes"]) for r in rows]
    tagger = Tagger(model=model)
    results = tagger.tag_many(texts)
    rules = [set(r.themes) for r in results]
    contexts = contexts_of(rows, read_contexts(SOURCES))
    with_question = [set(r.themes) for r in tagger.tag_many(texts, None, contexts)]
    scores = rule_scores(tagger, texts)
    methods: dict[str, list[float]] = defaultdict(list)
    for repeat in range(repeats):
        for fold in folds_of(rows, k, seed=2050 + repeat):
            fold_gold = [gold[i] for i in fold]
            methods["rules"].append(macro_f1(fold_gold, [rules[i] for i in fold], keys))
            predicted = [with_question[i] for i in fold]
            methods["rules+question"].append(macro_f1(fold_gold, predicted, keys))
            sentiment_gold = [[str(rows[i].get("sentiment", "neutral"))] for i in fold]
            sentiment_pred = [{results[i].sentiment} for i in fold]
            methods["sentiment"].append(macro_f1(sentiment_gold, sentiment_pred, list(SENTIMENTS)))
            if not with_textcat:
                continue
            held = set(fold)
            clf = train_textcat([r for i, r in enumerate(rows) if i not in held], keys, repeat)
            picked: dict[str, list[set[str]]] = defaultdict(list)
            for i, doc in zip(fold, clf.pipe([texts[i] for i in fold]), strict=True):
                for name, themes in combine(rules[i], scores[i], doc.cats, keys).items():
                    picked[name].append(themes)
            for name, predicted in picked.items():
                methods[name].append(macro_f1(fold_gold, predicted, keys))
    return methods


def main() -> None:
    """Print mean (and spread of) held-out macro-F1 per method."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--model", default="blank:en")
    parser.add_argument("--no-textcat", action="store_true", help="score the rules only")
    options = parser.parse_args()
    methods = run(options.folds, options.repeats, options.model, not options.no_textcat)
    print(f"{options.folds}-fold x {options.repeats} on {TUNE.name}, {options.model}")
    for name, values in methods.items():
        spread = statistics.stdev(values) if len(values) > 1 else 0.0
        label = "sentiment (rules)" if name == "sentiment" else f"themes {name}"
        print(f"{label:24} mean macro-F1 {statistics.mean(values):.3f}  sd {spread:.3f}")


if __name__ == "__main__":
    main()
