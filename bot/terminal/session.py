"""Preview a consultation in the terminal as a resident would see it: nothing is stored.

The engine is pure, so the preview's session lives only in this process (as `/preview`
keeps it only in the officer's chat): nothing is imported, no participant is made, and
no answer can reach results or exports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from bot import engine
from bot.engine import events as ev
from bot.engine import inputs as i
from bot.engine.messages import MessageKey
from bot.engine.model import Consultation
from bot.engine.preview import preview_round, unscheduled
from bot.engine.reading import folded
from bot.i18n.catalogue import Catalogue
from bot.rendering import Renderer, View, ViewKind

NAV_WORDS = {
    "back": i.Back,
    "skip": i.Skip,
    "done": i.Done,
    "keep": i.Keep,
    "clear": i.Clear,
}
NUMBERED_KINDS = {"single", "multi", "rank", "yesno"}
QUIT_WORDS = {"quit", "exit", "stop", ":q", "gadael", "stopio"}
ENDING = (MessageKey.ROUND_NOT_OPEN, MessageKey.ROUND_NOT_OPEN_UNDATED, MessageKey.ROUND_CLOSED,
          MessageKey.CONSENT_DECLINED)
_ANSWERS = (i.Choose, i.Consent, i.PickLanguage, i.PickRole)


@dataclass
class TerminalRun:
    """One resident at the keyboard; `read` returns None at the end of input."""

    consultation: Consultation
    renderer: Renderer
    catalogue: Catalogue
    clock: Callable[[], datetime]
    read: Callable[[str], str | None]
    write: Callable[[str], None]
    language: str = "en"
    _buttons: list[tuple[str, i.Input]] = field(default_factory=list)
    _numbered: bool = True

    def run(self, round_key: str | None = None, language: str | None = None) -> bool:
        """True when the round was finished; False when stopped."""
        now = self.clock()
        key = round_key or preview_round(self.consultation, now)
        if key is None or self.consultation.round(key) is None:
            self.write(f"No round called {round_key!r}.")
            return False
        consultation = unscheduled(self.consultation)
        step = engine.start(consultation, key, now, language=language)
        while True:
            self._show(step)
            if _finished(step):
                return True
            if _ended(step):
                return False
            line = self.read(self.catalogue.text("try_prompt", self.language))
            if line is None or folded(line) in QUIT_WORDS:
                self.write(self.catalogue.text("try_stopped", self.language))
                return False
            step = engine.resume(consultation, step.session, self._input(line), self.clock())

    def _input(self, line: str) -> i.Input:
        text = line.strip()
        for label, action in self._buttons:  # a word shown in the hint, in either language
            if not isinstance(action, _ANSWERS) and folded(label) == folded(text):
                return action
        word = text.lower()
        if word in NAV_WORDS:
            for _, action in self._buttons:
                if isinstance(action, NAV_WORDS[word]):
                    return action
            return i.Skip() if word == "skip" else i.Back() if word == "back" else i.Text(text)
        if self._numbered and text.isdigit():
            index = int(text) - 1
            options: list[i.Input] = [
                a for _, a in self._buttons if isinstance(a, i.Choose | i.Consent)
            ]
            options += [
                a for _, a in self._buttons if isinstance(a, i.PickLanguage | i.PickRole)
            ]
            if 0 <= index < len(options):
                return options[index]
        return i.Text(text)

    def _show(self, step: engine.Step) -> None:
        self.language = step.session.language
        views = self.renderer.render(self.consultation, self.language, step.events, preview=True)
        for view in views:
            self._print(view)

    def _print(self, view: View) -> None:
        if view.kind is ViewKind.ANSWER_GIVEN:
            self.write("  ✓ " + view.text.splitlines()[-1])
            return
        prefix = "  ! " if view.kind is ViewKind.REFUSAL else ""
        self.write("")
        self.write(prefix + view.text)
        if not view.rows:
            return
        self._buttons = [(b.label, b.action) for b in view.buttons]
        self._numbered = self._is_numbered(view)
        numbered = [b for b in view.buttons if isinstance(b.action, _ANSWERS)]
        for n, button in enumerate(numbered, start=1):
            marker = f"{n}." if self._numbered else "-"
            self.write(f"  {marker} {button.label}")
        words = [b.label.lower() for b in view.buttons if not isinstance(b.action, _ANSWERS)]
        if words:  # the buttons' own words, so Welsh hints are in Welsh ("gorffen, yn ôl")
            self.write("  (" + ", ".join(words) + ")")

    def _is_numbered(self, view: View) -> bool:
        if view.question is None:
            return True
        for round_ in self.consultation.rounds:
            question = round_.question(view.question)
            if question is not None:
                return question.type.value in NUMBERED_KINDS
        return True


def _finished(step: engine.Step) -> bool:
    return any(isinstance(e, ev.RoundFinished) for e in step.events)


def _ended(step: engine.Step) -> bool:
    return any(isinstance(e, ev.Rejected | ev.Say) and e.key in ENDING for e in step.events)
