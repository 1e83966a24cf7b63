"""Cohen's kappa and the agreement between two label files (nlp/agreement.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlp.agreement import agreement, cohen_kappa

ROOT = Path(__file__).resolve().parents[2]
LABELS = st.lists(st.sampled_from(["positive", "neutral", "negative", "mixed"]), min_size=1)


@given(LABELS)
def test_a_labelling_agrees_perfectly_with_itself(labels: list[str]) -> None:
    assert cohen_kappa(labels, labels) == pytest.approx(1.0)


@given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1))
def test_kappa_is_symmetric_and_at_most_one(pairs: list[tuple[bool, bool]]) -> None:
    a, b = [p[0] for p in pairs], [p[1] for p in pairs]
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa(b, a))
    assert -1.0 <= cohen_kappa(a, b) <= 1.0 + 1e-9


def test_kappa_of_a_known_table() -> None:
    # 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: observed 0.7, expected 0.5, kappa 0.4
    a = [True] * 25 + [False] * 25
    b = [True] * 20 + [False] * 5 + [True] * 10 + [False] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)


def test_opposite_labels_give_negative_kappa() -> None:
    assert cohen_kappa([1, 0, 1, 0], [0, 1, 0, 1]) == pytest.approx(-1.0)


def test_kappa_refuses_lists_of_different_lengths() -> None:
    with pytest.raises(ValueError):
        cohen_kappa([1, 2], [1])


def _row(i: int, themes: list[str], sentiment: str, source: str = "s") -> dict[str, object]:
    return {"source": source, "id": i, "text": str(i), "themes": themes, "sentiment": sentiment}


def test_agreement_matches_rows_by_source_and_id_and_lists_disagreements() -> None:
    first = [_row(1, ["housing"], "negative"), _row(2, ["waste"], "mixed"), _row(3, [], "neutral")]
    second = [
        _row(3, [], "neutral"),
        _row(2, ["waste"], "negative"),
        _row(1, ["housing"], "negative"),
    ]
    second.append(_row(9, ["transport"], "neutral", source="other"))
    result = agreement(first, second, ["housing", "waste", "transport"])
    assert result.n == 3
    assert result.per_theme == {"housing": 1.0, "waste": 1.0}
    assert result.sentiment3 == pytest.approx(1.0)  # mixed counts as negative
    assert result.sentiment < 1.0
    assert [d[0] for d in result.disagreements] == ["sentiment"]


def test_the_script_compares_the_committed_passes() -> None:
    folder = ROOT / "nlp" / "data" / "agreement"
    script = folder / "agreement.py"
    done = subprocess.run(
        [sys.executable, str(script), str(folder / "first.jsonl"), str(folder / "second.jsonl")],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["n"] == 100
    assert 0 <= figures["theme_mean_kappa"] <= 1
    assert set(figures) >= {"sentiment_kappa", "sentiment3_kappa", "per_theme"}
