"""The web chat page in a real browser, on a phone-sized screen (skipped without Chromium)."""

from __future__ import annotations

import re
import shutil
from typing import Any

import aiohttp
import pytest

from bot.sandbox import PRESET_USERS, SandboxClient, SandboxServer
from bot.sandbox.files import placeholder_png
from tests.support.browser import BotCalls

playwright_api = pytest.importorskip("playwright.async_api")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs a system Chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


async def bot_api(http: aiohttp.ClientSession, api: str, method: str, **params: Any) -> Any:
    return await BotCalls(http, api)(method, **params)


async def test_a_person_chats_taps_a_button_and_sees_files(
    server: SandboxServer, client: SandboxClient, http: aiohttp.ClientSession, api: str
) -> None:
    resident = PRESET_USERS[0]
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = await browser.new_page(viewport={"width": 390, "height": 844})
            page.set_default_timeout(5000)
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            await page.goto(f"{server.url}/")
            await page.get_by_role(
                "button", name=re.compile(f"^Resident {resident['first_name']}")
            ).click()
            await page.get_by_label("Your message").fill("Hello council")
            await page.get_by_role("button", name="Send").click()
            await page.get_by_text("Hello council").wait_for()
            [said] = await client.messages(resident["id"])
            assert said["text"] == "Hello council" and not said["from_bot"]

            markup = {"inline_keyboard": [[{"text": "Agree", "callback_data": "consent:yes"}]]}
            sent = await bot_api(
                http,
                api,
                "sendMessage",
                chat_id=resident["id"],
                text="<b>Consent?</b>",
                parse_mode="HTML",
                reply_markup=markup,
            )
            await page.get_by_role("button", name="Agree").click()
            for _ in range(50):
                taps = await client.callback_answers(resident["id"])
                if taps:
                    break
                await page.wait_for_timeout(100)
            assert taps[0]["data"] == "consent:yes"
            await bot_api(
                http,
                api,
                "answerCallbackQuery",
                callback_query_id=taps[0]["callback_query_id"],
                text="Thank you",
            )
            await bot_api(
                http,
                api,
                "editMessageText",
                chat_id=resident["id"],
                message_id=sent["message_id"],
                text="Consent recorded",
            )
            await page.get_by_text("Consent recorded").wait_for()
            await page.get_by_role("status").get_by_text("Thank you").wait_for()
            assert await page.get_by_role("button", name="Agree").count() == 0

            await bot_api(
                http,
                api,
                "sendPhoto",
                chat_id=resident["id"],
                photo=placeholder_png(40, 30),
                caption="Chart",
            )
            await bot_api(http, api, "sendDocument", chat_id=resident["id"], document=b"a,b\n")
            await page.get_by_role("img", name="Photo, described below").wait_for()
            link = page.get_by_role("link", name=re.compile("^Download document.bin"))
            href = await link.get_attribute("href")
            assert href is not None
            async with http.get(f"{server.url}{href}") as response:
                assert await response.read() == b"a,b\n"
            assert errors == []
        finally:
            await browser.close()
