"""The message catalogue: every text a participant sees, in English and Welsh."""

from __future__ import annotations

from datetime import datetime, tzinfo
from functools import cache
from importlib import resources
from typing import Any

import yaml
from babel import Locale

LANGUAGES = ("en", "cy")
FALLBACK = "en"


class Catalogue:
    """Looks up a key in a language and fills in its named parameters."""

    def __init__(self, messages: dict[str, dict[str, Any]], zone: tzinfo) -> None:
        self._messages = messages
        self.zone = zone

    def text(self, key: str, language: str, **params: object) -> str:
        """A text with `params` filled in. A text given as plural forms (`one`, `other`, and
        Welsh's `zero`, `two`, `few`, `many`) is chosen by the number in `n` (or in the
        parameter its `count` names)."""
        template = self._raw(key, language)
        if isinstance(template, dict) and "other" in template:
            number = params.get(str(template.get("count", "n")))
            template = template.get(plural_form(number, language), template["other"])
        if not isinstance(template, str):
            raise KeyError(f"{key} is not a text")
        filled = {k: self._param(v, language) for k, v in params.items()}
        return template.format(**filled)

    def has(self, key: str, language: str = FALLBACK) -> bool:
        return key in self._messages.get(language, {})

    def keys(self, language: str) -> set[str]:
        return set(self._messages.get(language, {}))

    def moment(self, when: datetime, language: str) -> str:
        """A date and time in the council's time zone, in words: 'Tuesday 1 December ...'."""
        local = when.astimezone(self.zone)
        weekdays = self._raw("weekdays", language)
        months = self._raw("months", language)
        return self.text(
            "date_format",
            language,
            weekday=weekdays[local.weekday()],
            day=local.day,
            month=months[local.month - 1],
            year=local.year,
            time=local.strftime("%H:%M"),
        )

    def _raw(self, key: str, language: str) -> Any:
        found = self._messages.get(language, {}).get(key)
        if found is None:
            found = self._messages[FALLBACK][key]
        return found

    def _param(self, value: object, language: str) -> object:
        return self.moment(value, language) if isinstance(value, datetime) else value


def plural_form(count: object, language: str) -> str:
    """The CLDR plural category of `count` in `language` ("one", "few", "other"...)."""
    if not isinstance(count, int):
        return "other"
    return str(_locale(language).plural_form(abs(count)))


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(language)


@cache
def _load_messages() -> dict[str, dict[str, Any]]:
    """`en.yaml` plus any `en.<area>.yaml` (one per feature area), likewise for Welsh."""
    folder = resources.files("bot.i18n")
    messages: dict[str, dict[str, Any]] = {}
    for language in LANGUAGES:
        merged: dict[str, Any] = {}
        names = sorted(
            entry.name
            for entry in folder.iterdir()
            if entry.name == f"{language}.yaml"
            or (entry.name.startswith(f"{language}.") and entry.name.endswith(".yaml"))
        )
        for name in names:
            part = yaml.safe_load(folder.joinpath(name).read_text("utf-8")) or {}
            repeated = set(part) & set(merged)
            if repeated:
                raise ValueError(f"{name} repeats catalogue keys: {sorted(repeated)}")
            merged.update(part)
        messages[language] = merged
    return messages


def load_catalogue(zone: tzinfo) -> Catalogue:
    return Catalogue(_load_messages(), zone)
