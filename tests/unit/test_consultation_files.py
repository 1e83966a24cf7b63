"""Consultation files: what loads, and every problem an officer is told about, with its path."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest
from engine_play import FIXTURES, SHIPPED

from bot.consultations import ConsultationInvalid, Problem, load_file, load_text
from bot.engine.model import Condition, QuestionType

QUESTION = """\
      - key: colour
        type: single
        text: "Which colour?"
        options:
          - {key: red, text: "Red"}
          - {key: blue, text: "Blue"}
"""


def a_file(questions: str = QUESTION, round_extra: str = "", top_extra: str = "") -> str:
    """A valid two-language file with one round; the arguments add YAML in place."""
    return (
        textwrap.dedent(
            """\
            slug: test-file
            title: {en: "Test", cy: "Prawf"}
            languages: [en, cy]
            audience: [resident, worker]
            """
        )
        + top_extra
        + 'rounds:\n  - key: first\n    title: {en: "First", cy: "Cyntaf"}\n'
        + round_extra
        + "    questions:\n"
        + questions
    )


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(ConsultationInvalid) as raised:
        load_text(text)
    return raised.value.problems


def paths_of(text: str) -> list[str]:
    return [problem.path for problem in problems_of(text)]


# --- files that load -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        SHIPPED / "victoria-park.yaml",
        SHIPPED / "library-services.yaml",
        FIXTURES / "minimal.yaml",
    ],
    ids=lambda path: path.name,
)
def test_the_shipped_files_and_the_minimal_fixture_load_with_no_problem(path: Path) -> None:
    loaded = load_file(path)

    assert loaded.consultation.slug == path.stem
    assert loaded.consultation.rounds
    assert all(r.questions for r in loaded.consultation.rounds)


def test_the_shipped_files_are_in_english_and_welsh() -> None:
    for path in SHIPPED.glob("*.yaml"):
        consultation = load_file(path).consultation
        assert consultation.languages == ("en", "cy")
        for round_ in consultation.rounds:
            for question in round_.questions:
                assert set(question.text.by_language) == {"en", "cy"}, question.key


def test_the_test_file_itself_is_valid() -> None:
    assert load_text(a_file()).consultation.slug == "test-file"


def test_a_text_given_once_is_the_same_in_every_language() -> None:
    colour = load_text(a_file()).consultation.rounds[0].questions[0]

    assert colour.text.get("en") == colour.text.get("cy") == "Which colour?"


def test_a_yes_or_no_question_has_yes_and_no_in_both_languages() -> None:
    loaded = load_text(a_file('      - {key: kids, type: yesno, text: "Kids?"}\n'))
    kids = loaded.consultation.rounds[0].questions[0]

    assert [(o.key, o.text.get("en"), o.text.get("cy")) for o in kids.options] == [
        ("yes", "Yes", "Ie"),
        ("no", "No", "Na"),
    ]


def test_unquoted_yes_and_no_in_the_file_stay_words() -> None:
    questions = (
        "      - {key: kids, type: yesno, text: yes}\n"
        "      - key: which\n"
        "        type: single\n"
        "        text: no\n"
        "        options: [{key: no, text: no}, {key: yes, text: on}]\n"
        "        when: {question: kids, any_of: [yes]}\n"
    )
    loaded = load_text(a_file(questions))
    kids, which = loaded.consultation.rounds[0].questions

    assert kids.text.get("en") == "yes"
    assert which.text.get("en") == "no"
    assert [(o.key, o.text.get("en")) for o in which.options] == [("no", "no"), ("yes", "on")]
    assert which.when == Condition("kids", any_of=("yes",))
    assert loaded.definition["rounds"][0]["questions"][1]["when"]["any_of"] == ["yes"]


def test_a_time_without_a_zone_is_read_in_the_councils_time_zone() -> None:
    loaded = load_text(a_file(round_extra="    opens: 2027-07-01T09:00:00\n"))

    assert loaded.consultation.rounds[0].opens == datetime(2027, 7, 1, 8, 0, tzinfo=UTC)


def test_the_definition_is_ready_to_store_as_json() -> None:
    loaded = load_text(a_file(round_extra="    opens: 2027-07-01T09:00:00+00:00\n"))

    assert loaded.definition["rounds"][0]["opens"] == "2027-07-01T09:00:00+00:00"


# --- the five mistakes ---------------------------------------------------------------------


def test_the_five_mistakes_file_reports_exactly_its_five_mistakes() -> None:
    with pytest.raises(ConsultationInvalid) as raised:
        load_file(FIXTURES / "five-mistakes.yaml")

    assert [p.path for p in raised.value.problems] == [
        "rounds[0].questions[0].options",
        "rounds[0].questions[1].scale",
        "rounds[0].questions[2].when",
        "rounds[0].questions[3].max_lenght",
        "rounds[0].questions[4].text",
    ]
    messages = " | ".join(p.message for p in raised.value.problems)
    for clue in ("bus", "min (5)", "bus_stop", "unknown key", "cy"):
        assert clue in messages


def test_every_problem_is_printed_on_its_own_line_with_its_path() -> None:
    with pytest.raises(ConsultationInvalid) as raised:
        load_file(FIXTURES / "five-mistakes.yaml")

    lines = str(raised.value).splitlines()
    assert len(lines) == 5
    assert lines[3] == "rounds[0].questions[3].max_lenght: unknown key (check the spelling)"


# --- not YAML, or not a consultation -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('slug: "unclosed\n', 2),
        ("slug: test-file\ntitle: a: b\n", 2),
        (a_file() + "  - key: [oops\n", 16),
        ("slug: x\n\tlanguages: [en]\n", 2),
    ],
)
def test_malformed_yaml_is_a_problem_with_a_line_number(text: str, line: int) -> None:
    problems = problems_of(text)

    assert len(problems) == 1
    assert problems[0].path.startswith(f"line {line}, column ")
    assert "not valid YAML" in problems[0].message


@pytest.mark.parametrize("text", ["", "just words", "- a list\n- of things\n", "42\n"])
def test_a_file_that_is_not_a_mapping_is_a_problem(text: str) -> None:
    assert [str(p) for p in problems_of(text)] == ["the file must hold a consultation (a mapping)"]


def test_a_missing_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(ConsultationInvalid) as raised:
        load_file(tmp_path / "nowhere.yaml")

    assert "cannot read" in str(raised.value)


def test_a_file_that_is_not_utf8_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(a_file().replace("Prawf", "Caf\xe9").encode("latin-1"))

    with pytest.raises(ConsultationInvalid):
        load_file(latin)


# --- shape ---------------------------------------------------------------------------------


def test_an_unknown_key_is_an_error_not_ignored() -> None:
    questions = QUESTION + "        colour: red\n"

    assert problems_of(a_file(questions)) == [
        Problem("rounds[0].questions[0].colour", "unknown key (check the spelling)")
    ]


def test_an_unknown_key_at_the_top_is_an_error() -> None:
    assert paths_of(a_file(top_extra="sumary: {en: a, cy: b}\n")) == ["sumary"]


def test_a_missing_required_key_is_named() -> None:
    questions = "      - {key: colour, type: text}\n"

    assert problems_of(a_file(questions)) == [
        Problem("rounds[0].questions[0].text", "this key is required")
    ]


@pytest.mark.parametrize("slug", ["Victoria-Park", "ab", "a" * 41, "park_2026", "park 2026"])
def test_a_bad_slug_is_refused(slug: str) -> None:
    assert paths_of(a_file().replace("slug: test-file", f"slug: {slug}")) == ["slug"]


@pytest.mark.parametrize("slug", ["abc", "victoria-park-2026", "a" * 40])
def test_a_good_slug_loads(slug: str) -> None:
    assert load_text(a_file().replace("slug: test-file", f"slug: {slug}")).consultation.slug == slug


def test_an_unknown_question_type_is_refused() -> None:
    assert paths_of(a_file(QUESTION.replace("type: single", "type: dropdown"))) == [
        "rounds[0].questions[0].type"
    ]


@pytest.mark.parametrize(("length", "ok"), [(0, False), (1, True), (4000, True), (4001, False)])
def test_a_text_answer_may_be_limited_to_1_to_4000_characters(length: int, ok: bool) -> None:
    text = a_file(f'      - {{key: idea, type: text, text: "Idea?", max_length: {length}}}\n')

    if ok:
        assert load_text(text).consultation.rounds[0].questions[0].max_length == length
    else:
        assert paths_of(text) == ["rounds[0].questions[0].max_length"]


# --- keys ----------------------------------------------------------------------------------


def test_a_question_key_used_twice_in_a_round_is_an_error() -> None:
    problems = problems_of(a_file(QUESTION + QUESTION))

    assert problems == [
        Problem("rounds[0].questions", "the question key 'colour' is used more than once")
    ]


def test_an_option_key_used_twice_in_a_question_is_an_error() -> None:
    questions = QUESTION + '          - {key: red, text: "Crimson"}\n'

    assert paths_of(a_file(questions)) == ["rounds[0].questions[0].options"]


def test_a_round_key_used_twice_is_an_error() -> None:
    text = a_file()
    second_round = text[text.index("  - key: first") :]

    assert paths_of(text + second_round) == ["rounds"]


def test_the_same_question_key_may_be_used_in_two_rounds() -> None:
    text = a_file()
    second_round = text[text.index("  - key: first") :].replace("key: first", "key: second")

    assert len(load_text(text + second_round).consultation.rounds) == 2


# --- when ----------------------------------------------------------------------------------


def with_follow_up(when: str, first: str = QUESTION) -> str:
    return a_file(first + f'      - {{key: why, type: text, text: "Why?", when: {when}}}\n')


def test_a_valid_when_loads() -> None:
    loaded = load_text(with_follow_up("{question: colour, any_of: [red]}"))

    assert loaded.consultation.rounds[0].questions[1].when == Condition("colour", ("red",))


@pytest.mark.parametrize(
    ("when", "clue"),
    [
        ("{question: why, answered: true}", "itself"),
        ("{question: nothing_here, answered: true}", "not an earlier question"),
        ("{question: colour}", "say what to test"),
        ("{question: colour, any_of: [green]}", "'green' is not an option"),
        ("{question: colour, min: 2}", "needs a scale question"),
    ],
)
def test_a_when_that_cannot_work_is_an_error(when: str, clue: str) -> None:
    problems = problems_of(with_follow_up(when))

    assert len(problems) == 1
    assert problems[0].path.startswith("rounds[0].questions[1].when")
    assert clue in problems[0].message


def test_a_when_pointing_at_a_later_question_is_an_error() -> None:
    questions = (
        '      - {key: why, type: text, text: "Why?", when: {question: colour, answered: true}}\n'
        + QUESTION
    )

    assert problems_of(a_file(questions)) == [
        Problem("rounds[0].questions[0].when", "'colour' is not an earlier question of this round")
    ]


def test_a_when_pointing_at_another_round_is_an_error() -> None:
    text = a_file()
    other = text[text.index("  - key: first") :].replace("key: first", "key: second")
    other = other.replace(
        QUESTION,
        '      - {key: why, type: text, text: "Why?", when: {question: colour, answered: true}}\n',
    )

    assert paths_of(text + other) == ["rounds[1].questions[0].when"]


def test_any_of_on_a_scale_is_an_error() -> None:
    scale = '      - {key: colour, type: scale, text: "How much?", scale: {min: 1, max: 5}}\n'

    assert paths_of(with_follow_up("{question: colour, any_of: [red]}", scale)) == [
        "rounds[0].questions[1].when.any_of"
    ]


# --- limits of each type -------------------------------------------------------------------


def a_scale(low: int, high: int) -> str:
    return a_file(
        f'      - {{key: score, type: scale, text: "Score?", scale: {{min: {low}, max: {high}}}}}\n'
    )


@pytest.mark.parametrize(("low", "high"), [(0, 10), (1, 2), (-5, 5)])
def test_a_scale_of_2_to_11_points_loads(low: int, high: int) -> None:
    assert (
        load_text(a_scale(low, high)).consultation.rounds[0].questions[0].type is QuestionType.SCALE
    )


@pytest.mark.parametrize(("low", "high"), [(0, 11), (1, 100)])
def test_a_scale_of_more_than_11_points_is_an_error(low: int, high: int) -> None:
    problems = problems_of(a_scale(low, high))

    assert problems == [Problem("rounds[0].questions[0].scale", "a scale has at most 11 points")]


@pytest.mark.parametrize(("low", "high"), [(3, 3), (5, 1)])
def test_a_scale_whose_min_is_not_below_its_max_is_an_error(low: int, high: int) -> None:
    assert paths_of(a_scale(low, high)) == ["rounds[0].questions[0].scale"]


def test_a_scale_question_without_a_scale_is_an_error() -> None:
    assert paths_of(a_file('      - {key: score, type: scale, text: "Score?"}\n')) == [
        "rounds[0].questions[0].scale"
    ]


def a_ranking(count: int, extra: str = "") -> str:
    options = ", ".join(f'{{key: o{n}, text: "Option {n}"}}' for n in range(count))
    return a_file(
        f'      - {{key: order, type: rank, text: "Order?", options: [{options}]{extra}}}\n'
    )


def test_a_ranking_of_10_options_loads() -> None:
    assert len(load_text(a_ranking(10)).consultation.rounds[0].questions[0].options) == 10


@pytest.mark.parametrize("count", [1, 11])
def test_a_ranking_needs_2_to_10_options(count: int) -> None:
    assert paths_of(a_ranking(count)) == ["rounds[0].questions[0].options"]


def test_ranking_the_top_more_than_there_are_options_is_an_error() -> None:
    assert paths_of(a_ranking(3, ", rank_top: 4")) == ["rounds[0].questions[0].rank_top"]


def test_a_yes_or_no_question_may_not_list_options() -> None:
    yesno = '      - {key: kids, type: yesno, text: "Kids?", options: [{key: a, text: A}]}\n'

    assert paths_of(a_file(yesno)) == ["rounds[0].questions[0].options"]


def test_a_multiple_choice_minimum_above_its_maximum_is_an_error() -> None:
    questions = QUESTION.replace("type: single", "type: multi") + (
        "        min_choices: 2\n        max_choices: 1\n"
    )

    assert paths_of(a_file(questions)) == ["rounds[0].questions[0].min_choices"]


def test_max_choices_on_a_single_choice_is_an_error() -> None:
    assert paths_of(a_file(QUESTION + "        max_choices: 1\n")) == [
        "rounds[0].questions[0].max_choices"
    ]


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize("closes", ["2027-01-09T09:00:00+00:00", "2027-01-10T09:00:00+00:00"])
def test_a_round_that_closes_before_it_opens_is_an_error(closes: str) -> None:
    dates = f"    opens: 2027-01-10T09:00:00+00:00\n    closes: {closes}\n"

    assert problems_of(a_file(round_extra=dates)) == [
        Problem("rounds[0].closes", "must be after opens")
    ]


def test_reminders_without_a_closing_time_wait_for_one_scheduled_later() -> None:
    extra = "    reminders: [P3D]\n"

    (round_,) = load_text(a_file(round_extra=extra)).consultation.rounds
    assert round_.closes is None and [r.days for r in round_.reminders] == [3]


def test_reminders_count_back_from_the_closing_time() -> None:
    extra = "    closes: 2027-01-31T17:00:00+00:00\n    reminders: [P3D, P1D]\n"

    reminders = load_text(a_file(round_extra=extra)).consultation.rounds[0].reminders
    assert [r.days for r in reminders] == [3, 1]


# --- languages -----------------------------------------------------------------------------


def test_a_text_missing_a_language_is_an_error() -> None:
    questions = QUESTION.replace('text: "Which colour?"', 'text: {en: "Which colour?"}')

    assert problems_of(a_file(questions)) == [
        Problem("rounds[0].questions[0].text", "missing the cy text")
    ]


def test_a_missing_translation_of_an_option_is_an_error() -> None:
    questions = QUESTION.replace('{key: red, text: "Red"}', '{key: red, text: {en: "Red"}}')

    assert paths_of(a_file(questions)) == ["rounds[0].questions[0].options[0].text"]


def test_a_text_in_a_language_the_consultation_does_not_offer_is_an_error() -> None:
    title = 'title: {en: "Test", cy: "Prawf", fr: "Essai"}'
    problems = problems_of(a_file().replace('title: {en: "Test", cy: "Prawf"}', title))

    assert problems == [Problem("title", "has text in fr, not one of the languages")]


def test_a_language_the_bot_cannot_speak_is_an_error() -> None:
    problems = problems_of(a_file().replace("languages: [en, cy]", "languages: [en, fr]"))

    assert Problem("languages[1]", "Input should be 'en' or 'cy'") in problems


# --- several problems at once --------------------------------------------------------------


def test_every_problem_is_reported_in_the_order_of_the_file() -> None:
    questions = (
        QUESTION.replace('text: "Which colour?"', 'text: {en: "Which colour?"}')
        + "        colour: red\n"
        + '      - {key: why, type: text, text: "Why?", when: {question: nope, answered: true}}\n'
    )
    text = a_file(questions).replace("slug: test-file", "slug: X")

    assert paths_of(text) == [
        "slug",
        "rounds[0].questions[0].text",
        "rounds[0].questions[0].colour",
        "rounds[0].questions[1].when",
    ]
