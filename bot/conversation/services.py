"""What the conversation needs from the rest of Copro, as small interfaces.

`bot.bootstrap` builds the real ones once and hands them in; tests may hand in others.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar

from bot.conversation.anchors import AnchorStore
from bot.engine.events import Event
from bot.engine.inputs import Input
from bot.engine.model import Consultation
from bot.i18n.catalogue import Catalogue
from bot.rendering import Renderer
from bot.services.people import PersonKey
from bot.services.replies import Reply

T = TypeVar("T")


class Answers(Protocol):
    def join(
        self,
        person: PersonKey,
        slug: str,
        now: datetime,
        language: str | None = None,
        update_id: int | None = None,
        hint: str | None = None,
    ) -> Reply: ...

    def handle(
        self,
        person: PersonKey,
        given: Input,
        now: datetime,
        update_id: int | None = None,
        *,
        chat_id: int | None = None,
        check_prompt: bool = False,
    ) -> Reply: ...

    def resume(self, person: PersonKey, now: datetime, chat_id: int | None = None) -> Reply: ...

    def language_of(self, person: PersonKey, hint: str | None = None) -> str: ...

    def set_language(self, person: PersonKey, language: str, now: datetime) -> None: ...


class Rights(Protocol):
    def data_of(self, person: PersonKey) -> dict[str, Any]: ...

    def erase(self, person: PersonKey, now: datetime) -> bool: ...


class Directory(Protocol):
    def open_now(self, now: datetime) -> list[Consultation]: ...


class Reminders(Protocol):
    def mute_reminders(self, user_id: int, slug: str, muted: bool = True) -> bool: ...


class Roles(Protocol):
    def roles_of(self, user_id: int) -> Collection[str]: ...


class Prompts(Protocol):
    def waiting(self, user_id: int, now: datetime) -> tuple[str, dict[str, Any]] | None:
        """(kind, payload) of what the bot asked this person to type, if not expired."""
        ...


class Blocking(Protocol):
    """Runs a synchronous call (a database transaction) off the event loop."""

    def __call__(self, work: Callable[..., T], /, *args: Any, **kwargs: Any) -> Awaitable[T]:
        ...


@dataclass(frozen=True)
class ConversationServices:
    answers: Answers
    rights: Rights
    directory: Directory
    reminders: Reminders
    roles: Roles
    prompts: Prompts
    catalogue: Catalogue
    renderer: Renderer
    clock: Callable[[], datetime]
    blocking: Blocking
    anchors: AnchorStore
    answers_stored: Callable[[tuple[Event, ...]], None] = lambda events: None
    """Told of every input that was handled (for the metrics)."""

    def text(self, key: str, language: str, **params: object) -> str:
        return self.catalogue.text(key, language, **params)
