"""The built-in Telegram Bot API sandbox: a local server the real clients cannot tell apart."""

from __future__ import annotations

from bot.sandbox.client import SandboxClient, SandboxError
from bot.sandbox.core import DEFAULT_TOKEN, Sandbox
from bot.sandbox.presets import PRESET_USERS
from bot.sandbox.server import SandboxServer, run_sandbox_server
from bot.sandbox.validator import BotApiSpec, SpecViolation

__all__ = [
    "DEFAULT_TOKEN",
    "PRESET_USERS",
    "BotApiSpec",
    "Sandbox",
    "SandboxClient",
    "SandboxError",
    "SandboxServer",
    "SpecViolation",
    "run_sandbox_server",
]
