"""Who a person is to Copro, whichever channel they write from."""

from __future__ import annotations

from dataclasses import dataclass

TELEGRAM = "telegram"


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

    @property
    def telegram_id(self) -> int:
        """The Telegram user id (which is also their private chat's id)."""
        if self.channel != TELEGRAM:
            raise ValueError(f"{self.channel} people have no Telegram id")
        return int(self.id)
