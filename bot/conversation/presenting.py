"""Views to Telegram actions: edit the question just answered, send the next, answer taps."""

from __future__ import annotations

from dataclasses import dataclass

from bot.messaging import actions as out
from bot.messaging.buttons import encode
from bot.rendering import View, ViewKind

TOAST_LIMIT = 200


@dataclass(frozen=True)
class Anchor:
    """The message that shows the question being answered now."""

    message_id: int
    question: str


def keyboard(view: View) -> out.Keyboard:
    return tuple(tuple((b.label, encode(b.action)) for b in row) for row in view.rows)


def present(
    chat_id: int,
    views: list[View],
    anchor: Anchor | None = None,
    callback_id: str | None = None,
) -> list[out.Action]:
    """The actions that show `views`; a tap (callback_id) on the anchor message edits it."""
    actions: list[out.Action] = []
    tap_answer: out.AnswerTap | None = None
    anchor_used = False
    moved_on = False
    for view in views:
        toast = callback_id and tap_answer is None and len(view.text) <= TOAST_LIMIT
        if view.kind is ViewKind.REFUSAL and toast:
            tap_answer = out.AnswerTap(str(callback_id), view.text, alert=True)
            continue
        if view.kind is ViewKind.ANSWER_GIVEN:
            if anchor is not None and anchor.question == view.question and not anchor_used:
                actions.append(out.EditText(chat_id, anchor.message_id, view.text))
                anchor_used = True
            continue
        same = anchor is not None and anchor.question == view.question
        if view.kind is ViewKind.QUESTION_UPDATE and anchor and callback_id and same:
            actions.append(
                out.EditText(chat_id, anchor.message_id, view.text, keyboard(view), view.question)
            )
            anchor_used = True
            continue
        question = view.question if view.kind in _QUESTION_KINDS else None
        actions.append(out.SendText(chat_id, view.text, keyboard(view), question))
        moved_on = moved_on or view.kind is not ViewKind.REFUSAL
    # The anchor's buttons go once the chat has moved past it: a new message with buttons
    # replaces it, or a tap on it led on (a skip to the end, say) without editing it.
    if (
        anchor is not None
        and not anchor_used
        and (_asks_again(actions) or (callback_id and moved_on))
    ):
        actions.insert(0, out.ClearKeyboard(chat_id, anchor.message_id))
    if callback_id:
        actions.insert(0, tap_answer or out.AnswerTap(callback_id))
    return actions


_QUESTION_KINDS = (ViewKind.QUESTION, ViewKind.QUESTION_UPDATE)


def _asks_again(actions: list[out.Action]) -> bool:
    """A new message with buttons replaces the tapped one, whose buttons must go."""
    return any(isinstance(a, out.SendText) and a.keyboard for a in actions)
