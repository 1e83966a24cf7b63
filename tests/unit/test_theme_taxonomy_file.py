"""The shipped theme taxonomy: every theme has an English and a Welsh label, in full."""

from __future__ import annotations

from pathlib import Path

import yaml

TAXONOMY = Path(__file__).resolve().parents[2] / "config" / "themes" / "default.yaml"


def test_every_theme_label_is_whole_in_english_and_welsh() -> None:
    data = yaml.safe_load(TAXONOMY.read_text(encoding="utf-8"))
    themes = data["themes"] if isinstance(data, dict) and "themes" in data else data
    items = themes if isinstance(themes, list) else list(themes.values())
    assert len(items) == 12
    for theme in items:
        label = theme["label"]
        assert set(label) == {"en", "cy"}, theme["key"]
        assert all(isinstance(text, str) and text.strip() for text in label.values())
