"""The whole loop of the issue's "Done when", in the sandbox, with a hand-moved clock:
an officer uploads a consultation file and imports it, schedules a round a minute ahead in
London time, the planner opens it and people enrolled in an earlier round get the notice,
answer through its button, one stops half-way and gets exactly one reminder, the round
closes at its time, and the officer reads results, exports, checks back and says
"you said, we did", which reaches everyone.

Enrolment: round-open notices go only to people enrolled (consented) in the consultation,
so the nine people join an earlier, open round of the same consultation first.

A round without dates may carry `reminders`: they count back from the close an officer
schedules in chat.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from officer_steps import (
    ARTIFACTS,
    Clock,
    Officer,
    Person,
    buttons,
    close_round,
    drain,
    tag_all,
    take_part,
    text_of,
)
from sqlmodel import col, select

from bot.bootstrap import App
from bot.sandbox import SandboxClient
from bot.scheduling import RoundLifecycle, RoundPlanner
from bot.telegram.runners import BotRunner
from storage import OutboxRow

pytestmark = pytest.mark.e2e
LONDON = ZoneInfo("Europe/London")
SLUG = "high-street"
PSEUDONYM = re.compile(r"P-[0-9a-f]{32}")  # 128 bits (finding 18)
FOLLOWUP = """\
  - key: followup
    title: {en: "Your ideas", cy: "Eich syniadau"}
    reminders: [PT1H]
%s    questions:
      - key: rating
        type: single
        text: {en: "Is the high street getting better?", cy: "Ydy'r stryd fawr yn gwella?"}
        options:
          - {key: better, text: {en: "Better", cy: "Gwell"}}
          - {key: worse, text: {en: "Worse", cy: "Gwaeth"}}
      - key: idea
        type: text
        text: {en: "What should we do first?", cy: "Beth ddylen ni ei wneud gyntaf?"}
"""
HEADER = """\
slug: high-street
title: {en: "High street", cy: "Y stryd fawr"}
languages: [en, cy]
audience: [resident, worker]
privacy: {controller: {en: "Test Council", cy: "Cyngor Prawf"}, contact: "privacy@example.org"}
rounds:
  - key: discover
    title: {en: "What you think", cy: "Beth rydych chi'n ei feddwl"}
    questions:
      - key: visits
        type: single
        text: {en: "How often do you come into town?", cy: "Pa mor aml ydych chi'n dod i'r dref?"}
        options:
          - {key: weekly, text: {en: "Every week", cy: "Bob wythnos"}}
          - {key: monthly, text: {en: "Every month", cy: "Bob mis"}}
          - {key: rarely, text: {en: "Rarely", cy: "Anaml"}}
      - key: change
        type: text
        text: {en: "What one change would help most?", cy: "Pa un newid fyddai'n helpu fwyaf?"}
