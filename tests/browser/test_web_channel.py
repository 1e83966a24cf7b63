"""The web channel in a real browser: a resident completes round 1 of Victoria Park at
320 px wide, and axe-core (from the npm package, `npm ci`) finds no WCAG 2.2 A/AA
violation on any page type; and one in Welsh at 1280x800 with the keyboard only and
JavaScript off. Screenshots go to test-artifacts/ (git-ignored).

Skipped only when /usr/bin/chromium is missing (and axe-core, from tests/browser's npm
lock, outside CI); never runs `playwright install`.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web
from playwright.sync_api import Page, expect, sync_playwright

from bot.bootstrap import App
from bot.cli.bot_commands import import_shipped
from bot.web.server import make_web_app
from config.settings import Settings
from tests.support.browser import need_axe

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts"
NARROW = {"width": 320, "height": 720}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
PLAN = {
    "visits": "About once a week",
    "activities": "Walking",
    "barriers": "No toilets",
    "safety_dark": "2",
    "unsafe_why": "The paths are dark <b>at night</b>",
    "children": "Yes",
    "play_needs": "Shade and seating",
    "change_one": "More lights",
}

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no browser: {CHROMIUM} is missing"),
]


class LiveWeb:
    """`copro web` in a background thread, on a free port and a temporary database."""

    def __init__(self, database: Path) -> None:
        self.app = App(Settings(database_url=f"sqlite:///{database}", secret_key="browser",
                                public_url="http://127.0.0.1"))
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="web", daemon=True)
        self.runner = web.AppRunner(make_web_app(self.app.web))
        self.url = ""

    def start(self) -> None:
        self.app.migrate()
        import_shipped(self.app)
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(30)

    async def _start(self) -> None:
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = self.runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.app.database.dispose()


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveWeb]:
    server = LiveWeb(tmp_path / "copro.db")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def check_page(page: Page, name: str) -> None:
    """axe-core finds nothing, there is one h1, and nothing scrolls sideways at 320 px."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=True)
    page.evaluate(need_axe().read_text(encoding="utf-8"))  # fails under CI when missing
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]])
                  for v in result["violations"]]
    assert violations == [], f"{name}: {violations}"
    assert result["passes"], "axe-core checked nothing"
    assert page.locator("h1").count() == 1, name
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], (name, widths)


def continue_(page: Page) -> None:
    page.get_by_role("button", name="Continue", exact=True).click()


def test_a_resident_completes_round_one_and_every_page_passes_axe(live: LiveWeb) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport=NARROW).new_page()
            page.goto(f"{live.url}/c/victoria-park?lang=cy")
            expect(page.locator("html")).to_have_attribute("lang", "cy")
            check_page(page, "consent-cy")
            page.get_by_role("link", name="English").click()
            check_page(page, "consent")
            page.get_by_role("button", name="I agree").click()
            check_page(page, "role")
            page.get_by_label("Resident").check()
            continue_(page)
            continue_(page)  # nothing chosen: the error summary and the linked message
            expect(page.get_by_role("alert")).to_contain_text("There is a problem")
            expect(page.get_by_role("alert")).to_be_focused()
            check_page(page, "question-error")
            for number, (key, answer) in enumerate(PLAN.items()):
                expect(page.locator("input[name=question]")).to_have_value(key)
                check_page(page, f"question-{number + 1}-{key}")
                box = page.locator("textarea")
                if box.count():
                    box.fill(answer)
                    expect(page.locator("#answer-count")).to_contain_text("characters left")
                else:
                    page.get_by_label(answer, exact=True).check()
                continue_(page)
            expect(page.locator("h1")).to_have_text("Thank you")
            check_page(page, "thanks")
            page.get_by_role("link", name="See my answers").click()
            expect(page.locator("table")).to_contain_text("The paths are dark <b>at night</b>")
            check_page(page, "answers")
            page.get_by_role("link", name="Delete my answers").click()
            check_page(page, "delete")
            page.get_by_role("button", name="Yes, delete them").click()
            check_page(page, "deleted")
            page.goto(f"{live.url}/c/no-such-consultation")
            check_page(page, "not-found")
        finally:
            browser.close()


