"""A resident takes part in a consultation in Telegram: the whole journey, end to end.

Each test runs Copro with the real client library (aiogram, then python-telegram-bot),
long-polling the sandbox over HTTP, on a fresh SQLite database holding the two shipped
consultations. The resident taps buttons and types as a person would; the tests check what
they would notice in the chat, and what the council's database then holds.
"""

from __future__ import annotations

import json
import secrets
import time

import e2e_records as records
import pytest
from e2e_resident import Message, Resident, buttons, eventually, labels

from bot.bootstrap import App
from bot.messaging.sender import MAX_RETRIES
from bot.sandbox import SandboxClient

pytestmark = [
    pytest.mark.e2e,
    # PTB 22 warns, inside its own RetryAfter, that retry_after becomes a timedelta in PTB 23
    pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning"),
]

THANKS_EN = "Thank you. Your answers are saved."
THANKS_CY = "Diolch. Mae eich atebion wedi'u cadw."
SHORT_REPLY = 120
"""A polite refusal is short: one or two sentences."""


# --- small steps, in the resident's words --------------------------------------------------


async def join_victoria_park(resident: Resident) -> Message:
    """Open the poster's link, agree, choose English and Resident; returns question 1.

    The privacy notice stays in the chat (its buttons go); the next prompt is one message
    that each tap turns into what comes next."""
    await resident.command("start", "victoria-park")
    consent = await resident.reply()
    assert consent["text"].startswith("Victoria Park: design it with us")
    assert "/mydata" in consent["text"] and "/forget" in consent["text"]
    assert labels(consent) == ["I agree", "No thanks", "Cymraeg"]
    await resident.tap("I agree")  # agreeing to the English notice chooses English
    role = await resident.reply()
    assert role["text"] == "Which of these describes you best?"
    kept = await resident.message(consent["message_id"])
    assert kept["text"] == consent["text"] and buttons(kept) == [], "the notice stays"
    assert labels(role) == ["Resident", "Frontline worker"]
    await resident.tap("Resident")
    first = await resident.edited(role)
    echoed, _, question = first["text"].partition("\n\n")
    assert echoed == "You are taking part as: Resident."
    assert question.startswith("What works and what doesn't")
    return first


async def next_after(resident: Resident, tapped: Message, answer: str) -> Message:
    """A tap answered the question on `tapped`: that message now shows the answer given,
    then the next question with its buttons (one message, edited in place)."""
    now = await resident.edited(tapped)
    _, _, rest = now["text"].partition("\n\n" + answer + "\n\n")
    assert rest, f"expected {answer!r} then the next question in: {now['text']!r}"
    return now


async def shows_answer(resident: Resident, question: Message) -> str:
    """The question's message, once answered: its text, with no buttons left to press."""
    now = await resident.message(question["message_id"])
    assert buttons(now) == [], f"the answered question still has buttons: {labels(now)}"
    return str(now["text"])


async def nothing_more_happens(resident: Resident, before: list[Message]) -> None:
    """The bot sent nothing new and changed nothing it had sent."""
    await resident.quiet()
    after = await resident.bot_messages()
    assert [(m["message_id"], m["rev"]) for m in after] == [
        (m["message_id"], m["rev"]) for m in before
    ]


# --- completing a round ---------------------------------------------------------------------


