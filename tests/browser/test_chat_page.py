"""The sandbox's web chat page in a real browser: a resident completes round 1 by clicking.

Starts the sandbox and Copro (aiogram, polling, a temporary SQLite database) on a free port
in a background thread, then drives Debian's chromium through Playwright. Screenshots go to
test-artifacts/ (git-ignored). Skipped only when /usr/bin/chromium is missing; never runs
`playwright install`.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from playwright.sync_api import Locator, Page, expect, sync_playwright
from sqlalchemy import create_engine, select

from bot.bootstrap import App
from bot.cli.bot_commands import import_shipped
from bot.sandbox import SandboxServer
from bot.telegram.runners import BotRunner, make_runner
from config.settings import Settings
from storage.tables import AnswerRow, ConsultationRow, ParticipantRow, QuestionRow, RoundRow

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
STEP_TIMEOUT_MS = 10_000  # one bot reply; Copro paces a chat at about 1 message a second

T = TypeVar("T")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"no browser: {CHROMIUM} is missing "
        "(apt-get install chromium); Playwright's own download cannot work here",
    ),
]


class LiveSandbox:
    """`copro sandbox` in a background thread: the sandbox, and Copro polling it."""

    def __init__(self, database: Path, framework: str = "aiogram") -> None:
        self.app = App(Settings(database_url=f"sqlite:///{database}"))
        self.database = database
        self.framework = framework
        self.server = SandboxServer(port=0)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="sandbox", daemon=True)
        self.runner: BotRunner | None = None

    def run(self, work: Coroutine[Any, Any, T], timeout: float = 15) -> T:
        return asyncio.run_coroutine_threadsafe(work, self.loop).result(timeout)

    def start(self) -> None:
        self.app.migrate()
        import_shipped(self.app)
        self.thread.start()
        self.run(self._start(), timeout=90)  # the first import of a framework is slow

    async def _start(self) -> None:
        await self.server.start()
        self.runner = make_runner(self.app.chat, self.framework, self.server.token, self.server.url)
        await self.runner.start()
        await self.runner.poll()

    def stop(self) -> None:
        try:
            self.run(self._stop())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)
            self.loop.close()

    async def _stop(self) -> None:
        if self.runner is not None:
            await self.runner.stop()
            await self.runner.close()
        await self.server.stop()
        self.app.database.dispose()

    @property
    def url(self) -> str:
        return self.server.url

    def answers(self, telegram_user_id: int) -> dict[str, tuple[Any, str | None]]:
        """Round-1 answers stored for a person: question key -> (value, text)."""
        query = (
            select(QuestionRow.key, AnswerRow.value, AnswerRow.text)
            .join(AnswerRow, AnswerRow.question_id == QuestionRow.id)
            .join(ParticipantRow, ParticipantRow.id == AnswerRow.participant_id)
            .join(RoundRow, RoundRow.id == AnswerRow.round_id)
            .join(ConsultationRow, ConsultationRow.id == RoundRow.consultation_id)
            .where(
                ParticipantRow.telegram_user_id == telegram_user_id,
                ConsultationRow.slug == "victoria-park",
                RoundRow.key == "discover",
            )
        )
        engine = create_engine(f"sqlite:///{self.database}")
        try:
            with engine.connect() as connection:
                rows = connection.execute(query).all()
        finally:
            engine.dispose()
        return {key: (value, text) for key, value, text in rows}


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveSandbox]:
    sandbox = LiveSandbox(tmp_path / "copro.db")
    sandbox.start()
    try:
        yield sandbox
    finally:
        violations = list(sandbox.server.sandbox.violations)
        sandbox.stop()
    assert violations == [], "the sandbox emitted objects the Bot API forbids"


def bot_message(page: Page, containing: str) -> Locator:
    """The newest bot message in the chat log that contains this text."""
    return page.locator("#log li.msg.bot", has_text=containing).last


def tap(message: Locator, label: str) -> None:
    """Click a button under a bot message, once it is there and enabled."""
    button = message.get_by_role("button", name=label, exact=True)
    expect(button).to_be_enabled(timeout=STEP_TIMEOUT_MS)
    button.click()


def type_and_send(page: Page, words: str) -> None:
    box = page.locator("#text")
    box.fill(words)
    box.press("Enter")


def shot(page: Page, name: str, full_page: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"chat-page-{name}.png"), full_page=full_page)


def assert_usable_on_phone(page: Page, question: Locator) -> None:
    """Nothing scrolls sideways, and the question's buttons and the composer are on screen."""
    widths = page.evaluate(
        """() => ({
            document: document.documentElement.scrollWidth,
            body: document.body.scrollWidth,
            log: document.getElementById("log").scrollWidth,
            logBox: document.getElementById("log").clientWidth,
            viewport: window.innerWidth,
        })"""
    )
    assert widths["document"] <= widths["viewport"], widths
    assert widths["body"] <= widths["viewport"], widths
    assert widths["log"] <= widths["logBox"], widths
    viewport = page.viewport_size
    assert viewport is not None
    question.scroll_into_view_if_needed()
    buttons = question.get_by_role("button")
    assert buttons.count() > 0
    for index in range(buttons.count()):
        button = buttons.nth(index)
        expect(button).to_be_visible()
        box = button.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], (index, box)
        assert box["height"] >= 44, ("touch target too small", index, box)
    for control in ("#text", "#composer button[type=submit]", "#menu"):
        element = page.locator(control)
        expect(element).to_be_in_viewport()
        box = element.bounding_box()
        assert box is not None and box["x"] + box["width"] <= viewport["width"], (control, box)


