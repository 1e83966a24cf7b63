"""Doctor checks on the settings themselves: they load, the secrets are set and well made."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.operations.findings import Finding, ok, problem
from bot.security.keys import key_problem
from config.settings import Settings

TOKEN_SHAPE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
NEW_KEY = "python -c 'import secrets; print(secrets.token_urlsafe(48))'"


def load_settings_leniently() -> tuple[Settings, Finding, set[str]]:
    """The settings with each invalid value replaced by its default, the finding, and
    the names of the invalid ones."""
    wrong: dict[str, str] = {}
    for _ in range(len(Settings.model_fields) + 1):
        try:
            settings = Settings(**{name: _default(name) for name in wrong})
            break
        except ValidationError as error:
            # only the field and pydantic's message: the input itself may be a secret
            for item in error.errors():
                name = str(item["loc"][0]) if item["loc"] else "?"
                wrong.setdefault(name, item["msg"].removeprefix("Value error, "))
        except LookupError as error:  # an unknown time zone escapes as ZoneInfoNotFoundError
            wrong.setdefault("timezone", str(error.args[0] if error.args else error))
    else:  # pragma: no cover - every failing field is replaced within len(fields) rounds
        settings = Settings.model_construct()
    if not wrong:
        where = "COPRO_* variables and .env" if Path(".env").is_file() else (
            "COPRO_* variables (there is no .env file here)")
        return settings, ok("settings", f"loaded from {where}"), set()
    lines = "; ".join(f"COPRO_{name.upper()}: {message}" for name, message in wrong.items())
    finding = problem("settings", lines, "correct these variables (in the environment or "
                      ".env); the checks below used the defaults for them")
    return settings, finding, set(wrong)


def check_secret_key(settings: Settings, sandbox: bool = False) -> Finding:
    key = settings.secret_key.get_secret_value()
    problem_found = key_problem(key)
    if problem_found is None:
        return ok("secret key", f"set ({len(key)} characters)")
    if not key and sandbox:
        return ok("secret key", "not set: copro sandbox and copro try use their development "
                  "key (copro run needs one of its own)")
    if not key:
        return problem("secret key", problem_found,
                       f"set COPRO_SECRET_KEY to a long random value, e.g. from: {NEW_KEY} "
                       "(only trying Copro? `copro doctor --sandbox` checks what it needs)")
    return problem("secret key", problem_found,
                   f"servers refuse it: set a new random one ({NEW_KEY}); pseudonyms and the "
                   "webhook secret change with it, and with COPRO_SEALING_KEY set to the old "
                   "key sealed 2FA secrets keep opening (then `copro keys rotate`)")


def check_bot_token(settings: Settings, sandbox: bool = False) -> Finding:
    token = settings.bot_token.get_secret_value()
    if not token and sandbox:
        return ok("bot token", "not needed: copro sandbox is its own local Telegram")
    if not token:
        return problem("bot token", "COPRO_BOT_TOKEN is not set",
                       "set COPRO_BOT_TOKEN to the token @BotFather gave you")
    if not TOKEN_SHAPE.match(token):
        return problem("bot token", "COPRO_BOT_TOKEN is not shaped like a token (digits:letters)",
                       "copy the whole token from @BotFather, with no spaces or quotes")
    return ok("bot token", "set, shaped like a Telegram token")


def check_timezone(settings: Settings, invalid: bool = False) -> Finding:
    if invalid:
        return problem("timezone", "COPRO_TIMEZONE is not a time zone this machine knows",
                       "use an IANA name such as Europe/London (`timedatectl list-timezones`)")
    now = datetime.now(settings.zone)
    return ok("timezone", f"{settings.timezone} (now {now:%H:%M %Z} there)")


def well_formed_token(settings: Settings) -> str | None:
    token = settings.bot_token.get_secret_value()
    return token if TOKEN_SHAPE.match(token) else None


def _default(name: str) -> Any:
    if name not in Settings.model_fields:
        return None
    return Settings.model_fields[name].get_default(call_default_factory=True)
