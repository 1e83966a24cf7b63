"""What a newcomer meets on the chat page (issue 16): pop-ups, focus, axe-core, ids, hints."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from bot.sandbox import PRESET_USERS, SandboxServer
from tests.support.browser import BotCalls, axe_violations

RESIDENT, OFFICER = PRESET_USERS[0], PRESET_USERS[1]
CHOICES = {"inline_keyboard": [
    [{"text": "Walking", "callback_data": "walk"}, {"text": "Nature", "callback_data": "nature"}],
    [{"text": "Done", "callback_data": "done"}],
]}  # fmt: skip


def preset_button(page: Any, preset: dict[str, Any]) -> Any:
    return page.get_by_role("button", name=re.compile(f"^{preset['label']} {preset['first_name']}"))


async def chat_as(page: Any, server: SandboxServer, preset: dict[str, Any]) -> None:
    await page.goto(f"{server.url}/")
    await preset_button(page, preset).click()
    await page.locator("#who").filter(has_text=preset["first_name"]).wait_for()


async def the_tap(bot: BotCalls, server: SandboxServer, chat_id: int) -> Any:
    """The page's newest unanswered button tap in this chat."""
    world = server.sandbox.world
    for _ in range(50):
        taps = [c for c in world.callbacks.values() if c.chat_id == chat_id and not c.answered]
        if taps:
            return taps[0]
        await asyncio.sleep(0.1)
    raise AssertionError("the page sent no tap")


async def test_item02_old_popups_are_not_replayed(
    page: Any, server: SandboxServer, bot: BotCalls
) -> None:
    alerts: list[str] = []

    async def dismiss(dialog: Any) -> None:
        alerts.append(dialog.message)
        await dialog.dismiss()

    page.on("dialog", dismiss)
    await chat_as(page, server, RESIDENT)
    await bot("sendMessage", chat_id=RESIDENT["id"], text="Why do you go?", reply_markup=CHOICES)
    await page.get_by_role("button", name="Walking").click()
    tap = await the_tap(bot, server, RESIDENT["id"])
    await bot("answerCallbackQuery", callback_query_id=tap.id, text="Saved", show_alert=True)
    for _ in range(50):
        if alerts:
            break
        await page.wait_for_timeout(100)
    assert alerts == ["Saved"]

    await page.get_by_role("button", name="Switch person").click()
    await preset_button(page, OFFICER).click()
    await page.get_by_role("button", name="Switch person").click()
    await preset_button(page, RESIDENT).click()
    await page.get_by_text("Why do you go?").wait_for()
    await page.reload()
    await page.get_by_text("Why do you go?").wait_for()
    await page.wait_for_timeout(500)
    assert alerts == ["Saved"], "an old pop-up came back"

    await page.get_by_role("button", name="Nature").click()  # a new answer still pops up
    tap = await the_tap(bot, server, RESIDENT["id"])
    await bot("answerCallbackQuery", callback_query_id=tap.id, text="Noted", show_alert=True)
    for _ in range(50):
        if len(alerts) == 2:
            break
        await page.wait_for_timeout(100)
    assert alerts == ["Saved", "Noted"]


async def focused(page: Any) -> str:
    return str(await page.evaluate(
        "() => document.activeElement === document.body ? '<body>' : "
        "(document.activeElement.id ? '#' + document.activeElement.id : "
        "document.activeElement.textContent)"
    ))  # fmt: skip


async def test_item06_focus_stays_on_the_pressed_button_after_enter(
    page: Any, server: SandboxServer, bot: BotCalls
) -> None:
    await chat_as(page, server, RESIDENT)
    sent = await bot("sendMessage", chat_id=RESIDENT["id"], text="Why do you go?",
                     reply_markup=CHOICES)  # fmt: skip
    await page.get_by_role("button", name="Nature").focus()
    await page.keyboard.press("Enter")
    tap = await the_tap(bot, server, RESIDENT["id"])
    assert await focused(page) == "Nature"
    ticked = {"inline_keyboard": [
        [{"text": "Walking", "callback_data": "walk"},
         {"text": "✓ Nature", "callback_data": "nature"}],
        [{"text": "Done", "callback_data": "done"}],
    ]}  # fmt: skip
    await bot("editMessageReplyMarkup", chat_id=RESIDENT["id"], message_id=sent["message_id"],
              reply_markup=ticked)  # fmt: skip
    await bot("answerCallbackQuery", callback_query_id=tap.id)
    await page.get_by_role("button", name="✓ Nature").wait_for()
    await page.wait_for_timeout(200)
    assert await focused(page) == "✓ Nature"

    await page.keyboard.press("Tab")  # on to Done, then Enter: the keyboard goes away
    assert await focused(page) == "Done"
    await page.keyboard.press("Enter")
    tap = await the_tap(bot, server, RESIDENT["id"])
    await bot("editMessageText", chat_id=RESIDENT["id"], message_id=sent["message_id"],
              text="Your answer: Nature")  # fmt: skip
    await bot("answerCallbackQuery", callback_query_id=tap.id)
    await page.get_by_text("Your answer: Nature").wait_for()
    await page.wait_for_timeout(200)
    assert await focused(page) == "#text", "with the buttons gone, focus goes to the message box"


