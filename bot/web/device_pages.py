"""'Continue on another device': get a code on one browser, type it on another.

The code page is behind the participant's own cookie and a CSRF-checked post. Entering a
code is counted per browser and per address before it is checked, so guessing is slow;
every failure (malformed, unknown, used, expired) gets the same polite refusal and
changes nothing. A browser that is already someone who takes part is not switched to
another person, so no answers are ever left behind where nobody can see or delete them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from aiohttp import web

from bot.i18n.catalogue import LANGUAGES
from bot.services.people import PersonKey
from bot.web.guards import FRESH, PARTICIPANT, client_key, remember_participant
from bot.web.handlers import ResidentPages, see_other
from bot.web.limits import RateLimiter
from bot.web.pages import Page

log = logging.getLogger(__name__)

TRIES_PER_BROWSER = 5
TRIES_PER_ADDRESS = 20
"""Higher than per browser: a library or a school may put many residents behind one address."""
TRIES_WINDOW = 15 * 60


class DevicePages:
    def __init__(
        self,
        residents: ResidentPages,
        per_browser: RateLimiter | None = None,
        per_address: RateLimiter | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.r = residents
        self.s = residents.s
        self.per_browser = per_browser or RateLimiter(TRIES_PER_BROWSER, TRIES_WINDOW)
        self.per_address = per_address or RateLimiter(TRIES_PER_ADDRESS, TRIES_WINDOW)
        self.clock = clock

    async def offer(self, request: web.Request) -> web.Response:
        """GET /c/SLUG/device: what a code is for, and a button to get one."""
        return await self.r.own_page(request, "device.html", "web_device_heading")

    async def issue(self, request: web.Request) -> web.Response:
        """POST /c/SLUG/device: a new code, shown once (only its hash is kept)."""
        slug = request.match_info["slug"]
        posted = await self.r.checked_form(request)
        if isinstance(posted, web.Response):
            return posted
        person = PersonKey.web(request[PARTICIPANT])
        issued = await self.s.blocking(self.s.devices.issue, person, slug, self.s.clock())
        if issued is None:  # nobody to carry on as: they have not started
            return see_other(f"/c/{slug}")
        log.info("web device code issued")
        lang = await self.r.language_of(person)
        data = {
            "code": issued.code,
            "expires": self.s.catalogue.moment(issued.expires, lang),
            "address": f"{self.s.public_url.rstrip('/')}/c/{slug}/continue",
        }
        title = self.r.pages.t("web_device_code_heading", lang)
        return self.r.write(Page("device_code.html", lang, title, data), slug, person.id)

    async def ask(self, request: web.Request) -> web.Response:
        """GET /c/SLUG/continue: the form to type a code into."""
        slug, key = request.match_info["slug"], request[PARTICIPANT]
        found = await self.s.blocking(self.s.directory.find, slug, self.s.clock())
        if found is None:
            return self.r.write(self.r.pages.not_found(), "", key, known=False)
        chosen = request.query.get("lang", "")
        lang = chosen if chosen in found.languages else found.default_language
        return await self._form(request, lang)

    async def take(self, request: web.Request) -> web.Response:
        """POST /c/SLUG/continue: if the code is live, this browser becomes its participant."""
        posted = await self.r.checked_form(request)
        if isinstance(posted, web.Response):
            return posted
        key = request[PARTICIPANT]
        chosen = posted.one("language")
        lang = chosen if chosen in LANGUAGES else "en"
        refused = self._too_many(request, key)
        if refused is not None:
            return refused
        if await self.s.blocking(self.s.devices.takes_part, PersonKey.web(key)):
            return await self._form(request, lang)
        found = await self.s.blocking(self.s.devices.redeem, posted.one("code"), self.s.clock())
        if found is None:
            log.info("web device code refused")
            return await self._form(request, lang, self.r.pages.t("web_continue_refused", lang))
        log.info("web device code used")
        response = see_other(f"/c/{found.slug}")
        remember_participant(response, self.r.signer, found.participant_key,
                             self.s.secure_cookies)
        return response

    def _too_many(self, request: web.Request, key: str) -> web.Response | None:
        now = self.clock()
        for limiter, name in ((self.per_browser, f"person:{key}"),
                              (self.per_address, client_key(request, self.s.limits.proxies))):
            if not limiter.allow(name, now):
                log.info("web device code refused: too many tries")
                page = self.r.pages.in_both("web_continue_too_many_heading",
                                            "web_continue_too_many", 429)
                response = self.r.write(page, request.match_info["slug"], key, known=False)
                response.headers["Retry-After"] = str(limiter.retry_after(name, now))
                return response
        return None

    async def _form(
        self, request: web.Request, lang: str, error: str | None = None
    ) -> web.Response:
        slug, key = request.match_info["slug"], request[PARTICIPANT]
        pages = self.r.pages
        if not request[FRESH] and await self.s.blocking(self.s.devices.takes_part,
                                                        PersonKey.web(key)):
            own = await self.r.language_of(PersonKey.web(key))
            page = pages.notice("web_continue_taking_part_heading", "web_continue_taking_part",
                                own)
            return self.r.write(page, slug, key)
        data = {"error": error, "switch_path": f"/c/{slug}/continue"}
        errors = ((error, "code"),) if error else ()
        page = Page("continue.html", lang, pages.t("web_continue_heading", lang), data, 200,
                    errors)
        return self.r.write(page, slug, key, known=False)
