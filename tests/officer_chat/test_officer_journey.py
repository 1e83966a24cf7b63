"""A consultation's whole life in the officer's chat: import, open, residents and workers
answer, close, results with charts, export, check back ("Is this what we heard?") and
"You said, we did", each reaching people in their own language."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from typing import Any

import pytest
from officer_steps import (
    ARTIFACTS,
    SLUG,
    TOWN_CENTRE,
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
from bot.telegram.runners import BotRunner
from storage import OutboxRow

pytestmark = pytest.mark.e2e
PSEUDONYM = re.compile(r"P-[0-9a-f]{32}")  # 128 bits (finding 18)
# (name, language, role, visits, what they wrote)
PEOPLE = [
    ("Ann", "en", "resident", "weekly", "We need public toilets and better street lighting."),
    ("Bryn", "cy", "resident", "weekly",
     "Public toilets and street lighting would make the town centre safer."),
    ("Cai", "en", "resident", "monthly", "The street lighting is poor at night. Public toilets!"),
    ("Dee", "en", "resident", "rarely", "Open the public toilets again, fix the street lighting."),
    ("Eve", "en", "resident", "weekly", "Street lighting on the high street, and public toilets."),
    ("Fay", "en", "resident", "monthly", "Public toilets. Call me on 07700 900123 about it."),
    ("Gwil", "en", "worker", "weekly", "Street lighting near the bus station, public toilets."),
    ("Huw", "en", "worker", "weekly", "Bins are always full and the street lighting is broken."),
    ("Iwan", "en", "worker", "rarely", "More seats in the square."),
]


async def test_a_consultation_from_import_to_you_said_we_did(
    officer: Officer, sandbox: SandboxClient, app: App, bot: BotRunner, framework: str
) -> None:
    offer = await officer.upload("town-centre.yaml", TOWN_CENTRE)
    await officer.tap("Import it", offer)
    await officer.said("Imported")
    await officer.command("schedule", f"{SLUG} discover 2026-12-05T09:00 2026-12-15T17:00")
    await officer.said("Scheduled")
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
    await asyncio.to_thread(tag_all, app)

    await check_results(officer, sandbox, framework)
    await check_export(officer, sandbox)
    await check_back(officer, app, bot, people)
    await you_said_we_did(officer, app, bot, people)


async def check_results(officer: Officer, sandbox: SandboxClient, framework: str) -> None:
    await officer.command("results", SLUG)
    summary = text_of(await officer.said("Results: Town centre"))
    assert "Round “What you think”: 9 people took part; 9 answered every question." in summary
    assert "Frontline workers: fewer than 5" in summary, "a group under 5 is hidden"
    assert "Residents: 6" not in summary, "nor can it be worked out from the rest"
    charts = int(re.search(r"(\d+) chart\(s\) follow", summary).group(1))  # type: ignore[union-attr]
    assert charts >= 2
    photos = [m for m in await officer.quiet() if m["kind"] == "photo"]
    assert len(photos) == charts
    for n, photo in enumerate(photos, start=1):
        caption = text_of(photo)
        assert 20 < len(caption) <= 1024
        assert "Frontline workers (" not in caption, "no figure for the small group"
        png = await sandbox.download(photo["files"][-1]["file_id"])
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        if framework == "aiogram":
            ARTIFACTS.mkdir(exist_ok=True)
            (ARTIFACTS / f"officer-chart-{n}.png").write_bytes(png)
    assert any(text_of(p).startswith("Bar chart: How often do you come into town?")
               for p in photos)
    assert any("themes in the answers" in text_of(p) for p in photos)


async def check_export(officer: Officer, sandbox: SandboxClient) -> None:
    await officer.command("export", SLUG)
    document = await officer.said("Answers to town-centre: 18 row(s)")
    assert document["kind"] == "document"
    file = document["files"][0]
    assert file["file_name"] == "town-centre-answers.csv"
    content = (await sandbox.download(file["file_id"])).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert len(rows) == 18
    assert all(PSEUDONYM.fullmatch(row["participant"]) for row in rows)
    assert len({row["participant"] for row in rows}) == 9
    for person_id in (officer.user_id, *[u["id"] for u in await sandbox.users()]):
        assert str(person_id) not in content, "no Telegram id leaves in an export"
    assert "07700 900123" not in content and "[PHONE]" in content
    assert {row["role"] for row in rows} == {"resident", "worker"}

    await officer.command("export", f"{SLUG} xlsx")
    workbook = await officer.said("Answers to town-centre: 18 row(s)")
    assert workbook["files"][0]["file_name"] == "town-centre-answers.xlsx"
    await officer.command("export", f"{SLUG} pdf")
    assert "/export SLUG xlsx" in text_of(await officer.said())


async def check_back(officer: Officer, app: App, bot: BotRunner,
                     people: dict[str, Person]) -> None:
    await officer.command("playback", f"{SLUG} design")
    assert "no round called “design”" in text_of(await officer.said())
    await officer.command("playback", f"{SLUG} discover")
    draft = await officer.said("Draft check-back round")
    said = text_of(draft)
    assert "1. Many of your answers were about community safety." in said
    assert "2. Several of you used the words “public toilets”." in said
    assert "1. Roedd diogelwch cymunedol yn bwnc cyffredin yn eich atebion." in said
    assert "Drawn from: Community safety (6), public toilets (5)" in said

    await officer.tap("Edit English", draft)
    await officer.said("Reply with the English statements, one per line")
    await officer.type("1. You want public toilets in the town centre.\n"
                       "2. You want better street lighting.\n\n"
                       "- Some of you feel unsafe at night.")
    draft = await officer.said("Draft check-back round")
    assert "3. Some of you feel unsafe at night." in text_of(draft)
    assert "different numbers of statements" in text_of(draft)
    assert "Schedule it" not in [label for label, _ in buttons(draft)]

    await officer.tap("Edit Welsh", draft)
    await officer.said("Reply with the Welsh statements")
    await officer.type("Rydych chi eisiau toiledau cyhoeddus yng nghanol y dref.\n"
                       "Rydych chi eisiau goleuadau stryd gwell.\n"
                       "Mae rhai ohonoch chi'n teimlo'n anniogel yn y nos.")
    draft = await officer.said("Draft check-back round")
    await officer.tap("Schedule it", draft)
    await officer.said("When should the check-back round open and close?")
    await officer.type("tomorrow 2026-12-20T17:00")
    await officer.said("I could not read “tomorrow”")
    await officer.type("now 2026-12-20T17:00")
    added = text_of(await officer.said("Added round “playback_discover”"))
    assert "It is open now" in added and "9 participant(s) will be told" in added

    with app.reading() as uow:
        row = uow.consultations.get(SLUG)
        rounds = uow.consultations.rounds(row.id)
        assert [r.key for r in rounds] == ["discover", "playback_discover"]
        assert rounds[1].state == "open"
        questions = uow.consultations.question_ids(rounds[1].id)
        assert sorted(questions) == ["comment", "s1", "s2", "s3"]
        assert row.definition["rounds"][1]["questions"][0]["text"] == {
            "en": "You want public toilets in the town centre.",
            "cy": "Rydych chi eisiau toiledau cyhoeddus yng nghanol y dref.",
        }
    for person in people.values():
        person.mark = max((m["message_id"] for m in await person.bot_messages()), default=0)
    await drain(app, bot)
    notice = await people["Ann"].said("a new round is open", "Is this what we heard?")
    await people["Bryn"].said("mae rownd newydd ar agor", "Ai dyma beth glywson ni?")
    await people["Ann"].tap("Take part", notice)
    statement = await people["Ann"].with_button("c|s1|agree")
    assert "You want public toilets in the town centre." in text_of(statement)
    assert [label for label, _ in buttons(statement)][:3] == ["Agree", "Disagree", "Not sure"]


async def you_said_we_did(officer: Officer, app: App, bot: BotRunner,
                          people: dict[str, Person]) -> None:
    await officer.command("feedback", SLUG)
    await officer.said("Please type the message in English")
    await officer.type("You asked for public toilets. We will open two by March.")
    await officer.said("Please type the message in Welsh")
    await officer.type("Gofynnoch chi am doiledau cyhoeddus. Byddwn yn agor dau erbyn mis Mawrth.")
    confirm = await officer.said("It will go to 9 people (8 in English, 1 in Welsh)")
    shown = [text_of(m) for m in await officer.new_messages()]
    assert any(s.startswith("Town centre: what would you change?: you said, we did")
               for s in shown)
    assert any(s.startswith("Canol y dref: beth fyddech chi'n ei newid?: dywedoch chi")
               for s in shown)
    with app.reading() as uow:
        assert not [r for r in uow.session.exec(_feedback_rows())], "nothing before the tap"

    await officer.tap("Send to 9 people", confirm)
    await officer.said("Sending to 9 people")
    for person in people.values():
        person.mark = max((m["message_id"] for m in await person.bot_messages()), default=0)
    await drain(app, bot)
    for name, language, *_ in PEOPLE:
        if language == "cy":
            await people[name].said("dywedoch chi, gwnaethon ni", "Byddwn yn agor dau")
        else:
            await people[name].said("you said, we did", "We will open two by March.")
    with app.reading() as uow:
        rows = list(uow.session.exec(_feedback_rows()))
        consultation_id = uow.consultations.get(SLUG).id
        assert len(rows) == 9 and all(r.status == "sent" for r in rows)
        assert {r.dedupe_key for r in rows} == {
            f"feedback:{consultation_id}:1:{p.user_id}" for p in people.values()
        }
        assert any(e.action == "feedback.sent" and e.actor == officer.user_id
                   for e in uow.audit.latest(5))
    await officer.command("progress", SLUG)
    progress = text_of(await officer.said("You said, we did"))
    assert "• You said, we did: 9 sent, 0 waiting, 0 not sent" in progress
    assert "• playback_discover: 9 sent" in progress


def _feedback_rows() -> Any:
    return select(OutboxRow).where(col(OutboxRow.dedupe_key).startswith("feedback:"))