async def test_a_resident_completes_victoria_park_in_english_with_every_kind_of_question(
    resident: Resident, app: App
) -> None:
    q1 = await join_victoria_park(resident)
    assert "Question 1 of " in q1["text"]
    assert "How often do you visit Victoria Park?" in q1["text"]
    assert labels(q1) == ["Most days", "About once a week", "About once a month", "Rarely or never"]

    # single choice: one tap answers; the message shows the answer, then question 2
    tap = await resident.tap("About once a week")
    assert await resident.answer_to(tap) == {"show_alert": False}
    q2 = await next_after(resident, q1, "Your answer: About once a week")
    assert q2["message_id"] == q1["message_id"], "edited in place, not a new message"
    assert q2["text"].startswith(
        "How often do you visit Victoria Park?\n\nYour answer: About once a week"
    )

    # multiple choice: each tap ticks or unticks an option in place; Done records them
    assert "Question 2 of " in q2["text"]
    assert "Why do you go to the park? Pick up to 3." in q2["text"]
    assert "Done" in labels(q2)
    await resident.tap("Walking")
    q2 = await resident.edited(q2)
    assert "✓ Walking" in labels(q2)
    await resident.tap("Walking the dog")
    q2 = await resident.edited(q2)
    assert {"✓ Walking", "✓ Walking the dog"} <= set(labels(q2))
    await resident.tap("✓ Walking")
    q2 = await resident.edited(q2)
    assert "Walking" in labels(q2) and "✓ Walking" not in labels(q2)
    await resident.tap("Nature and wildlife")
    q2 = await resident.edited(q2)
    assert [label for label in labels(q2) if label.startswith("✓")] == [
        "✓ Walking the dog",
        "✓ Nature and wildlife",
    ]
    await resident.tap("Done")
    q3 = await next_after(resident, q2, "Your answer: Walking the dog, Nature and wildlife")

    await resident.tap("Poor lighting")
    q3 = await resident.edited(q3)
    await resident.tap("Done")
    q4 = await next_after(resident, q3, "Your answer: Poor lighting")

    # scale: a row of numbers, with what the ends mean
    assert "1 = Very unsafe, 5 = Very safe" in q4["text"]
    assert labels(q4) == ["1", "2", "3", "4", "5", "Back"]
    await resident.tap("2")
    q5 = await next_after(resident, q4, "Your answer: 2")

    # free text, asked only because they feel unsafe, is typed: the question's message
    # becomes the answer given, and the next question comes as a new message
    assert "What makes you feel unsafe?" in q5["text"] and "(optional)" in q5["text"]
    assert labels(q5) == ["Skip", "Back"]
    await resident.type("The paths by the pond are dark and there is nobody about.")
    q6 = await resident.reply()
    assert (await shows_answer(resident, q5)).endswith(
        "What makes you feel unsafe? Please do not name anyone.\n\n"
        "Your answer: The paths by the pond are dark and there is nobody about."
    )

    # yes or no
    assert labels(q6) == ["Yes", "No", "Back"]
    await resident.tap("Yes")
    q7 = await next_after(resident, q6, "Your answer: Yes")
    assert "Question 7 of" in q7["text"]
    await resident.tap("Shade and seating")
    q7 = await resident.edited(q7)
    await resident.tap("Done")
    q8 = await next_after(resident, q7, "Your answer: Shade and seating")

    # an optional question can be skipped; the message then thanks them
    assert "Question 8 of" in q8["text"] and "Skip" in labels(q8)
    await resident.tap("Skip")
    thanks = await resident.edited(q8)
    assert THANKS_EN in thanks["text"]
    assert buttons(thanks) == [], "nothing left to press"
    await resident.quiet()
    assert (await resident.bot_messages())[-1]["message_id"] == thanks["message_id"]

    assert records.answers_of(app, resident.user_id, "victoria-park") == {
        "visits": "weekly",
        "activities": ["dog", "nature"],
        "barriers": ["lighting"],
        "safety_dark": 2,
        "unsafe_why": "The paths by the pond are dark and there is nobody about.",
        "children": "yes",
        "play_needs": ["shade"],
    }
    assert records.enrolment_language(app, resident.user_id, "victoria-park") == "en"


