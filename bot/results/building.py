"""Build a consultation's results from the database: `build_results(uow, slug, ...)`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, tzinfo
from functools import lru_cache
from pathlib import Path

from bot.engine.model import Consultation, LocalText, Question, QuestionType, Round
from bot.results.disclosure import Disclosure
from bot.results.labels import GROUP_NAMES, group_name
from bot.results.model import Breakdown, GroupResult, QuestionResult, Results, RoundResult
from bot.results.questions import summarise_values
from bot.results.quotes import LONGEST, SHORTEST
from bot.results.texts import summarise_text
from bot.services.consultations import load_stored
from bot.services.ports import Participation, QuoteCandidate, ResultsQueries, UnitOfWork
from config.settings import CONFIG_DIR
from nlp.taxonomy import Taxonomy, load_taxonomy

MIN_GROUP = 5
QUOTE_POOL = 2000  # candidates read per question: plenty for three quotes a theme


class RoundNotFound(LookupError):
    def __init__(self, slug: str, key: str) -> None:
        super().__init__(f"{slug} has no round called {key!r}")


def build_results(
    uow: UnitOfWork,
    slug: str,
    round_key: str | None,
    now: datetime,
    zone: tzinfo,
    min_group: int = MIN_GROUP,
    themes_dir: Path | None = None,
) -> Results:
    """Every round (or one), every question: counts, breakdowns, themes, redacted quotes.

    Groups of fewer than `min_group` people are hidden, with the cells that would give
    them away. Raises ConsultationNotFound or RoundNotFound.
    """
    if min_group < 1:
        raise ValueError("min_group must be at least 1")
    stored = load_stored(uow, slug, now, zone)
    consultation = stored.consultation
    rounds = list(consultation.rounds)
    if round_key is not None:
        rounds = [r for r in rounds if r.key == round_key]
        if not rounds:
            raise RoundNotFound(slug, round_key)
    taxonomy = taxonomy_for(consultation.themes, themes_dir)
    built = []
    for round_ in rounds:
        round_id = stored.round_ids.get(round_.key)
        question_ids = uow.consultations.question_ids(round_id) if round_id is not None else {}
        built.append(
            _round(uow.results, stored.id, round_id, question_ids, consultation, round_, taxonomy,
                   min_group)
        )
    return Results(
        slug=consultation.slug,
        title=consultation.title,
        languages=consultation.languages,
        min_group=min_group,
        generated_at=now.astimezone(zone),
        rounds=tuple(built),
        taxonomy=taxonomy.name,
    )


def taxonomy_for(name: str | None, themes_dir: Path | None = None) -> Taxonomy:
    """The consultation's own theme taxonomy if it has one, else the default."""
    folder = themes_dir or CONFIG_DIR / "themes"
    path = folder / f"{name}.yaml" if name else None
    return _load_taxonomy(str(path) if path is not None and path.exists() else None)


@lru_cache(maxsize=16)
def _load_taxonomy(path: str | None) -> Taxonomy:
    return load_taxonomy(path)


def group_label(key: str) -> LocalText:
    return LocalText({lang: group_name(key, lang) for lang in GROUP_NAMES}, "en")


def _orders(consultation: Consultation) -> dict[str, Sequence[str]]:
    return {"role": consultation.audience, "language": consultation.languages}


def _round(
    results_queries: ResultsQueries,
    consultation_id: int,
    round_id: int | None,
    question_ids: Mapping[str, int],
    consultation: Consultation,
    round_: Round,
    taxonomy: Taxonomy,
    min_group: int,
) -> RoundResult:
    orders = _orders(consultation)
    asked = [q for q in round_.questions if q.key in question_ids]
    texts = [q for q in asked if q.type is QuestionType.TEXT]
    values = [q for q in asked if q.type is not QuestionType.TEXT]
    value_tallies = results_queries.value_tallies(
        consultation_id, [question_ids[q.key] for q in values]
    )
    text_ids = [question_ids[q.key] for q in texts]
    text_tallies = results_queries.text_tallies(consultation_id, text_ids)
    phrases = results_queries.phrase_counts(text_ids, min_group)

    def candidates_for(question: Question) -> Callable[[bool], list[QuoteCandidate]]:
        question_id = question_ids[question.key]
        return lambda with_groups: results_queries.quote_candidates(
            consultation_id, question_id, SHORTEST, LONGEST, QUOTE_POOL, with_groups
        )

    results: list[QuestionResult] = []
    for question in round_.questions:
        qid = question_ids.get(question.key)
        if question.type is QuestionType.TEXT:
            results.append(summarise_text(
                round_.key, question, text_tallies.get(qid, []) if qid else [],
                phrases.get(qid, []) if qid else [],
                candidates_for(question) if qid else lambda _: [],
                taxonomy, orders, group_label, min_group,
            ))
        else:
            results.append(summarise_values(
                round_.key, question, value_tallies.get(qid, []) if qid else [],
                orders, group_label, min_group,
            ))
    required = [
        question_ids[q.key] for q in asked if q.required and q.when is None
    ]
    found = (
        results_queries.participation(consultation_id, round_id, required)
        if round_id is not None else []
    )
    return _participation(round_, found, orders, min_group, tuple(results))


def _participation(
    round_: Round,
    found: Sequence[Participation],
    orders: Mapping[str, Sequence[str]],
    min_group: int,
    questions: tuple[QuestionResult, ...],
) -> RoundResult:
    """Who answered the round and who answered every question everyone is asked."""
    d = Disclosure(min_group)
    total = sum(p.respondents for p in found)
    done = sum(p.completed for p in found)
    d.add(("T",), total)
    d.add(("D",), done)
    d.add_block(("T",), [("D",)])
    groups: dict[str, list[str]] = {}
    for dim in ("role", "language"):
        sizes: dict[str, list[int]] = {}
        for p in found:
            group = p.role if dim == "role" else p.language
            sizes.setdefault(group, [0, 0])
            sizes[group][0] += p.respondents
            sizes[group][1] += p.completed
        order = [g for g in orders[dim] if g in sizes]
        groups[dim] = order + sorted(g for g in sizes if g not in order)
        for group in groups[dim]:
            d.add(("n", dim, group), sizes[group][0])
            d.add(("d", dim, group), sizes[group][1])
            d.add_block(("n", dim, group), [("d", dim, group)])
        d.add_sum(("T",), [("n", dim, g) for g in groups[dim]])
        d.add_sum(("D",), [("d", dim, g) for g in groups[dim]])
        d.add_block(("T",), [("n", dim, g) for g in groups[dim]])
    d.solve()
    breakdowns = tuple(
        Breakdown(dim, tuple(
            GroupResult(
                g, group_label(f"lang:{g}" if dim == "language" else g),
                d.count(("n", dim, g)),
                {"respondents": d.count(("n", dim, g)), "completed": d.count(("d", dim, g))},
            )
            for g in groups[dim]
        ))
        for dim in ("role", "language")
    )
    return RoundResult(
        round_.key, round_.title, d.count(("T",)), d.count(("D",)), breakdowns, questions
    )
