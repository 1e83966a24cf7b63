"""The two addresses a poster offers: the web channel's page and the bot's Telegram deep link.

The deep link is the one the chat already understands: t.me/BOT?start=SLUG opens the bot
and sends `/start SLUG`, which joins that consultation (bot/conversation/chat.py).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

BOT_USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{1,28}[Bb][Oo][Tt]")
"""Telegram's rule: 5-32 letters, digits and underscores, starting with a letter, ending in bot."""
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "0.0.0.0"})


class NotAPublicUrl(ValueError):
    """COPRO_PUBLIC_URL cannot go on a poster (says why)."""


def bot_username(given: str) -> str | None:
    """A bot's username without its @, or None when it is not one Telegram allows."""
    name = given.strip().removeprefix("@")
    return name if BOT_USERNAME.fullmatch(name) else None


def public_base(url: str) -> str:
    """COPRO_PUBLIC_URL without a trailing slash, once it is an address residents can open."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise NotAPublicUrl("it is not a web address like https://consult.example.gov.uk")
    if parts.hostname in LOOPBACK_HOSTS:
        raise NotAPublicUrl("it is an address on this computer, which residents cannot open")
    if parts.query or parts.fragment:
        raise NotAPublicUrl("it has a ? or # part; give the address without one")
    return url.strip().rstrip("/")


def web_link(base: str, slug: str) -> str:
    """Where a resident takes part in the browser."""
    return f"{base}/c/{slug}"


def telegram_link(username: str, slug: str) -> str:
    """The deep link that opens the bot and joins the consultation."""
    return f"https://t.me/{username}?start={slug}"
