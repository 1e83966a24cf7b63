"""`copro consultation poster SLUG`: both codes hold the expected addresses, both addresses
are printed as text, English and Welsh where the consultation has Welsh; a bad request is
refused politely and writes nothing."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.consultations import load_file
from bot.i18n.catalogue import load_catalogue
from bot.posters.drawing import draw_poster
from bot.posters.plan import plan_poster, qr_modules
from config.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
WEB = "https://consult.example.gov.uk/c/victoria-park"
TELEGRAM = "https://t.me/AberhafrenBot?start=victoria-park"


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COPRO_DATABASE_URL", f"sqlite:///{tmp_path / 'copro.db'}")
    monkeypatch.setenv("COPRO_PUBLIC_URL", "https://consult.example.gov.uk/")
    monkeypatch.setenv("COPRO_BOT_USERNAME", "@AberhafrenBot")
    shipped = ROOT / "config" / "consultations" / "victoria-park.yaml"
    imported = CliRunner().invoke(app, ["consultation", "import", str(shipped)])
    assert imported.exit_code == 0, imported.output
    return tmp_path


def victoria_park_plan():
    settings = Settings()
    loaded = load_file(ROOT / "config/consultations/victoria-park.yaml", settings.zone)
    return loaded.consultation, load_catalogue(settings.zone)


def drawn_modules(figure, gid: str) -> set[tuple[int, int]]:
    """The dark squares drawn in the code `gid`, as (column, row): what a scanner reads."""
    axes = next(a for a in figure.axes if a.get_gid() == gid)
    squares = axes.collections[0].get_paths()
    return {(round(p.vertices[:, 0].min()), round(p.vertices[:, 1].min())) for p in squares}


def test_each_code_draws_exactly_the_modules_of_its_address() -> None:
    consultation, words = victoria_park_plan()
    plan = plan_poster(consultation, "https://consult.example.gov.uk", "AberhafrenBot", words)
    figure = draw_poster(plan)
    for gid, expected in (("qr-web", WEB), ("qr-telegram", TELEGRAM)):
        regenerated = qr_modules(expected)
        dark = {(x, y) for y, row in enumerate(regenerated) for x, on in enumerate(row) if on}
        assert drawn_modules(figure, gid) == dark, gid
    assert drawn_modules(figure, "qr-web") != drawn_modules(figure, "qr-telegram")


def test_the_svg_poster_prints_both_addresses_and_the_welsh(settings: Path) -> None:
    result = CliRunner().invoke(app, ["consultation", "poster", "victoria-park",
                                      "--out", "poster.svg"])
    assert result.exit_code == 0, result.output
    assert WEB in result.output and TELEGRAM in result.output
    svg = (settings / "poster.svg").read_text()
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    joined = " ".join(texts)
    for words in (WEB, TELEGRAM, "Victoria Park: design it with us", "Take part online",
                  "Take part on Telegram", "Cymerwch ran ar-lein", "Cymerwch ran ar Telegram"):
        assert words in joined, words
    assert "Parc Victoria" in joined


def test_the_pdf_poster_is_the_default_and_links_both_addresses(settings: Path) -> None:
    result = CliRunner().invoke(app, ["consultation", "poster", "victoria-park"])
    assert result.exit_code == 0, result.output
    pdf = (settings / "victoria-park-poster.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    links = re.findall(rb"/URI \(([^)]*)\)", pdf)
    assert sorted(links) == sorted([WEB.encode(), TELEGRAM.encode()])
    assert b"Victoria Park: design it with us" in pdf  # the document's title


def test_a_consultation_in_english_only_gets_an_english_poster() -> None:
    consultation, words = victoria_park_plan()
    english = replace(consultation, languages=("en",))
    plan = plan_poster(english, "https://consult.example.gov.uk", "AberhafrenBot", words)
    assert plan.languages == ("en",)
    assert plan.titles == ("Victoria Park: design it with us",)
    assert plan.codes[0].headings == ("Take part online",)


@pytest.mark.parametrize(
    ("argv", "env", "said"),
    [
        (["no-such-thing"], {}, "No consultation called 'no-such-thing'"),
        (["victoria-park"], {"COPRO_PUBLIC_URL": "http://127.0.0.1:8000"},
         "COPRO_PUBLIC_URL is http://127.0.0.1:8000, and it is an address on this computer"),
        (["victoria-park"], {"COPRO_BOT_USERNAME": ""}, "needs the bot's username"),
        (["victoria-park", "--bot", "not a bot"], {}, "needs the bot's username"),
        (["victoria-park", "--out", "poster.docx"], {}, "poster.docx is none of them"),
    ],
)
def test_a_poster_that_cannot_be_made_is_refused_politely_and_nothing_is_written(
    settings: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str], env: dict[str, str],
    said: str,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(app, ["consultation", "poster", *argv])
    assert result.exit_code == 2
    assert said in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert not [p for p in settings.iterdir() if "poster" in p.name]
