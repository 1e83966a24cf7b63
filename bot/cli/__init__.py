"""The `copro` command."""

from bot.cli.main import app

__all__ = ["app"]