async def test_a_resident_completes_the_library_round_in_welsh(
    resident: Resident, app: App
) -> None:
    await resident.command("start", "library-services")
    consent = await resident.reply()
    assert "Cymraeg" in labels(consent)
    await resident.tap("Cymraeg")
    consent = await resident.edited(consent)  # the choice echoed, then the notice in Welsh
    echoed, _, notice = consent["text"].partition("\n\n")
    assert echoed == "Byddaf yn siarad â chi yn Gymraeg."
    assert notice.startswith("Y llyfrgell a'r ganolfan ddydd")
    await resident.tap("Rwy'n cytuno")
    role = await resident.reply()  # they chose Cymraeg already: no language question
    assert labels(role) == ["Preswylydd", "Defnyddiwr gwasanaeth", "Gweithiwr rheng flaen"]
    await resident.tap("Defnyddiwr gwasanaeth")
    q1 = await resident.edited(role)
    assert q1["text"].startswith("Rydych yn cymryd rhan fel: Defnyddiwr gwasanaeth.\n\n")
    assert "Sut mae pethau nawr" in q1["text"]

    assert "Cwestiwn 1 o" in q1["text"]
    assert labels(q1) == ["Ie", "Na"]
    await resident.tap("Na")
    q2 = await next_after(resident, q1, "Eich ateb: Na")

    assert "Gorffen" in labels(q2)
    await resident.tap("Benthyg llyfrau")
    q2 = await resident.edited(q2)
    await resident.tap("Lle cynnes i fod")
    q2 = await resident.edited(q2)
    assert {"✓ Benthyg llyfrau", "✓ Lle cynnes i fod"} <= set(labels(q2))
    await resident.tap("Gorffen")
    q3 = await next_after(resident, q2, "Eich ateb: Benthyg llyfrau, Lle cynnes i fod")

    assert "1 = Gwael iawn, 5 = Da iawn" in q3["text"]
    await resident.tap("4")
    q4 = await next_after(resident, q3, "Eich ateb: 4")
    assert "(dewisol)" in q4["text"] and labels(q4) == ["Hepgor", "Yn ôl"]
    await resident.type("Mae'r staff yn garedig iawn.")
    q5 = await resident.reply()
    assert (await shows_answer(resident, q4)).endswith("Eich ateb: Mae'r staff yn garedig iawn.")

    await resident.tap("Oriau agor")
    q5 = await resident.edited(q5)
    await resident.tap("Gorffen")
    q6 = await next_after(resident, q5, "Eich ateb: Oriau agor")
    assert "Pe gallech chi newid un peth" in q6["text"]
    await resident.tap("Hepgor")
    thanks = await resident.edited(q6)
    assert THANKS_CY in thanks["text"]

    assert records.answers_of(app, resident.user_id, "library-services") == {
        "works_here": "no",
        "uses": ["books", "warm_space"],
        "how_well": 4,
        "keep": "Mae'r staff yn garedig iawn.",
        "problems": ["hours"],
    }
    assert records.enrolment_language(app, resident.user_id, "library-services") == "cy"
    stored = records.participant(app, resident.user_id)
    assert stored is not None and stored.language == "cy"


async def test_a_ranking_puts_each_tapped_option_in_order(resident: Resident, app: App) -> None:
    # the officer closes round 1 and opens round 2, which starts with a ranking
    records.set_round_state(app, "victoria-park", "discover", "closed")
    records.set_round_state(app, "victoria-park", "design", "open")
    await resident.command("start", "victoria-park")
    await resident.reply()
    await resident.tap("I agree")
    role = await resident.reply()
    await resident.tap("Resident")
    rank = await resident.edited(role)
    assert rank["text"].startswith("You are taking part as: Resident.\n\nChoose the design")
    assert "Tap the options in order, most important first." in rank["text"]

    await resident.tap("Public toilets")
    rank = await resident.edited(rank)
    assert "Your order so far: Public toilets" in rank["text"]
    assert "Public toilets" not in labels(rank), "a ranked option is no longer offered as is"
    await resident.tap("Lights on main paths")
    rank = await resident.edited(rank)
    assert "Your order so far: Public toilets, Lights on main paths" in rank["text"]

    # tapping one already ranked (say, from a stale screen) is refused and changes nothing
    refused = await resident.tap_data(rank["message_id"], "c|priorities|toilets")
    answer = await resident.answer_to(refused)
    assert answer["show_alert"] is True
    assert answer["text"].startswith("You have already put that one in order.")
    assert (await resident.message(rank["message_id"]))["rev"] == rank["rev"]

    await resident.tap("More benches")
    await next_after(
        resident, rank, "Your answer: 1. Public toilets, 2. Lights on main paths, 3. More benches"
    )
    answers = records.answers_of(app, resident.user_id, "victoria-park")
    assert answers == {"priorities": ["toilets", "lighting", "seats"]}


# --- stopping, resuming, changing an answer -------------------------------------------------


