"""Issue 12, finding 10 (retention): when retention removes an answer's text, the text
derived from it goes too: the redacted copy, the places, key phrases, theme evidence and
personal-data spans. Themes and tone stay, for the counts."""

from __future__ import annotations

from datetime import timedelta

from security_testkit import Clock, UowFactory

from bot.services.retention import apply_retention
from storage.tables import TagRow

SLUG = "victoria-park"
TEXT = "The gate by Heol y Bont is broken, ring Nia on 07700 900123"
REDACTED = "The gate by [ADDRESS] is broken, ring [NAME] on [PHONE]"


def test_finding10_retention_deletes_derived_text_with_the_answer(
    consultations: dict[str, int], new_uow: UowFactory, clock: Clock
) -> None:
    closes = clock()
    with new_uow() as uow:
        rounds = list(uow.consultations.rounds(consultations[SLUG]))
        for round_ in rounds:
            uow.consultations.schedule_round(round_.id, closes - timedelta(days=30), closes)
            uow.consultations.set_round_state(round_.id, "closed")
        question = uow.consultations.question_ids(rounds[0].id)["unsafe_why"]
        person = uow.participants.get_or_create(5_000_000_010)
        uow.participants.enrol(person.id, consultations[SLUG], role="resident", language="en",
                               consented_at=closes)  # fmt: skip
        uow.answers.put(person.id, rounds[0].id, question, None, text=TEXT)
        [claimed] = uow.answers.claim_untagged(1, "w")
        uow.answers.save_tags(
            claimed.id, worker="w", tagger="t", themes=["safety"], sentiment="negative",
            evidence={"safety": ["gate by Heol y Bont"]}, redacted=REDACTED,
            pii=[{"label": "PHONE", "start": 47, "end": 59}], places=["Heol y Bont"],
            key_phrases=["gate by heol y bont"],
        )
        uow.commit()

    with new_uow() as uow:
        [applied] = apply_retention(uow, closes + timedelta(days=366))
        uow.commit()

    assert applied.answers == 1
    with new_uow() as uow:
        [tags] = uow.answers.tags_for_round(rounds[0].id).values()
        kept = {name: getattr(tags, name) for name in TagRow.model_fields}
    assert kept["themes"] == ["safety"] and kept["sentiment"] == "negative"
    derived = ("redacted", "pii", "places", "key_phrases", "evidence")
    assert {name: kept[name] for name in derived} == dict.fromkeys(derived)
    assert "Bont" not in repr(kept) and "07700" not in repr(kept)
