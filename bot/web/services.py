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
from bot.web.web_limits import WebLimits

LOOPBACK_HTTP = ("http://127.0.0.1", "http://localhost")


class Consultations(Protocol):
    def find(self, slug: str, now: datetime) -> Consultation | None:
        """A stored consultation, open or not; None when there is none by that slug."""
        ...


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
    limits: WebLimits = field(default_factory=WebLimits)
    """Rate limits and trusted proxies (bootstrap: Redis when COPRO_REDIS_URL is set)."""

    @property
    def secure_cookies(self) -> bool:
        """Secure cookies, except when residents are reached over plain http on this machine
        (tests and the sandbox): browsers would refuse to send them back there."""
        return not self.public_url.startswith(LOOPBACK_HTTP)
