"""The real aiogram client, polling the sandbox over HTTP, cannot tell it from Telegram."""

from __future__ import annotations

import asyncio

import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter
from aiogram.filters import Command, CommandObject
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from sandbox_bots import aiogram_bot, aiogram_polling

from bot.sandbox import SandboxClient, SandboxServer
from bot.sandbox.files import placeholder_png

PNG = placeholder_png(8, 8)


def echo_dispatcher(seen: list[int]) -> Dispatcher:
    dispatcher = Dispatcher()

    @dispatcher.message(Command("start"))
    async def start(message: Message, command: CommandObject) -> None:
        keyboard = InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="Yes", callback_data="answer:yes")]]
        )
        await message.answer(f"started {command.args or ''}".strip(), reply_markup=keyboard)

    @dispatcher.message(Command("files"))
    async def files(message: Message) -> None:
        await message.answer_photo(BufferedInputFile(PNG, "pic.png"), caption="a picture")
        await message.answer_document(BufferedInputFile(b"col\n1\n", "results.csv"))

    @dispatcher.message(F.document)
    async def document(message: Message, bot: Bot) -> None:
        assert message.document is not None
        data = await bot.download(message.document)
        assert data is not None
        await message.answer(f"got {message.document.file_name}: {data.read().decode()}")

    @dispatcher.callback_query(F.data.startswith("answer:"))
    async def tapped(query: CallbackQuery) -> None:
        await query.answer("Noted")
        assert isinstance(query.message, Message)
        await query.message.edit_text(f"You chose {query.data}")

    @dispatcher.message(F.text)
    async def echo(message: Message) -> None:
        seen.append(message.message_id)
        assert message.text is not None
        for _ in range(3):
            try:
                await message.answer(message.text)
                return
            except TelegramRetryAfter as error:
                await asyncio.sleep(error.retry_after)

    return dispatcher


@pytest.fixture
async def polling(server: SandboxServer) -> tuple[list[int], Bot]:  # type: ignore[misc]
    seen: list[int] = []
    async with aiogram_polling(server, echo_dispatcher(seen)) as bot:
        yield seen, bot  # type: ignore[misc]


async def test_a_message_is_echoed(client: SandboxClient, polling: tuple[list[int], Bot]) -> None:
    user = await client.create_user("Ann", language_code="en")
    await client.send_text(user["id"], "Hello, bot")
    [reply] = await client.wait_for_bot_messages(user["id"], 1, timeout=5)
    assert reply["text"] == "Hello, bot"


async def test_a_command_fires_the_command_filter_in_private_and_in_groups(
    client: SandboxClient, polling: tuple[list[int], Bot]
) -> None:
    user = await client.create_user("Ann")
    await client.send_command(user["id"], "start", "join-abc")
    [reply] = await client.wait_for_bot_messages(user["id"], 1, timeout=5)
    assert reply["text"] == "started join-abc"
    group = await client.create_group("Ward 3", [user["id"]])
    await client.send_command(user["id"], "start", chat_id=group["chat"]["id"])
    [in_group] = await client.wait_for_bot_messages(group["chat"]["id"], 1, timeout=5)
    assert in_group["text"] == "started"


async def test_a_button_tap_is_answered_and_the_message_edited(
    client: SandboxClient, polling: tuple[list[int], Bot]
) -> None:
    user = await client.create_user("Ann")
    await client.send_command(user["id"], "start")
    [prompt] = await client.wait_for_bot_messages(user["id"], 1, timeout=5)
    assert prompt["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "answer:yes"
    tap = await client.tap_button(user["id"], prompt["message_id"], "answer:yes")
    for _ in range(100):
        answers = await client.callback_answers(user["id"])
        [edited] = await client.bot_messages(user["id"])
        if answers[0]["answered"] and edited["edited"]:
            break
        await asyncio.sleep(0.05)
    assert answers[0]["callback_query_id"] == tap["callback_query"]["id"]
    assert answers[0]["answer"] == {"text": "Noted"}
    assert edited["text"] == "You chose answer:yes" and edited["reply_markup"] is None


async def test_files_go_both_ways(client: SandboxClient, polling: tuple[list[int], Bot]) -> None:
    user = await client.create_user("Ann")
    await client.send_command(user["id"], "files")
    photo, document = await client.wait_for_bot_messages(user["id"], 2, timeout=5)
    assert photo["kind"] == "photo" and photo["caption"] == "a picture"
    assert await client.download(photo["files"][0]["file_id"]) == PNG
    assert document["files"][0]["file_name"] == "results.csv"
    assert await client.download(document["files"][0]["file_id"]) == b"col\n1\n"
    await client.send_document(user["id"], b"my views", "views.txt")
    reply = await client.wait_for_bot_messages(user["id"], 1, after=document["message_id"])
    assert reply[0]["text"] == "got views.txt: my views"


async def test_a_429_is_seen_as_retry_after_and_retried(
    client: SandboxClient, polling: tuple[list[int], Bot]
) -> None:
    user = await client.create_user("Ann")
    await client.inject_fault("sendMessage", "retry_after", retry_after=1)
    await client.send_text(user["id"], "again please")
    [reply] = await client.wait_for_bot_messages(user["id"], 1, timeout=5)
    assert reply["text"] == "again please"
    assert [c["status"] for c in await client.calls("sendMessage")] == [429, 200]


async def test_direct_calls_raise_the_clients_own_errors(
    server: SandboxServer, client: SandboxClient
) -> None:
    user = await client.create_user("Ann")
    bot = aiogram_bot(server)
    try:
        await client.inject_fault("sendMessage", "429", retry_after=3)
        with pytest.raises(TelegramRetryAfter) as retry:
            await bot.send_message(user["id"], "hi")
        assert retry.value.retry_after == 3
        await client.inject_fault("sendMessage", "blocked")
        with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
            await bot.send_message(user["id"], "hi")
        sent = await bot.send_message(user["id"], "<b>ok</b>", parse_mode="HTML")
        assert sent.text == "ok" and sent.chat.id == user["id"]
    finally:
        await bot.session.close()


async def test_a_redelivered_update_reaches_the_handler_twice(
    client: SandboxClient, polling: tuple[list[int], Bot]
) -> None:
    seen, _ = polling
    user = await client.create_user("Ann")
    update = await client.send_text(user["id"], "only once")
    await client.wait_for_bot_messages(user["id"], 1, timeout=5)
    await client.redeliver(update["update_id"])
    await client.wait_for_bot_messages(user["id"], 2, timeout=5)
    assert seen == [update["message"]["message_id"]] * 2
