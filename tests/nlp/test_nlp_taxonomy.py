"""The theme taxonomy file: the default one and a consultation's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp import Tagger, load_taxonomy
from nlp.taxonomy import parse_taxonomy

DEFAULT_KEYS = [
    "housing", "transport", "green_space", "waste", "safety", "health_care",
    "children_education", "economy", "community", "planning", "council", "inclusion",
]  # fmt: skip


def test_the_default_taxonomy_has_the_twelve_stable_keys() -> None:
    assert load_taxonomy().keys == DEFAULT_KEYS


def test_every_default_theme_has_english_and_welsh_labels_and_patterns() -> None:
    for theme in load_taxonomy().themes:
        assert theme.labels["en"] and theme.labels["cy"], theme.key
        assert theme.description, theme.key
        assert len(theme.patterns["en"]) >= 10, theme.key
        assert len(theme.patterns["cy"]) >= 5, theme.key


def test_a_consultation_can_bring_its_own_taxonomy(tmp_path: Path) -> None:
    path = tmp_path / "parks.yaml"
    path.write_text(
        "themes:\n"
        "  - key: play\n"
        "    label: {en: Play areas, cy: Mannau chwarae}\n"
        "    patterns: {en: [swing*, slide, playground], cy: [sigl*, llithren]}\n"
        "  - key: toilets\n"
        "    label: Toilets\n"
        "    patterns: [toilet*, loo]\n",
        encoding="utf-8",
    )
    tagger = Tagger(model="blank:en", themes=path)
    assert tagger.tag("The swings are broken and the loos are shut").themes == ["play", "toilets"]
    assert tagger.tag("Mae'r siglenni wedi torri, mae angen llithren", "cy").themes == ["play"]


def test_a_bare_yes_or_no_in_the_yaml_is_refused_not_read_as_a_boolean() -> None:
    with pytest.raises(ValueError, match="quote it"):
        parse_taxonomy({"themes": [{"key": "x", "patterns": {"en": [False]}}]})


def test_repeated_theme_keys_are_refused() -> None:
    with pytest.raises(ValueError, match="repeated"):
        parse_taxonomy({"themes": [{"key": "a"}, {"key": "a"}]})
