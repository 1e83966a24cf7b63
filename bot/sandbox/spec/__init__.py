"""The vendored Telegram Bot API 10.1 description (telegram-bot-api-spec, MIT licence)."""

from __future__ import annotations

from pathlib import Path

SPEC_PATH = Path(__file__).with_name("telegram-bot-api-10.1.min.json")
