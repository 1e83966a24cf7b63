"""Fixtures shared by every test folder: the sandbox and the real bot polling it."""

pytest_plugins = ["tests.support.telegram_fixtures"]
