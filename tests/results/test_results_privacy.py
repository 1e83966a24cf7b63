"""Small groups stay hidden: in counts, in breakdowns, in totals, and in quotes."""

from __future__ import annotations

from itertools import chain

from results_testkit import NAMES, PHONES, SLUG, WORKER_MARKER
from sqlmodel import select

from bot.bootstrap import App
from bot.results import COMPLEMENT, SMALL, Count, Results, build_results
from bot.results.disclosure import Disclosure
from storage import AnswerRow, TagRow


def results_of(app: App) -> Results:
    with app.unit_of_work() as uow:
        return build_results(uow, SLUG, None, app.clock(), app.settings.zone)


def test_a_question_fewer_than_five_answered_is_hidden_entirely(answered: App) -> None:
    unsafe = results_of(answered).question("discover", "unsafe_why")
    assert unsafe.hidden and unsafe.respondents == Count(None, SMALL)
    assert unsafe.text.themes == () and unsafe.text.phrases == ()
    assert all(not g.respondents.shown for b in unsafe.breakdowns for g in b.groups)


def test_three_workers_are_hidden_and_so_are_residents_who_would_give_them_away(
    answered: App,
) -> None:
    results = results_of(answered)
    design = results.round("design")
    roles = {g.key: g for g in design.breakdowns[0].groups}
    assert roles["worker"].respondents == Count(None, SMALL)
    # 27 people answered: showing the 24 residents would show the 3 workers
    assert roles["resident"].respondents == Count(None, COMPLEMENT)
    for question in design.questions:
        role = question.breakdown("role")
        workers = [g for g in role.groups if g.key == "worker"]
        for group in workers:
            assert group.hidden
            assert all(c.value is None for c in group.counts.values())
        if workers and len(role.groups) == 2:
            assert not role.shown, f"{question.key}: residents give the workers away"


def test_no_shown_total_is_one_hidden_cell_away_from_a_group(answered: App) -> None:
    """For single choices (whose counts add up), a hidden cell is never alone in its row."""
    for round_ in results_of(answered).rounds:
        for q in round_.questions:
            if q.type not in ("single", "yesno", "scale") or q.hidden:
                continue
            hidden = [o for o in q.options if not o.count.shown]
            assert len(hidden) != 1, q.key
            for breakdown in q.breakdowns:
                for group in breakdown.shown:
                    cells = [c for c in group.counts.values() if not c.shown]
                    assert len(cells) != 1, (q.key, group.key)
                for option in q.options:
                    column = [g.counts[option.key] for g in breakdown.groups]
                    alone = sum(not c.shown for c in column) == 1
                    assert not (option.count.shown and alone), (q.key, option.key)


def test_quotes_are_redacted_tags_never_raw_text(answered: App) -> None:
    results = results_of(answered)
    quotes = [
        quote
        for round_ in results.rounds
        for q in round_.questions if q.text is not None
        for theme in q.text.themes
        for quote in theme.quotes
    ]
    assert quotes, "themes with five or more people have quotes"
    with answered.unit_of_work() as uow:
        redacted = set(uow.session.exec(select(TagRow.redacted)))
        raw = set(uow.session.exec(select(AnswerRow.text).where(AnswerRow.text.is_not(None))))
    assert set(quotes) <= redacted
    assert not set(quotes) & (raw - redacted)
    for quote in quotes:
        assert not any(secret in quote for secret in chain(PHONES, NAMES)), quote


def test_a_small_groups_words_are_not_quoted(answered: App) -> None:
    """Three workers wrote about being the park's ranger: their words could name them."""
    missing = results_of(answered).question("design", "missing_idea")
    assert missing.respondents.shown
    quotes = [q for t in missing.text.themes for q in t.quotes]
    assert not any(WORKER_MARKER in q for q in quotes)


def test_hidden_themes_have_no_quotes(answered: App) -> None:
    for round_ in results_of(answered).rounds:
        for q in round_.questions:
            for theme in q.text.themes if q.text else ():
                if not theme.count.shown:
                    assert theme.quotes == ()


def test_complementary_hiding_blocks_recovery_by_subtraction() -> None:
    d = Disclosure(5)
    d.add(("T",), 20)
    for key, n in (("a", 12), ("b", 6), ("c", 2)):
        d.add(key, n)
    d.add_sum(("T",), ["a", "b", "c"])
    d.solve()
    assert d.count("c") == Count(None, SMALL)
    assert d.count("b") == Count(None, COMPLEMENT), "the smallest other cell goes too"
    assert d.count("a") == Count(12) and d.count(("T",)) == Count(20)


def test_a_hidden_group_hides_all_its_cells_even_its_zeros() -> None:
    d = Disclosure(5)
    d.add("workers", 3)
    d.add("yes", 3)
    d.add("no", 0)
    d.add_block("workers", ["yes", "no"])
    d.solve()
    assert d.count("no") == Count(None, SMALL), "'no worker said no' is about the workers"


def test_when_no_other_cell_can_cover_a_small_one_the_total_is_hidden() -> None:
    d = Disclosure(5)
    d.add("points", 30, people=10)  # ten people ranked: the total is 3 points each
    d.add("toilets", 30, people=3)
    d.add("cafe", 0)
    d.add_sum("points", ["toilets", "cafe"])
    d.solve()
    assert d.count("toilets") == Count(None, SMALL)
    assert d.count("points") == Count(None, COMPLEMENT)
