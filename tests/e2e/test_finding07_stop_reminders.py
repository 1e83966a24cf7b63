"""Finding 7: the "Stop reminders" button answered "Sorry, something went wrong" (the chat
passed the clock as the muted flag). Tapping it stops the reminders and says so."""

from __future__ import annotations

import pytest
from e2e_resident import Resident
from test_resident_journey import join_victoria_park

from bot.bootstrap import App
from bot.messaging.buttons import MuteReminders, encode

pytestmark = pytest.mark.e2e
STOPPED = "OK. We will not send you more reminders for this consultation."


def reminders_muted(app: App, user_id: int) -> bool:
    with app.reading() as uow:
        person = uow.participants.get(user_id)
        assert person is not None and person.id is not None
        consultation = uow.consultations.get("victoria-park")
        assert consultation is not None and consultation.id is not None
        enrolment = uow.participants.enrolment(person.id, consultation.id)
        assert enrolment is not None
        return enrolment.reminders_muted


async def test_finding07_stop_reminders_stops_them_and_says_so(
    resident: Resident, app: App
) -> None:
    question = await join_victoria_park(resident)
    assert not reminders_muted(app, resident.user_id)
    # the button a reminder carries (a reminder message in the chat, tapped)
    tap = await resident.tap_data(question["message_id"], encode(MuteReminders("victoria-park")))
    assert (await resident.answer_to(tap)).get("text") == STOPPED
    assert (await resident.reply())["text"] == STOPPED
    assert reminders_muted(app, resident.user_id)