def test_resident_completes_round_one_in_the_chat_page(live: LiveSandbox) -> None:
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=DESKTOP)
            context.set_default_timeout(STEP_TIMEOUT_MS)
            page = context.new_page()
            page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("dialog", lambda d: (problems.append(f"alert: {d.message}"), d.dismiss()))
            page.goto(live.url + "/", wait_until="domcontentloaded")

            # Someone new, on a laptop.
            expect(page.get_by_role("heading", name="Who are you?")).to_be_visible()
            expect(page.get_by_role("button", name="Resident").first).to_be_visible()
            page.get_by_label("First name").fill("Tess")
            page.get_by_label("Language").select_option("en")
            shot(page, "01-picker-desktop")
            page.get_by_role("button", name="Start chatting").click()
            expect(page.locator("#who")).to_have_text("Chatting as Tess")
            user = page.evaluate("() => JSON.parse(localStorage.getItem('copro-sandbox-user'))")
            user_id = int(user["id"])

            # Join by typing the deep link's command, then agree (in English) and pick a role.
            type_and_send(page, "/start victoria-park")
            expect(page.locator("#log li.msg.me").last).to_contain_text("/start victoria-park")
            consent = bot_message(page, "Before you start, please read this.")
            expect(consent).to_be_visible()
            shot(page, "02-consent-desktop")
            tap(consent, "I agree")
            tap(bot_message(page, "Which of these describes you best?"), "Resident")

            # The rest on a phone.
            page.set_viewport_size(PHONE)
            visits = bot_message(page, "How often do you visit Victoria Park?")
            expect(visits.get_by_role("button", name="About once a week")).to_be_visible()
            assert_usable_on_phone(page, visits)
            shot(page, "03-first-question-phone")
            tap(visits, "About once a week")
            expect(visits).to_contain_text("Your answer: About once a week")

            activities = bot_message(page, "Why do you go to the park?")
            tap(activities, "Walking")
            tap(activities, "Nature and wildlife")
            expect(activities.get_by_role("button", name="✓ Nature and wildlife")).to_be_visible()
            expect(activities.get_by_role("button", name="✓ Walking")).to_be_visible()
            assert_usable_on_phone(page, activities)
            shot(page, "04-mid-round-multi-choice-phone")
            tap(activities, "Done")
            expect(activities).to_contain_text("Your answer: Walking, Nature and wildlife")

            barriers = bot_message(page, "What stops you using the park more?")
            tap(barriers, "Poor lighting")
            expect(barriers.get_by_role("button", name="✓ Poor lighting")).to_be_visible()
            tap(barriers, "Done")
            expect(barriers).to_contain_text("Your answer: Poor lighting")

            safety = bot_message(page, "How safe do you feel in the park after dark?")
            expect(safety).to_contain_text("1 = Very unsafe, 5 = Very safe")
            assert_usable_on_phone(page, safety)
            shot(page, "05-mid-round-scale-phone")
            tap(safety, "2")
            expect(safety).to_contain_text("Your answer: 2")

            unsafe_why = bot_message(page, "What makes you feel unsafe?")
            expect(unsafe_why.get_by_role("button", name="Skip")).to_be_visible()
            type_and_send(page, "The paths by the lake are dark")
            expect(unsafe_why).to_contain_text("Your answer: The paths by the lake are dark")

            children = bot_message(page, "Do children or young people in your home use the park?")
            tap(children, "Yes")
            expect(children).to_contain_text("Your answer: Yes")

            play = bot_message(page, "What would make the play area better for them?")
            tap(play, "Shade and seating")
            expect(play.get_by_role("button", name="✓ Shade and seating")).to_be_visible()
            tap(play, "Done")
            expect(play).to_contain_text("Your answer: Shade and seating")

            change_one = bot_message(page, "What one change would make the biggest difference")
            expect(change_one.get_by_role("button", name="Skip")).to_be_visible()
            assert_usable_on_phone(page, change_one)
            type_and_send(page, "Toilets near the playground")

            thanks = bot_message(page, "Thank you. Your answers are saved.")
            expect(thanks).to_be_visible()
            expect(thanks).to_be_in_viewport()
            expect(page.locator("#error")).to_have_text("")
            shot(page, "06-thank-you-phone")
            page.set_viewport_size(DESKTOP)
            shot(page, "07-thank-you-desktop")
            context.close()
        finally:
            browser.close()

    assert problems == []
    assert live.answers(user_id) == {
        "visits": ("weekly", None),
        "activities": (["walk", "nature"], None),
        "barriers": (["lighting"], None),
        "safety_dark": (2, None),
        "unsafe_why": (None, "The paths by the lake are dark"),
        "children": ("yes", None),
        "play_needs": (["shade"], None),
        "change_one": (None, "Toilets near the playground"),
    }
