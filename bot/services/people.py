"""Who a person is to Copro, whichever channel they write from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from storage.identity import TELEGRAM, WEB, Identity


class ParticipantLike(Protocol):
    @property
    def telegram_user_id(self) -> int | None: ...
    @property
    def web_key(self) -> str | None: ...


@dataclass(frozen=True)
class PersonKey:
    """A person as their channel knows them: ("telegram", "12345"), ("web", "<key>").

    Storage keeps no names: the key is the only link from a participant to a person.
    """

    channel: str
    id: str

    @classmethod
    def telegram(cls, user_id: int) -> PersonKey:
        return cls(TELEGRAM, str(user_id))

    @classmethod
    def web(cls, key: str) -> PersonKey:
        return cls(WEB, key)

    @classmethod
    def from_row(cls, row: ParticipantLike) -> PersonKey:
        """The key of a stored participant."""
        if row.web_key is not None:
            return cls.web(row.web_key)
        assert row.telegram_user_id is not None, "a participant has one identity"
        return cls.telegram(row.telegram_user_id)

    @property
    def identity(self) -> Identity:
        """How storage finds this person."""
        if self.channel == WEB:
            return Identity.web(self.id)
        return Identity.telegram(self.telegram_id)

    @property
    def telegram_id(self) -> int:
        """The Telegram user id (which is also their private chat's id)."""
        if self.channel != TELEGRAM:
            raise ValueError(f"{self.channel} people have no Telegram id")
        return int(self.id)


def pseudonym_source(telegram_user_id: int | None, web_key: str | None) -> int | str:
    """What a participant's pseudonyms are keyed on: their Telegram id (as ever), or their
    web key (prefixed, so that no web key can ever give a Telegram person's pseudonym)."""
    if telegram_user_id is not None:
        return telegram_user_id
    return f"web:{web_key}"
