"""The address is the resident's: given with consent, refused politely when it is not one,
shown to them, removed by them (page, e-mail link, or 'Delete my answers'), kept sealed."""

from __future__ import annotations

import logging
import re

import pytest
from aiohttp.test_utils import TestClient, TestServer
from mailkit import SmtpServer, drain, email_rows, join, leave_address, participant_id

from bot.bootstrap import App
from bot.scheduling import RoundLifecycle
from bot.web.server import make_web_app
from storage.tables import ParticipantRow
from tests.scheduling.scheduling_testkit import SLUG, FrozenClock

ADDRESS = "cerys.jones@example.org"


def sealed_of(app: App, participant: int) -> str | None:
    with app.unit_of_work() as uow:
        row = uow.session.get(ParticipantRow, participant)
        return None if row is None else row.email_sealed


@pytest.mark.parametrize("typed", ["not an address", "cerys@", "@example.org",
                                   "cerys@localhost", "a@b@example.org", "x" * 300 + "@a.org"])
async def test_a_bad_address_is_refused_politely_and_changes_nothing(
    app: App, client: TestClient, typed: str
) -> None:
    resident = await join(client)

    status = await leave_address(resident, typed)

    assert status == 400
    assert "There is a problem" in resident.html
    assert '<a href="#email">Enter an e-mail address in the right format' in resident.html
    assert 'aria-describedby="email-hint email-error"' in resident.html
    assert sealed_of(app, participant_id(app, client)) is None


async def test_without_the_consent_tick_nothing_is_kept(app: App, client: TestClient) -> None:
    resident = await join(client)

    assert await leave_address(resident, ADDRESS, agree=False) == 400

    assert '<a href="#agree">Tick the box to say you agree' in resident.html
    assert f'value="{ADDRESS}"' in resident.html  # what they typed stays in the box
    assert sealed_of(app, participant_id(app, client)) is None


async def test_the_address_is_kept_sealed_and_shown_only_to_its_owner(
    app: App, client: TestClient
) -> None:
    resident = await join(client)
    assert await leave_address(resident, "Cerys.Jones@EXAMPLE.org") == 200
    assert "We will e-mail you" in resident.html

    sealed = sealed_of(app, participant_id(app, client))
    assert sealed is not None and "cerys" not in sealed.lower()
    page = await resident.open(f"/c/{SLUG}/answers")
    assert "Cerys.Jones@example.org" in page  # the domain in lower case, the rest as typed
    data = app.conversation.rights.data_of(_person(client))
    assert data["participant"]["email"]["address"] == "Cerys.Jones@example.org"


def _person(client: TestClient):  # type: ignore[no-untyped-def]
    from bot.services.people import PersonKey

    cookie = next(c for c in client.session.cookie_jar if c.key == "copro_participant")
    return PersonKey.web(cookie.value.split(".")[0])


async def test_delete_my_answers_erases_the_address_and_what_waits_for_it(
    app: App, client: TestClient, smtp: SmtpServer, clock: FrozenClock
) -> None:
    resident = await join(client)
    await leave_address(resident, ADDRESS)
    participant = participant_id(app, client)
    RoundLifecycle.from_app(app).open_round(SLUG, "second", clock.now)
    assert len(email_rows(app)) == 1

    await resident.open(f"/c/{SLUG}/delete")
    await resident.post(resident.form(f"/c/{SLUG}/delete"), [])

    assert sealed_of(app, participant) is None
    assert email_rows(app) == []
    assert drain(app).sent == 0 and smtp.inbox.messages == []


async def test_removing_the_address_on_the_page_stops_the_e_mails(
    app: App, client: TestClient, smtp: SmtpServer, clock: FrozenClock
) -> None:
    resident = await join(client)
    await leave_address(resident, ADDRESS)
    await resident.open(f"/c/{SLUG}/email")
    assert f"We have this address: {ADDRESS}" in resident.html

    await resident.post(resident.form(f"/c/{SLUG}/email", index=0), [("do", "mail_remove")])

    assert "Your e-mail address is removed" in resident.html
    RoundLifecycle.from_app(app).open_round(SLUG, "second", clock.now)
    assert email_rows(app) == [] and drain(app).sent == 0


