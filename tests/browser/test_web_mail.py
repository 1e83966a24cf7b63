"""The e-mail notice pages in a real browser, at 320 px: the form, its errors (summary,
linked messages), the saved page, and the unsubscribe link's pages in Welsh; axe-core finds
no WCAG 2.2 A/AA violation on any of them (the same checks as test_web_channel.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web
from playwright.sync_api import expect, sync_playwright
from sqlmodel import col, select

from bot.bootstrap import App
from bot.mail.unsubscribe import unsubscribe_token
from bot.web.server import make_web_app
from config.settings import Settings
from storage.tables import ParticipantRow
from tests.browser.test_web_channel import (
    CHROMIUM,
    CHROMIUM_ARGS,
    NARROW,
    LiveWeb,
    check_page,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no browser: {CHROMIUM} is missing"),
]


class LiveWebWithMail(LiveWeb):
    """`copro web` with e-mail notices set up (no mail is sent here)."""

    def __init__(self, database: Path) -> None:
        super().__init__(database)
        self.app = App(Settings(database_url=f"sqlite:///{database}", secret_key="browser",
                                public_url="http://127.0.0.1", smtp_url="smtp://127.0.0.1:1"))
        self.runner = web.AppRunner(make_web_app(self.app.web))


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveWebWithMail]:
    server = LiveWebWithMail(tmp_path / "copro.db")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def only_participant(app: App) -> int:
    with app.reading() as uow:
        found = uow.session.exec(select(ParticipantRow.id).order_by(col(ParticipantRow.id)))
        return int(next(iter(found)) or 0)


def test_the_e_mail_pages_pass_axe(live: LiveWebWithMail) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport=NARROW).new_page()
            page.goto(f"{live.url}/c/victoria-park")
            page.get_by_role("button", name="I agree").click()
            page.get_by_role("link", name="Get e-mail notices").click()
            check_page(page, "email")
            page.get_by_label("Your e-mail address").fill("not an address")
            page.get_by_role("button", name="Save my e-mail address").click()
            expect(page.get_by_role("alert")).to_contain_text("There is a problem")
            expect(page.get_by_role("alert")).to_contain_text("Tick the box")
            check_page(page, "email-error")
            page.get_by_label("Your e-mail address").fill("ann@example.org")
            page.get_by_label("I agree that you may keep this address").check()
            page.get_by_role("button", name="Save my e-mail address").click()
            expect(page.locator("h1")).to_have_text("We will e-mail you")
            check_page(page, "email-saved")
            page.goto(f"{live.url}/c/victoria-park/email")
            expect(page.locator("main")).to_contain_text("We have this address: ann@example.org")
            check_page(page, "email-held")
            token = unsubscribe_token(live.app.keys.web, only_participant(live.app))
            other = browser.new_context(viewport=NARROW).new_page()  # another device
            other.goto(f"{live.url}/unsubscribe/{token}?lang=cy")
            expect(other.locator("html")).to_have_attribute("lang", "cy")
            check_page(other, "unsubscribe-cy")
            other.get_by_role("button", name="Dileu fy nghyfeiriad e-bost").click()
            check_page(other, "unsubscribed-cy")
        finally:
            browser.close()
