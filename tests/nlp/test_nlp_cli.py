"""``copro nlp tag`` and ``copro nlp evaluate`` (the typer sub-app in nlp/cli.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlp.cli import app

runner = CliRunner()
TEST_SPLIT = Path(__file__).resolve().parents[2] / "nlp" / "data" / "themes-test.jsonl"


def test_tag_reads_standard_input_and_writes_one_line_per_answer() -> None:
    lines = [
        {"id": 1, "text": "The bins are never emptied, email me at a@b.com"},
        {"id": "x2", "text": "Mae angen mwy o fysiau", "language": "cy"},
    ]
    stdin = "\n".join(json.dumps(line) for line in lines) + "\n\n"
    result = runner.invoke(app, ["tag", "--model", "blank:en"], input=stdin)
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == [1, "x2"]
    assert out[0]["themes"] == ["waste"]
    assert out[0]["sentiment"] == "negative"
    assert out[0]["redacted"] == "The bins are never emptied, email me at [EMAIL]"
    assert out[0]["pii"] == [{"label": "EMAIL", "start": 40, "end": 47}]
    assert out[1]["themes"] == ["transport"]
    assert set(out[0]) >= {"id", "themes", "sentiment", "redacted", "pii", "places", "key_phrases"}


def test_tag_reads_a_file_and_a_custom_taxonomy(tmp_path: Path) -> None:
    answers = tmp_path / "in.jsonl"
    answers.write_text('{"id": 7, "text": "The loos are shut"}\n', encoding="utf-8")
    themes = tmp_path / "themes.yaml"
    themes.write_text("themes:\n  - key: toilets\n    patterns: [loo, toilet*]\n", "utf-8")
    result = runner.invoke(
        app, ["tag", "--model", "blank:en", "--themes", str(themes), str(answers)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["themes"] == ["toilets"]


def test_tag_refuses_a_line_that_is_not_json() -> None:
    result = runner.invoke(app, ["tag", "--model", "blank:en"], input="not json\n")
    assert result.exit_code != 0
    assert "line 1" in result.output


def test_evaluate_prints_a_table_and_ends_with_a_json_line_of_figures() -> None:
    result = runner.invoke(app, ["evaluate", str(TEST_SPLIT), "--model", "blank:en"])
    assert result.exit_code == 0, result.output
    assert "macro-F1" in result.stdout
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["n"] == 202
    assert set(figures["per_theme"]["housing"]) == {"precision", "recall", "f1", "support"}
    assert 0 < figures["theme_macro_f1"] <= 1
    assert 0 < figures["sentiment_macro_f1"] <= 1


def test_tag_reads_an_optional_context_per_line() -> None:
    lines = [
        {"id": 1, "text": "Put more lights up along the alley"},
        {"id": 2, "text": "Put more lights up along the alley", "context": "How can we cut crime?"},
    ]
    stdin = "\n".join(json.dumps(line) for line in lines) + "\n"
    result = runner.invoke(app, ["tag", "--model", "blank:en"], input=stdin)
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert "safety" not in first["themes"]
    assert second["evidence"]["safety"] == ["question: crime"]


def test_tag_refuses_a_context_that_is_not_text() -> None:
    result = runner.invoke(
        app, ["tag", "--model", "blank:en"], input='{"text": "a", "context": 1}\n'
    )
    assert result.exit_code != 0
    assert "line 1" in result.output


def test_evaluate_can_give_each_source_its_question(tmp_path: Path) -> None:
    labelled = tmp_path / "labelled.jsonl"
    rows = [
        {"source": "crime", "text": "Put more lights up along the alley", "themes": ["safety"],
         "sentiment": "neutral"},
        {"source": "other", "text": "Put more lights up along the alley", "themes": [],
         "sentiment": "neutral"},
    ]  # fmt: skip
    labelled.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    sources = tmp_path / "sources.yaml"
    sources.write_text('crime: "How can we cut crime?"\n', encoding="utf-8")
    args = ["evaluate", str(labelled), "--model", "blank:en"]
    without = json.loads(runner.invoke(app, args).stdout.strip().splitlines()[-1])
    result = runner.invoke(app, [*args, "--context-from-source", str(sources)])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert without["context"] is None and figures["context"] == str(sources)
    assert without["per_theme"]["safety"]["recall"] == 0.0
    assert figures["per_theme"]["safety"] == {
        "precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1
    }  # fmt: skip


def test_the_shipped_sources_name_the_labelled_conversations() -> None:
    from nlp.evaluation import read_contexts, read_labelled

    questions = read_contexts(TEST_SPLIT.with_name("sources.yaml"))
    tune = read_labelled(TEST_SPLIT.with_name("themes-tune.jsonl"))
    assert {r["source"] for r in tune} == set(questions)


def test_evaluate_by_source_prints_each_source_and_the_means(tmp_path: Path) -> None:
    rows = [
        {"source": "a", "id": i, "text": t, "themes": th, "sentiment": s, "names": n}
        for i, (t, th, s, n) in enumerate(
            [
                ("The bins are never emptied", ["waste"], "negative", []),
                ("Lovely new buses, thank you", ["transport"], "positive", []),
            ]
        )
    ] + [
        {"source": "b", "id": 0, "text": "ask for rhys about the potholes", "themes": ["transport"],
         "sentiment": "neutral", "names": ["rhys"]},
    ]  # fmt: skip
    data = tmp_path / "two.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "--by-source", str(data), "--model", "blank:en"])
    assert result.exit_code == 0, result.output
    assert "Leave one source out" in result.stdout
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert [s["source"] for s in figures["sources"]] == ["a", "b"]
    assert figures["sources"][1]["name_recall"] == 1.0
    assert figures["sources"][0]["false_alarms"] == 0
    assert set(figures["mean"]) >= {"theme_macro_f1", "sentiment_macro_f1", "name_recall"}
    assert figures["mean_unseen"]["theme_macro_f1"] is not None


def test_evaluate_needs_a_file_or_by_source() -> None:
    result = runner.invoke(app, ["evaluate", "--model", "blank:en"])
    assert result.exit_code != 0
    assert "--by-source" in result.output


def test_item12_tag_without_a_model_says_how_to_install_the_small_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import nlp.pipeline

    monkeypatch.setattr(nlp.pipeline, "default_model", lambda: nlp.pipeline.BLANK)
    result = runner.invoke(app, ["tag"], input='{"id": 1, "text": "The bins overflow."}\n')
    assert result.exit_code == 0, result.output
    assert "no spaCy model is installed" in result.stderr
    assert "config/requirements-model.txt" in result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [1]


def test_item12_tag_with_a_model_named_says_nothing_more() -> None:
    result = runner.invoke(app, ["tag", "--model", "blank:en"], input='{"id": 1, "text": "x"}\n')
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
