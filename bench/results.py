"""Benchmark results: `build_results` on 100,000 answers against the same aggregation in plain SQL.

Run from the repository root: ``python bench/results.py [--answers N] [--repeat R]``.
The answers are generated straight into a fresh SQLite database with bulk inserts (Victoria
Park's two rounds: choices, multiple choices, scales, rankings and tagged free text). Then,
in the same run:
- ours: `bot.results.build_results` (SQL GROUP BY, then disclosure control, themes, quotes);
- baseline: the same GROUP BY queries written by hand and run through the bare sqlite3
  module, rows fetched and nothing else done: the floor for this aggregation;
- for scale, a naive version that loads every answer row into Python and counts there.
The last line printed is one JSON object; "ratio" is baseline_s / ours_s (higher is better,
1.0 would mean no overhead at all over the hand-written SQL).
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SLUG = "victoria-park"
NOW = datetime(2027, 2, 1, 12, 0, tzinfo=UTC)
PHRASES = [f"{a} {b}" for a in ("more", "better", "new", "safer", "cleaner")
           for b in ("bins", "paths", "lights", "seats", "toilets", "trees", "play", "cafe",
                     "gates", "signs")]
TEXTS = ("More bins by the gate please.", "The paths are dark at night, we need lights.",
         "Lovely park, keep the trees.", "Call [NAME] on [PHONE] about the swings.",
         "A small cafe near the play area would be great for parents.")


def _setup(path: Path) -> tuple[Any, Any]:
    from bot.bootstrap import App
    from bot.consultations import load_file
    from bot.services.consultations import import_consultation
    from config.settings import Settings

    app = App(Settings(database_url=f"sqlite:///{path}", secret_key="bench"))
    app.migrate()
    loaded = load_file(ROOT / "config" / "consultations" / f"{SLUG}.yaml", app.settings.zone)
    with app.unit_of_work() as uow:
        import_consultation(uow, loaded, NOW, open_now=True)
        uow.commit()
    return app, loaded.consultation


def _value(question: Any, rng: random.Random) -> Any:
    keys = [o.key for o in question.options]
    kind = question.type.value
    if kind in ("single", "yesno"):
        return rng.choice(keys)
    if kind == "multi":
        chosen = set(rng.sample(keys, rng.randint(1, min(3, len(keys)))))
        return [k for k in keys if k in chosen]
    if kind == "rank":
        return rng.sample(keys, question.rank_count)
    scale = question.scale
    return rng.randint(scale.min, scale.max)


def generate(app: Any, consultation: Any, answers: int, seed: int = 42) -> dict[str, int]:
    """Bulk-insert participants, enrolments, answers and tags; returns what was made."""
    from nlp import load_taxonomy
    from storage import AnswerRow, EnrolmentRow, ParticipantRow, TagRow

    rng = random.Random(seed)
    themes = load_taxonomy().keys
    questions_per_person = sum(len(r.questions) for r in consultation.rounds)
    people = -(-answers // questions_per_person)
    with app.unit_of_work() as uow:
        row = uow.consultations.get(SLUG)
        cid = row.id
        rounds = {r.key: r.id for r in uow.consultations.rounds(cid)}
        qids = {r.key: uow.consultations.question_ids(rounds[r.key]) for r in consultation.rounds}
    engine = app.database
    with engine.begin() as connection:
        connection.execute(ParticipantRow.__table__.insert(), [
            {"id": n + 1, "telegram_user_id": 5_000_000_000 + n, "language": "en",
             "reachable": True, "created_at": NOW} for n in range(people)
        ])
        connection.execute(EnrolmentRow.__table__.insert(), [
            {"participant_id": n + 1, "consultation_id": cid,
             "role": "worker" if rng.random() < 0.1 else "resident",
             "language": "cy" if rng.random() < 0.25 else "en", "consented_at": NOW,
             "joined_at": NOW, "reminders_muted": False} for n in range(people)
        ])
        made = texts = 0
        answer_rows: list[dict[str, Any]] = []
        tag_rows: list[dict[str, Any]] = []
        for n in range(people):
            for round_ in consultation.rounds:
                for question in round_.questions:
                    if made >= answers:
                        break
                    made += 1
                    answer: dict[str, Any] = {
                        "id": made, "participant_id": n + 1, "round_id": rounds[round_.key],
                        "question_id": qids[round_.key][question.key], "value": None,
                        "text": None, "answered_at": NOW - timedelta(minutes=made % 5000),
                        "tag_status": "none",
                    }
                    if question.type.value == "text":
                        texts += 1
                        answer["text"] = rng.choice(TEXTS)
                        answer["tag_status"] = "done"
                        tag_rows.append({
                            "answer_id": made, "themes": rng.sample(themes, rng.randint(0, 2)),
                            "sentiment": rng.choice(("negative", "neutral", "positive")),
                            "redacted": answer["text"], "key_phrases": rng.sample(PHRASES, 3),
                            "tagger": "bench", "tagged_at": NOW,
                        })
                    else:
                        answer["value"] = _value(question, rng)
                    answer_rows.append(answer)
        connection.execute(AnswerRow.__table__.insert(), answer_rows)
        connection.execute(TagRow.__table__.insert(), tag_rows)
    return {"participants": people, "answers": made, "text_answers": texts}


def ours(app: Any) -> Any:
    from bot.results import build_results

    with app.unit_of_work() as uow:
        return build_results(uow, SLUG, None, NOW, app.settings.zone)


GROUPS = """FROM answer a LEFT JOIN enrolment e
  ON e.participant_id = a.participant_id AND e.consultation_id = :cid"""
BASELINE = {
    "values": f"""SELECT a.question_id, COALESCE(e.role, ''), COALESCE(e.language, ''),
        CAST(a.value AS TEXT), COUNT(*) {GROUPS}
        WHERE a.round_id = :rid AND a.value IS NOT NULL
        GROUP BY 1, 2, 3, 4""",
    "texts": f"""SELECT a.question_id, COALESCE(e.role, ''), COALESCE(e.language, ''),
        t.answer_id IS NOT NULL, CAST(t.themes AS TEXT), t.sentiment, COUNT(*) {GROUPS}
        LEFT JOIN answer_tag t ON t.answer_id = a.id
        WHERE a.round_id = :rid AND a.value IS NULL
        GROUP BY 1, 2, 3, 4, 5, 6""",
    "phrases": """SELECT a.question_id, p.value, COUNT(*) FROM answer a
        JOIN answer_tag t ON t.answer_id = a.id JOIN json_each(t.key_phrases) p
        WHERE a.round_id = :rid GROUP BY 1, 2 HAVING COUNT(*) >= 5""",
    "quotes": f"""SELECT a.id, COALESCE(e.role, ''), COALESCE(e.language, ''), t.redacted,
        CAST(t.themes AS TEXT), t.sentiment {GROUPS}
        JOIN answer_tag t ON t.answer_id = a.id
        WHERE a.question_id = :qid AND length(t.redacted) BETWEEN 30 AND 280
        ORDER BY length(t.redacted), a.id LIMIT 2000""",
    "participation": f"""SELECT role, language, COUNT(*), SUM(answered >= :required) FROM (
        SELECT a.participant_id, COALESCE(e.role, '') AS role,
               COALESCE(e.language, '') AS language,
               SUM(a.question_id IN (SELECT value FROM json_each(:required_ids))) AS answered
        {GROUPS}
        WHERE a.round_id = :rid AND a.participant_id IS NOT NULL
        GROUP BY 1, 2, 3) GROUP BY 1, 2""",
}


def baseline(path: Path, ids: dict[str, Any]) -> dict[str, list[Any]]:
    """The same aggregation as hand-written SQL through the bare sqlite3 module."""
    connection = sqlite3.connect(path)
    found: dict[str, list[Any]] = {}
    try:
        for round_id, text_questions, required in ids["rounds"]:
            params = {"cid": ids["cid"], "rid": round_id, "required": len(required),
                      "required_ids": json.dumps(required)}
            for name in ("values", "texts", "phrases", "participation"):
                found.setdefault(name, []).extend(
                    connection.execute(BASELINE[name], params).fetchall()
                )
            for question_id in text_questions:
                found.setdefault("quotes", []).extend(
                    connection.execute(BASELINE["quotes"], {**params, "qid": question_id})
                    .fetchall()
                )
    finally:
        connection.close()
    return found


def naive(app: Any) -> Counter[tuple[int, str]]:
    """Every answer loaded as a row object and counted in Python (what GROUP BY saves)."""
    from sqlmodel import select

    from storage import AnswerRow

    counts: Counter[tuple[int, str]] = Counter()
    with app.unit_of_work() as uow:
        for row in uow.session.exec(select(AnswerRow)):
            counts[(row.question_id, json.dumps(row.value))] += 1
    return counts


def _ids(app: Any, consultation: Any) -> dict[str, Any]:
    with app.unit_of_work() as uow:
        cid = uow.consultations.get(SLUG).id
        rounds = []
        for round_ in uow.consultations.rounds(cid):
            qids = uow.consultations.question_ids(round_.id)
            questions = consultation.round(round_.key).questions
            texts = [qids[q.key] for q in questions if q.type.value == "text"]
            required = [qids[q.key] for q in questions if q.required and q.when is None]
            rounds.append((round_.id, texts, required))
    return {"cid": cid, "rounds": rounds}


def _timed(fn: Any, repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _interleaved(first: Any, second: Any, repeat: int) -> tuple[float, Any, float, Any]:
    """Median times of two functions run turn about, so a busy machine slows both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    results: list[Any] = [None, None]
    for _ in range(repeat):
        for n, fn in enumerate((first, second)):
            started = time.perf_counter()
            results[n] = fn()
            times[n].append(time.perf_counter() - started)
    return (statistics.median(times[0]), results[0], statistics.median(times[1]), results[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        app, consultation = _setup(path)
        started = time.perf_counter()
        made = generate(app, consultation, args.answers)
        generate_s = time.perf_counter() - started
        print(f"Generated {made['answers']} answers from {made['participants']} people "
              f"({made['text_answers']} free text, tagged) in {generate_s:.1f} s.", flush=True)
        ids = _ids(app, consultation)
        ours(app)  # warm up: taxonomy, statement caches, the database's pages
        baseline(path, ids)
        ours_s, results, baseline_s, rows = _interleaved(
            lambda: ours(app), lambda: baseline(path, ids), args.repeat
        )
        naive_s, _ = _timed(lambda: naive(app), 1)
        visits = results.question("discover", "visits")
        check = sum(o.count.value or 0 for o in visits.options if o.count.shown)
        from_sql = sum(r[4] for r in rows["values"] if r[3] in ('"most_days"', '"weekly"',
                       '"monthly"', '"rarely"'))
        assert visits.respondents.value == from_sql, "ours and the baseline disagree"
        print(f"build_results: {ours_s * 1000:.1f} ms (median of {args.repeat}); "
              f"hand-written SQL only: {baseline_s * 1000:.1f} ms; "
              f"naive row-by-row Python (values only): {naive_s * 1000:.0f} ms.")
        print(f"Checked: {visits.respondents.value} answered 'visits' in both; "
              f"{check} of them in shown options.")
        app.database.dispose()
    figures = {
        "benchmark": "results",
        "answers": made["answers"],
        "participants": made["participants"],
        "text_answers": made["text_answers"],
        "ours_ms": round(ours_s * 1000, 1),
        "baseline_sql_ms": round(baseline_s * 1000, 1),
        "naive_python_ms": round(naive_s * 1000, 1),
        "ratio": round(baseline_s / ours_s, 3),
    }
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
