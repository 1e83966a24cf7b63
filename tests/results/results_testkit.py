"""A realistic consultation answered through the real services: residents and workers,
English and Welsh, free text with phone numbers and names, tagged by the NLP worker."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.bootstrap import App
from bot.engine import events as ev
from bot.engine import inputs as i
from bot.services.people import PersonKey

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "config" / "consultations").glob("*.yaml"))
SLUG = "victoria-park"
DISCOVER_TIME = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
DESIGN_TIME = datetime(2027, 1, 15, 10, 0, tzinfo=UTC)
RESIDENT_BASE = 7_000_000_000  # Telegram user ids: real ones are large numbers too
WORKER_BASE = 8_000_000_000

# Personal data that must never leave through results, reports or exports.
PHONES = ("07700 900123", "07700 900456", "07700 900999")
NAMES = ("John Smith", "Dafydd Evans", "Sarah Jones")
WORKER_MARKER = "ranger"  # only the (three) workers write this word in the design round

CHANGE_ONE_EN = (
    "More bins by the playground please, the litter is awful after weekends.",
    "Keep the trees and wildflowers, the nature here is lovely.",
    "Ring me on 07700 900123 about the broken swings in the play area.",
    "My neighbour John Smith lets his dog foul the grass, we need dog bins.",
    "The park is lovely and well kept, thank you to the staff.",
    "Young people need somewhere to go, a youth shelter or a skate park.",
    "Plant more trees along the river and leave the long grass for wildlife.",
    "The play area needs new swings and a fence to keep the dogs out.",
)
CHANGE_ONE_CY = (
    "Mae gormod o sbwriel ger y maes chwarae.",
    "Mae Dafydd Evans yn gadael sbwriel ger y giât.",
    "Mae angen mwy o seddi i bobl hŷn yn y parc.",
    "Ffoniwch fi ar 07700 900456, mae angen toiledau cyhoeddus.",
    "Mae'r coed a'r blodau gwyllt yn hyfryd, cadwch nhw.",
)
WORKER_CHANGE_ONE = (
    "We need more staff hours so the gates are locked safely at night.",
    "The litter bins fill up by noon, we need bigger bins and more collections.",
)
LATE_TEXT = "Call Sarah Jones on 07700 900999 about the overflowing bins."


@dataclass(frozen=True)
class Person:
    user_id: int
    role: str
    language: str
    discover: Mapping[str, Any] = field(default_factory=dict)
    design: Mapping[str, Any] = field(default_factory=dict)


def _resident_discover(n: int, language: str) -> dict[str, Any]:
    visits = "most_days" if n < 12 else "weekly" if n < 22 else "monthly" if n < 27 else "rarely"
    plan: dict[str, Any] = {"visits": visits}
    if visits != "rarely":
        reasons = ("walk", "play", "relax")[: 1 + n % 3]
        plan["activities"] = ("walk", "dog") if n % 3 == 0 else reasons
    plan["barriers"] = ("toilets", "lighting") if n % 2 == 0 else ("litter",)
    plan["safety_dark"] = (1, 2, 3, 4, 5)[n % 5] if n >= 4 else 2  # four people feel unsafe
    if plan["safety_dark"] <= 2 and n < 4:
        plan["unsafe_why"] = "It is too dark by the gate and people hang about."
    plan["children"] = "yes" if n % 2 == 0 else "no"
    if plan["children"] == "yes":
        plan["play_needs"] = ("under_fives", "shade") if n % 4 == 0 else ("teenagers",)
    pool = CHANGE_ONE_CY if language == "cy" else CHANGE_ONE_EN
    plan["change_one"] = pool[n % len(pool)]
    return plan


def _resident_design(n: int) -> dict[str, Any]:
    rankings = (
        ("toilets", "lighting", "play"),
        ("lighting", "toilets", "seats"),
        ("play", "wildlife", "toilets"),
    )
    plan: dict[str, Any] = {
        "priorities": rankings[n % 3],
        "play_design": ("natural", "adventure", "all_ages")[n % 3],
        "path_lights": "yes" if n % 4 else "no",
        "cafe_want": 2 + n % 4,
    }
    if plan["path_lights"] == "no":
        plan["lights_worry"] = "The lights would disturb the bats and the birds at night."
    if plan["cafe_want"] >= 4:
        plan["cafe_offer"] = ("drinks", "toilets")
    plan["missing_idea"] = (
        "A community orchard with fruit trees that local schools can look after.",
        "Bigger recycling bins at every gate, the litter is terrible.",
        "Keep the meadow wild for the bees and the butterflies.",
    )[n % 3]
    plan["help_make"] = "yes" if n % 2 else "no"
    return plan


def _worker_discover(n: int) -> dict[str, Any]:
    return {
        "visits": "most_days",
        "activities": ("walk",),
        "barriers": ("litter", "toilets"),
        "safety_dark": 4,
        "children": "no",
        "change_one": WORKER_CHANGE_ONE[n % 2],
    }


def _worker_design(n: int) -> dict[str, Any]:
    return {
        "priorities": ("paths", "seats", "cafe"),
        "play_design": "little_ones",
        "path_lights": "yes",
        "cafe_want": 1,
        "missing_idea": f"As the park {WORKER_MARKER} on the early shift I need a store for "
        "the tools near the lodge.",
        "help_make": "no",
    }


def residents() -> list[Person]:
    """Thirty residents: twenty answer in English, ten in Welsh; the first 24 come back."""
    people = []
    for n in range(30):
        language = "cy" if n % 3 == 2 else "en"
        people.append(Person(
            RESIDENT_BASE + n, "resident", language,
            _resident_discover(n, language) if n < 29 else {},
            _resident_design(n) if n < 24 else {},
        ))
    return people


def workers() -> list[Person]:
    """Six frontline workers (four English, two Welsh); only three answer the design round."""
    return [
        Person(WORKER_BASE + n, "worker", "cy" if n in (1, 4) else "en", _worker_discover(n),
               _worker_design(n) if n < 3 else {})
        for n in range(6)
    ]


# The same first resident also answers another consultation: a different pseudonym there.
LIBRARY_SLUG = "library-services"
LIBRARY_PLAN = {"works_here": "no", "uses": ("books",), "how_well": 3, "problems": ("hours",)}

LATE = Person(RESIDENT_BASE + 29, "resident", "en", {
    "visits": "rarely", "barriers": ("nothing",), "safety_dark": 3, "children": "no",
    "change_one": LATE_TEXT,
})


class Refused(AssertionError):
    pass


def take_part(app: App, person: Person, plan: Mapping[str, Any], slug: str = SLUG) -> None:
    """Answer the open round as `person` would, tapping like a participant in Telegram."""
    now = app.clock()
    uid = PersonKey.telegram(person.user_id)
    reply = app.answers.join(uid, slug, now, language=person.language)
    for _ in range(40):
        events = reply.events
        if any(isinstance(e, ev.Rejected) for e in events):
            raise Refused(f"{uid}: {events}")
        if any(isinstance(e, ev.RoundFinished) for e in events):
            return
        asked = [e for e in events
                 if isinstance(e, ev.AskConsent | ev.AskLanguage | ev.AskRole | ev.AskQuestion)]
        if not asked:
            raise Refused(f"{uid}: nothing asked: {events}")
        ask = asked[-1]
        if isinstance(ask, ev.AskConsent):
            reply = app.answers.handle(uid, i.Consent(True), now)
        elif isinstance(ask, ev.AskLanguage):
            reply = app.answers.handle(uid, i.PickLanguage(person.language), now)
        elif isinstance(ask, ev.AskRole):
            reply = app.answers.handle(uid, i.PickRole(person.role), now)
        else:
            reply = _answer(app, uid, ask.question, plan.get(ask.question.key), now)
    raise Refused(f"{uid}: the round did not finish")


def _answer(app: App, uid: PersonKey, question: Any, value: Any, now: datetime) -> Any:
    key, kind = question.key, question.type.value
    if value is None:
        return app.answers.handle(uid, i.Skip(key), now)
    if kind == "text":
        return app.answers.handle(uid, i.Text(value), now)
    if kind in ("multi", "rank"):
        reply = None
        for option in value:
            reply = app.answers.handle(uid, i.Choose(key, option), now)
        return app.answers.handle(uid, i.Done(key), now) if kind == "multi" else reply
    return app.answers.handle(uid, i.Choose(key, str(value)), now)


def set_round_state(app: App, key: str, state: str) -> None:
    with app.unit_of_work() as uow:
        row = uow.consultations.get(SLUG)
        round_row = uow.consultations.round(row.id, key)
        uow.consultations.set_round_state(round_row.id, state)
        uow.commit()


def tag_everything(app: App) -> None:
    worker = app.tagging("results-test")
    while worker.run_once():
        pass


def answer_everything(app: App, clock: Any) -> None:
    """Both rounds: everyone answers, the worker tags, then one late answer stays untagged."""
    app.settings.nlp_model = "blank:en"
    everyone = residents() + workers()
    clock.now = DISCOVER_TIME
    for person in everyone:
        if person.discover:
            take_part(app, person, person.discover)
    set_round_state(app, "discover", "closed")
    clock.now = DESIGN_TIME
    for person in everyone:
        if person.design:
            take_part(app, person, person.design)
    clock.now = DISCOVER_TIME
    take_part(app, residents()[0], LIBRARY_PLAN, LIBRARY_SLUG)
    clock.now = DESIGN_TIME
    tag_everything(app)
    set_round_state(app, "discover", "open")
    take_part(app, LATE, LATE.discover)
    set_round_state(app, "discover", "closed")


def answered_in(round_key: str) -> list[tuple[Person, Mapping[str, Any]]]:
    """Who answered a round of Victoria Park, with what (the late resident included)."""
    people = [
        (p, p.discover if round_key == "discover" else p.design)
        for p in residents() + workers()
    ]
    if round_key == "discover":
        people.append((LATE, LATE.discover))
    return [(p, plan) for p, plan in people if plan]


def expected_counts(round_key: str, question: str, by: str | None = None) -> dict[Any, int]:
    """How many people gave each value (each option of a multiple choice), from the plans."""
    counts: dict[Any, int] = {}
    for person, plan in answered_in(round_key):
        if question not in plan:
            continue
        value = plan[question]
        keys = value if isinstance(value, tuple) else (value,)
        group = getattr(person, by) if by else None
        for key in keys:
            counted = (group, key) if by else key
            counts[counted] = counts.get(counted, 0) + 1
    return counts


def enrol_admin(app: App, user_id: int) -> None:
    """Make `user_id` an enrolled admin with a code accepted just now (a fresh step-up)."""
    import pyotp

    from bot.services.admin import AdminService
    from bot.services.roles import RoleService

    now = app.clock()
    RoleService(app.unit_of_work).ensure_admins([user_id], now)
    service = AdminService(app.unit_of_work, app.keys.sealing)
    started = service.start_enrolment(user_id, now)
    code = pyotp.TOTP(started.secret.get_secret_value()).at(now)
    assert service.confirm_enrolment(user_id, code, now).outcome.value == "verified"
