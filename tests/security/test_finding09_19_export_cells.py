"""Issue 12, findings 9 and 19: in an export no text column can run as a spreadsheet formula
(option labels, themes and roles too, not only free text), and no cell or title keeps a
bidirectional control or a zero-width character."""

from __future__ import annotations

import csv
import io
import json
import sys
import textwrap
import unicodedata
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from security_testkit import Clock, UowFactory

from bot.consultations import load_data, load_text
from bot.exports.rows import ExportRow, ExportScope, iter_rows
from bot.exports.writers import write_csv, write_jsonl, write_polis
from bot.results.quotes import pick_quotes
from bot.security.plain_text import INVISIBLE, without_invisible
from bot.services.consultations import load_stored
from bot.services.ports import QuoteCandidate

WHEN = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
FORMULAS = ('=HYPERLINK("http://evil.example","Click")', "+1+cmd|' /C calc'!A0",
            "-2+3", "@SUM(A1:A9)", "\tx", "\uff1d1+1")
SPOOFED = "photo\u202egpj.exe and a hid\u200bden wo\u2060rd\ufeff, \u2066isolated\u2069"


def row(**text: str) -> ExportRow:
    fields = dict(participant="P-" + "0" * 32, role="resident", language="en",
                  round="discover", question="visits", answer="weekly",
                  answer_label="Weekly", themes="", sentiment="", answered_at=WHEN.isoformat())
    fields.update(text)
    return ExportRow(**fields, question_type="single", when=WHEN)


def csv_cells(rows: list[ExportRow]) -> list[str]:
    out = io.StringIO()
    write_csv(rows, out, lambda n: None)
    return [cell for line in list(csv.reader(io.StringIO(out.getvalue())))[1:] for cell in line]


@pytest.mark.parametrize("formula", FORMULAS)
@pytest.mark.parametrize("column", ["answer_label", "role", "themes", "answer", "question"])
def test_finding09_every_text_column_is_neutralised_in_csv(column: str, formula: str) -> None:
    [cell] = [c for c in csv_cells([row(**{column: formula})]) if formula in c]

    assert cell == "'" + formula


def test_finding09_a_plain_number_stays_a_number_and_polis_authors_are_inert() -> None:
    assert "-2" in csv_cells([row(answer="-2", answer_label="")])
    out = io.StringIO()
    text = ExportRow(**{**row().__dict__, "answer": "=1+1", "participant": "@me",
                        "question_type": "text"})
    write_polis([text], out, lambda n: None)
    [_, written] = list(csv.reader(io.StringIO(out.getvalue())))
    assert written[3] == "'@me" and written[7] == "'=1+1"


def test_finding19_the_invisible_characters_are_every_format_and_control_character() -> None:
    expected = {chr(c) for c in range(sys.maxunicode + 1)
                if unicodedata.category(chr(c)) in ("Cf", "Cc")} - set("\t\n\r")
    removed = {ch for ch in expected if INVISIBLE.fullmatch(ch)}

    assert removed == expected
    assert without_invisible(SPOOFED) == "photogpj.exe and a hidden word, isolated"
    assert without_invisible("Llanfair\ny\tBont") == "Llanfair\ny\tBont"


def test_finding19_consultation_titles_and_option_labels_lose_invisible_characters() -> None:
    text = textwrap.dedent("""\
        slug: spoof-test
        title: {en: "Park\u202e kcab", cy: "Par\u200bc"}
        languages: [en, cy]
        audience: [resident]
        rounds:
          - key: first
            title: {en: "First\u2066", cy: "Cyntaf"}
            questions:
              - key: colour
                type: single
                text: {en: "Which\u200d colour?", cy: "Pa liw?"}
                options:
                  - {key: red, text: {en: "Red\u202e", cy: "Coch"}}
                  - {key: blue, text: {en: "Blue", cy: "Glas\ufeff"}}
        """)
    consultation = load_text(text).consultation
    [round_] = consultation.rounds
    [question] = round_.questions

    shown = [consultation.title.get("en"), consultation.title.get("cy"), round_.title.get("en"),
             question.text.get("en"), *(o.text.get(x) for o in question.options
                                        for x in ("en", "cy"))]
    assert shown == ["Park kcab", "Parc", "First", "Which colour?", "Red", "Coch", "Blue", "Glas"]


def test_finding19_a_definition_stored_before_is_shown_without_invisible_characters() -> None:
    text = textwrap.dedent("""\
        slug: spoof-test
        title: {en: "Park"}
        languages: [en]
        audience: [resident]
        rounds:
          - key: first
            title: {en: "First"}
            questions:
              - {key: why, type: text, text: {en: "Why?"}}
        """)
    stored = load_text(text).definition
    stored["title"]["en"] = "Park\u202e kcab"  # as an import before this fix kept it

    assert load_data(stored).consultation.title.get("en") == "Park kcab"


def test_finding19_free_text_in_an_export_has_no_invisible_characters(
    consultations: dict[str, int], new_uow: UowFactory, clock: Clock
) -> None:
    with new_uow() as uow:
        first = uow.consultations.rounds(consultations["victoria-park"])[0]
        question = uow.consultations.question_ids(first.id)["unsafe_why"]
        person = uow.participants.get_or_create(5_000_000_009)
        uow.participants.enrol(person.id, consultations["victoria-park"], role="resident",
                               language="en", consented_at=clock())  # fmt: skip
        uow.answers.put(person.id, first.id, question, None, text=SPOOFED)
        [claimed] = uow.answers.claim_untagged(1, "w")
        uow.answers.save_tags(claimed.id, worker="w", tagger="t", themes=["safety\u200b"],
                              redacted=SPOOFED)
        uow.commit()
    zone = ZoneInfo("Europe/London")
    with new_uow() as uow:
        scope = ExportScope(load_stored(uow, "victoria-park", clock(), zone))
        rows = list(iter_rows(uow, scope, "k", zone, tagger=lambda: None))  # type: ignore[arg-type,return-value]
    out = io.StringIO()
    write_jsonl(rows, out, lambda n: None)

    [exported] = [json.loads(line) for line in out.getvalue().splitlines()]
    assert exported["answer"] == "photogpj.exe and a hidden word, isolated"
    assert exported["themes"] == "safety"
    assert not any(INVISIBLE.search(cell) for cell in csv_cells(rows))


def test_finding19_report_quotes_are_shown_without_invisible_characters() -> None:
    candidates = [
        QuoteCandidate(1, "resident", "en", "Ring 07700\u200b900123 about the gate, please",
                       ("safety",), "negative"),
        QuoteCandidate(2, "resident", "en", "The gate\u202e by the lake is broken again",
                       ("safety",), "negative"),
    ]

    quotes = pick_quotes(candidates, ["safety"], set())

    assert quotes == {"safety": ("The gate by the lake is broken again",)}, "no phone number"
