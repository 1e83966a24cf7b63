"""Long-running commands start only with a sound COPRO_SECRET_KEY; trying Copro needs none.

`copro run`, `scheduler` and `nlp-worker` hold real residents' answers, so the public
development key (or a guessable key) would let anyone forge webhook deliveries, open
sealed 2FA secrets and reverse pseudonyms. `copro sandbox` and `copro try` keep the
development key when none is set, and say so.
"""

from __future__ import annotations

import typer
from rich.console import Console

from bot.security.keys import NEW_KEY_HINT, key_problem
from config.settings import Settings, load_settings

errors = Console(stderr=True, highlight=False)


def settings_for_server(command: str) -> Settings:
    """The settings, once COPRO_SECRET_KEY (and COPRO_SEALING_KEY, if set) are sound;
    otherwise say why and exit with status 2 before anything starts."""
    settings = load_settings()
    problems = [key_problem(settings.secret_key.get_secret_value())]
    if sealing := settings.sealing_key.get_secret_value():
        problems.append(key_problem(sealing, "COPRO_SEALING_KEY"))
    found = [problem for problem in problems if problem]
    if found:
        errors.print(f"copro {command} will not start: {'; '.join(found)}.", markup=False)
        errors.print(f"Set it to 32 or more random bytes, e.g. from: {NEW_KEY_HINT}", markup=False)
        errors.print("(`copro sandbox` and `copro try` need none: they use the development key.)",
                     markup=False)
        raise typer.Exit(2)
    return settings


def settings_for_trying() -> Settings:
    """The settings; with no COPRO_SECRET_KEY, a note that the development key is in use."""
    settings = load_settings()
    if not settings.secret_key.get_secret_value():
        errors.print("COPRO_SECRET_KEY is not set, so this uses the public development key: "
                     "fine for trying Copro, never for real answers.", markup=False)
    return settings
