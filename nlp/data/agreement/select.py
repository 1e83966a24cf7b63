"""Pick the 100 comments labelled twice, and write them with their text only.

Run once from the repository root: ``python nlp/data/agreement/select.py``. It deals 100
comments from the files in ``nlp/data/labelled/`` (seeded, in proportion to each file's size)
and writes ``texts.jsonl`` (source, id, text: nothing else, so that a second labeller sees
no labels) and ``first.jsonl`` (the same comments with the labels of the first pass, copied
from ``nlp/data/labelled/``). The second pass is written to its own file by hand.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELLED = HERE.parent / "labelled"
SEED = 100
COUNT = 100


def main() -> None:
    rows = [
        json.loads(line)
        for path in sorted(LABELLED.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    picked = sorted(random.Random(SEED).sample(range(len(rows)), COUNT))
    with (HERE / "texts.jsonl").open("w", encoding="utf-8") as texts:
        for i in picked:
            row = {k: rows[i][k] for k in ("source", "id", "text")}
            texts.write(json.dumps(row, ensure_ascii=False) + "\n")
    with (HERE / "first.jsonl").open("w", encoding="utf-8") as first:
        for i in picked:
            first.write(json.dumps(rows[i], ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
