"""Benchmark the web channel: residents answering over HTTP, Copro against a bare form handler.

Run from the repository root::

    .venv/bin/python bench/web.py [--residents 200] [--at-once 50] [--repeat 3]
                                  [--database-url postgresql+psycopg://...]

Each resident is a browser of its own (an aiohttp client with its own cookie jar) that opens
/c/victoria-park, agrees, says it is a resident and answers every question of round 1, each
page's form posted back with its hidden fields (the CSRF token) and its 303 followed. At
most `--at-once` residents are on the site together. Copro runs as `copro web` in a process
of its own (bench/support/web_worker.py: as shipped, with its rate limits opened up, since
every resident posts from 127.0.0.1), on a fresh SQLite database in a temporary folder
unless `--database-url` names another.

The baseline (bench/support/bare_form.py), also a process of its own on the same kind of
database, is the least a form that stores answers does in the same framework: parse the
form, write one row, redirect. Its residents make exactly as many requests as Copro's (one
page, then as many posts as Copro's residents made, each redirect followed). Copro and the
baseline take turns wave by wave, so other work on the machine slows both alike; each figure
is the median wave's. Afterwards Copro's database must hold every answer given (once each:
a unique key sees to that).

The last line printed is one JSON object: Copro's answers per second, the baseline's (posts
counted the same way), their "ratio" (ours / baseline, higher is better), p50/p99 latency of
a post (its redirect included) for both, and the errors and answers stored.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.support.processes import Fleet, free_port, wait_for_port  # noqa: E402
from bench.support.web_residents import Tally, bare_resident, copro_resident, crowd  # noqa: E402
from bot.bootstrap import App  # noqa: E402
from bot.cli.bot_commands import import_shipped  # noqa: E402
from config.settings import Settings  # noqa: E402
from tests.support.keys import TEST_SECRET_KEY  # noqa: E402

SLUG = "victoria-park"
PYTHON = sys.executable


def prepare(database_url: str) -> None:
    """Create or migrate Copro's database and import the shipped consultations."""
    app = App(Settings(database_url=database_url, secret_key=TEST_SECRET_KEY))
    app.migrate()
    import_shipped(app)
    app.database.dispose()


def count_web_answers(database_url: str) -> int:
    """Answers stored for web participants (one per person and question: a unique key)."""
    import sqlalchemy as sa

    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        total = connection.execute(sa.text(
            "SELECT count(*) FROM answer a JOIN participant p ON p.id = a.participant_id "
            "WHERE p.channel = 'web'")).scalar_one()
    engine.dispose()
    return int(total)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def median_wave(waves: list[dict[str, float]]) -> dict[str, float]:
    return sorted(waves, key=lambda wave: wave["answers_per_s"])[(len(waves) - 1) // 2]


def figures(tally: Tally, wall: float, answers: int) -> dict[str, float]:
    return {"answers_per_s": round(answers / wall, 1), "wall_s": round(wall, 2),
            "p50_ms": round(percentile(tally.latencies, 0.5) * 1000, 1),
            "p99_ms": round(percentile(tally.latencies, 0.99) * 1000, 1),
            "errors": tally.errors}  # fmt: skip


async def bench(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    database_url = args.database_url or f"sqlite:///{folder / 'copro.db'}"
    bare_url = (args.database_url or f"sqlite:///{folder / 'bare.db'}")
    prepare(database_url)
    fleet = Fleet(folder)
    copro_port, bare_port = free_port(), free_port()
    env = {"COPRO_DATABASE_URL": database_url, "COPRO_SECRET_KEY": TEST_SECRET_KEY,
           "COPRO_PUBLIC_URL": f"http://127.0.0.1:{copro_port}", "COPRO_LOG_LEVEL": "WARNING"}
    try:
        copro = fleet.start("copro-web", [PYTHON, str(ROOT / "bench/support/web_worker.py"),
                                          "web", "--port", str(copro_port)], env)  # fmt: skip
        bare = fleet.start("bare-form", [PYTHON, str(ROOT / "bench/support/bare_form.py"),
                                         str(bare_port), bare_url], {})  # fmt: skip
        wait_for_port(copro_port, copro)
        wait_for_port(bare_port, bare)
        copro_base, bare_base = f"http://127.0.0.1:{copro_port}", f"http://127.0.0.1:{bare_port}"
        probe = Tally()
        await copro_resident(copro_base, SLUG, probe)  # warm-up; sets the shape of a visit
        posts, per_round = (probe.requests - 1) // 2, probe.answers
        if probe.errors or not per_round:
            raise RuntimeError(f"a warm-up resident could not finish the round: {probe}")
        await bare_resident(bare_base, posts, Tally())
        ours, theirs = [], []
        for _ in range(args.repeat):
            tally = Tally()
            wall = await crowd(lambda t=tally: copro_resident(copro_base, SLUG, t),
                               args.residents, args.at_once)
            ours.append(figures(tally, wall, tally.answers))
            tally = Tally()
            wall = await crowd(lambda t=tally: bare_resident(bare_base, posts, t),
                               args.residents, args.at_once)
            # counted as Copro's are: a resident's posts stand for its round's answers
            theirs.append(figures(tally, wall, args.residents * per_round))
    finally:
        fleet.stop()
    stored = count_web_answers(database_url)
    expected = per_round * (1 + args.residents * args.repeat)
    copro_median, bare_median = median_wave(ours), median_wave(theirs)
    return {
        "residents": args.residents, "at_once": args.at_once, "waves": args.repeat,
        "answers_per_round": per_round, "posts_per_round": posts,
        "database": database_url.split(":", 1)[0].split("+")[0],
        "copro": copro_median, "bare": bare_median,
        "copro_waves_per_s": [wave["answers_per_s"] for wave in ours],
        "bare_waves_per_s": [wave["answers_per_s"] for wave in theirs],
        "answers_stored": stored, "answers_expected": expected,
        "ratio": round(copro_median["answers_per_s"] / bare_median["answers_per_s"], 3),
    }  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--residents", type=int, default=200, help="residents per wave")
    parser.add_argument("--at-once", type=int, default=50, help="residents on the site together")
    parser.add_argument("--repeat", type=int, default=3, help="waves per server")
    parser.add_argument("--database-url", help="a PostgreSQL URL (default: SQLite in a temp dir)")
    args = parser.parse_args(argv)
    print(f"Web: {args.residents} residents a wave, {args.at_once} at once, {args.repeat} "
          f"wave(s) each for Copro and the bare form handler.", flush=True)
    with tempfile.TemporaryDirectory(prefix="copro-bench-web-") as folder:
        result = asyncio.run(bench(args, Path(folder)))
    c, b = result["copro"], result["bare"]
    print(f"Copro {c['answers_per_s']} answers/s (p50 {c['p50_ms']} ms, p99 {c['p99_ms']} ms, "
          f"errors {c['errors']}) vs bare {b['answers_per_s']}/s (p50 {b['p50_ms']} ms, "
          f"p99 {b['p99_ms']} ms) = ratio {result['ratio']}; stored "
          f"{result['answers_stored']} of {result['answers_expected']}", flush=True)
    print(json.dumps(result, separators=(", ", ": ")), flush=True)


if __name__ == "__main__":
    main()
