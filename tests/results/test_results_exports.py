"""Exports: the documented columns, stable pseudonyms, redacted text, readable files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from results_testkit import (
    LATE,
    LIBRARY_SLUG,
    NAMES,
    PHONES,
    SLUG,
    answered_in,
    enrol_admin,
    residents,
    workers,
)

from bot.bootstrap import App
from bot.exports import (
    COLUMNS,
    POLIS_COLUMNS,
    PersonalExportRefused,
)
from bot.results import RoundNotFound
from bot.security.pseudonyms import pseudonym

ADMIN = 4_000_000_001
DOCUMENTED = [
    "participant", "role", "language", "round", "question", "answer", "answer_label",
    "themes", "sentiment", "answered_at",
]


def export_csv(app: App, path: Path, **options) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    app.exports.export(options.pop("slug", SLUG), "csv", path, **options)
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_csv_has_exactly_the_documented_columns_one_row_per_answer(
    answered: App, tmp_path: Path
) -> None:
    rows = export_csv(answered, tmp_path / "answers.csv")
    with (tmp_path / "answers.csv").open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == DOCUMENTED == list(COLUMNS)
    expected = sum(len(plan) for round_ in ("discover", "design")
                   for _, plan in answered_in(round_))
    assert len(rows) == expected
    visits = next(r for r in rows if r["question"] == "visits")
    assert visits["answer"] == "most_days" and visits["answer_label"] == "Most days"
    multi = next(r for r in rows if r["question"] == "activities" and ";" in r["answer"])
    assert multi["answer"] == "walk;dog" and multi["answer_label"] == "Walking;Walking the dog"
    ranked = next(r for r in rows if r["question"] == "priorities")
    assert ranked["answer"] == "toilets;lighting;play"
    scale = next(r for r in rows if r["question"] == "safety_dark" and r["answer"] == "1")
    assert scale["answer_label"] == "Very unsafe"
    assert visits["answered_at"] == "2026-12-02T10:00:00+00:00"
    text = next(r for r in rows if r["question"] == "change_one" and r["sentiment"])
    assert text["sentiment"] in ("positive", "neutral", "negative")


def test_participants_are_stable_pseudonyms_never_telegram_ids(
    answered: App, tmp_path: Path
) -> None:
    rows = export_csv(answered, tmp_path / "answers.csv")
    people = {p.user_id for p in residents() + workers()}
    by_pseudonym = {pseudonym(answered.pseudonym_key, SLUG, uid): uid for uid in people}
    for row in rows:
        assert row["participant"] in by_pseudonym
        assert len(row["participant"]) == 34 and row["participant"].startswith("P-")
        assert not any(str(uid) in ",".join(row.values()) for uid in people)
    first = residents()[0].user_id
    mine = {r["participant"] for r in rows if by_pseudonym[r["participant"]] == first}
    assert len(mine) == 1, "one pseudonym across both rounds"
    again = export_csv(answered, tmp_path / "again.csv")
    assert [r["participant"] for r in again] == [r["participant"] for r in rows]


def test_the_same_person_has_another_pseudonym_in_another_consultation(
    answered: App, tmp_path: Path
) -> None:
    library = export_csv(answered, tmp_path / "library.csv", slug=LIBRARY_SLUG)
    park = export_csv(answered, tmp_path / "park.csv")
    first, key = residents()[0].user_id, answered.pseudonym_key
    assert {r["participant"] for r in library} == {pseudonym(key, LIBRARY_SLUG, first)}
    assert pseudonym(key, SLUG, first) in {r["participant"] for r in park}
    assert not {r["participant"] for r in library} & {r["participant"] for r in park}


def test_free_text_leaves_redacted_even_before_the_tagger_reached_it(
    answered: App, tmp_path: Path
) -> None:
    rows = export_csv(answered, tmp_path / "answers.csv")
    everything = (tmp_path / "answers.csv").read_text(encoding="utf-8")
    for secret in (*PHONES, *NAMES):
        assert secret not in everything
    late_one = pseudonym(answered.pseudonym_key, SLUG, LATE.user_id)
    late = next(r for r in rows if r["participant"] == late_one and r["question"] == "change_one")
    assert late["answer"] == "Call [NAME] on [PHONE] about the overflowing bins."
    assert "waste" in late["themes"].split(";")


def test_one_round_and_an_unknown_round(answered: App, tmp_path: Path) -> None:
    rows = export_csv(answered, tmp_path / "design.csv", round_key="design")
    assert {r["round"] for r in rows} == {"design"}
    with pytest.raises(RoundNotFound):
        answered.exports.export(SLUG, "csv", tmp_path / "x.csv", round_key="nowhere")
    assert not (tmp_path / "x.csv").exists()


def test_xlsx_opens_in_openpyxl_with_the_same_rows_and_text_cells(
    answered: App, tmp_path: Path
) -> None:
    rows = export_csv(answered, tmp_path / "answers.csv")
    answered.exports.export(SLUG, "xlsx", tmp_path / "answers.xlsx")
    sheet = load_workbook(tmp_path / "answers.xlsx", read_only=True).active
    table = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert table[0] == DOCUMENTED
    assert [dict(zip(DOCUMENTED, (v or "" for v in r), strict=True)) for r in table[1:]] == rows


def test_jsonl_is_one_json_object_per_answer(answered: App, tmp_path: Path) -> None:
    rows = export_csv(answered, tmp_path / "answers.csv")
    answered.exports.export(SLUG, "jsonl", tmp_path / "answers.jsonl")
    lines = (tmp_path / "answers.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == rows
    assert "hŷn" in "".join(lines), "Welsh stays readable UTF-8, not \\u escapes"


def test_polis_comments_hold_only_redacted_free_text(answered: App, tmp_path: Path) -> None:
    answered.exports.export(SLUG, "polis", tmp_path / "comments.csv", question_key="change_one")
    with (tmp_path / "comments.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(POLIS_COLUMNS)
    assert len(rows) == sum("change_one" in plan for _, plan in answered_in("discover"))
    assert [r["comment-id"] for r in rows] == [str(n) for n in range(len(rows))]
    assert all(r["author-id"].startswith("P-") and r["agrees"] == r["disagrees"] == ""
               for r in rows)
    assert all(r["timestamp"].isdigit() for r in rows)
    bodies = " ".join(r["comment-body"] for r in rows)
    assert "[PHONE]" in bodies and not any(p in bodies for p in PHONES)


def test_personal_data_needs_an_admins_fresh_code(answered: App, tmp_path: Path) -> None:
    out = tmp_path / "personal.csv"
    with pytest.raises(PersonalExportRefused, match="admin"):
        answered.exports.export(SLUG, "csv", out, include_personal_data=True)
    with pytest.raises(PersonalExportRefused, match="two-factor"):
        answered.exports.export(SLUG, "csv", out, include_personal_data=True, actor=ADMIN)
    assert not out.exists()
    enrol_admin(answered, ADMIN)
    rows = export_csv(answered, out, include_personal_data=True, actor=ADMIN)
    assert any(PHONES[0] in r["answer"] for r in rows)
    with answered.unit_of_work() as uow:
        actions = [e.action for e in uow.audit.latest(5)]
    assert "export.personal_data" in actions


def test_an_export_file_is_readable_by_its_owner_only(answered: App, tmp_path: Path) -> None:
    answered.exports.export(SLUG, "csv", tmp_path / "answers.csv")
    assert (tmp_path / "answers.csv").stat().st_mode & 0o077 == 0
    assert not list(tmp_path.glob(".*.part"))
