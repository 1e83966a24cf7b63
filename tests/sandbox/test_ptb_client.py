"""The real python-telegram-bot client, polling the sandbox over HTTP, cannot tell it apart."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sandbox_bots import ptb_polling
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import Forbidden, RetryAfter
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.sandbox import SandboxClient, SandboxServer
from bot.sandbox.files import placeholder_png

PNG = placeholder_png(8, 8)
Context = ContextTypes.DEFAULT_TYPE
# PTB 22 warns that retry_after will become a timedelta; `seconds` handles both.
pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*")


def seconds(value: int | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


async def start(update: Update, context: Context) -> None:
    assert update.message is not None
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="answer:yes")]])
    await update.message.reply_text(
        f"started {' '.join(context.args or [])}".strip(), reply_markup=keyboard
    )


async def files(update: Update, context: Context) -> None:
    assert update.message is not None
    await update.message.reply_photo(PNG, caption="a picture", filename="pic.png")
    await update.message.reply_document(b"col\n1\n", filename="results.csv")


async def document(update: Update, context: Context) -> None:
    assert update.message is not None and update.message.document is not None
    received = await update.message.document.get_file()
    data = await received.download_as_bytearray()
    await update.message.reply_text(f"got {update.message.document.file_name}: {data.decode()}")


async def tapped(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("Noted")
    await query.edit_message_text(f"You chose {query.data}")


async def echo(update: Update, context: Context) -> None:
    assert update.message is not None and update.message.text is not None
    for _ in range(3):
        try:
            await update.message.reply_text(update.message.text)
            return
        except RetryAfter as error:
            await asyncio.sleep(seconds(error.retry_after))


HANDLERS: list[Any] = [
    CommandHandler("start", start),
    CommandHandler("files", files),
    MessageHandler(filters.Document.ALL, document),
    CallbackQueryHandler(tapped, pattern="^answer:"),
    MessageHandler(filters.TEXT & ~filters.COMMAND, echo),
]


@pytest.fixture
async def application(server: SandboxServer) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    async with ptb_polling(server, HANDLERS) as app:
        yield app


async def test_a_message_is_echoed(client: SandboxClient, application: Application) -> None:  # type: ignore[type-arg]
    user = await client.create_user("Bryn", language_code="cy")
    await client.send_text(user["id"], "Shwmae")
    [reply] = await client.wait_for_bot_messages(user["id"], 1, timeout=5)
    assert reply["text"] == "Shwmae"


async def test_a_command_fires_the_command_handler(
    client: SandboxClient,
    application: Application,  # type: ignore[type-arg]
) -> None:
    user = await client.create_user("Bryn")
    await client.send_command(user["id"], "start", "join-abc")
    [reply] = await client.wait_for_bot_messages(user["id"], 1, timeout=5)
    assert reply["text"] == "started join-abc"
    group = await client.create_group("Ward 3", [user["id"]])
    await client.send_command(user["id"], "start", chat_id=group["chat"]["id"])
    [in_group] = await client.wait_for_bot_messages(group["chat"]["id"], 1, timeout=5)
    assert in_group["text"] == "started"


async def test_a_button_tap_is_answered_and_the_message_edited(
    client: SandboxClient,
    application: Application,  # type: ignore[type-arg]
) -> None:
    user = await client.create_user("Bryn")
    await client.send_command(user["id"], "start")
    [prompt] = await client.wait_for_bot_messages(user["id"], 1, timeout=5)
    await client.tap_button(user["id"], prompt["message_id"], "answer:yes")
    for _ in range(100):
        answers = await client.callback_answers(user["id"])
        [edited] = await client.bot_messages(user["id"])
        if answers[0]["answered"] and edited["edited"]:
            break
        await asyncio.sleep(0.05)
    assert answers[0]["answer"] == {"text": "Noted"}
    assert edited["text"] == "You chose answer:yes" and edited["reply_markup"] is None


async def test_files_go_both_ways(client: SandboxClient, application: Application) -> None:  # type: ignore[type-arg]
    user = await client.create_user("Bryn")
    await client.send_command(user["id"], "files")
    photo, sent_document = await client.wait_for_bot_messages(user["id"], 2, timeout=5)
    assert await client.download(photo["files"][0]["file_id"]) == PNG
    assert await client.download(sent_document["files"][0]["file_id"]) == b"col\n1\n"
    await client.send_document(user["id"], b"my views", "views.txt")
    reply = await client.wait_for_bot_messages(user["id"], 1, after=sent_document["message_id"])
    assert reply[0]["text"] == "got views.txt: my views"


async def test_a_429_is_seen_as_retry_after_and_retried(
    client: SandboxClient,
    application: Application,  # type: ignore[type-arg]
) -> None:
    user = await client.create_user("Bryn")
    await client.inject_fault("sendMessage", "retry_after", retry_after=1)
    await client.send_text(user["id"], "again please")
    [reply] = await client.wait_for_bot_messages(user["id"], 1, timeout=5)
    assert reply["text"] == "again please"
    assert [c["status"] for c in await client.calls("sendMessage")] == [429, 200]


async def test_direct_calls_raise_the_clients_own_errors(
    client: SandboxClient,
    application: Application,  # type: ignore[type-arg]
) -> None:
    user = await client.create_user("Bryn")
    await client.inject_fault("sendMessage", "retry_after", retry_after=3)
    with pytest.raises(RetryAfter) as retry:
        await application.bot.send_message(user["id"], "hi")
    assert seconds(retry.value.retry_after) == 3
    await client.inject_fault("sendMessage", "blocked")
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await application.bot.send_message(user["id"], "hi")
    sent = await application.bot.send_message(user["id"], "*ok*", parse_mode="MarkdownV2")
    assert sent.text == "ok" and sent.chat.id == user["id"]
