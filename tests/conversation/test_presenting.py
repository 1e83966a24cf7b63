"""How views become chat actions: few calls, a message edited once, old buttons tidied."""

from __future__ import annotations

from bot.conversation.anchors import Anchor
from bot.conversation.presenting import MESSAGE_LIMIT, Tapped, present
from bot.engine import inputs as i
from bot.messaging import actions as out
from bot.rendering import Button, View, ViewKind

CHAT = 7


def question(key: str, text: str = "Question", *, update: bool = False) -> View:
    kind = ViewKind.QUESTION_UPDATE if update else ViewKind.QUESTION
    return View(text, kind, ((Button("Yes", i.Choose(key, "yes")),),), question=key)


def answered(key: str, text: str = "Q\n\nYour answer: Yes") -> View:
    return View(text, ViewKind.ANSWER_GIVEN, question=key)


def test_a_tap_is_answered_and_its_message_becomes_the_answer_then_the_next_question() -> None:
    actions = present(CHAT, [answered("q1"), question("q2", "Question 2")], None,
                      Tapped("cb", 40))  # fmt: skip

    assert actions == [
        out.AnswerTap("cb"),
        out.EditText(
            CHAT, 40, "Q\n\nYour answer: Yes\n\nQuestion 2", ((("Yes", "c|q2|yes"),),), "q2"
        ),
    ]


def test_a_tap_that_changes_the_question_on_screen_edits_it_once() -> None:
    actions = present(CHAT, [question("q2", "Ticked", update=True)], Anchor(40, "q2"),
                      Tapped("cb", 40))  # fmt: skip

    assert [type(a) for a in actions] == [out.AnswerTap, out.EditText]


def test_a_short_refusal_is_a_toast_and_leaves_the_message_alone() -> None:
    refusal = View("That button is from an earlier question.", ViewKind.REFUSAL)

    assert present(CHAT, [refusal], Anchor(40, "q2"), Tapped("cb", 40)) == [
        out.AnswerTap("cb", "That button is from an earlier question.", alert=True)
    ]


def test_a_long_refusal_comes_as_a_message_and_never_replaces_the_question() -> None:
    refusal = View("x" * 300, ViewKind.REFUSAL)

    actions = present(CHAT, [refusal], Anchor(40, "q2"), Tapped("cb", 40))

    assert actions == [out.AnswerTap("cb"), out.SendText(CHAT, "x" * 300)]


def test_a_privacy_notice_agreed_to_stays_and_the_next_step_is_a_new_message() -> None:
    prompt = View("Which language?", ViewKind.PROMPT, ((Button("English", i.PickLanguage("en")),),))

    actions = present(CHAT, [prompt], None, Tapped("cb", 3, keep_message=True))

    assert actions == [
        out.AnswerTap("cb"),
        out.ClearKeyboard(CHAT, 3),
        out.SendText(CHAT, "Which language?", ((("English", "l|en"),),)),
    ]


def test_a_tap_on_an_older_copy_also_takes_the_buttons_off_the_newer_one() -> None:
    actions = present(CHAT, [question("q1")], Anchor(52, "q3"), Tapped("cb", 40))

    assert actions[1] == out.ClearKeyboard(CHAT, 52)
    assert isinstance(actions[2], out.EditText) and actions[2].message_id == 40


def test_a_typed_answer_turns_the_question_into_the_answer_and_sends_the_next_one() -> None:
    actions = present(CHAT, [answered("q5"), question("q6", "Question 6")], Anchor(40, "q5"))

    assert actions == [
        out.EditText(CHAT, 40, "Q\n\nYour answer: Yes"),
        out.SendText(CHAT, "Question 6", ((("Yes", "c|q6|yes"),),), "q6"),
    ]


def test_a_typed_answer_without_a_known_question_message_still_gets_the_next_question() -> None:
    actions = present(CHAT, [answered("q5"), question("q6")], None)

    assert [type(a) for a in actions] == [out.SendText]


def test_a_new_copy_of_a_question_takes_the_buttons_off_the_old_one() -> None:
    actions = present(CHAT, [question("q3")], Anchor(40, "q3"))  # /resume

    assert actions[0] == out.ClearKeyboard(CHAT, 40)
    assert isinstance(actions[1], out.SendText)


def test_notices_and_the_question_after_them_are_one_message() -> None:
    intro = View("Welcome to round 2.")
    actions = present(CHAT, [intro, question("q1", "Question 1")], None)

    assert actions == [
        out.SendText(CHAT, "Welcome to round 2.\n\nQuestion 1", ((("Yes", "c|q1|yes"),),), "q1")
    ]


def test_views_too_long_for_one_message_are_split_at_a_view() -> None:
    long = View("a" * (MESSAGE_LIMIT - 10))
    actions = present(CHAT, [long, question("q1", "Question 1")], None)

    assert [a.text for a in actions if isinstance(a, out.SendText)] == [long.text, "Question 1"]
    assert all(len(a.text) <= MESSAGE_LIMIT for a in actions if isinstance(a, out.SendText))


def test_no_message_gets_two_edits_for_one_input() -> None:
    for views, anchor, tap in [
        ([answered("q1"), question("q2")], Anchor(40, "q1"), Tapped("cb", 40)),
        ([answered("q1"), question("q2")], Anchor(40, "q1"), None),
        ([question("q1", update=True)], Anchor(40, "q1"), Tapped("cb", 40)),
    ]:
        edited = [
            a.message_id
            for a in present(CHAT, views, anchor, tap)
            if isinstance(a, out.EditText | out.ClearKeyboard)
        ]
        assert len(edited) == len(set(edited)), (views, edited)
