"""Keep only what is needed: a user id, language, role, consent time and answers."""

from __future__ import annotations

from bot.bootstrap import App
from bot.engine import inputs as i
from bot.services.people import PersonKey
from bot.services.rights import participant_data
from storage import metadata

PERSONAL = ("name", "username", "first_name", "last_name", "phone", "email", "photo")


ASKED_FOR = {("participant", "email_sealed"), ("participant", "email_consented_at")}
"""The one contact detail kept: an address a web participant gave, and agreed to, for
notices (issue 13); sealed like a secret and erased with their answers."""


def test_req17_no_table_has_a_column_for_names_usernames_or_profile_data() -> None:
    found = {
        (table.name, column.name)
        for table in metadata.sorted_tables
        for column in table.columns
        if any(word in column.name for word in PERSONAL)
    }
    assert found == ASKED_FOR
    columns = metadata.tables["participant"].columns
    assert "email_consented_at" in columns, "the address goes with the time they agreed to it"


def test_req17_mydata_holds_the_id_language_role_consent_and_answers_only(app: App) -> None:
    now = app.clock()
    app.answers.join(PersonKey.telegram(31), "victoria-park", now, language="en")
    for step in (i.Consent(True), i.PickLanguage("en"), i.PickRole("resident"),
                 i.Choose("visits", "weekly")):
        app.answers.handle(PersonKey.telegram(31), step, now)
    with app.reading() as uow:
        data = participant_data(uow, 31, app.pseudonym_key)
    assert set(data["participant"]) == {"channel", "telegram_user_id", "language", "reachable",
                                        "created_at"}
    (joined,) = data["consultations"]
    assert joined["role"] == "resident" and joined["consented_at"] is not None
    assert [a["answer"] for a in joined["answers"]] == ["weekly"]
