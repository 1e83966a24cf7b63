"""Issue 16 item 4, for any file: what the checks say about drafts and privacy, and that a
draft is never open to residents whatever its times."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.consultations import load_text, readiness
from bot.engine import Availability, availability
from bot.services.consultations import with_schedule

START = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
PRIVACY = 'privacy: {controller: {en: "Test Council", cy: "Cyngor Prawf"}, contact: "a@b.org"}\n'
moments = st.none() | st.integers(-400, 400).map(lambda hours: START + timedelta(hours=hours))


def file_text(with_privacy: bool, opens: list[datetime | None]) -> str:
    """A valid consultation file with one round per entry of `opens`."""
    rounds = ""
    for n, when in enumerate(opens):
        dated = f"    opens: {when.isoformat()}\n" if when is not None else ""
        rounds += (
            f"  - key: r{n}\n    title: {{en: 'R{n}', cy: 'R{n}'}}\n{dated}"
            f"    questions:\n      - key: q\n        type: text\n"
            f"        text: {{en: 'Why?', cy: 'Pam?'}}\n"
        )
    head = "slug: any-file\ntitle: {en: 'A', cy: 'A'}\nlanguages: [en, cy]\naudience: [resident]\n"
    return head + (PRIVACY if with_privacy else "") + "rounds:\n" + rounds


@given(st.booleans(), st.lists(moments, min_size=1, max_size=4), st.booleans())
def test_only_a_dated_round_is_scheduled_and_it_needs_a_privacy_notice(
    with_privacy: bool, opens: list[datetime | None], open_now: bool
) -> None:
    consultation = load_text(file_text(with_privacy, opens)).consultation
    states = readiness.starting_states(consultation, open_now)
    for n, when in enumerate(opens):
        undated = "scheduled" if open_now else "draft"  # scheduled with no time: open now
        assert states[f"r{n}"] == ("scheduled" if when is not None else undated)
    will_be_live = open_now or any(when is not None for when in opens)
    problems = readiness.import_problems(consultation, states)
    warnings = readiness.import_warnings(consultation, states)
    assert bool(problems) == (will_be_live and not with_privacy)
    assert bool(warnings) == (not will_be_live and not with_privacy)
    assert all(p.path == "privacy" and p.key for p in problems + warnings)


@given(moments, moments, moments)
def test_a_draft_is_never_open_whatever_its_times(
    opens: datetime | None, closes: datetime | None, now: datetime | None
) -> None:
    consultation = load_text(file_text(True, [None])).consultation
    moment = now or START
    draft = with_schedule(consultation.rounds[0], "draft", opens, closes, moment)
    assert availability(draft, moment) is Availability.NOT_OPEN
    opened = with_schedule(consultation.rounds[0], "open", opens, closes, moment)
    assert availability(opened, moment) is Availability.OPEN


@given(st.lists(moments, min_size=1, max_size=3), moments)
def test_without_a_privacy_notice_no_round_is_open_to_residents(
    opens: list[datetime | None], now: datetime | None
) -> None:
    """Whatever the stored state (a round live before drafts existed), as residents see it."""
    moment = now or START
    consultation = load_text(file_text(False, opens)).consultation
    for state in ("scheduled", "open"):
        rounds = tuple(with_schedule(r, state, r.opens, None, moment) for r in consultation.rounds)
        shown = readiness.shut_without_privacy(replace(consultation, rounds=rounds), moment)
        assert all(availability(r, moment) is not Availability.OPEN for r in shown.rounds)
    with_notice = load_text(file_text(True, [None])).consultation
    assert readiness.shut_without_privacy(with_notice, moment) is with_notice