async def test_a_resident_stops_resumes_and_changes_an_answer_with_back(
    resident: Resident, app: App
) -> None:
    q1 = await join_victoria_park(resident)
    await resident.tap("Most days")
    q2 = await next_after(resident, q1, "Your answer: Most days")
    await resident.tap("Walking")
    q2 = await resident.edited(q2)
    await resident.tap("Done")
    q3 = await next_after(resident, q2, "Your answer: Walking")

    # they go away; later /resume shows the same question again, ready to answer
    await resident.command("resume")
    again = await resident.reply()
    assert again["text"].startswith("Question 3 of") and q3["text"].endswith(again["text"])
    assert labels(again) == labels(q3)
    assert buttons(await resident.message(q3["message_id"])) == [], (
        "only the newest copy of the question has buttons"
    )

    # Back goes to the question before, showing the answer they gave
    await resident.tap("Back")
    back_to_q2 = await resident.edited(again)
    assert back_to_q2["text"].startswith("Question 2 of")
    assert "Your answer now: Walking" in back_to_q2["text"]
    assert "Keep my answer" in labels(back_to_q2)

    # /back works as well as the button (typed, so the question comes as a new message)
    await resident.command("back")
    back_to_q1 = await resident.reply()
    assert back_to_q1["text"].startswith("Question 1 of")
    assert "Your answer now: Most days" in back_to_q1["text"]
    assert buttons(await resident.message(back_to_q2["message_id"])) == []

    await resident.tap("About once a month")
    q2_again = await next_after(resident, back_to_q1, "Your answer: About once a month")
    assert "Your answer now: Walking" in q2_again["text"]
    await resident.tap("Keep my answer")
    q3_again = await next_after(resident, q2_again, "Your answer: Walking")
    assert q3_again["text"].endswith(again["text"])

    answers = records.answers_of(app, resident.user_id, "victoria-park")
    assert answers == {"visits": "monthly", "activities": ["walk"]}
    assert len(records.answer_rows(app, resident.user_id)) == 2


# --- what is not an answer ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["sticker", "photo", "voice note", "location"])
async def test_a_non_text_message_gets_a_short_polite_reply_and_changes_nothing(
    resident: Resident, app: App, kind: str
) -> None:
    q1 = await join_victoria_park(resident)
    await resident.send(kind.split()[0])
    refusal = await resident.reply()
    assert refusal["text"] == f"Sorry, I cannot use a {kind} here. Please tap one of the buttons."
    assert buttons(refusal) == []
    assert (await resident.message(q1["message_id"]))["rev"] == q1["rev"]
    assert records.answers_of(app, resident.user_id, "victoria-park") == {}


async def test_text_that_cannot_be_an_answer_gets_a_short_polite_reply_and_changes_nothing(
    resident: Resident, app: App
) -> None:
    await join_victoria_park(resident)
    await resident.type("2")  # a number answers a question with buttons
    await resident.reply()
    await resident.type("1")
    await resident.reply()
    await resident.type("1")
    scale = await resident.reply()
    await resident.tap("1")
    text_question = await resident.edited(scale)
    assert "(up to 1000 characters)" in text_question["text"]
    stored = records.answers_of(app, resident.user_id, "victoria-park")
    assert set(stored) == {"visits", "activities", "barriers", "safety_dark"}

    refusals = []
    await resident.type("x" * 1001)
    refusals.append(await resident.reply())
    await resident.send("sticker")
    refusals.append(await resident.reply())
    await resident.type("y" * 4097)
    refusals.append(await resident.reply())
    await resident.command("frobnicate")
    refusals.append(await resident.reply())

    assert [r["text"] for r in refusals] == [
        "That is 1001 characters. The limit is 1000. Please make it shorter.",
        "Sorry, I cannot use a sticker here. Please type your answer as a message.",
        "That message is too long for me. Please send a shorter one.",
        "Sorry, I do not know that command. Type /help to see what I can do.",
    ]
    assert all(len(r["text"]) <= SHORT_REPLY and not buttons(r) for r in refusals)
    still = await resident.message(text_question["message_id"])
    assert still["rev"] == text_question["rev"], "the question is untouched"
    assert records.answers_of(app, resident.user_id, "victoria-park") == stored

    # and the question still takes a proper answer
    await resident.type("Too dark.")
    assert (await resident.reply())["text"].startswith("Question 6 of")


