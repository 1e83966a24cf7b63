"""Load a theme taxonomy (the default or a consultation's own) from YAML."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CONFIG_DIR = Path(__file__).resolve().parents[1] / "config"
# libyaml's loader when PyYAML was built with it: the default taxonomy parses 5x faster
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DEFAULT_THEMES = CONFIG_DIR / "themes" / "default.yaml"


@dataclass(frozen=True)
class Theme:
    """One theme: a stable key, labels, and the phrases that find it per language."""

    key: str
    labels: Mapping[str, str]
    description: str = ""
    patterns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    weak: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def label(self, language: str = "en") -> str:
        """The label in `language`, falling back to English, then the key."""
        return self.labels.get(language) or self.labels.get("en") or self.key


@dataclass(frozen=True)
class Taxonomy:
    """An ordered set of themes, plus phrases that block theme words inside them."""

    name: str
    themes: tuple[Theme, ...]
    stop_phrases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def keys(self) -> list[str]:
        """Theme keys in file order."""
        return [theme.key for theme in self.themes]


def _by_language(raw: Any, where: str) -> dict[str, tuple[str, ...]]:
    if raw is None:
        return {}
    if isinstance(raw, list):  # a bare list is English
        raw = {"en": raw}
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected a mapping of language to phrases")
    result: dict[str, tuple[str, ...]] = {}
    for lang, phrases in raw.items():
        for phrase in phrases or ():
            if isinstance(phrase, bool) or phrase is None:
                # YAML reads a bare no / on / yes as a boolean
                raise ValueError(f"{where}: {phrase!r} is not a phrase; quote it")
        result[str(lang)] = tuple(str(p) for p in phrases or ())
    return result


def parse_taxonomy(data: Mapping[str, Any], name: str = "custom") -> Taxonomy:
    """Build a taxonomy from already-parsed YAML data."""
    raw_themes = data.get("themes")
    if not isinstance(raw_themes, list) or not raw_themes:
        raise ValueError(f"taxonomy {name!r}: 'themes' must be a non-empty list")
    themes: list[Theme] = []
    seen: set[str] = set()
    for raw in raw_themes:
        key = str(raw.get("key", "")).strip()
        if not key or key in seen:
            raise ValueError(f"taxonomy {name!r}: missing or repeated theme key {key!r}")
        seen.add(key)
        labels = raw.get("label") or {"en": key}
        if isinstance(labels, str):
            labels = {"en": labels}
        themes.append(
            Theme(
                key=key,
                labels={str(k): str(v) for k, v in labels.items()},
                description=str(raw.get("description", "")),
                patterns=_by_language(raw.get("patterns"), f"{name}:{key}.patterns"),
                weak=_by_language(raw.get("weak"), f"{name}:{key}.weak"),
            )
        )
    stop = _by_language(data.get("stop_phrases"), f"{name}.stop_phrases")
    return Taxonomy(name=str(data.get("name", name)), themes=tuple(themes), stop_phrases=stop)


def load_taxonomy(path: Path | str | None = None) -> Taxonomy:
    """Read a taxonomy YAML file; None means the default taxonomy."""
    path = Path(path) if path is not None else DEFAULT_THEMES
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
    return parse_taxonomy(data, name=path.stem)
