"""Run a consultation in the terminal as a resident would, storing into the database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.conversation.services import ConversationServices
from bot.engine import events as ev
from bot.engine import inputs as i
from bot.engine.messages import MessageKey
from bot.engine.reading import folded
from bot.rendering import View, ViewKind
from bot.services.people import PersonKey
from bot.services.replies import Outcome, Reply

NAV_WORDS = {
    "back": i.Back,
    "skip": i.Skip,
    "done": i.Done,
    "keep": i.Keep,
    "clear": i.Clear,
}
NUMBERED_KINDS = {"single", "multi", "rank", "yesno"}
QUIT_WORDS = {"quit", "exit", "stop", ":q"}
ENDING = (MessageKey.ROUND_NOT_OPEN, MessageKey.ROUND_CLOSED, MessageKey.CONSENT_DECLINED)


@dataclass
class TerminalRun:
    """One resident at the keyboard; `read` returns None at the end of input."""

    services: ConversationServices
    user_id: int
    read: Callable[[str], str | None]
    write: Callable[[str], None]
    language: str = "en"
    _buttons: list[tuple[str, i.Input]] = field(default_factory=list)
    _numbered: bool = True

    def run(self, slug: str, language: str | None = None) -> bool:
        """True when the round was finished; False when stopped (answers kept for later)."""
        person = PersonKey.telegram(self.user_id)
        reply = self.services.answers.join(person, slug, self.services.clock(), language=language)
        if reply.outcome is Outcome.NOT_FOUND:
            self.write(f"No consultation called {slug!r}.")
            return False
        while True:
            self._show(reply)
            if _finished(reply):
                return True
            if _ended(reply):
                return False
            line = self.read(self.services.catalogue.text("try_prompt", self.language))
            if line is None or line.strip().lower() in QUIT_WORDS:
                self.write(self.services.catalogue.text("try_saved_for_later", self.language))
                return False
            reply = self.services.answers.handle(person, self._input(line), self.services.clock())

    def _input(self, line: str) -> i.Input:
        text = line.strip()
        word = text.lower()
        for label, action in self._buttons:  # a word shown in the hint, in either language
            if not isinstance(action, _ANSWERS) and folded(label) == folded(text):
                return action
        if word in NAV_WORDS:
            for _, action in self._buttons:
                if isinstance(action, NAV_WORDS[word]):
                    return action
            return i.Skip() if word == "skip" else i.Back() if word == "back" else i.Text(text)
        if self._numbered and text.isdigit():
            index = int(text) - 1
            options = [a for _, a in self._buttons if isinstance(a, i.Choose | i.Consent)]
            options += [
                a for _, a in self._buttons if isinstance(a, i.PickLanguage | i.PickRole)
            ]
            if 0 <= index < len(options):
                return options[index]
        return i.Text(text)

    def _show(self, reply: Reply) -> None:
        if reply.consultation is None:
            return
        self.language = reply.language
        views = self.services.renderer.render(reply.consultation, reply.language, reply.events)
        for view in views:
            self._print(view, reply)

    def _print(self, view: View, reply: Reply) -> None:
        if view.kind is ViewKind.ANSWER_GIVEN:
            self.write("  ✓ " + view.text.splitlines()[-1])
            return
        prefix = "  ! " if view.kind is ViewKind.REFUSAL else ""
        self.write("")
        self.write(prefix + view.text)
        if not view.rows:
            return
        self._buttons = [(b.label, b.action) for b in view.buttons]
        self._numbered = _numbered(view, reply)
        numbered = [b for b in view.buttons if isinstance(b.action, _ANSWERS)]
        for n, button in enumerate(numbered, start=1):
            marker = f"{n}." if self._numbered else "-"
            self.write(f"  {marker} {button.label}")
        words = [b.label.lower() for b in view.buttons if not isinstance(b.action, _ANSWERS)]
        if words:  # the buttons' own words, so Welsh hints are in Welsh ("gorffen, yn ôl")
            self.write("  (" + ", ".join(words) + ")")


_ANSWERS = (i.Choose, i.Consent, i.PickLanguage, i.PickRole)


def _numbered(view: View, reply: Reply) -> bool:
    if view.question is None or reply.consultation is None:
        return True
    for round_ in reply.consultation.rounds:
        question = round_.question(view.question)
        if question is not None:
            return question.type.value in NUMBERED_KINDS
    return True


def _finished(reply: Reply) -> bool:
    return any(isinstance(e, ev.RoundFinished) for e in reply.events)


def _ended(reply: Reply) -> bool:
    return any(isinstance(e, ev.Rejected | ev.Say) and e.key in ENDING for e in reply.events)
