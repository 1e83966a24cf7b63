"""Checking back with participants from a closed round, with a round scheduled for later."""

from __future__ import annotations

import pytest
from officer_steps import Officer, buttons, close_round, text_of

from bot.bootstrap import App

pytestmark = pytest.mark.e2e


async def test_a_check_back_round_written_by_hand_and_scheduled_for_later(
    officer: Officer, app: App
) -> None:
    await officer.command("playback", "victoria-park discover")
    assert "has not closed yet" in text_of(await officer.said())
    await close_round(officer, "victoria-park discover")

    await officer.command("playback", "victoria-park discover")
    draft = await officer.said("Draft check-back round")
    assert text_of(draft).count("(no statements yet)") == 2, "nobody answered: nothing to draw"
    assert [label for label, _ in buttons(draft)] == ["Edit English", "Edit Welsh", "Cancel"]
    await officer.tap("Edit English", draft)
    await officer.said("Reply with the English statements")
    await officer.type("\n".join(f"Statement {n}" for n in range(11)))
    assert "between 1 and 10 statements" in text_of(await officer.said())
    await officer.type("You want more benches.")
    draft = await officer.said("Draft check-back round")
    await officer.tap("Edit Welsh", draft)
    await officer.said("Reply with the Welsh statements")
    await officer.type("Rydych chi eisiau mwy o feinciau.")
    draft = await officer.said("Draft check-back round")
    await officer.tap("Schedule it", draft)
    await officer.said("When should the check-back round open and close?")
    await officer.type("2026-12-20T09:00 2026-12-19T17:00")
    assert "must be after the opening time" in text_of(await officer.said())
    await officer.type("2026-12-20 09:00 2027-01-10T17:00")
    added = text_of(await officer.said("Added round “playback_discover”"))
    assert "opens Sunday 20 December 2026 at 09:00" in added

    with app.reading() as uow:
        row = uow.consultations.get("victoria-park")
        rounds = {r.key: r for r in uow.consultations.rounds(row.id)}
        assert list(rounds) == ["discover", "design", "playback_discover"]
        added_round = rounds["playback_discover"]
        assert added_round.state == "scheduled" and added_round.opens_at.day == 20
        assert sorted(uow.consultations.question_ids(added_round.id)) == ["comment", "s1"]
        actions = [e.action for e in uow.audit.latest(5)]
        assert "consultation.round_added" in actions and "round.scheduled" in actions
    await officer.command("rounds")
    assert "playback_discover “Is this what we heard?”: scheduled" in text_of(
        await officer.said("victoria-park")
    )
    stale = await officer.tap_data(draft, buttons(draft)[0][1])
    assert (await officer.answer_to(stale)).get("show_alert") is True, "the draft is used up"
