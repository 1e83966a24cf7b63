"""The bots bench/inbound.py measures, each run in a process of its own: Copro on a given
framework, and a bare echo bot of the same framework as the baseline."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from multiprocessing.synchronize import Event as EventType
from typing import Any

UNLIMITED = 1e9


def bot_process(
    kind: str, framework: str, url: str, token: str, database: str, limits: bool,
    ready: EventType, stop: EventType, sql_counts: Any = None,
) -> None:  # fmt: skip
    """`sql_counts`: two shared integers, (statements, transactions), that the bot's
    database engine counts into (SQLAlchemy events), for the harness to read per wave."""
    logging.basicConfig(level=logging.WARNING, format="bot %(levelname)s %(name)s: %(message)s")
    if sql_counts is not None:
        count_sql(*sql_counts)
    starter = copro_bot if kind == "copro" else echo_aiogram if framework == "aiogram" else echo_ptb
    asyncio.run(_serve(starter(framework, url, token, database, limits), ready, stop))


def count_sql(statements: Any, transactions: Any) -> None:
    """Count every statement sent to the database (BEGIN included) and every transaction."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    def statement(*_: object) -> None:
        statements.value += 1

    def transaction(*_: object) -> None:
        transactions.value += 1

    event.listen(Engine, "before_cursor_execute", statement)
    event.listen(Engine, "begin", transaction)


Stopper = Callable[[], Awaitable[None]]


async def _serve(starting: Awaitable[Stopper], ready: EventType, stop: EventType) -> None:
    stopper = await starting
    ready.set()
    await asyncio.to_thread(stop.wait)
    await stopper()


async def copro_bot(framework: str, url: str, token: str, database: str, limits: bool) -> Stopper:
    """Copro as `copro sandbox` runs it: migrated SQLite, shipped consultations, polling."""
    from bot.bootstrap import App
    from bot.cli.bot_commands import import_shipped
    from bot.messaging.rate_limit import RateLimiter
    from bot.telegram.runners import make_runner
    from config.settings import Settings

    app = App(Settings(database_url=f"sqlite:///{database}"))
    app.migrate()
    import_shipped(app)
    limiter = None if limits else RateLimiter(UNLIMITED, UNLIMITED, UNLIMITED)
    runner = make_runner(app.chat, framework, token, url, limiter)
    await runner.start()
    await runner.poll()

    async def stopper() -> None:
        await runner.stop()
        await runner.close()
        app.database.dispose()

    return stopper


async def echo_aiogram(
    framework: str, url: str, token: str, database: str, limits: bool
) -> Stopper:
    """The bare aiogram bot: sends a message's text back; answers a tap and sends its data."""
    from aiogram import Bot, Dispatcher, Router
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import CallbackQuery, Message

    bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(url)))
    router = Router()

    @router.message()
    async def echo(message: Message) -> None:
        await bot.send_message(message.chat.id, message.text or "?")

    @router.callback_query()
    async def tapped(query: CallbackQuery) -> None:
        await query.answer()
        assert query.message is not None
        await bot.send_message(query.message.chat.id, query.data or "?")

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    await bot.delete_webhook()
    polling = asyncio.create_task(
        dispatcher.start_polling(
            bot,
            handle_signals=False,
            allowed_updates=["message", "callback_query"],
            close_bot_session=False,
        )
    )

    async def stopper() -> None:
        with contextlib.suppress(RuntimeError):
            await dispatcher.stop_polling()
        with contextlib.suppress(asyncio.CancelledError):
            await polling
        await bot.session.close()

    return stopper


async def echo_ptb(framework: str, url: str, token: str, database: str, limits: bool) -> Stopper:
    """The bare python-telegram-bot bot, built like Copro's (concurrent updates on)."""
    from telegram import Update
    from telegram.ext import (
        ApplicationBuilder,
        CallbackQueryHandler,
        ContextTypes,
        MessageHandler,
        filters,
    )

    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{url}/bot")
        .base_file_url(f"{url}/file/bot")
        .concurrent_updates(True)
        .build()
    )

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None and update.effective_message is not None
        text = update.effective_message.text or "?"
        await context.bot.send_message(update.effective_chat.id, text)

    async def tapped(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None and update.effective_chat is not None
        await query.answer()
        await context.bot.send_message(update.effective_chat.id, query.data or "?")

    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE, echo))
    application.add_handler(CallbackQueryHandler(tapped))
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(allowed_updates=["message", "callback_query"])

    async def stopper() -> None:
        assert application.updater is not None
        await application.updater.stop()
        await application.stop()
        await application.shutdown()

    return stopper
