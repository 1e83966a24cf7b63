"""A chat worker with the tagger off must not load spaCy, Excel or chart libraries at start:
they cost about 130 MB per process, and the deployment runs several workers."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("spacy", "openpyxl", "matplotlib")


def test_starting_copro_and_both_chat_adapters_loads_no_heavy_library() -> None:
    probe = (
        "import sys\n"
        "import bot.cli.main, bot.telegram.aiogram_adapter.runner\n"
        "import bot.telegram.ptb_adapter.runner\n"
        "import bot.telegram.staff, bot.results, bot.exports, nlp\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, timeout=120).stdout.strip()
    assert loaded == ""


def test_the_tagger_still_loads_spacy_when_it_is_used() -> None:
    probe = "import sys\nfrom nlp import Tagger\nprint('spacy' in sys.modules)\n"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, timeout=120).stdout.strip()
    assert out == "True"