async def test_old_forged_and_malformed_taps_are_answered_and_change_nothing(
    resident: Resident, app: App
) -> None:
    q1 = await join_victoria_park(resident)
    noise = "".join(chr(33 + byte % 94) for byte in secrets.token_bytes(64))
    forged = {
        "c|visits|nope": "Please tap one of the buttons, or type a number from 1 to 4.",
        "c|activities|walk": "That button is from an earlier question.",
        "zzz": "That button does not work any more.",
        noise: "That button does not work any more.",
        "ü" * 32: "That button does not work any more.",
    }
    before = await resident.bot_messages()
    for data, expected in forged.items():
        tap = await resident.tap_data(q1["message_id"], data)
        answer = await resident.answer_to(tap)
        assert answer["show_alert"] is True, data
        assert answer["text"].startswith(expected), data
    await nothing_more_happens(resident, before)
    assert records.answers_of(app, resident.user_id, "victoria-park") == {}

    # a button of an old question, after it was answered (a stale screen, a forged tap)
    await resident.tap("About once a week")
    q2 = await next_after(resident, q1, "Your answer: About once a week")
    before = await resident.bot_messages()
    tap = await resident.tap_data(q1["message_id"], "c|visits|rarely")
    answer = await resident.answer_to(tap)
    assert answer == {
        "text": "That button is from an earlier question. Please use the latest question.",
        "show_alert": True,
    }
    await nothing_more_happens(resident, before)
    assert records.answers_of(app, resident.user_id, "victoria-park") == {"visits": "weekly"}
    assert (await resident.message(q2["message_id"]))["rev"] == q2["rev"]


async def test_the_bot_talks_only_in_private_chats(
    resident: Resident, sandbox: SandboxClient, app: App
) -> None:
    group = await sandbox.create_group("Friends of Victoria Park", [resident.user_id])
    group_id = int(group["chat"]["id"])
    before = await resident.bot_messages()

    await sandbox.send_text(resident.user_id, "Shall we all do the park survey?", group_id)
    await sandbox.send_command(resident.user_id, "start", "victoria-park", chat_id=group_id)

    async def notice() -> list[Message] | None:
        sent = await sandbox.bot_messages(group_id)
        return sent or None

    await eventually(notice, "the private-only notice in the group")
    await resident.quiet()
    sent = await sandbox.bot_messages(group_id)
    assert [m["text"] for m in sent] == [
        "I only talk in private chats. Please open a chat with me to take part."
    ]
    assert await resident.bot_messages() == before
    assert records.participant(app, resident.user_id) is None


# --- data rights ----------------------------------------------------------------------------


async def test_mydata_sends_a_file_and_forget_erases_it_after_confirmation(
    resident: Resident, sandbox: SandboxClient, app: App
) -> None:
    q1 = await join_victoria_park(resident)
    await resident.tap("Most days")
    await resident.edited(q1)
    await resident.type("1, 4")
    await resident.reply()

    await resident.command("mydata")
    document = await resident.reply()
    assert document["kind"] == "document"
    assert document["caption"] == "Everything we hold about you, as a file."
    assert document["files"][0]["file_name"] == "copro-my-data.json"
    data = json.loads(await sandbox.download(document["files"][0]["file_id"]))
    assert data["participant"]["telegram_user_id"] == resident.user_id
    [taking_part] = data["consultations"]
    assert taking_part["consultation"] == "victoria-park"
    assert taking_part["role"] == "resident"
    assert {a["question"]: a["answer"] for a in taking_part["answers"]} == {
        "visits": "most_days",
        "activities": ["walk", "sport"],
    }

    # /forget asks first; "No" keeps everything
    await resident.command("forget")
    confirm = await resident.reply()
    assert "cannot be undone" in confirm["text"]
    assert labels(confirm) == ["Yes, delete it", "No, keep it"]
    await resident.tap("No, keep it")
    assert (await resident.reply())["text"] == "OK. Nothing was deleted."
    assert buttons(await resident.message(confirm["message_id"])) == []
    assert len(records.answers_of(app, resident.user_id, "victoria-park")) == 2

    await resident.command("forget")
    await resident.reply()
    await resident.tap("Yes, delete it")
    done = await resident.reply()
    assert done["text"] == "Done. We have deleted everything we held about you."
    assert records.participant(app, resident.user_id) is None

    await resident.command("mydata")
    empty = await resident.reply()
    assert empty["caption"] == "We do not hold any data about you."
    data = json.loads(await sandbox.download(empty["files"][0]["file_id"]))
    assert data == {"participant": None, "consultations": []}
    await resident.command("resume")
    assert (await resident.reply())["text"].startswith("You are not taking part")


