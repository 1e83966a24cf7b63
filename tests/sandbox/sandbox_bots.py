"""Runs the real aiogram and python-telegram-bot clients against a sandbox, polling over HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from telegram.ext import Application, ApplicationBuilder, BaseHandler

from bot.sandbox import SandboxServer


def aiogram_bot(server: SandboxServer) -> Bot:
    """An aiogram Bot pointed at the sandbox."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(server.url))
    return Bot(server.token, session=session)


@asynccontextmanager
async def aiogram_polling(server: SandboxServer, dispatcher: Dispatcher) -> AsyncIterator[Bot]:
    """Poll with aiogram until the block ends."""
    bot = aiogram_bot(server)
    started = asyncio.Event()

    async def on_startup() -> None:
        started.set()

    dispatcher.startup.register(on_startup)
    polling = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, polling_timeout=5)
    )
    await asyncio.wait_for(started.wait(), 5)
    try:
        yield bot
    finally:
        await asyncio.wait_for(dispatcher.stop_polling(), 5)
        await asyncio.wait_for(polling, 5)


def ptb_application(server: SandboxServer) -> Application:  # type: ignore[type-arg]
    """A python-telegram-bot Application pointed at the sandbox."""
    return (
        ApplicationBuilder()
        .token(server.token)
        .base_url(f"{server.url}/bot")
        .base_file_url(f"{server.url}/file/bot")
        .build()
    )


@asynccontextmanager
async def ptb_polling(
    server: SandboxServer,
    handlers: Sequence[BaseHandler],  # type: ignore[type-arg]
) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """Poll with python-telegram-bot until the block ends."""
    application = ptb_application(server)
    for handler in handlers:
        application.add_handler(handler)
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(timeout=5)
    try:
        yield application
    finally:
        await asyncio.wait_for(application.updater.stop(), 5)
        await asyncio.wait_for(application.stop(), 5)
        await asyncio.wait_for(application.shutdown(), 5)
