"""Button data: engine inputs and chat actions to at most 64 bytes and back.

Decoding is strict and never raises: anything malformed or forged decodes to None. Whether
the participant may act on what it names is checked on the server, by the engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.engine import inputs as i

MAX_BYTES = 64
_KEY = r"[a-z0-9_]{1,40}"
_SLUG = r"[a-z0-9-]{3,40}"
_VALUE = r"-?[a-z0-9_]{1,40}"


@dataclass(frozen=True)
class JoinConsultation:
    slug: str


@dataclass(frozen=True)
class ConfirmForget:
    confirmed: bool


@dataclass(frozen=True)
class MuteReminders:
    slug: str


Action = i.Input | JoinConsultation | ConfirmForget | MuteReminders

_PATTERNS: list[tuple[re.Pattern[str], type]] = [
    (re.compile(rf"c\|({_KEY})\|({_VALUE})"), i.Choose),
    (re.compile(rf"d\|({_KEY})"), i.Done),
    (re.compile(rf"x\|({_KEY})"), i.Clear),
    (re.compile(rf"k\|({_KEY})"), i.Keep),
    (re.compile(rf"s\|({_KEY})"), i.Skip),
    (re.compile(r"l\|(en|cy)"), i.PickLanguage),
    (re.compile(rf"r\|({_KEY})"), i.PickRole),
    (re.compile(rf"j\|({_SLUG})"), JoinConsultation),
    (re.compile(rf"m\|({_SLUG})"), MuteReminders),
]


def encode(action: Action) -> str:
    """The button data for an action; raises ValueError if it cannot fit."""
    match action:
        case i.Choose(question=q, value=v):
            data = f"c|{q}|{v}"
        case i.Done(question=q):
            data = f"d|{q}"
        case i.Clear(question=q):
            data = f"x|{q}"
        case i.Keep(question=q):
            data = f"k|{q}"
        case i.Skip(question=q):
            data = f"s|{q}" if q else "s"
        case i.Back():
            data = "b"
        case i.Consent(given=g):
            data = "a|1" if g else "a|0"
        case i.PickLanguage(language=lang):
            data = f"l|{lang}"
        case i.PickRole(role=r):
            data = f"r|{r}"
        case JoinConsultation(slug=s):
            data = f"j|{s}"
        case ConfirmForget(confirmed=c):
            data = "f|1" if c else "f|0"
        case MuteReminders(slug=s):
            data = f"m|{s}"
        case _:
            raise ValueError(f"{type(action).__name__} has no button")
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"button data over {MAX_BYTES} bytes: {data!r}")
    return data


def decode(data: object) -> Action | None:
    """The action a button stands for, or None for anything malformed."""
    if not isinstance(data, str) or not data or len(data.encode("utf-8", "replace")) > MAX_BYTES:
        return None
    fixed: dict[str, Action] = {
        "b": i.Back(),
        "s": i.Skip(),
        "a|1": i.Consent(True),
        "a|0": i.Consent(False),
        "f|1": ConfirmForget(True),
        "f|0": ConfirmForget(False),
    }
    if data in fixed:
        return fixed[data]
    for pattern, kind in _PATTERNS:
        match = pattern.fullmatch(data)
        if match:
            return kind(*match.groups())  # type: ignore[no-any-return]
    return None
