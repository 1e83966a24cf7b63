"""Read a posted form into an engine input: strictly, with limits, never raising."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.engine import inputs as i

MAX_FIELD_LENGTH = 4096
"""As in chat: no field of a form may be longer (a question's own max_length may be less)."""
MAX_VALUES = 32
_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")
ACTIONS = frozenset({"answer", "skip", "back", "role", "language", "consent", "mail",
                     "mail_remove"})


@dataclass(frozen=True)
class Posted:
    """A form as posted: what to do, its nonce and token, and its fields (text only)."""

    action: str
    nonce: str
    token: str
    fields: dict[str, tuple[str, ...]]
    too_long: bool = False

    def one(self, name: str) -> str:
        values = self.fields.get(name, ())
        return values[0] if len(values) == 1 else ""


def read_form(items: Iterable[tuple[str, object]]) -> Posted | None:
    """The form's fields; None when it is not a form this channel sends (a file, too many
    values). A field over the length limit is cut and marked, so the page can say so."""
    fields: dict[str, list[str]] = {}
    too_long = False
    for count, (name, value) in enumerate(items):
        if count >= MAX_VALUES or not isinstance(value, str):
            return None
        text = value.replace("\r\n", "\n")
        if len(text) > MAX_FIELD_LENGTH:
            text, too_long = text[:MAX_FIELD_LENGTH], True
        fields.setdefault(name, []).append(text)
    frozen = {name: tuple(values) for name, values in fields.items()}
    action = (frozen.get("do") or ("answer",))[0]
    nonce = (frozen.get("nonce") or ("",))[0]
    token = (frozen.get("csrf") or ("",))[0]
    if action not in ACTIONS:
        return None
    return Posted(action, nonce, token, frozen, too_long)


def input_for(posted: Posted) -> i.Input | None:
    """The engine input a question, language or role form stands for; None if malformed."""
    question = posted.one("question")
    if posted.action == "back":
        return i.Back()
    if posted.action == "role":
        return i.PickRole(posted.one("role"))
    if posted.action == "language":
        return i.PickLanguage(posted.one("language"))
    if not _KEY.fullmatch(question):
        return None
    if posted.action == "skip":
        return i.Skip(question)
    if "text" in posted.fields:
        return i.Submit(question, (posted.one("text"),))
    # a rank's unused select boxes post empty values: the places left open
    chosen = tuple(v for v in posted.fields.get("value", ()) if v)
    return i.Submit(question, chosen)
