"""Golden transcripts: whole rounds played through the engine and rendered as a resident sees them.

Each script below is a list of things a participant does (tap a button by its label, type,
send a sticker, use a command). The runner plays them through `start`/`resume`, renders
every step with the Renderer in the participant's language, and writes a plain-text
transcript: inputs start with `>`, the bot's messages follow, buttons are in [brackets].
The transcript must equal the committed file in `transcripts/`; after a deliberate change,
run with COPRO_UPDATE_GOLDEN=1 to rewrite the files, then read the diff.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.consultations import load_file
from bot.engine import Session, Step, current_step, resume, start
from bot.engine import inputs as i
from bot.engine.model import Consultation
from bot.engine.values import AnswerValue
from bot.i18n.catalogue import load_catalogue
from bot.rendering import Renderer, View, ViewKind

ROOT = Path(__file__).resolve().parents[2]
TRANSCRIPTS = Path(__file__).parent / "transcripts"
LONDON = ZoneInfo("Europe/London")
UPDATE = os.environ.get("COPRO_UPDATE_GOLDEN") == "1"


# --- what a participant does ---------------------------------------------------------------


@dataclass(frozen=True)
class Tap:
    """Tap the button with this label on the latest message that has buttons."""

    label: str


@dataclass(frozen=True)
class TapOld:
    """Tap a button with this label on an older message, still on screen higher up."""

    label: str


@dataclass(frozen=True)
class Type:
    text: str


@dataclass(frozen=True)
class Command:
    """A slash command the adapter turns into an engine input."""

    name: str
    action: i.Input


@dataclass(frozen=True)
class Send:
    """Something that is not text: a sticker, a photo."""

    kind: str


@dataclass(frozen=True)
class Restart:
    """The bot restarts: the session goes through JSON and the participant sends /resume."""


@dataclass(frozen=True)
class Later:
    """Time passes."""

    now: datetime


Action = Tap | TapOld | Type | Command | Send | Restart | Later
BACK = Command("back", i.Back())
SKIP = Command("skip", i.Skip())


# --- the runner ----------------------------------------------------------------------------


@dataclass
class Chat:
    consultation: Consultation
    renderer: Renderer
    now: datetime
    lines: list[str]
    views: list[View]
    session: Session | None = None

    def show(self, step: Step) -> None:
        self.session = step.session
        for view in self.renderer.render(self.consultation, step.session.language, step.events):
            self.views.append(view)
            self.lines.extend(describe(view))

    def act(self, action: Action) -> None:
        assert self.session is not None
        self.lines.append("")
        match action:
            case Tap(label=label):
                self.lines.append(f"> tap [{label}]")
                latest = next(v for v in reversed(self.views) if v.buttons)
                self.resume(button(label, [latest]))
            case TapOld(label=label):
                self.lines.append(f"> tap [{label}] on an older message")
                latest = next(n for n, v in reversed(list(enumerate(self.views))) if v.buttons)
                self.resume(button(label, self.views[:latest][::-1]))
            case Type(text=text):
                shown = text if len(text) <= 80 else f"{text[:40]}... ({len(text)} characters)"
                self.lines.append(f'> type "{shown}"')
                self.resume(i.Text(text))
            case Command(name=name, action=given):
                self.lines.append(f"> /{name}")
                self.resume(given)
            case Send(kind=kind):
                self.lines.append(f"> send a {kind}")
                self.resume(i.Unsupported(kind))
            case Restart():
                self.lines.append("> (the bot restarts) /resume")
                loaded = Session.from_json(self.session.to_json())
                assert loaded == self.session
                self.show(current_step(self.consultation, loaded))
            case Later(now=now):
                self.now = now
                self.lines.append(f"> (later: {now.isoformat()})")

    def resume(self, given: i.Input) -> None:
        assert self.session is not None
        self.show(resume(self.consultation, self.session, given, self.now))


def button(label: str, views: Sequence[View]) -> i.Input:
    for view in views:
        for found in view.buttons:
            if found.label == label:
                return found.action
    shown = [b.label for v in views for b in v.buttons]
    raise AssertionError(f"no button [{label}] in {shown}")


KIND_NOTES = {
    ViewKind.REFUSAL: " (refuses)",
    ViewKind.QUESTION_UPDATE: " (updates the question)",
    ViewKind.ANSWER_GIVEN: " (replaces the question with the answer)",
}


def describe(view: View) -> list[str]:
    lines = [f"bot{KIND_NOTES.get(view.kind, '')}:"]
    lines.extend(f"  {line}".rstrip() for line in view.text.splitlines())
    lines.extend("  " + " ".join(f"[{b.label}]" for b in row) for row in view.rows)
    return lines


def play(
    slug: str,
    round_key: str,
    now: datetime,
    actions: Sequence[Action],
    language: str | None = None,
) -> str:
    """The whole transcript of a script."""
    consultation = load_file(ROOT / "config" / "consultations" / f"{slug}.yaml").consultation
    renderer = Renderer(load_catalogue(LONDON))
    chat = Chat(consultation, renderer, now, [], [])
    chat.lines += [f"# {slug}, round {round_key}, at {now.isoformat()}", ""]
    chat.lines.append(f"> /start {slug}")
    chat.show(start(consultation, round_key, now, language=language))
    for action in actions:
        chat.act(action)
    assert chat.session is not None
    chat.lines += ["", *summary(chat.session, consultation)]
    return "\n".join(chat.lines) + "\n"


def summary(session: Session, consultation: Consultation) -> list[str]:
    """What the session holds at the end, answers in the order of the questions."""
    round_ = consultation.round(session.round)
    assert round_ is not None
    order = [q.key for q in round_.questions]
    lines = [
        "== stored ==",
        f"stage: {session.stage.value}",
        f"language: {session.language}",
        f"role: {session.role}",
        f"consented: {session.consented}",
        "answers:",
    ]
    answers = sorted(session.answers.items(), key=lambda item: order.index(item[0]))
    lines.extend(f"  {key}: {shown(value)}" for key, value in answers)
    return lines


def shown(value: AnswerValue) -> str:
    return "; ".join(value) if isinstance(value, tuple) else str(value)


def compare_with_golden(name: str, transcript: str) -> None:
    path = TRANSCRIPTS / f"{name}.txt"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(transcript, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: run with COPRO_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    assert transcript == expected, f"{path.name} differs: run with COPRO_UPDATE_GOLDEN=1 and diff"


# --- the scripts ---------------------------------------------------------------------------

DECEMBER = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
JANUARY = datetime(2027, 1, 12, 12, 0, tzinfo=UTC)

PARK_DISCOVER_EN: list[Action] = [
    Tap("I agree"),  # agreeing to the notice in English chooses English
    Tap("Resident"),
    Tap("About once a week"),
    Tap("Walking"),
    Tap("Walking the dog"),
    Tap("Done"),
    Type("2, 3"),
    Tap("2"),
    Type("The paths are dark and there is nobody about."),
    Tap("Yes"),
    Tap("More for under-5s"),
    Tap("Shade and seating"),
    Tap("Done"),
    Type("Lights on the main paths, please."),
    Type("thanks"),
]

LIBRARY_DISCOVER_CY: list[Action] = [
    Tap("Cymraeg"),  # on the consent notice: not asked again after agreeing
    Tap("Rwy'n cytuno"),
    Tap("Gweithiwr rheng flaen"),
    Type("Ie"),
    Tap("Y ganolfan ddydd"),
    Type("1, 4, 5"),
    Tap("4"),
    Type("Mae'r staff yn garedig ac mae'r clwb cinio yn wych."),
    Tap("Oriau agor"),
    Tap("Cyrraedd yno"),
    Tap("Dim digon o staff"),
    Tap("Gorffen"),
    Tap("Hepgor"),
    Type("Bws mini i'r ganolfan ar ddydd Sadwrn."),
    Tap("Ie"),
]

PARK_DESIGN_REFUSALS_AND_BACK: list[Action] = [
    Type("hello"),
    Send("photo"),
    Type("english"),  # a language typed at the notice shows it in that language
    Tap("I agree"),
    Type("councillor"),
    Type("2"),
    BACK,
    Tap("Public toilets"),
    TapOld("Public toilets"),  # the ranked option left the keyboard; an old copy still shows it
    Send("sticker"),
    Type("2 3"),
    Type("9"),
    Type("Something for all ages"),
    Tap("No"),
    TapOld("Climbing and adventure"),
    Type("x" * 1001),
    Type("   "),
    Type("Light pollution is bad for the bats."),
    BACK,
    Tap("Keep my answer"),
    Tap("Back"),
    Tap("Back"),
    Tap("Yes"),
    Type("7"),
    Tap("4"),
    Tap("Hot drinks and snacks"),
    Restart(),
    Tap("Toilets open to all"),
    Tap("Local food"),
    Tap("Done"),
    Type("   "),
    SKIP,
    Type("Can I change something?"),
    BACK,
    Tap("Skip"),
    Restart(),
    Later(datetime(2027, 2, 1, 9, 0, tzinfo=UTC)),
    BACK,
]


@pytest.mark.parametrize(
    ("name", "slug", "round_key", "now", "actions"),
    [
        ("victoria-park-discover-en", "victoria-park", "discover", DECEMBER, PARK_DISCOVER_EN),
        (
            "library-services-discover-cy",
            "library-services",
            "discover",
            DECEMBER,
            LIBRARY_DISCOVER_CY,
        ),
        (
            "victoria-park-design-refusals-and-back",
            "victoria-park",
            "design",
            JANUARY,
            PARK_DESIGN_REFUSALS_AND_BACK,
        ),
    ],
)
def test_a_whole_round_reads_as_the_golden_transcript(
    name: str, slug: str, round_key: str, now: datetime, actions: list[Action]
) -> None:
    compare_with_golden(name, play(slug, round_key, now, actions))


def test_a_transcript_ends_with_what_was_stored() -> None:
    transcript = play("victoria-park", "discover", DECEMBER, PARK_DISCOVER_EN)

    assert transcript.endswith(
        "answers:\n"
        "  visits: weekly\n"
        "  activities: walk; dog\n"
        "  barriers: toilets; lighting\n"
        "  safety_dark: 2\n"
        "  unsafe_why: The paths are dark and there is nobody about.\n"
        "  children: yes\n"
        "  play_needs: under_fives; shade\n"
        "  change_one: Lights on the main paths, please.\n"
    )


def test_every_question_type_appears_in_the_golden_transcripts() -> None:
    seen: set[str] = set()
    for slug, round_key in (
        ("victoria-park", "discover"),
        ("library-services", "discover"),
        ("victoria-park", "design"),
    ):
        consultation = load_file(ROOT / "config" / "consultations" / f"{slug}.yaml").consultation
        round_ = consultation.round(round_key)
        assert round_ is not None
        seen |= {q.type.value for q in round_.questions}

    assert seen == {"single", "multi", "scale", "rank", "text", "yesno"}


def test_a_tap_on_a_label_that_is_not_on_screen_fails_the_script() -> None:
    with pytest.raises(AssertionError, match="no button"):
        play("victoria-park", "discover", DECEMBER, [Tap("Maybe later")])
