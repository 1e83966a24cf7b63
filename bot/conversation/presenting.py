"""Views to chat actions, in as few calls as a chat allows.

A tap answers the tap and turns the tapped message into what comes next: the answer just
given, then the next question with its buttons (one edit, so two calls in all). A typed
answer turns the question's message into the answer given (its buttons go) and sends what
comes next as one message. Consecutive views are joined into one message; a message never
gets two edits (text, then buttons) for one input.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.conversation.anchors import Anchor
from bot.messaging import actions as out
from bot.messaging.buttons import encode
from bot.rendering import View, ViewKind

TOAST_LIMIT = 200
MESSAGE_LIMIT = 4096
_QUESTION_KINDS = (ViewKind.QUESTION, ViewKind.QUESTION_UPDATE)


@dataclass(frozen=True)
class Tapped:
    """The tap being answered: its callback, and the message whose button was pressed."""

    callback_id: str
    message_id: int | None
    keep_message: bool = False
    """Leave the tapped message's text as it is (a privacy notice the person agreed to)."""


def keyboard(view: View) -> out.Keyboard:
    return tuple(tuple((b.label, encode(b.action)) for b in row) for row in view.rows)


def present(
    chat_id: int, views: Sequence[View], anchor: Anchor | None = None, tap: Tapped | None = None
) -> list[out.Action]:
    """The actions that show `views`. `anchor` is the chat's question message as recorded;
    `tap`, the tap being answered (its message becomes what comes next)."""
    if tap is not None:
        return _after_tap(chat_id, list(views), tap, anchor)
    return _after_message(chat_id, list(views), anchor)


def _after_tap(
    chat_id: int, views: list[View], tap: Tapped, anchor: Anchor | None
) -> list[out.Action]:
    answer = out.AnswerTap(tap.callback_id)
    if views and views[0].kind is ViewKind.REFUSAL and len(views[0].text) <= TOAST_LIMIT:
        answer = out.AnswerTap(tap.callback_id, views[0].text, alert=True)
        views = views[1:]
    if not views:
        return [answer]
    if tap.message_id is None or all(v.kind is ViewKind.REFUSAL for v in views):
        return [answer, *_sends(chat_id, views)]
    tidy: list[out.Action] = []
    if anchor is not None and anchor.message_id != tap.message_id:
        tidy.append(out.ClearKeyboard(chat_id, anchor.message_id))  # an older copy's buttons
    if tap.keep_message:
        cleared = out.ClearKeyboard(chat_id, tap.message_id)
        return [answer, *tidy, cleared, *_sends(chat_id, views)]
    first, rest = _fit(views)
    edit = out.EditText(chat_id, tap.message_id, first.text, first.keyboard, first.question)
    return [answer, *tidy, edit, *_sends(chat_id, rest)]


def _after_message(chat_id: int, views: list[View], anchor: Anchor | None) -> list[out.Action]:
    actions: list[out.Action] = []
    anchor_used = False
    remaining: list[View] = []
    for view in views:
        answered_here = (
            view.kind is ViewKind.ANSWER_GIVEN
            and anchor is not None
            and anchor.question == view.question
            and not anchor_used
        )
        if answered_here:
            assert anchor is not None
            actions.append(out.EditText(chat_id, anchor.message_id, view.text))
            anchor_used = True
        elif view.kind is not ViewKind.ANSWER_GIVEN:
            remaining.append(view)
    sends = _sends(chat_id, remaining)
    # A new message with buttons replaces the question's message, whose buttons must go.
    if anchor is not None and not anchor_used and any(s.keyboard for s in sends):
        actions.insert(0, out.ClearKeyboard(chat_id, anchor.message_id))
    return [*actions, *sends]


@dataclass(frozen=True)
class _Message:
    text: str
    keyboard: out.Keyboard = ()
    question: str | None = None


def _fit(views: list[View]) -> tuple[_Message, list[View]]:
    """The first message of `views` joined (up to a view with buttons), and what is left."""
    texts: list[str] = []
    for index, view in enumerate(views):
        if texts and len("\n\n".join([*texts, view.text])) > MESSAGE_LIMIT:
            return _Message("\n\n".join(texts)), views[index:]
        texts.append(view.text)
        if view.rows:
            question = view.question if view.kind in _QUESTION_KINDS else None
            return _Message("\n\n".join(texts), keyboard(view), question), views[index + 1 :]
    return _Message("\n\n".join(texts)), []


def _sends(chat_id: int, views: list[View]) -> list[out.SendText]:
    sends: list[out.SendText] = []
    while views:
        message, views = _fit(views)
        sends.append(out.SendText(chat_id, message.text, message.keyboard, message.question))
    return sends
