"""The resident's pages: show where they are, and take each form they post.

Every form carries a nonce and a CSRF token bound to the participant cookie; the negated
nonce is the input's update id, so a form posted twice (double click, back button and
resubmit) stores one answer. A successful post redirects (post/redirect/get).
"""

from __future__ import annotations

import logging

from aiohttp import web

from bot.engine import events as e
from bot.engine import inputs as i
from bot.i18n.catalogue import LANGUAGES
from bot.services.people import PersonKey
from bot.services.replies import Outcome, Reply
from bot.web.forms import MAX_FIELD_LENGTH, Posted, input_for, read_form
from bot.web.guards import FRESH, PARTICIPANT
from bot.web.pages import Page, PageMaker
from bot.web.services import WebServices
from bot.web.signing import Signer
from bot.web.templating import PageWriter

log = logging.getLogger(__name__)


class ResidentPages:
    def __init__(self, services: WebServices, signer: Signer, writer: PageWriter) -> None:
        self.s = services
        self.signer = signer
        self.pages = PageMaker(services.catalogue, services.renderer)
        self.writer = writer

    async def show(self, request: web.Request) -> web.Response:
        """GET /c/SLUG: carry on where the resident stopped, or the consent page."""
        slug = request.match_info["slug"]
        key = request[PARTICIPANT]
        now = self.s.clock()
        if not request[FRESH]:
            person = PersonKey.web(key)
            reply = await self.s.blocking(self.s.answers.resume, person, now)
            if reply.outcome is Outcome.HANDLED and reply.consultation is not None:
                if reply.consultation.slug != slug:
                    reply = await self.s.blocking(self.s.answers.join, person, slug, now)
                if reply.outcome is Outcome.HANDLED:
                    return self.write(self.pages.for_reply(reply, now), slug, key)
        found = await self.s.blocking(self.s.directory.find, slug, now)
        if found is None:
            return self.write(self.pages.not_found(), "", key, known=False)
        chosen = request.query.get("lang", "")
        lang = chosen if chosen in found.languages else found.default_language
        return self.write(self.pages.for_visitor(found, lang, now), slug, key, known=False)

    async def act(self, request: web.Request) -> web.Response:
        """POST /c/SLUG: consent, language, role, an answer, Skip or Back."""
        slug = request.match_info["slug"]
        key = request[PARTICIPANT]
        posted = await self.checked_form(request)
        if isinstance(posted, web.Response):
            return posted
        nonce = int(posted.nonce)
        person = PersonKey.web(key)
        now = self.s.clock()
        if posted.action == "consent":
            return await self._consent(slug, person, posted, -nonce)
        if posted.too_long:
            current = await self.s.blocking(self.s.answers.resume, person, now)
            error = self.pages.t("web_field_too_long", current.language, max=MAX_FIELD_LENGTH)
            return self._refused(current, slug, key, (), posted, error)
        given = input_for(posted)
        if given is None:
            log.info("web form refused: malformed")
            return self.expired(slug, key, 400)
        reply = await self.s.blocking(self.s.answers.handle, person, given, now, -nonce)
        if reply.outcome is Outcome.NO_CONSULTATION and isinstance(given, i.PickLanguage):
            return see_other(f"/c/{slug}?lang={given.language}" if given.language in LANGUAGES
                             else f"/c/{slug}")
        refused = tuple(x for x in reply.events if isinstance(x, e.Rejected))
        if reply.outcome is not Outcome.HANDLED or not refused:
            return see_other(f"/c/{slug}")
        current = await self.s.blocking(self.s.answers.resume, person, now)
        return self._refused(current, slug, key, refused, posted)

    async def checked_form(self, request: web.Request) -> Posted | web.Response:
        """The posted form if it is whole, ours and this participant's; else a polite refusal
        that changes nothing."""
        slug = request.match_info["slug"]
        key = request[PARTICIPANT]
        try:
            data = await request.post()
        except web.HTTPRequestEntityTooLarge:
            log.info("web form refused: too large")
            page = self.pages.in_both("web_too_large_heading", "web_too_large", 413)
            return self.write(page, slug, key, known=False)
        posted = read_form(data.items())
        if posted is None:
            log.info("web form refused: malformed")
            return self.expired(slug, key, 400)
        fresh = request[FRESH]
        if fresh or self.signer.checked_nonce(key, posted.nonce, posted.token) is None:
            log.info("web form refused: token")
            return self.expired(slug, key, 403)
        return posted

    async def _consent(
        self, slug: str, person: PersonKey, posted: Posted, update_id: int
    ) -> web.Response:
        chosen = posted.one("language")
        lang = chosen if chosen in LANGUAGES else None
        if posted.one("consent") != "yes":  # nothing is stored for someone who says no
            page = self.pages.notice("web_declined_heading", "web_declined", lang or "en")
            return self.write(page, slug, person.id, known=False)
        now = self.s.clock()
        answers = self.s.answers
        reply = await self.s.blocking(answers.join, person, slug, now, lang, update_id)
        if reply.outcome is Outcome.NOT_FOUND:
            return self.write(self.pages.not_found(), "", person.id, known=False)
        if _asks(reply, e.AskConsent):
            reply = await self.s.blocking(answers.handle, person, i.Consent(True), now)
        if lang is not None and _asks(reply, e.AskLanguage):  # they chose it on this page
            await self.s.blocking(answers.handle, person, i.PickLanguage(lang), now)
        return see_other(f"/c/{slug}")

    def _refused(
        self,
        current: Reply,
        slug: str,
        key: str,
        refused: tuple[e.Rejected, ...],
        posted: Posted,
        error: str | None = None,
    ) -> web.Response:
        values = posted.fields.get("text") or posted.fields.get("value", ())
        page = self.pages.for_reply(current, self.s.clock(), refused, values, error)
        return self.write(page, slug, key)

    async def language_of(self, person: PersonKey) -> str:
        """The language this resident reads their pages in."""
        return await self.s.blocking(self.s.answers.language_of, person)

    async def own_page(self, request: web.Request, template: str, heading: str) -> web.Response:
        """A page of the resident's own (in their language); a visitor goes to the start."""
        slug, key = request.match_info["slug"], request[PARTICIPANT]
        if request[FRESH]:
            return see_other(f"/c/{slug}")
        lang = await self.language_of(PersonKey.web(key))
        return self.write(Page(template, lang, self.pages.t(heading, lang)), slug, key)

    def expired(self, slug: str, key: str, status: int) -> web.Response:
        page = self.pages.in_both("web_expired_heading", "web_expired", status)
        return self.write(page, slug, key, known=False)

    def write(self, page: Page, slug: str, key: str, known: bool = True) -> web.Response:
        return self.writer.response(page, slug, key, known)


def _asks(reply: Reply, kind: type) -> bool:
    return any(isinstance(event, kind) for event in reply.events)


def see_other(location: str) -> web.Response:
    return web.Response(status=303, headers={"Location": location})
