"""Write an e-mail notice from its outbox payload: the notice's words in the person's
language, a link to the consultation, and a way to stop (a link, and one-click headers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Any

from bot.i18n.catalogue import Catalogue
from bot.mail.unsubscribe import unsubscribe_token


@dataclass(frozen=True)
class MailSetup:
    """From whom notices come, where links point, and the key that signs unsubscribe links."""

    sender: str
    public_url: str
    link_key: str = field(repr=False)

    def unsubscribe_url(self, participant_id: int, language: str) -> str:
        token = unsubscribe_token(self.link_key, participant_id)
        return f"{self.public_url.rstrip('/')}/unsubscribe/{token}?lang={language}"

    def consultation_url(self, slug: str, language: str) -> str:
        return f"{self.public_url.rstrip('/')}/c/{slug}?lang={language}"


class MailWriter:
    def __init__(self, catalogue: Catalogue, setup: MailSetup) -> None:
        self.catalogue = catalogue
        self.setup = setup

    def message(self, payload: dict[str, Any], address: str) -> EmailMessage:
        """The e-mail for one outbox row; KeyError/ValueError if the payload is not one."""
        participant = int(payload["participant"])
        notice, language = str(payload["notice"]), str(payload["language"])
        slug, title = str(payload["slug"]), str(payload["title"])
        t = self.catalogue.text
        stop = self.setup.unsubscribe_url(participant, language)
        body = "\n\n".join([
            str(payload["text"]),
            t(f"mail_link_{notice}", language, url=self.setup.consultation_url(slug, language)),
            "-- ",
            t("mail_why", language, consultation=title),
            t("mail_unsubscribe", language, url=stop),
        ])
        message = EmailMessage()
        message["From"] = self.setup.sender
        message["To"] = address
        message["Subject"] = t(f"mail_subject_{notice}", language, consultation=title)
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain=_domain(self.setup.sender))
        message["Auto-Submitted"] = "auto-generated"
        message["List-Unsubscribe"] = f"<{stop}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        message.set_content(body + "\n")
        message["Content-Language"] = language  # after set_content, which clears Content-*
        return message


def _domain(sender: str) -> str:
    address = parseaddr(sender)[1]
    return address.rpartition("@")[2] or "localhost"