async def test_the_link_in_an_e_mail_unsubscribes_from_another_device(
    app: App, client: TestClient, smtp: SmtpServer, clock: FrozenClock
) -> None:
    await leave_address(await join(client, "cy"), ADDRESS)
    lifecycle = RoundLifecycle.from_app(app)
    lifecycle.open_round(SLUG, "second", clock.now)
    drain(app)
    (notice,) = smtp.inbox.to(ADDRESS)
    link = re.search(r"http://127\.0\.0\.1:8000(/unsubscribe/\S+)", notice.get_content())
    assert link is not None

    async with TestClient(TestServer(make_web_app(app.web))) as phone:  # no cookie
        page = await (await phone.get(link.group(1))).text()
        assert 'lang="cy"' in page and "Atal hysbysiadau e-bost" in page
        assert sealed_of(app, participant_id(app, client)) is not None  # opening is not enough
        done = await phone.post(link.group(1))
        assert done.status == 200 and "cadw eich cyfeiriad e-bost mwyach" in await done.text()
        forged = await phone.post(f"/unsubscribe/{participant_id(app, client)}.{'0' * 32}")
        assert forged.status == 404 and "This link does not work" in await forged.text()

    assert sealed_of(app, participant_id(app, client)) is None
    lifecycle.close_round(SLUG, "second", clock.now)
    assert {r.status for r in email_rows(app)} == {"sent"}


async def test_the_address_is_in_no_log_and_no_pseudonymised_export(
    app: App, client: TestClient, smtp: SmtpServer, clock: FrozenClock,
    caplog: pytest.LogCaptureFixture, tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    caplog.set_level(logging.DEBUG)
    resident = await join(client)
    await leave_address(resident, ADDRESS)
    await leave_address(resident, "not-an-address")
    await resident.open(f"/c/{SLUG}")
    await resident.post(resident.form(f"/c/{SLUG}"), [("value", "yes")])
    RoundLifecycle.from_app(app).open_round(SLUG, "second", clock.now)
    smtp.inbox.refuse.add(ADDRESS)  # a refusal is logged too: without the address
    drain(app)

    ours = [r for r in caplog.records if not r.name.startswith("mail.log")]  # not the server's
    logged = [r.getMessage() + repr(vars(r)) for r in ours]
    assert logged and not [line for line in logged if "cerys" in line.lower()]
    out = tmp_path / "export.jsonl"
    done = app.exports.export(SLUG, "jsonl", out)
    assert done.rows >= 1
    assert "cerys" not in out.read_text(encoding="utf-8").lower()
    assert {"cerys" in (r.last_error or "") for r in email_rows(app)} == {False}


async def test_rotating_the_sealing_key_keeps_the_address_usable(
    app: App, client: TestClient
) -> None:
    from bot.mail.address import AddressBox
    from bot.services.admin_keys import rotate_keys

    await leave_address(await join(client), ADDRESS)
    participant = participant_id(app, client)
    new_key = "a-new-sealing-key-for-the-rotation-test-0123456789"

    with app.unit_of_work() as uow:
        assert rotate_keys(uow, app.keys.sealing, new_key, app.clock()) == 1
        uow.commit()

    sealed = sealed_of(app, participant)
    assert sealed is not None
    assert AddressBox(app.keys.sealing).open(sealed, participant) is None
    assert AddressBox(new_key).open(sealed, participant) == ADDRESS


async def test_when_retention_ends_the_address_goes_with_the_enrolment(
    app: App, client: TestClient, clock: FrozenClock
) -> None:
    from datetime import timedelta

    await leave_address(await join(client), ADDRESS)
    participant = participant_id(app, client)
    lifecycle = RoundLifecycle.from_app(app)
    lifecycle.close_round(SLUG, "first", clock.now)
    lifecycle.close_round(SLUG, "second", clock.now)

    app.run_retention(clock.now + timedelta(days=30))
    assert sealed_of(app, participant) is not None  # still in the consultation
    app.run_retention(clock.now + timedelta(days=400))

    assert sealed_of(app, participant) is None
