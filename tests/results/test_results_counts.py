"""Results add up: distributions, scales, rankings, themes and who took part."""

from __future__ import annotations

from collections import Counter
from statistics import mean, median

import pytest
from results_testkit import SLUG, answered_in, expected_counts
from sqlmodel import select

from bot.bootstrap import App
from bot.results import Count, Results, RoundNotFound, build_results
from bot.services.consultations import ConsultationNotFound
from storage import AnswerRow, QuestionRow, TagRow


def results_of(app: App, round_key: str | None = None) -> Results:
    with app.unit_of_work() as uow:
        return build_results(uow, SLUG, round_key, app.clock(), app.settings.zone)


def counts(question) -> dict[str, int | None]:  # type: ignore[no-untyped-def]
    return {o.key: o.count.value for o in question.options}


def test_a_single_choice_counts_each_option_and_hides_the_small_ones(answered: App) -> None:
    visits = results_of(answered).question("discover", "visits")
    expected = expected_counts("discover", "visits")
    assert visits.respondents == Count(36)
    assert counts(visits)["most_days"] == expected["most_days"] == 18
    assert counts(visits)["weekly"] == expected["weekly"] == 10
    assert expected["rarely"] == 3
    rarely = next(o for o in visits.options if o.key == "rarely")
    assert rarely.count == Count(None, "small") and rarely.share is None
    # 36 - 18 - 10 would give away "rarely" if "monthly" (5) were shown
    monthly = next(o for o in visits.options if o.key == "monthly")
    assert monthly.count == Count(None, "complement")
    assert visits.options[0].share == pytest.approx(0.5)


def test_yes_no_counts_and_the_role_breakdown_put_residents_beside_workers(
    answered: App,
) -> None:
    children = results_of(answered).question("discover", "children")
    assert counts(children) == {"yes": 15, "no": 21}
    roles = {g.key: g for g in children.breakdown("role").groups}
    assert roles["resident"].respondents == Count(30)
    assert roles["worker"].respondents == Count(6)
    assert {k: c.value for k, c in roles["resident"].counts.items()} == {"yes": 15, "no": 15}
    assert {k: c.value for k, c in roles["worker"].counts.items()} == {"yes": 0, "no": 6}
    assert roles["worker"].share("no") == 1.0
    languages = {g.key: g.respondents.value for g in children.breakdown("language").groups}
    expected = Counter(p.language for p, _ in answered_in("discover"))
    assert languages == dict(expected)


def test_a_multiple_choice_counts_every_option_picked(answered: App) -> None:
    barriers = results_of(answered).question("discover", "barriers")
    expected = expected_counts("discover", "barriers")
    shown = {k: v for k, v in counts(barriers).items() if v is not None}
    assert shown == {k: expected.get(k, 0) for k in shown}
    assert shown["toilets"] == 21 and shown["litter"] == 20
    assert sum(shown.values()) > barriers.respondents.value, "people pick several"


def test_a_scale_has_a_histogram_mean_and_median(answered: App) -> None:
    safety = results_of(answered).question("discover", "safety_dark")
    values = [plan["safety_dark"] for _, plan in answered_in("discover")]
    assert counts(safety) == {str(p): values.count(p) for p in range(1, 6)}
    assert safety.scale.mean == pytest.approx(round(mean(values), 2))
    assert safety.scale.median == median(values)
    workers = next(g for g in safety.breakdown("role").groups if g.key == "worker")
    assert workers.mean == 4 and workers.median == 4


def test_a_ranking_gets_borda_points_and_first_places(answered: App) -> None:
    priorities = results_of(answered, "design").question("design", "priorities")
    points: Counter[str] = Counter()
    first: Counter[str] = Counter()
    for _, plan in answered_in("design"):
        ranking = plan["priorities"]
        first[ranking[0]] += 1
        for position, key in enumerate(ranking):
            points[key] += 3 - position
    scores = {o.key: o.points.value for o in priorities.options}
    assert scores["toilets"] == points["toilets"] == 48
    assert scores["lighting"] == points["lighting"]
    assert scores["paths"] is None, "ranked by three workers only"
    assert [o.key for o in priorities.options][:3] == ["toilets", "lighting", "play"]
    lighting = next(o for o in priorities.options if o.key == "lighting")
    assert lighting.first.value == first["lighting"] == 8


def test_theme_counts_match_the_tags_and_use_the_taxonomys_labels(answered: App) -> None:
    change = results_of(answered).question("discover", "change_one")
    with answered.unit_of_work() as uow:
        rows = uow.session.exec(
            select(TagRow.themes, TagRow.sentiment)
            .join(AnswerRow, AnswerRow.id == TagRow.answer_id)
            .join(QuestionRow, QuestionRow.id == AnswerRow.question_id)
            .where(QuestionRow.key == "change_one")
        ).all()
    tagged = Counter(theme for themes, _ in rows for theme in themes)
    assert change.text.tagged == len(rows) == 35
    assert change.text.waiting == 1, "the late answer is not tagged yet"
    shown = [t for t in change.text.themes if t.count.shown]
    assert shown, "some themes reach five people"
    for theme in shown:
        assert theme.count.value == tagged[theme.key]
        assert theme.label.get("en") and theme.label.get("cy") != theme.key
    for theme in change.text.themes:
        assert theme.count.shown == (tagged[theme.key] >= 5)
    tone = Counter(s for _, s in rows)
    assert {s: c.value for s, c in change.text.sentiment.items() if c.shown} == {
        s: tone[s] for s, c in change.text.sentiment.items() if c.shown
    }
    assert all(n >= 5 for _, n in change.text.phrases)


def test_respondents_and_completion_per_round(answered: App) -> None:
    results = results_of(answered)
    discover, design = results.round("discover"), results.round("design")
    assert discover.respondents == Count(36) and discover.completed == Count(36)
    assert design.respondents == Count(27)
    roles = {g.key: g.respondents for g in discover.breakdowns[0].groups}
    assert roles == {"resident": Count(30), "worker": Count(6)}


def test_one_round_only_and_unknown_names_are_refused(answered: App) -> None:
    assert [r.key for r in results_of(answered, "design").rounds] == ["design"]
    with pytest.raises(RoundNotFound):
        results_of(answered, "nowhere")
    with answered.unit_of_work() as uow, pytest.raises(ConsultationNotFound):
        build_results(uow, "no-such-thing", None, answered.clock(), answered.settings.zone)
