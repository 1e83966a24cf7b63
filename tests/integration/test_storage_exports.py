"""The answers an export writes: streamed in chunks, in round, participant and question
order, with who gave them (while known) and their tags (once tagged)."""

from __future__ import annotations

from datetime import timedelta

from storage_testkit import Seed

from storage import SqlUnitOfWork
from storage.repositories.exports import ExportSelection


def answer_everything(uow: SqlUnitOfWork, seed: Seed) -> None:
    q = seed.questions
    with uow:
        uow.answers.put(seed.bob, seed.round_id, q["visits"], "weekly")
        uow.answers.put(seed.alice, seed.round_id, q["ideas"], None, text="More benches")
        uow.answers.put(seed.alice, seed.round_id, q["visits"], "daily")
        uow.answers.put(seed.bob, seed.round_id, q["barriers"], ["dark", "dogs"])
        uow.answers.put(seed.bob, seed.round_id, q["ideas"], None, text="Lights, call 07700")
        (claimed, *_) = uow.answers.claim_untagged(1, "w")
        uow.answers.save_tags(claimed.id or 0, worker="w", tagger="t", themes=["seating"],
                              sentiment="positive", redacted="More benches")
        uow.commit()


def test_answers_stream_in_chunks_in_export_order(uow: SqlUnitOfWork, seed: Seed) -> None:
    answer_everything(uow, seed)
    everything = ExportSelection(seed.consultation_id)

    with uow:
        assert uow.exports.count(everything) == 5
        batches = list(uow.exports.batches(everything, chunk=2))

    assert [len(batch) for batch in batches] == [2, 2, 1]
    rows = [row for batch in batches for row in batch]
    assert [(r.participant_id, r.question_key) for r in rows] == [
        (seed.alice, "visits"), (seed.alice, "ideas"),
        (seed.bob, "visits"), (seed.bob, "barriers"), (seed.bob, "ideas"),
    ]
    first, ideas = rows[0], rows[1]
    assert (first.telegram_user_id, first.role, first.language) == (
        Seed.alice_user_id, "resident", "en")
    assert (first.round_key, first.kind, first.value, first.text) == (
        "discover", "single", "daily", None)
    assert (ideas.themes, ideas.sentiment, ideas.redacted) == (
        ["seating"], "positive", "More benches")
    assert rows[4].redacted is None and rows[4].text == "Lights, call 07700"  # not tagged yet


def test_a_selection_narrows_to_a_round_a_question_or_free_text(
    uow: SqlUnitOfWork, seed: Seed
) -> None:
    answer_everything(uow, seed)
    selections = {
        "ideas": ExportSelection(seed.consultation_id, question_key="ideas"),
        "text": ExportSelection(seed.consultation_id, text_only=True),
        "decide": ExportSelection(seed.consultation_id, round_key="decide"),
        "discover": ExportSelection(seed.consultation_id, round_key="discover"),
        "elsewhere": ExportSelection(seed.consultation_id + 1),
    }

    with uow:
        counts = {name: uow.exports.count(s) for name, s in selections.items()}
        texts = [r.question_key for b in uow.exports.batches(selections["text"], 10) for r in b]

    assert counts == {"ideas": 2, "text": 2, "decide": 0, "discover": 5, "elsewhere": 0}
    assert texts == ["ideas", "ideas"]


def test_an_anonymised_answer_has_no_person(uow: SqlUnitOfWork, seed: Seed) -> None:
    answer_everything(uow, seed)
    with uow:
        uow.participants.delete(seed.bob)
        uow.answers.put(seed.alice, seed.round_id, seed.questions["barriers"], ["toilets"])
        uow.answers.anonymise([seed.round_id], answered_before=max(
            a.answered_at for a in uow.answers.for_round(seed.round_id)) + timedelta(seconds=1))
        uow.commit()

    with uow:
        rows = [r for b in uow.exports.batches(ExportSelection(seed.consultation_id), 10)
                for r in b]

    assert rows and all(r.participant_id is None and r.telegram_user_id is None for r in rows)
    assert all(r.role is None and r.text is None for r in rows)

