"""Cohen's kappa between two label files of the same comments.

Run from the repository root::

    python nlp/data/agreement/agreement.py FIRST.jsonl SECOND.jsonl [--show]

Rows are matched by (source, id); either file may hold more rows. Prints kappa per theme
(themes either labeller used), their mean, and sentiment kappa with four labels and with
mixed counted as negative, then one JSON line. ``--show`` lists every disagreement.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from nlp.agreement import agreement
from nlp.evaluation import read_labelled
from nlp.taxonomy import load_taxonomy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument("--show", action="store_true", help="list the disagreements")
    options = parser.parse_args()
    result = agreement(
        read_labelled(options.first), read_labelled(options.second), load_taxonomy().keys
    )
    print(f"{result.n} comments labelled in both files")
    for key, kappa in result.per_theme.items():
        print(f"  {key:20} kappa {kappa:.3f}")
    print(f"themes, mean kappa      {result.theme_mean:.3f}")
    print(f"sentiment (4 labels)    {result.sentiment:.3f}")
    print(f"sentiment (3 labels)    {result.sentiment3:.3f}")
    if options.show:
        for what, row_id, detail in result.disagreements:
            print(f"  {what:9} {row_id}: {detail}")
    figures = {
        "n": result.n,
        "theme_mean_kappa": round(result.theme_mean, 4),
        "per_theme": {k: round(v, 4) for k, v in result.per_theme.items()},
        "sentiment_kappa": round(result.sentiment, 4),
        "sentiment3_kappa": round(result.sentiment3, 4),
        "disagreements": len(result.disagreements),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
