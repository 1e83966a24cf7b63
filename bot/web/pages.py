"""Web pages from the conversation's replies: which template, and what it shows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.engine import events as e
from bot.engine.messages import MessageKey
from bot.engine.model import Consultation
from bot.engine.navigation import availability
from bot.engine.step import Availability
from bot.i18n.catalogue import Catalogue
from bot.rendering import Renderer
from bot.services.replies import Reply
from bot.web.question_page import question_data

CLOSED_KEYS = {MessageKey.ROUND_CLOSED: "web_closed_heading",
               MessageKey.ROUND_NOT_OPEN: "web_not_open_heading",
               MessageKey.ROUND_NOT_OPEN_UNDATED: "web_not_open_heading"}
FINISHED_KEYS = (MessageKey.ROUND_FINISHED, MessageKey.ROUND_ALREADY_FINISHED)


@dataclass(frozen=True)
class Page:
    template: str
    language: str
    title: str
    data: Mapping[str, Any] = field(default_factory=dict)
    status: int = 200
    errors: tuple[tuple[str, str], ...] = ()
    """(message, id of the field it is about), for the error summary."""


class PageMaker:
    """Decides what a resident sees, in their language; templates only lay it out."""

    def __init__(self, catalogue: Catalogue, renderer: Renderer) -> None:
        self.catalogue = catalogue
        self.renderer = renderer

    def t(self, key: str, lang: str, **params: object) -> str:
        return self.catalogue.text(key, lang, **params)

    def refusal(self, key: str, lang: str, params: Mapping[str, object]) -> str:
        """A refusal in web words where chat's speak of tapping and typing."""
        web = f"web_{key}"
        return self.t(web if self.catalogue.has(web) else key, lang, **params)

    def for_visitor(self, c: Consultation, lang: str, now: datetime) -> Page:
        """Someone not taking part yet: the consent page, if a round is open to join."""
        if _open_round(c, now) is not None:
            return self.consent(c, lang, now)
        later = [r for r in c.rounds if availability(r, now) is Availability.NOT_OPEN]
        if later and (later[0].draft or later[0].opens is None):
            body = self.t(MessageKey.ROUND_NOT_OPEN_UNDATED, lang)
            heading = "web_not_open_heading"
        elif later:
            body = self.t(MessageKey.ROUND_NOT_OPEN, lang, opens=later[0].opens)
            heading = "web_not_open_heading"
        else:
            closes = max((r.closes for r in c.rounds if r.closes is not None), default=now)
            body = self.t(MessageKey.ROUND_CLOSED, lang, closes=closes)
            heading = "web_closed_heading"
        return Page("notice.html", lang, self.t(heading, lang), {"body": body})

    def consent(self, c: Consultation, lang: str, now: datetime) -> Page:
        round_ = _open_round(c, now)
        controller = c.privacy.controller.get(lang) if c.privacy else self.t("your_council", lang)
        contact = c.privacy.contact if c.privacy else self.t("your_council_contact", lang)
        privacy = [
            self.t("web_privacy_who", lang, controller=controller),
            self.t("web_privacy_what", lang),
            self.t("web_privacy_how_long", lang, retention_days=c.retention_days),
            self.t("web_privacy_rights", lang, contact=contact),
        ]
        intro = round_.intro.get(lang) if round_ and round_.intro else ""
        return Page("consent.html", lang, c.title.get(lang),
                    {"intro": intro, "privacy": privacy, "visitor": True})

    def for_reply(
        self,
        reply: Reply,
        now: datetime,
        refused: tuple[e.Rejected, ...] = (),
        posted: tuple[str, ...] | None = None,
        error: str | None = None,
    ) -> Page:
        """The page for where the reply leaves the resident, with any refusal shown
        (`error`: one the channel itself made, such as a field over its length limit)."""
        lang = reply.language
        c = reply.consultation
        if c is None:
            return self.notice("web_error_heading", "try_again_later", lang, 500)
        for event in (*refused, *reply.events):
            if isinstance(event, e.Rejected | e.Say) and event.key in CLOSED_KEYS:
                body = self.t(event.key, lang, **event.params)
                return Page("notice.html", lang, self.t(CLOSED_KEYS[event.key], lang),
                            {"body": body})
        if error is None and refused:
            error = self.refusal(refused[0].key, lang, refused[0].params)
        for event in reply.events:
            match event:
                case e.AskQuestion():
                    data = question_data(self.catalogue, lang, event, error, posted)
                    errors = ((error, data["first_id"]),) if error else ()
                    return Page("question.html", lang, data["text"], {"q": data}, 200, errors)
                case e.AskConsent():
                    return self.consent(c, lang, now)
                case e.AskLanguage(languages=languages):
                    return self._pick("language", lang, self.t("ask_language", lang),
                                      [(x, self.t("language_name", x)) for x in languages],
                                      error)
                case e.AskRole(roles=roles):
                    return self._pick("role", lang, self.t("ask_role", lang),
                                      [(r, self.renderer.role_label(r, lang)) for r in roles],
                                      error)
                case e.Say(key=key) if key in FINISHED_KEYS:
                    return self._thanks(c, lang, now)
        return self._thanks(c, lang, now)

    def notice(self, heading: str, body: str, lang: str, status: int = 200) -> Page:
        return Page("notice.html", lang, self.t(heading, lang), {"body": self.t(body, lang)},
                    status)

    def not_found(self) -> Page:
        return self.in_both("web_not_found_heading", "web_not_found", 404)

    def in_both(self, heading: str, body: str, status: int) -> Page:
        """In English and Welsh, for when nobody is known yet, so nobody's language is (an
        unknown address, a refused form)."""
        welsh = {"heading": self.t(heading, "cy"), "body": self.t(body, "cy")}
        return Page("notice.html", "en", self.t(heading, "en"),
                    {"body": self.t(body, "en"), "welsh": welsh}, status)

    def _pick(
        self, name: str, lang: str, heading: str, choices: list[tuple[str, str]], error: str | None
    ) -> Page:
        options = [{"id": f"{name}-{n}", "value": value, "label": label}
                   for n, (value, label) in enumerate(choices, start=1)]
        errors = ((error, options[0]["id"]),) if error and options else ()
        return Page("pick.html", lang, heading,
                    {"name": name, "options": options, "error": error}, 200, errors)

    def _thanks(self, c: Consultation, lang: str, now: datetime) -> Page:
        round_ = _open_round(c, now)
        closes = round_.closes if round_ else None
        next_step = (self.t("round_finished_closes", lang, closes=closes) if closes
                     else self.t("round_finished_open", lang))
        saved = self.t("web_thanks_saved", lang)
        return Page("thanks.html", lang, self.t("web_thanks_heading", lang),
                    {"saved": saved, "next_step": next_step})


def _open_round(c: Consultation, now: datetime) -> Any:
    for round_ in c.rounds:
        if availability(round_, now) is Availability.OPEN:
            return round_
    return None
