"""What a participant sees: buttons that send the right input, in English and Welsh."""

from __future__ import annotations

import string
from zoneinfo import ZoneInfo

import pytest
from engine_play import answering, consultation, multi, rank, single, text

from bot.engine import events as e
from bot.engine import inputs as i
from bot.engine.messages import MessageKey
from bot.engine.model import Consultation
from bot.i18n.catalogue import Catalogue, load_catalogue
from bot.rendering import Renderer, View, ViewKind


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(ZoneInfo("Europe/London"))


@pytest.fixture(scope="module")
def renderer(catalogue: Catalogue) -> Renderer:
    return Renderer(catalogue)


def labels(view: View) -> list[str]:
    return [b.label for b in view.buttons]


def shown(
    renderer: Renderer, c: Consultation, events: tuple[e.Event, ...], lang: str = "en"
) -> View:
    return renderer.render(c, lang, events)[-1]


def test_each_tap_takes_a_ranked_option_off_the_keyboard(renderer: Renderer) -> None:
    played = answering(consultation(rank("order", "a", "b", "c", "d", top=3))).then(
        i.Choose("order", "c")
    )

    view = shown(renderer, played.consultation, played.last.events)

    assert labels(view)[:3] == ["Option a", "Option b", "Option d"]
    assert "Option c" not in labels(view)
    assert "Your order so far: Option c" in view.text


def test_ticked_options_of_a_multiple_choice_are_marked(renderer: Renderer) -> None:
    played = answering(consultation(multi("uses", "a", "b", "c"))).then(i.Choose("uses", "b"))

    view = shown(renderer, played.consultation, played.last.events)

    assert view.kind is ViewKind.QUESTION_UPDATE
    assert labels(view) == ["Option a", "✓ Option b", "Option c", "Done", "Start again"]


def test_every_button_sends_an_input_the_engine_accepts_for_that_question(
    renderer: Renderer,
) -> None:
    played = answering(consultation(single("first"), single("second")))
    first_question = shown(renderer, played.consultation, played.last.events)

    for button in first_question.buttons:
        assert played.then(button.action).last.changed, button.label


def test_an_optional_text_question_says_so_and_offers_skip(renderer: Renderer) -> None:
    played = answering(consultation(single("first"), text("idea", max_length=300, required=False)))
    played = played.then(i.Choose("first", "a"))

    view = shown(renderer, played.consultation, played.last.events)

    assert "(optional)" in view.text
    assert "up to 300 characters" in view.text
    assert labels(view) == ["Skip", "Back"]


def test_a_question_is_shown_in_welsh_with_welsh_buttons(
    renderer: Renderer, park: Consultation
) -> None:
    played = answering(park, language="cy")

    view = shown(renderer, park, played.last.events, "cy")

    assert view.text.startswith("Cwestiwn 1 o ")
    assert "Pa mor aml ydych chi'n ymweld â Pharc Victoria?" in view.text
    assert labels(view)[0] == "Bron bob dydd"


def test_a_closing_date_is_written_in_words_in_the_councils_time_zone(
    renderer: Renderer, park: Consultation
) -> None:
    design = park.round("design")
    assert design is not None and design.closes is not None
    refusal = (e.Rejected(MessageKey.ROUND_CLOSED, {"closes": design.closes}),)

    assert renderer.render(park, "en", refusal)[0].text == (
        "Sorry, this round closed on Sunday 31 January 2027 at 17:00. "
        "Any answers you gave are safe."
    )
    assert "Dydd Sul 31 Ionawr 2027 am 17:00" in renderer.render(park, "cy", refusal)[0].text


# --- the catalogue -------------------------------------------------------------------------


def placeholders(template: object) -> set[str]:
    """The fields a text fills in; of a text given as plural forms, every form's."""
    if isinstance(template, dict) and "other" in template:
        forms = [v for k, v in template.items() if k != "count"]
        return set().union(*(placeholders(form) for form in forms))
    if not isinstance(template, str):
        return set()
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


@pytest.mark.parametrize("key", list(MessageKey))
def test_every_message_the_engine_can_say_has_english_and_welsh_text(
    catalogue: Catalogue, key: MessageKey
) -> None:
    assert catalogue.has(key.value, "en")
    assert catalogue.has(key.value, "cy")


def test_the_welsh_catalogue_has_every_english_key_with_the_same_placeholders(
    catalogue: Catalogue,
) -> None:
    assert catalogue.keys("cy") == catalogue.keys("en")
    for key in catalogue.keys("en"):
        english = catalogue._raw(key, "en")
        welsh = catalogue._raw(key, "cy")
        assert placeholders(welsh) == placeholders(english), key
