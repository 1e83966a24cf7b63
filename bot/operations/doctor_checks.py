"""`copro doctor`'s checks in order, each turned into a finding an operator can act on."""

from __future__ import annotations

import os
from collections.abc import Iterator

from bot.operations.findings import Finding, ok, warning
from bot.operations.settings_checks import (
    check_bot_token,
    check_secret_key,
    check_timezone,
    load_settings_leniently,
    well_formed_token,
)
from bot.operations.system_checks import (
    check_consultations,
    check_database,
    check_migrations,
    check_nlp_model,
)
from bot.operations.telegram_probe import check_telegram

SECRET_VARIABLES = ("COPRO_BOT_TOKEN", "COPRO_SECRET_KEY", "COPRO_WEBHOOK_SECRET",
                    "COPRO_SEALING_KEY")


def diagnose(*, skip_telegram: bool = False, sandbox: bool = False) -> Iterator[Finding]:
    """Every check, yielded as it finishes (the model and Telegram take a few seconds).
    `sandbox`: check what `copro sandbox` needs (no token, no key of its own, no Telegram)."""
    settings, loaded, invalid = load_settings_leniently()
    yield loaded
    yield check_secret_key(settings, sandbox)
    yield check_bot_token(settings, sandbox)
    yield check_timezone(settings, invalid="timezone" in invalid)
    database = check_database(settings.database_url)
    yield database
    yield check_migrations(settings.database_url, database)
    if sandbox:
        yield ok("Telegram", "not needed: copro sandbox is its own local Telegram")
    elif skip_telegram:
        yield warning("Telegram", "not checked (--skip-telegram)")
    else:
        yield check_telegram(settings.telegram_api_url, well_formed_token(settings))
    yield check_nlp_model(settings)
    yield check_consultations(settings)


def secrets_to_hide() -> list[str]:
    """Values that must never be printed, from the environment and the settings."""
    values = [os.environ.get(name, "") for name in SECRET_VARIABLES]
    settings, _, _ = load_settings_leniently()
    values += [settings.bot_token.get_secret_value(), settings.secret_key.get_secret_value(),
               settings.webhook_secret.get_secret_value(), settings.sealing_key.get_secret_value()]
    return [value for value in values if value]
