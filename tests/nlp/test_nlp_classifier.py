"""The optional trained classifier: used only when its leave-one-source-out score wins."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from nlp import Tagger
from nlp.classifier import predict_themes, read_record, train_textcat
from nlp.cli import app

runner = CliRunner()
FILLER = ["near", "the", "river", "every", "week", "please", "today", "again"]


def _rows(words: dict[str, dict[str, str]]) -> list[dict[str, object]]:
    """24 rows a source: each theme named by that source's own word for it."""
    rows: list[dict[str, object]] = []
    for source, vocabulary in words.items():
        for i in range(24):
            theme = "alpha" if i % 2 else "beta"
            k = i // 2  # the same filler words for both themes
            text = f"{FILLER[k % 8]} {vocabulary[theme]} {FILLER[(k * 3) % 8]}"
            rows.append({"source": source, "id": i, "text": text, "themes": [theme]})
    return rows


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _taxonomy(path: Path, alpha: list[str], beta: list[str]) -> Path:
    path.write_text(
        f"themes:\n  - key: alpha\n    patterns: {alpha}\n  - key: beta\n    patterns: {beta}\n",
        encoding="utf-8",
    )
    return path


def _train(tmp_path: Path, rows: list[dict[str, object]], themes: Path, name: str) -> Path:
    out = tmp_path / name
    data = _write(tmp_path / f"{name}.jsonl", rows)
    args = ["train", str(data), "--out", str(out), "--themes", str(themes), "--model", "blank:en"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return out


def test_a_classifier_that_loses_to_the_rules_is_not_used(tmp_path: Path) -> None:
    # every source has its own word for each theme: the rules know them all, a classifier
    # trained on the other sources has never seen the held-out source's words
    words = {
        "one": {"alpha": "apple", "beta": "bean"},
        "two": {"alpha": "apricot", "beta": "barley"},
        "three": {"alpha": "avocado", "beta": "basil"},
    }
    themes = _taxonomy(
        tmp_path / "t.yaml", ["apple", "apricot", "avocado"], ["bean", "barley", "basil"]
    )
    out = _train(tmp_path, _rows(words), themes, "loses")
    record = read_record(out)
    assert record is not None and not record.wins
    assert record.rules_theme_macro_f1 > record.textcat_theme_macro_f1
    tagger = Tagger(model="blank:en", themes=themes, classifier=out)
    assert "copro_classifier" not in tagger.nlp.pipe_names
    assert tagger.tag("near avocado today").themes == ["alpha"]


def test_a_classifier_that_beats_the_rules_is_used(tmp_path: Path) -> None:
    # one word per theme everywhere, and rules that know none of them
    words = {s: {"alpha": "apple", "beta": "bean"} for s in ("one", "two", "three")}
    themes = _taxonomy(tmp_path / "t.yaml", ["zzyzx"], ["qwxqz"])
    out = _train(tmp_path, _rows(words), themes, "wins")
    record = read_record(out)
    assert record is not None and record.wins
    tagger = Tagger(model="blank:en", themes=themes, classifier=out)
    assert "copro_classifier" in tagger.nlp.pipe_names
    result = tagger.tag("every apple again")
    assert result.themes == ["alpha"]
    assert result.evidence["alpha"][0].startswith("classifier: ")


def test_a_model_without_a_record_is_never_used(tmp_path: Path) -> None:
    words = {s: {"alpha": "apple", "beta": "bean"} for s in ("one", "two")}
    model = train_textcat(_rows(words), ["alpha", "beta"], seed=1)
    model.to_disk(tmp_path / "bare")
    tagger = Tagger(model="blank:en", classifier=tmp_path / "bare")
    assert "copro_classifier" not in tagger.nlp.pipe_names


def test_training_is_deterministic_given_a_seed() -> None:
    words = {s: {"alpha": "apple", "beta": "bean"} for s in ("one", "two")}
    rows = _rows(words)
    texts = ["near apple today", "bean again", "the river"]
    first = train_textcat(rows, ["alpha", "beta"], seed=7)
    second = train_textcat(rows, ["alpha", "beta"], seed=7)
    assert [d.cats for d in first.pipe(texts)] == [d.cats for d in second.pipe(texts)]
    assert predict_themes(first, texts) == predict_themes(second, texts)


def test_training_needs_two_sources(tmp_path: Path) -> None:
    data = _write(tmp_path / "one.jsonl", _rows({"only": {"alpha": "apple", "beta": "bean"}}))
    result = runner.invoke(
        app, ["train", str(data), "--out", str(tmp_path / "x"), "--model", "blank:en"]
    )
    assert result.exit_code != 0
    assert "two sources" in result.output
