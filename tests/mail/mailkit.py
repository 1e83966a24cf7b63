"""A real SMTP server (aiosmtpd) on 127.0.0.1; a web resident who takes part and leaves an
address, as a browser would; the mail drainer's runs; outbox readers."""

from __future__ import annotations

import socket
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from typing import Any

from aiohttp.test_utils import TestClient, TestServer
from aiosmtpd.controller import Controller
from sqlmodel import col, select

from bot.bootstrap import App
from bot.mail.drainer import MailDrainer, MailStats
from bot.web.server import make_web_app
from storage.identity import Identity
from storage.tables import OutboxRow
from tests.scheduling.scheduling_testkit import (
    SLUG,
    FrozenClock,
    import_rounds,
    make_app,
    utc,
)
from tests.web.webkit import Resident

OPENS = utc(2027, 3, 12, 10, 0)
CLOSES = utc(2027, 3, 20, 10, 0)


class Inbox:
    """What the local SMTP server received; `refuse` makes it answer 550 to an address."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          options: list[str]) -> str:  # fmt: skip
        if address in self.refuse:
            return "550 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted"

    @property
    def messages(self) -> list[EmailMessage]:
        return [message_from_bytes(e.content, policy=default) for e in self.envelopes]  # type: ignore[misc]

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class SmtpServer:
    """aiosmtpd in a thread, on a free port of 127.0.0.1; it can be stopped and started."""

    def __init__(self) -> None:
        self.inbox = Inbox()
        self.port = free_port()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"


def mail_app(database_url: str, clock: FrozenClock, smtp_url: str) -> App:
    application = make_app(database_url, clock, smtp_url=smtp_url,
                           public_url="http://127.0.0.1:8000",
                           mail_from="Council consultations <consult@council.example>")
    import_rounds(application, OPENS, CLOSES)
    return application




async def join(client: TestClient, language: str = "en") -> Resident:
    """A resident who opens the consultation and agrees to take part."""
    resident = Resident(client, SLUG)
    await resident.open(f"/c/{SLUG}?lang={language}")
    consent = resident.form(f"/c/{SLUG}")
    await resident.post(consent, [("consent", "yes")])
    return resident


async def leave_address(resident: Resident, address: str, agree: bool = True) -> int:
    """Fill in the e-mail page; the status of the answer."""
    await resident.open(f"/c/{SLUG}/email")
    fields = [("email", address)] + ([("agree", "yes")] if agree else [])
    return await resident.post(resident.form(f"/c/{SLUG}/email"), fields)


def participant_id(app: App, client: TestClient) -> int:
    cookie = next(c for c in client.session.cookie_jar if c.key == "copro_participant")
    with app.reading() as uow:
        row = uow.participants.find(Identity.web(cookie.value.split(".")[0]))
        assert row is not None and row.id is not None
        return row.id


def drain(app: App) -> MailStats:
    drainer = app.mail_drainer()
    assert isinstance(drainer, MailDrainer)
    return drainer.drain_once()


def email_rows(app: App) -> list[OutboxRow]:
    """Every e-mail row of the outbox, oldest first."""
    with app.unit_of_work() as uow:
        statement = select(OutboxRow).where(OutboxRow.kind == "email").order_by(col(OutboxRow.id))
        return list(uow.session.exec(statement))


async def second_browser(app: App) -> TestClient:
    """Another device, with no cookie (where the e-mail is read)."""
    client = TestClient(TestServer(make_web_app(app.web)))
    await client.start_server()
    return client
