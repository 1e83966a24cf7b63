"""What a consultation's poster says: its title, then two codes, each with the address as text.

Every language the consultation offers among the catalogue's (English, Welsh) is on the same
page, the consultation's own first; the words come from the message catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass

import segno

from bot.engine.model import Consultation
from bot.i18n.catalogue import Catalogue
from bot.posters.links import telegram_link, web_link

POSTER_LANGUAGES = ("en", "cy")
ERROR_CORRECTION = "m"
"""Medium (15 %): survives a scuffed or partly covered print and keeps the code small."""


@dataclass(frozen=True)
class Code:
    """One QR code: what it opens, and the words printed above and below it."""

    gid: str
    payload: str
    headings: tuple[str, ...]
    helps: tuple[str, ...]


@dataclass(frozen=True)
class PosterPlan:
    titles: tuple[str, ...]
    languages: tuple[str, ...]
    codes: tuple[Code, ...]


def qr_modules(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The code's dark (True) and light modules, row by row, without the quiet zone."""
    return tuple(tuple(bool(m) for m in row) for row in segno.make(payload, error=ERROR_CORRECTION,
                                                                     micro=False).matrix)


def plan_poster(consultation: Consultation, base: str, bot: str, words: Catalogue) -> PosterPlan:
    """The poster of `consultation`, with its web page under `base` and the `bot`'s link."""
    first = consultation.default_language
    languages = tuple(sorted((code for code in consultation.languages if code in
                              POSTER_LANGUAGES), key=lambda code: code != first)) or ("en",)

    def each(key: str) -> tuple[str, ...]:
        return tuple(words.text(key, language) for language in languages)

    slug = consultation.slug
    return PosterPlan(
        titles=tuple(dict.fromkeys(consultation.title.get(code) for code in languages)),
        languages=languages,
        codes=(
            Code("qr-web", web_link(base, slug), each("poster_web_heading"),
                 each("poster_web_help")),
            Code("qr-telegram", telegram_link(bot, slug), each("poster_telegram_heading"),
                 each("poster_telegram_help")),
        ),
    )
