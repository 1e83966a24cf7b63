"""Issue 16 item 13: an empty reply to an optional question says it can be skipped, in the
words of the channel (tap in chat, type in the terminal)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from engine_play import answering, consultation, refusal, text

from bot.engine import events as e
from bot.engine import inputs as i
from bot.engine.messages import MessageKey
from bot.i18n.catalogue import load_catalogue
from bot.rendering import Renderer

CATALOGUE = load_catalogue(ZoneInfo("Europe/London"))


def empty_reply(required: bool) -> e.Rejected:
    played = answering(consultation(text("first"), text("second", required=required)))
    return refusal(played.then(i.Text("Lights."), i.Text("   ")).last)


def test_item13_an_optional_question_left_empty_is_refused_with_skip_offered() -> None:
    assert empty_reply(required=False).key is MessageKey.TEXT_EMPTY_OPTIONAL
    assert empty_reply(required=True).key is MessageKey.TEXT_EMPTY


@pytest.mark.parametrize(("wording", "language", "words"), [
    (None, "en", "or tap Skip"),
    ("typed", "en", "or type skip"),
    (None, "cy", "neu tapiwch Hepgor"),
    ("typed", "cy", "neu teipiwch hepgor"),
])
def test_item13_the_refusal_names_skip_in_the_channels_words(
    wording: str | None, language: str, words: str
) -> None:
    refused = empty_reply(required=False)
    played = answering(consultation(text("first")))
    [view] = Renderer(CATALOGUE, wording).render(played.consultation, language, (refused,))
    assert words in view.text
