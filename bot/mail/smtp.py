"""Send one e-mail over SMTP (COPRO_SMTP_URL), saying whether a failure is worth retrying.

Python's own smtplib, run in a worker thread by the drainer: notices go out at most a few a
second, so an async client (aiosmtplib) would add a dependency and gain nothing here.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

DEFAULT_PORTS = {"smtp": 25, "smtps": 465}
TIMEOUT_SECONDS = 30.0


class MailUnavailable(Exception):
    """The server could not be reached or said "try later" (4xx): send it again later."""


class MailRefused(Exception):
    """The server refused this message for good (5xx): sending it again would not help."""


@dataclass(frozen=True)
class SmtpServer:
    """Where mail goes: host and port, TLS from the start (smtps) or STARTTLS when the
    server offers it (smtp), and a login if the URL has one."""

    host: str
    port: int
    implicit_tls: bool = False
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = TIMEOUT_SECONDS

    @classmethod
    def from_url(cls, url: str) -> SmtpServer:
        """Read smtp://[user:password@]host[:port] or smtps://...; ValueError if it is not."""
        parts = urlsplit(url)
        if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
            raise ValueError("COPRO_SMTP_URL must look like smtp://host:port or smtps://host")
        user = unquote(parts.username) if parts.username else None
        password = unquote(parts.password) if parts.password else None
        port = parts.port or DEFAULT_PORTS[parts.scheme]
        return cls(parts.hostname, port, parts.scheme == "smtps", user, password)


class SmtpSender:
    """Sends each message on a connection of its own (notices are few and far between)."""

    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    def __repr__(self) -> str:
        return f"SmtpSender({self.server.host}:{self.server.port})"

    def send(self, message: EmailMessage) -> None:
        """Raises MailUnavailable (retry later) or MailRefused (give up)."""
        try:
            with self._connect() as smtp:
                if self.server.user is not None:
                    smtp.login(self.server.user, self.server.password or "")
                smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as refused:
            codes = [code for code, _ in refused.recipients.values()]
            if codes and all(400 <= code < 500 for code in codes):
                raise MailUnavailable("recipient deferred") from None
            raise MailRefused("recipient refused") from None
        except smtplib.SMTPResponseException as error:
            if 400 <= error.smtp_code < 500:
                raise MailUnavailable(f"server said {error.smtp_code}") from None
            raise MailRefused(f"server said {error.smtp_code}") from None
        except (smtplib.SMTPException, OSError) as error:  # down, refused, timed out, TLS
            raise MailUnavailable(type(error).__name__) from None

    def _connect(self) -> smtplib.SMTP:
        server = self.server
        if server.implicit_tls:
            context = ssl.create_default_context()
            return smtplib.SMTP_SSL(server.host, server.port, timeout=server.timeout,
                                    context=context)  # fmt: skip
        smtp = smtplib.SMTP(server.host, server.port, timeout=server.timeout)
        try:
            smtp.ehlo()
            if smtp.has_extn("starttls"):
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
        except BaseException:
            smtp.close()
            raise
        return smtp
