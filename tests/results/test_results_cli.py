"""`copro report` and `copro export` on the command line, mounted on a local typer app."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import typer
from results_testkit import PHONES, SLUG
from typer.testing import CliRunner

from bot.bootstrap import App
from bot.cli import report_commands

cli = typer.Typer()
cli.command("report")(report_commands.report)
cli.command("export")(report_commands.export)
runner = CliRunner()


@pytest.fixture(autouse=True)
def _settings(answered: App, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPRO_DATABASE_URL", answered.settings.database_url)
    monkeypatch.setenv("COPRO_SECRET_KEY", "test-key")
    monkeypatch.setenv("COPRO_NLP_MODEL", "blank:en")


def test_report_writes_html_in_the_language_asked(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(cli, ["report", SLUG, "--language", "cy", "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert '<html lang="cy">' in html and 'alt="Siart bar: ' in html
    assert not any(p in html for p in PHONES)


def test_report_writes_a_pdf_for_one_round(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    result = runner.invoke(cli, ["report", SLUG, "--round", "design", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")


def test_report_refuses_an_unknown_consultation_language_or_round(tmp_path: Path) -> None:
    out = str(tmp_path / "r.html")
    assert runner.invoke(cli, ["report", "nowhere", "--out", out]).exit_code == 1
    assert runner.invoke(cli, ["report", SLUG, "--round", "x", "--out", out]).exit_code == 1
    assert runner.invoke(cli, ["report", SLUG, "--language", "fr", "--out", out]).exit_code == 2


def test_export_writes_each_format(tmp_path: Path) -> None:
    for export_format in ("csv", "xlsx", "jsonl", "polis"):
        out = tmp_path / f"answers.{export_format}"
        result = runner.invoke(
            cli, ["export", SLUG, "--format", export_format, "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
        assert "pseudonymised and redacted" in result.output
        assert out.stat().st_size > 100
    with (tmp_path / "answers.csv").open(encoding="utf-8") as handle:
        assert next(csv.reader(handle))[0] == "participant"


def test_export_with_personal_data_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    out = tmp_path / "personal.csv"
    result = runner.invoke(
        cli, ["export", SLUG, "--out", str(out), "--include-personal-data"]
    )
    assert result.exit_code == 2
    assert "--admin" in result.output and "two-factor" in result.output
    assert not out.exists()


def test_export_with_personal_data_asks_the_admin_for_a_code(
    answered: App, tmp_path: Path
) -> None:
    out = tmp_path / "personal.csv"
    command = ["export", SLUG, "--out", str(out), "--include-personal-data", "--admin", "77"]
    refused = runner.invoke(cli, command, input="123456\n")
    assert refused.exit_code == 2 and "not accepted" in refused.output
    assert not out.exists()


def test_export_refuses_an_unknown_format(tmp_path: Path) -> None:
    result = runner.invoke(cli, ["export", SLUG, "--format", "pdf", "--out",
                                 str(tmp_path / "x")])
    assert result.exit_code == 2
