"""How storage finds a person: by their Telegram user id, or by their web key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storage.tables import ParticipantRow

TELEGRAM = "telegram"
WEB = "web"
_participant = ParticipantRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Identity:
    channel: str
    telegram_user_id: int | None = None
    web_key: str | None = None

    def __post_init__(self) -> None:
        if (self.telegram_user_id is None) == (self.web_key is None):
            raise ValueError("a person has exactly one of a Telegram id and a web key")

    @classmethod
    def telegram(cls, user_id: int) -> Identity:
        return cls(TELEGRAM, telegram_user_id=user_id)

    @classmethod
    def web(cls, key: str) -> Identity:
        return cls(WEB, web_key=key)

    @property
    def values(self) -> dict[str, Any]:
        """The participant row's identity columns."""
        return {"channel": self.channel, "telegram_user_id": self.telegram_user_id,
                "web_key": self.web_key}  # fmt: skip

    @property
    def column(self) -> Any:
        return _participant.c.web_key if self.web_key is not None else (
            _participant.c.telegram_user_id
        )

    @property
    def value(self) -> int | str:
        return self.web_key if self.web_key is not None else int(self.telegram_user_id or 0)
