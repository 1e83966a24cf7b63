"""Recall of personal data on real comments with inserted e-mails, phones, postcodes, names."""

from __future__ import annotations

from collections import Counter

import pytest
from pii_cases import make_cases

from nlp import Tagger

REQUIRED = {"EMAIL": 0.95, "PHONE": 0.95, "POSTCODE": 0.95, "ADDRESS": 0.90}


def recall_by_kind(tagger: Tagger) -> dict[str, float]:
    """Share of inserted items that the redaction covers completely, per kind."""
    cases = make_cases()
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for case, result in zip(cases, tagger.tag_many([c.text for c in cases]), strict=True):
        total[case.kind] += 1
        covered = {i for p in result.pii for i in range(p["start"], p["end"])}
        found[case.kind] += all(i in covered for i in range(case.start, case.end))
    return {kind: found[kind] / total[kind] for kind in total}


@pytest.mark.parametrize("path", ["blank", "model"])
def test_personal_data_recall(request: pytest.FixtureRequest, path: str) -> None:
    recall = recall_by_kind(request.getfixturevalue(f"{path}_tagger"))
    print(f"{path}: " + ", ".join(f"{k} recall {v:.3f}" for k, v in sorted(recall.items())))
    for kind, required in REQUIRED.items():
        assert recall[kind] >= required, (kind, recall[kind])
    assert recall["NAME"] >= 0.8  # names: printed above with and without the model


def test_the_cases_are_deterministic() -> None:
    assert make_cases() == make_cases()
    assert len(make_cases()) == 300
