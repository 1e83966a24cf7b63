"""The spec validator: what it accepts and what it rejects."""

from __future__ import annotations

import pytest

from bot.sandbox import BotApiSpec, SpecViolation

SPEC = BotApiSpec.load()
VALID_MESSAGE = {
    "message_id": 1,
    "date": 1_700_000_000,
    "chat": {"id": 5, "type": "private", "first_name": "Ann"},
    "from": {"id": 5, "is_bot": False, "first_name": "Ann"},
    "text": "/start",
    "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
}


def test_the_vendored_spec_is_bot_api_10_1() -> None:
    assert SPEC.version == "Bot API 10.1"
    assert SPEC.has_method("sendMessage") and SPEC.has_method("SENDMESSAGE")


def test_a_valid_update_passes() -> None:
    SPEC.check({"update_id": 1, "message": VALID_MESSAGE}, "Update")


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"date": "2024-01-01T00:00:00"}, "date: expected Integer"),
        ({"chat": {"id": 5}}, "chat.type: required field"),
        ({"from": {"id": 5, "first_name": "Ann"}}, "is_bot: required field"),
        ({"message_id": True}, "message_id: expected Integer"),
        ({"entities": [{"type": "bot_command", "offset": 0}]}, "length: required field"),
        ({"colour": "red"}, "has no such field"),
    ],
)
def test_an_invalid_message_is_rejected(change: dict[str, object], complaint: str) -> None:
    with pytest.raises(SpecViolation, match=complaint):
        SPEC.check({"update_id": 1, "message": {**VALID_MESSAGE, **change}}, "Update")


def test_abstract_types_accept_any_of_their_subtypes() -> None:
    SPEC.check({"type": "default"}, "BotCommandScope")
    SPEC.check(
        {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "group"}},
        ["MaybeInaccessibleMessage"],
    )


def test_method_parameters_come_from_the_spec() -> None:
    fields = SPEC.method_fields("sendMessage")
    assert fields["chat_id"].required and fields["text"].required
    assert fields["chat_id"].types == ("Integer", "String")
    assert SPEC.method_returns("editMessageText") == ("Message", "Boolean")


def test_a_sandbox_with_validation_on_refuses_to_emit_an_invalid_update() -> None:
    from bot.sandbox import Sandbox

    sandbox = Sandbox()
    with pytest.raises(SpecViolation):
        sandbox.push_update("message", {"message_id": 1, "date": "today"})
    assert sandbox.violations and not sandbox.updates.entries
    Sandbox(validate=False).push_update("message", {"message_id": 1})