"""
NO_DATES = HEADER + FOLLOWUP % ""
# (name, language, role, visits, what they wrote)
PEOPLE = [
    ("Ann", "en", "resident", "weekly", "We need public toilets and better street lighting."),
    ("Bryn", "cy", "resident", "weekly", "Public toilets and street lighting, please."),
    ("Cai", "en", "resident", "monthly", "The street lighting is poor at night."),
    ("Dee", "en", "resident", "rarely", "Open the public toilets again."),
    ("Eve", "en", "resident", "weekly", "Street lighting on the high street."),
    ("Fay", "en", "resident", "monthly", "Public toilets near the market."),
    ("Gwil", "en", "worker", "weekly", "Street lighting near the bus station."),
    ("Huw", "en", "worker", "weekly", "Bins are always full."),
    ("Iwan", "en", "worker", "rarely", "More seats in the square."),
]
HALF_WAY = "Cai"


def local(moment: object) -> str:
    return moment.astimezone(LONDON).strftime("%Y-%m-%dT%H:%M")  # type: ignore[attr-defined]


async def test_the_whole_loop_from_upload_to_feedback(
    officer: Officer, sandbox: SandboxClient, app: App, bot: BotRunner, clock: Clock,
    framework: str,
) -> None:
    # 1. Upload and import: the round has reminders but no dates yet.
    offer = await officer.upload("high-street.yaml", NO_DATES)
    assert "2 rounds, 4 questions" in text_of(offer)
    await officer.tap("Import it", offer)
    await officer.said("Imported “high-street”")

    # 2. Schedule the follow-up round a minute ahead, closing two hours on (London time).
    start = clock.now
    opens, closes = start + timedelta(minutes=1), start + timedelta(hours=2)
    await officer.command("schedule", f"{SLUG} followup {local(opens)} {local(closes)}")
    assert "Wednesday 2 December 2026 at 10:01" in text_of(await officer.said("Scheduled"))

    # 3. Nine people enrol by taking part in the earlier round, which then closes.
    await officer.command("open", f"{SLUG} discover")
    await officer.said("is open now")
    people: dict[str, Person] = {}
    for name, language, *_ in PEOPLE:
        user = await sandbox.create_user(name, language_code=language)
        people[name] = Person(sandbox, int(user["id"]))
    await asyncio.gather(*(
        take_part(people[name], SLUG, language, role, visits, wrote)
        for name, language, role, visits, wrote in PEOPLE
    ))
    await close_round(officer, f"{SLUG} discover")

    # 4. Past the opening, the planner opens the round and the notices go out.
    planner = RoundPlanner(app.unit_of_work, RoundLifecycle.from_app(app))
    assert not planner.run_due(clock.now).opened, "nothing opens before its time"
    clock.now = opens + timedelta(seconds=30)
    report = planner.run_due(clock.now)
    assert [c.round for c in report.opened] == ["followup"]
    await mark_all(people)
    await drain(app, bot)
    notices = {}
    for name, language, *_ in PEOPLE:
        expected = "mae rownd newydd ar agor" if language == "cy" else "a new round is open"
        notices[name] = await people[name].said(expected)

    # 5. Everyone answers through the notice's button; one stops half-way.
    async def answer(name: str, language: str) -> None:
        person = people[name]
        await person.tap_data(notices[name], buttons(notices[name])[0][1])
        choice = await person.with_button("c|rating|better")
        await person.tap_data(choice, "c|rating|better")
        await person.shown("?")  # the same message, now asking the written question
        if name == HALF_WAY:
            return
        await person.type("Fix the street lighting first.")
        await person.said("Diolch" if language == "cy" else "Thank you")

    await asyncio.gather(*(answer(name, language) for name, language, *_ in PEOPLE))

    # 6. At the reminder time (an hour before closing) only the half-way person is reminded,
    #    exactly once.
    clock.now = closes - timedelta(hours=1) + timedelta(seconds=30)
    await mark_all(people)
    assert planner.run_due(clock.now).reminded == 1
    clock.now += timedelta(minutes=20)
    assert planner.run_due(clock.now).reminded == 0, "a reminder is never repeated"
    await drain(app, bot)
    reminder = await people[HALF_WAY].said("you have not finished", "Your ideas")
    assert "Carry on" in [label for label, _ in buttons(reminder)]
    await asyncio.sleep(0.3)
    for name, person in people.items():
        reminders = [m for m in await person.new_messages()
                     if "not finished" in text_of(m) or "heb orffen" in text_of(m)]
        assert len(reminders) == (1 if name == HALF_WAY else 0), name

    # 7. The round closes at its time.
    clock.now = closes + timedelta(seconds=30)
    assert len(planner.run_due(clock.now).closed) == 1
    with app.reading() as uow:
        row = uow.consultations.round(uow.consultations.get(SLUG).id, "followup")
        assert row.state == "closed"
    await asyncio.to_thread(tag_all, app)

    # 8. Results, export, check back and "you said, we did".
    await results(officer, sandbox)
    await export(officer, sandbox)
    # "You said, we did" before the check back: the check back hits a product gap (below).
    await feedback(officer, app, bot, people)
    await check_back(officer, app, bot, people)


async def mark_all(people: dict[str, Person]) -> None:
    for person in people.values():
        person.mark = max((m["message_id"] for m in await person.bot_messages()), default=0)


async def results(officer: Officer, sandbox: SandboxClient) -> None:
    await officer.command("results", SLUG)
    summary = text_of(await officer.said("Results: High street"))
    assert "9 people took part" in summary
    charts = int(re.search(r"(\d+) charts? follows?", summary).group(1))  # type: ignore[union-attr]
    assert charts >= 2
    photos = [m for m in await officer.quiet() if m["kind"] == "photo"]
    assert len(photos) == charts
    ARTIFACTS.mkdir(exist_ok=True)
    for n, photo in enumerate(photos, start=1):
        assert 20 < len(text_of(photo)) <= 1024, "every chart has a caption"
        png = await sandbox.download(photo["files"][-1]["file_id"])
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        (ARTIFACTS / f"loop-chart-{n}.png").write_bytes(png)
    assert any("Is the high street getting better?" in text_of(p) for p in photos)


async def export(officer: Officer, sandbox: SandboxClient) -> None:
    await officer.command("export", SLUG)
    document = await officer.said(f"Answers to {SLUG}")
    assert document["kind"] == "document"
    file = document["files"][0]
    assert file["file_name"] == f"{SLUG}-answers.csv"
    content = (await sandbox.download(file["file_id"])).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert len(rows) == 9 * 2 + 8 * 2 + 1, "both rounds; the half-way person answered one"
    assert all(PSEUDONYM.fullmatch(row["participant"]) for row in rows)
    assert len({row["participant"] for row in rows}) == 9
    for person_id in (officer.user_id, *[u["id"] for u in await sandbox.users()]):
        assert str(person_id) not in content, "no Telegram id leaves in an export"


async def check_back(officer: Officer, app: App, bot: BotRunner,
                     people: dict[str, Person]) -> None:
    await officer.command("playback", f"{SLUG} followup")
    draft = await officer.said("Draft check-back round")
    await officer.tap("Edit English", draft)
    await officer.said("Reply with the English statements")
    await officer.type("You want the street lighting fixed first.")
    draft = await officer.said("Draft check-back round")
    await officer.tap("Edit Welsh", draft)
    await officer.said("Reply with the Welsh statements")
    await officer.type("Rydych chi eisiau trwsio'r goleuadau stryd yn gyntaf.")
    draft = await officer.said("Draft check-back round")
    await officer.tap("Schedule it", draft)
    await officer.said("When should the check-back round open and close?")
    await officer.type("now 2026-12-09T17:00")
    added = text_of(await officer.said("round"))
    assert "Added round “playback_followup”" in added
    assert "It is open now" in added
    await mark_all(people)
    await drain(app, bot)
    await people["Ann"].said("a new round is open", "Is this what we heard?")
    await people["Bryn"].said("mae rownd newydd ar agor", "Ai dyma beth glywson ni?")


async def feedback(officer: Officer, app: App, bot: BotRunner,
                   people: dict[str, Person]) -> None:
    await officer.command("feedback", SLUG)
    await officer.said("Please type the message in English")
    await officer.type("You asked for better street lighting. New lamps go up in January.")
    await officer.said("Please type the message in Welsh")
    await officer.type("Gofynnoch chi am oleuadau stryd gwell. Bydd lampau newydd ym mis Ionawr.")
    confirm = await officer.said("It will go to 9 people (8 in English, 1 in Welsh)")
    await officer.tap("Send to 9 people", confirm)
    await officer.said("Sending to 9 people")
    await mark_all(people)
    await drain(app, bot)
    for name, language, *_ in PEOPLE:
        if language == "cy":
            await people[name].said("dywedoch chi, gwnaethon ni", "lampau newydd")
        else:
            await people[name].said("you said, we did", "New lamps go up in January.")
    with app.reading() as uow:
        rows = list(uow.session.exec(
            select(OutboxRow).where(col(OutboxRow.dedupe_key).startswith("feedback:"))
        ))
        assert len(rows) == 9 and all(r.status == "sent" for r in rows)
