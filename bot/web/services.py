"""What the web channel needs from the rest of Copro; `bot.bootstrap` builds it once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from bot.conversation.services import Answers, Blocking, Rights
from bot.engine.model import Consultation
from bot.i18n.catalogue import Catalogue
from bot.rendering import Renderer
from bot.services.device_codes import Continuation, IssuedCode
from bot.services.mail_subscriptions import Saved
from bot.services.people import PersonKey
from bot.web.web_limits import WebLimits

LOOPBACK_HTTP = ("http://127.0.0.1", "http://localhost")


class Subscriptions(Protocol):
    """A web participant's e-mail address for notices (bot.services.mail_subscriptions)."""

    def is_address(self, typed: str) -> bool: ...
    def address_of(self, person: PersonKey) -> str | None: ...
    def save(self, person: PersonKey, typed: str, now: datetime) -> Saved: ...
    def remove(self, person: PersonKey) -> bool: ...
    def remove_by_link(self, token: str) -> bool | None: ...


class Consultations(Protocol):
    def find(self, slug: str, now: datetime) -> Consultation | None:
        """A stored consultation, open or not; None when there is none by that slug."""
        ...


class DeviceCodes(Protocol):
    """'Continue on another device' codes (bot.services.device_codes)."""

    def issue(self, person: PersonKey, slug: str, now: datetime) -> IssuedCode | None: ...
    def redeem(self, typed: str, now: datetime) -> Continuation | None: ...
    def takes_part(self, person: PersonKey) -> bool: ...


@dataclass(frozen=True)
class WebServices:
    answers: Answers
    rights: Rights
    directory: Consultations
    catalogue: Catalogue
    renderer: Renderer
    clock: Callable[[], datetime]
    blocking: Blocking
    secret_key: str
    public_url: str
    devices: DeviceCodes
    limits: WebLimits = field(default_factory=WebLimits)
    """Rate limits and trusted proxies (bootstrap: Redis when COPRO_REDIS_URL is set)."""
    mail: Subscriptions | None = None
    """None when e-mail notices are not set up (no COPRO_SMTP_URL): no address is asked for."""

    @property
    def secure_cookies(self) -> bool:
        """Secure cookies, except when residents are reached over plain http on this machine
        (tests and the sandbox): browsers would refuse to send them back there."""
        return not self.public_url.startswith(LOOPBACK_HTTP)
