"""Benchmark the tagger: answers/s of Tagger.tag_many against a bare nlp.pipe on the same pipeline.

Run from the repository root: ``python bench/nlp.py [--answers N] [--models blank:en,MODEL]``.
Each model runs in its own process so that its peak memory is its own. The last line printed
is one JSON object of the figures; "ratio" is the lowest ours/baseline ratio of the models.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORPUS = [ROOT / "nlp" / "data" / "themes-tune.jsonl", ROOT / "nlp" / "data" / "themes-test.jsonl"]
ROUNDS = 3


def _texts(n: int) -> list[str]:
    lines = [line for path in CORPUS for line in path.read_text("utf-8").splitlines() if line]
    base = [json.loads(line)["text"] for line in lines]
    return [base[i % len(base)] for i in range(n)]


def _measure(model: str, n: int, batch_size: int) -> dict[str, Any]:
    from nlp import Tagger

    started = time.perf_counter()
    tagger = Tagger(model=model, batch_size=batch_size)
    load_s = time.perf_counter() - started
    texts = _texts(n)
    tagger.tag_many(texts[:100])  # warm up both paths
    best_ours = best_bare = float("inf")
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for _doc in tagger.nlp.pipe(texts, batch_size=batch_size):
            pass
        best_bare = min(best_bare, time.perf_counter() - started)
        started = time.perf_counter()
        tagger.tag_many(texts)
        best_ours = min(best_ours, time.perf_counter() - started)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "model": tagger.model,
        "answers": n,
        "load_s": round(load_s, 2),
        "ours_per_s": round(n / best_ours, 1),
        "baseline_per_s": round(n / best_bare, 1),
        "ratio": round(best_bare / best_ours, 3),
        "peak_mb": round(peak_mb, 1),
    }


def _run(args: tuple[str, int, int]) -> dict[str, Any]:
    return _measure(*args)


def main() -> None:
    """Measure each model in a fresh process and print the figures."""
    from nlp import default_model

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=0, help="answers per run (by model)")
    parser.add_argument("--models", default="", help="comma-separated; default blank:en + model")
    parser.add_argument("--batch-size", type=int, default=64)
    options = parser.parse_args()
    models = options.models.split(",") if options.models else ["blank:en"]
    if not options.models and default_model() != "blank:en":
        models.append(default_model())
    figures: dict[str, Any] = {}
    context = multiprocessing.get_context("spawn")
    for model in models:
        n = options.answers or (5000 if model.startswith("blank:") else 1000)
        with context.Pool(1) as pool:
            result = pool.apply(_run, ((model, n, options.batch_size),))
        figures[model] = result
        print(
            f"{model}: ours {result['ours_per_s']}/s, bare nlp.pipe {result['baseline_per_s']}/s,"
            f" ratio {result['ratio']}, peak {result['peak_mb']} MB, load {result['load_s']} s"
        )
    figures["ratio"] = min(f["ratio"] for f in figures.values())
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
