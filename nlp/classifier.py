"""An optional trained theme classifier (spaCy ``textcat_multilabel``), used only when it wins.

``copro nlp train`` trains it on labelled JSON lines (the officers' corrections are exported
in the same format), scores it and the rules by leave-one-source-out in the same run, and
writes the model with a record of both scores (``copro-record.json``). The tagger loads it
(setting ``COPRO_NLP_CLASSIFIER``) only when the record says its score beats the rules'.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import fix_random_seed  # type: ignore[attr-defined]

from nlp.extensions import ensure_extensions
from nlp.loso import FoldTrainer, Row

RECORD = "copro-record.json"
THRESHOLD = 0.5
EPOCHS = 12
BATCH = 16


def train_textcat(
    rows: Sequence[Row], keys: Sequence[str], seed: int = 0, epochs: int = EPOCHS
) -> Language:
    """A bag-of-words multi-label classifier trained on `rows`; the same seed, the same model."""
    fix_random_seed(seed)
    nlp = spacy.blank("en")
    model = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False,
             "ngram_size": 1, "no_output_layer": False, "length": 2**18}  # fmt: skip
    textcat = nlp.add_pipe("textcat_multilabel", config={"model": model})
    for key in keys:
        textcat.add_label(key)  # type: ignore[attr-defined]
    examples = [
        Example.from_dict(
            nlp.make_doc(str(r["text"]).lower()),
            {"cats": {k: float(k in r.get("themes", [])) for k in keys}},
        )
        for r in rows
    ]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    for _epoch in range(epochs):
        rng.shuffle(examples)
        for i in range(0, len(examples), BATCH):
            nlp.update(examples[i : i + BATCH], sgd=optimizer, drop=0.2)
    return nlp


def predict_themes(
    nlp: Language, texts: Sequence[str], threshold: float = THRESHOLD
) -> list[list[str]]:
    """The themes whose probability reaches `threshold`, per text."""
    docs = nlp.pipe(str(t).lower() for t in texts)
    return [[k for k, v in doc.cats.items() if v >= threshold] for doc in docs]


def fold_trainer(keys: Sequence[str], seed: int = 0) -> FoldTrainer:
    """Trains on one fold's training rows, predicts its held-out rows."""

    def train(train_rows: Sequence[Row], test_rows: Sequence[Row]) -> list[list[str]]:
        model = train_textcat(train_rows, keys, seed)
        return predict_themes(model, [str(r["text"]) for r in test_rows])

    return train


@dataclass(frozen=True)
class Record:
    """Both leave-one-source-out scores of one training run, kept beside the model."""

    textcat_theme_macro_f1: float
    rules_theme_macro_f1: float
    seed: int
    rows: int
    per_source: dict[str, dict[str, float]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    @property
    def wins(self) -> bool:
        """The classifier is used only when it beats the rules (a tie keeps the rules)."""
        return self.textcat_theme_macro_f1 > self.rules_theme_macro_f1

    def to_dict(self) -> dict[str, Any]:
        """Plain data, with the verdict."""
        return {**asdict(self), "wins": self.wins}


def save_classifier(nlp: Language, record: Record, out: Path) -> None:
    """The model directory, with its record."""
    nlp.to_disk(out)
    (out / RECORD).write_text(json.dumps(record.to_dict(), indent=2) + "\n", encoding="utf-8")


def read_record(path: Path) -> Record | None:
    """The record beside a model, or None when there is none or it cannot be read."""
    try:
        data = json.loads((path / RECORD).read_text(encoding="utf-8"))
        data.pop("wins", None)
        return Record(**data)
    except (OSError, ValueError, TypeError):
        return None


def load_if_better(path: Path | None) -> Language | None:
    """The trained model at `path` when its record beats the rules; None otherwise."""
    if path is None:
        return None
    record = read_record(Path(path))
    if record is None or not record.wins:
        return None
    return spacy.load(path)


class ClassifierThemes:
    """Replaces the rules' themes with the classifier's (evidence: its probability)."""

    def __init__(self, model: Language, order: Sequence[str], threshold: float = THRESHOLD):
        self.model = model
        self.order = {k: i for i, k in enumerate(order)}
        self.threshold = threshold

    def __call__(self, doc: Doc) -> Doc:
        cats = self.model(doc.text.lower()).cats
        found = [k for k, v in cats.items() if v >= self.threshold and k in self.order]
        found.sort(key=self.order.__getitem__)
        doc._.themes = found
        doc._.theme_evidence = {k: [f"classifier: {cats[k]:.2f}"] for k in found}
        return doc


@Language.factory("copro_classifier", default_config={"path": "", "taxonomy": ""})
def make_classifier(nlp: Language, name: str, path: str, taxonomy: str) -> ClassifierThemes:
    """The trained classifier at `path` (a pipe added only when it beats the rules)."""
    from nlp.taxonomy import load_taxonomy

    ensure_extensions()
    model = spacy.load(path)
    return ClassifierThemes(model, load_taxonomy(taxonomy or None).keys)
