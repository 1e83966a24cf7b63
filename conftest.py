"""Fixtures shared by every test folder: the sandbox and the real bot polling it."""

pytest_plugins = ["bot.telegram.testing"]