# --- when Telegram misbehaves ---------------------------------------------------------------


async def test_a_429_delays_the_reply_by_retry_after_without_duplicating_it(
    resident: Resident, sandbox: SandboxClient, app: App
) -> None:
    q1 = await join_victoria_park(resident)
    await sandbox.inject_fault("editMessageText", "retry_after", retry_after=1)
    started = time.monotonic()
    await resident.tap("Rarely or never")
    q2 = await resident.edited(q1)
    assert time.monotonic() - started >= 0.9
    assert "Question 2 of" in q2["text"]

    await resident.quiet()
    texts = await resident.texts()
    assert sum("Question 2 of" in t for t in texts) == 1
    statuses = [c["status"] for c in await sandbox.calls("editMessageText")]
    assert statuses[-2:] == [429, 200]
    assert records.answers_of(app, resident.user_id, "victoria-park") == {"visits": "rarely"}


async def test_a_403_marks_the_resident_unreachable_until_they_write_again(
    resident: Resident, sandbox: SandboxClient, app: App
) -> None:
    await join_victoria_park(resident)
    await sandbox.inject_fault("editMessageText", "blocked")
    await resident.tap("Most days")

    async def unreachable() -> bool | None:
        found = records.participant(app, resident.user_id)
        return True if found is not None and not found.reachable else None

    await eventually(unreachable, "the participant to be marked unreachable")
    assert records.answers_of(app, resident.user_id, "victoria-park") == {"visits": "most_days"}
    assert records.outbox(app, resident.chat_id) == [], "a blocked chat is not retried"

    # they unblock the bot and carry on: they can be reached again
    await resident.command("resume")
    q2 = await resident.reply()
    assert q2["text"].startswith("Question 2 of")
    await resident.type("1")
    await resident.reply()
    found = records.participant(app, resident.user_id)
    assert found is not None and found.reachable


async def test_a_500_is_retried_and_one_that_persists_parks_the_reply_in_the_outbox(
    resident: Resident, sandbox: SandboxClient, app: App
) -> None:
    q1 = await join_victoria_park(resident)

    # one server error: the sender tries again and the resident gets the reply
    await sandbox.inject_fault("editMessageText", "server_error")
    await resident.tap("Most days")
    q2 = await resident.edited(q1)
    assert "Question 2 of" in q2["text"]
    await resident.quiet()
    assert sum("Question 2 of" in t for t in await resident.texts()) == 1
    assert records.outbox(app, resident.chat_id) == []

    # errors on every try: the next question waits in the outbox, nothing crashes
    await sandbox.inject_fault("sendMessage", "server_error", count=MAX_RETRIES + 1)
    await resident.type("1")

    async def parked() -> list[records.OutboxRow] | None:
        return records.outbox(app, resident.chat_id) or None

    [waiting] = await eventually(parked, "the reply to be parked in the outbox")
    assert waiting.status == "pending"
    assert waiting.payload["text"].startswith("Question 3 of")
    assert not any(t.startswith("Question 3 of") for t in await resident.texts())
    assert records.answers_of(app, resident.user_id, "victoria-park") == {
        "visits": "most_days",
        "activities": ["walk"],
    }

    # the bot keeps working: the next message is answered as usual
    await resident.command("resume")
    q3 = await resident.reply()
    assert q3["text"] == waiting.payload["text"]
    await resident.tap("No toilets")
    await resident.edited(q3)