DESKTOP = {"width": 1280, "height": 800}
KEYBOARD_PLAN = {  # Welsh, by keyboard: (what kind of field, which option or what to type)
    "visits": ("radio", 1),
    "activities": ("checkbox", 0),
    "barriers": ("checkbox", 1),
    "safety_dark": ("radio", 3),
    "children": ("radio", 1),
    "change_one": ("text", "Mwy o oleuadau"),
}


def tab_to(page: Page, element_id: str) -> None:
    """Press Tab until the element has the focus, as a keyboard user would."""
    for _ in range(60):
        focused = page.locator(":focus")
        if focused.count() and focused.get_attribute("id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached #{element_id}")


def test_a_resident_takes_part_in_welsh_by_keyboard_with_javascript_off(live: LiveWeb) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
            page = context.new_page()
            page.goto(f"{live.url}/c/victoria-park?lang=cy")
            page.get_by_role("button", name="Rwy'n cytuno").focus()
            page.keyboard.press("Enter")
            expect(page.locator("html")).to_have_attribute("lang", "cy")
            tab_to(page, "role-1")
            page.keyboard.press("Space")
            page.keyboard.press("Enter")  # a form's Enter presses its first button: Parhau
            for key, (kind, given) in KEYBOARD_PLAN.items():
                expect(page.locator("input[name=question]")).to_have_value(key)
                if kind == "text":
                    tab_to(page, "answer")
                    page.keyboard.type(str(given))
                    page.keyboard.press("Tab")  # to Parhau
                    page.keyboard.press("Enter")
                    continue
                if kind == "radio":
                    tab_to(page, "q-1")
                    for _ in range(int(given)):
                        page.keyboard.press("ArrowDown")
                    if not given:
                        page.keyboard.press("Space")
                else:
                    tab_to(page, f"q-{int(given) + 1}")
                    page.keyboard.press("Space")
                page.keyboard.press("Enter")
            expect(page.locator("h1")).to_have_text("Diolch")
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "web-keyboard-thanks-cy.png"), full_page=True)
            page.goto(f"{live.url}/c/victoria-park/answers")
            table = page.locator("table")
            expect(table).to_contain_text("Tua unwaith yr wythnos")
            expect(table).to_contain_text("Mwy o oleuadau")
        finally:
            browser.close()


def test_welsh_pages_pass_axe_on_a_phone(live: LiveWeb) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
            page.goto(f"{live.url}/c/victoria-park?lang=cy")
            page.get_by_role("button", name="Rwy'n cytuno").click()
            check_page(page, "role-cy")
            page.get_by_label("Preswylydd").check()
            page.get_by_role("button", name="Parhau", exact=True).click()
            page.get_by_role("button", name="Parhau", exact=True).click()
            expect(page.get_by_role("alert")).to_contain_text("Mae problem")
            check_page(page, "question-error-cy")
            page.get_by_label("Bron bob dydd").check()
            page.get_by_role("button", name="Parhau", exact=True).click()
            expect(page.locator("html")).to_have_attribute("lang", "cy")
            check_page(page, "question-multi-cy")
        finally:
            browser.close()


def test_a_resident_continues_on_another_device_and_its_pages_pass_axe(live: LiveWeb) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            phone = browser.new_context(viewport=NARROW).new_page()
            phone.goto(f"{live.url}/c/victoria-park")
            phone.get_by_role("button", name="I agree").click()
            phone.get_by_label("Resident").check()
            continue_(phone)
            phone.get_by_label(PLAN["visits"], exact=True).check()
            continue_(phone)
            phone.get_by_role("link", name="Continue on another device").click()
            check_page(phone, "device")
            phone.get_by_role("button", name="Get a code").click()
            check_page(phone, "device-code")
            code = phone.locator("#device-code").inner_text()

            laptop = browser.new_context(viewport=NARROW).new_page()
            laptop.goto(f"{live.url}/c/victoria-park/continue?lang=cy")
            expect(laptop.locator("html")).to_have_attribute("lang", "cy")
            check_page(laptop, "continue-cy")
            laptop.get_by_role("link", name="English").click()
            check_page(laptop, "continue")
            laptop.get_by_label("Type your code").fill("ABCDE-12345")
            continue_(laptop)
            expect(laptop.get_by_role("alert")).to_contain_text("That code did not work")
            check_page(laptop, "continue-error")
            laptop.get_by_label("Type your code").fill(code.lower().replace("-", " "))
            continue_(laptop)
            expect(laptop.locator("input[name=question]")).to_have_value("activities")
        finally:
            browser.close()
