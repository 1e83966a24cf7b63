"""An officer previews a round as a participant would; nothing of it is ever stored, so it
can never be counted in results or exports."""

from __future__ import annotations

import pytest
from officer_steps import Officer, buttons, count_answers, text_of
from sqlmodel import select

from bot.bootstrap import App
from storage import ParticipantRow

pytestmark = pytest.mark.e2e
MARK = "[Preview] "


async def test_a_preview_runs_the_round_and_stores_nothing(officer: Officer, app: App) -> None:
    before = count_answers(app)
    await officer.command("preview", "victoria-park")
    started = await officer.said("Preview of “Victoria Park: design it with us”")
    assert "Nothing you answer is saved or counted" in text_of(started)
    consent = await officer.said(MARK, "Before you start")
    assert all(data.startswith("o|v|") for _, data in buttons(consent))

    await officer.tap("I agree", consent)
    await officer.tap("Resident", await _asking(officer, "Which of these"))
    visits = await _asking(officer, "How often do you visit Victoria Park?")
    await officer.tap("Most days", visits)
    edited = await _asking(officer, "Why do you go to the park?")
    await officer.tap("Walking", edited)
    await officer.quiet()
    await officer.tap("Done", await _latest(officer))
    barriers = await _asking(officer, "What stops you using the park more?")
    stale = await officer.tap_data(visits, buttons(visits)[0][1] if buttons(visits) else "o|v|")
    assert (await officer.answer_to(stale)).get("show_alert") is True
    await officer.tap("No toilets", barriers)
    await officer.quiet()
    await officer.tap("Done", await _latest(officer))
    await _asking(officer, "How safe do you feel")
    await officer.type("9")  # out of range: a refusal, the preview carries on
    await officer.said(MARK)
    await officer.type("4")
    await _asking(officer, "Do children or young people")
    await officer.command("preview", "stop")
    await officer.said("The preview has ended. Nothing was saved.")

    assert count_answers(app) == before
    with app.reading() as uow:
        found = uow.session.exec(
            select(ParticipantRow).where(ParticipantRow.telegram_user_id == officer.user_id)
        ).first()
        assert found is None, "the officer never became a participant"
    await officer.type("hello")
    await officer.quiet()
    assert not any(text_of(m).startswith(MARK) for m in await officer.new_messages())


async def test_a_preview_to_the_end_of_a_round(officer: Officer, app: App) -> None:
    before = count_answers(app)
    await officer.command("preview", "library-services")
    await officer.said("Preview of")
    for _ in range(40):
        latest = await _latest(officer)
        if "End of the preview" in text_of(latest):
            break
        choices = [label for label, _ in buttons(latest)
                   if label not in ("Back", "Skip", "No thanks", "Start again")]
        if choices:
            await officer.tap(choices[0], latest)
            if "Done" in [label for label, _ in buttons(latest)] and choices[0] != "Done":
                await officer.quiet()
                await officer.tap("Done", await _latest(officer))
        else:
            await officer.type("Longer opening hours at the weekend, please.")
        await officer.quiet()
    else:
        raise AssertionError("the preview never ended")
    assert count_answers(app) == before
    # item 15: the end of a preview never claims the answers were saved
    everything = " ".join(text_of(m) for m in await officer.bot_messages())
    assert "Your answers are saved" not in everything


async def _latest(officer: Officer) -> dict[str, object]:
    await officer.quiet()
    messages = [m for m in await officer.bot_messages() if not m["deleted"]]
    return messages[-1]


async def _asking(officer: Officer, question: str) -> dict[str, object]:
    return await officer.said(MARK, question)