async def test_a_repeated_update_stores_one_answer_and_sends_no_second_reply(
    resident: Resident, sandbox: SandboxClient, app: App
) -> None:
    await join_victoria_park(resident)
    await resident.type("2")
    await resident.reply()
    typed = resident.last_update_id
    await resident.tap("Walking")
    await resident.quiet()
    await resident.tap("Done")
    await resident.quiet()
    tapped = resident.last_update_id
    await resident.quiet()
    before = await resident.bot_messages()
    rows = [(a.question_id, a.update_id) for a in records.answer_rows(app, resident.user_id)]

    for update_id in (typed, tapped):
        await sandbox.redeliver(update_id)

    async def delivered() -> bool | None:
        return True if not await sandbox.pending_updates() else None

    await eventually(delivered, "the bot to take the repeated updates")
    await nothing_more_happens(resident, before)
    assert [(a.question_id, a.update_id) for a in records.answer_rows(app, resident.user_id)] == (
        rows
    )
    assert records.answers_of(app, resident.user_id, "victoria-park") == {
        "visits": "weekly",
        "activities": ["walk"],
    }


# --- finding a consultation, help, language -------------------------------------------------


async def test_start_without_a_link_lists_the_open_consultations_as_buttons(
    resident: Resident,
) -> None:
    await resident.command("start")
    welcome, offer = await resident.replies(2)
    assert welcome["text"].startswith("Hello. I am Copro")
    assert offer["text"] == "These consultations are open now. Tap one to take part."
    assert buttons(offer) == [
        [("Library and day centre: shape the future with us", "j|library-services")],
        [("Victoria Park: design it with us", "j|victoria-park")],
    ]
    tap = await resident.tap("Victoria Park: design it with us")
    consent = await resident.reply()
    assert (await resident.answer_to(tap)).get("text") is None
    assert consent["text"].startswith("Victoria Park: design it with us\n\nBefore you start")


async def test_help_language_and_the_command_menus(
    resident: Resident, sandbox: SandboxClient, app: App
) -> None:
    await resident.command("help")
    help_text = (await resident.reply())["text"]
    for command in ("/consultations", "/resume", "/back", "/language", "/mydata", "/forget"):
        assert command in help_text

    # /language before taking part: the choice is remembered
    await resident.command("language")
    choose = await resident.reply()
    assert labels(choose) == ["English", "Cymraeg"]
    tap = await resident.tap("Cymraeg")
    assert (await resident.answer_to(tap)).get("text") == "Byddaf yn siarad â chi yn Gymraeg."
    await resident.command("help")
    assert (await resident.reply())["text"].startswith("Rwy'n eich helpu")
    stored = records.participant(app, resident.user_id)
    assert stored is not None and stored.language == "cy"

    # the command menu exists in English (the default) and in Welsh
    menus = {m["language_code"]: m["commands"] for m in (await sandbox.bot_info())["commands"]}
    assert set(menus) == {"", "cy"}
    for menu in menus.values():
        assert [c["command"] for c in menu] == [
            "start",
            "consultations",
            "resume",
            "back",
            "language",
            "mydata",
            "forget",
            "help",
        ]
    assert menus[""][0]["description"] == "Start, or join a consultation"
    assert menus["cy"][0]["description"] == "Dechrau, neu ymuno ag ymgynghoriad"


async def test_language_switches_the_question_being_answered_to_welsh(
    resident: Resident, app: App
) -> None:
    q1 = await join_victoria_park(resident)
    await resident.command("language")
    choose = await resident.reply()
    await resident.tap("Cymraeg")
    question = await resident.edited(choose)
    assert question["text"].startswith("Byddaf yn siarad â chi yn Gymraeg.\n\nCwestiwn 1 o ")
    assert "Pa mor aml ydych chi'n ymweld â Pharc Victoria?" in question["text"]
    assert labels(question)[0] == "Bron bob dydd"
    assert buttons(await resident.message(q1["message_id"])) == [], "the English copy is done"
    await resident.tap("Bron bob dydd")
    await next_after(resident, question, "Eich ateb: Bron bob dydd")
    assert records.enrolment_language(app, resident.user_id, "victoria-park") == "cy"