async def test_item06_the_chat_page_passes_axe_core(
    page: Any, server: SandboxServer, bot: BotCalls
) -> None:
    await page.goto(f"{server.url}/")
    await page.get_by_role("heading", name="Who are you?").wait_for()
    assert await axe_violations(page) == []
    await chat_as(page, server, RESIDENT)
    await page.get_by_label("Your message").fill("/start")
    await page.keyboard.press("Enter")
    await bot("sendMessage", chat_id=RESIDENT["id"], text="<b>Hello</b>", parse_mode="HTML")
    await bot("sendMessage", chat_id=RESIDENT["id"], text="Why do you go?", reply_markup=CHOICES)
    await page.get_by_text("Why do you go?").wait_for()
    assert await axe_violations(page) == []


async def test_item22_an_empty_chat_says_type_start_to_begin(
    page: Any, server: SandboxServer
) -> None:
    await page.goto(f"{server.url}/")
    await page.get_by_label("First name").fill("Tess")
    await page.get_by_role("button", name="Start chatting").click()
    hint = page.get_by_text("Type /start to begin")
    await hint.wait_for()
    await page.get_by_label("Your message").fill("/start")
    await page.keyboard.press("Enter")
    await page.locator("#log li.msg.me").wait_for()
    await hint.wait_for(state="hidden")


async def test_item03_the_picker_shows_ids_and_staff_get_their_menu(
    page: Any, server: SandboxServer, bot: BotCalls
) -> None:
    await page.goto(f"{server.url}/")
    officer = preset_button(page, OFFICER)
    await officer.wait_for()
    assert f"English · officer · id {OFFICER['id']}" in await officer.inner_text()
    await bot("setMyCommands", commands=[{"command": "help", "description": "How this works"}])
    await bot("setMyCommands", commands=[{"command": "schedule", "description": "Set times"}],
              scope={"type": "chat", "chat_id": OFFICER["id"]})  # fmt: skip
    await officer.click()
    await page.get_by_role("button", name="Bot commands").click()
    await page.locator("#commands button", has_text="/schedule").wait_for()


async def test_item06_focus_stays_on_a_reply_keyboard_button(
    page: Any, server: SandboxServer, bot: BotCalls
) -> None:
    await chat_as(page, server, RESIDENT)
    keys = {"keyboard": [[{"text": "Yes"}, {"text": "No"}]], "resize_keyboard": True}
    await bot("sendMessage", chat_id=RESIDENT["id"], text="Ready?", reply_markup=keys)
    await page.get_by_role("button", name="Yes", exact=True).focus()
    await page.keyboard.press("Enter")
    await page.locator("#log li.msg.me", has_text="Yes").wait_for()
    await bot("sendMessage", chat_id=RESIDENT["id"], text="Thanks")
    await page.get_by_text("Thanks").wait_for()
    await page.wait_for_timeout(200)
    assert await focused(page) == "Yes"


async def test_item21_a_photos_alt_text_does_not_repeat_its_caption(
    page: Any, server: SandboxServer, bot: BotCalls
) -> None:
    from bot.sandbox.files import placeholder_png

    secret = "JBSWY3DPEHPK3PXP"
    await chat_as(page, server, OFFICER)
    caption = f"Scan this in your authenticator app, or type the key {secret}."
    await bot("sendPhoto", chat_id=OFFICER["id"], photo=placeholder_png(40, 40), caption=caption)
    image = page.locator("#log img").last
    await image.wait_for()
    alt = await image.get_attribute("alt")
    assert alt is not None and secret not in alt and "authenticator" not in alt
    await page.get_by_text(secret).wait_for()  # the caption itself is still shown, once
