"""E-mail notices on the web: leave an address (with its own consent), see it, remove it;
and the unsubscribe link in every e-mail, which works without the cookie."""

from __future__ import annotations

import logging

from aiohttp import web

from bot.services.mail_subscriptions import Saved
from bot.services.people import PersonKey
from bot.web.guards import FRESH, PARTICIPANT
from bot.web.handlers import ResidentPages, see_other
from bot.web.pages import Page
from bot.web.services import Subscriptions

log = logging.getLogger(__name__)
LANGUAGES = ("en", "cy")


class MailPages:
    def __init__(self, residents: ResidentPages, mail: Subscriptions) -> None:
        self.r = residents
        self.s = residents.s
        self.mail = mail

    async def show(self, request: web.Request) -> web.Response:
        """GET /c/SLUG/email: what the address is for, the form, and the one held."""
        slug = request.match_info["slug"]
        if request[FRESH]:
            return see_other(f"/c/{slug}")
        person = PersonKey.web(request[PARTICIPANT])
        lang = await self.r.language_of(person)
        return await self._form(slug, person, lang)

    async def change(self, request: web.Request) -> web.Response:
        """POST /c/SLUG/email: save an address (consent ticked, address valid) or remove it."""
        slug = request.match_info["slug"]
        posted = await self.r.checked_form(request)
        if isinstance(posted, web.Response):
            return posted
        person = PersonKey.web(request[PARTICIPANT])
        lang = await self.r.language_of(person)
        pages = self.r.pages
        if posted.action == "mail_remove":
            await self.s.blocking(self.mail.remove, person)
            page = pages.notice("web_mail_removed_heading", "web_mail_removed", lang)
            return self.r.write(page, slug, person.id)
        if posted.action != "mail":
            return self.r.expired(slug, person.id, 400)
        typed = posted.one("email")[:320]
        errors: list[tuple[str, str]] = []
        if not self.mail.is_address(typed):
            errors.append((pages.t("web_mail_invalid", lang), "email"))
        if posted.one("agree") != "yes":
            errors.append((pages.t("web_mail_need_consent", lang), "agree"))
        if errors:  # nothing is stored
            log.info("web mail form refused")
            return await self._form(slug, person, lang, typed, tuple(errors))
        saved = await self.s.blocking(self.mail.save, person, typed, self.s.clock())
        if saved is not Saved.SAVED:
            return see_other(f"/c/{slug}")
        page = pages.notice("web_mail_saved_heading", "web_mail_saved", lang)
        return self.r.write(page, slug, person.id)

    async def confirm_unsubscribe(self, request: web.Request) -> web.Response:
        """GET /unsubscribe/TOKEN: a button to press (a link alone never removes anything,
        since mail scanners open links)."""
        lang = _language(request)
        token = request.match_info["token"]
        pages = self.r.pages
        title = pages.t("web_unsubscribe_heading", lang)
        page = Page("unsubscribe.html", lang, title, {"token": token})
        return self.r.write(page, "", request[PARTICIPANT], known=False)

    async def unsubscribe(self, request: web.Request) -> web.Response:
        """POST /unsubscribe/TOKEN: remove the address (also RFC 8058 one-click)."""
        lang = _language(request)
        removed = await self.s.blocking(self.mail.remove_by_link, request.match_info["token"])
        pages = self.r.pages
        if removed is None:
            page = pages.notice("web_unsubscribe_heading", "web_unsubscribe_bad", lang, 404)
        else:
            page = pages.notice("web_mail_removed_heading", "web_mail_removed", lang)
        return self.r.write(page, "", request[PARTICIPANT], known=False)

    async def _form(
        self, slug: str, person: PersonKey, lang: str, typed: str = "",
        errors: tuple[tuple[str, str], ...] = (),
    ) -> web.Response:
        current = await self.s.blocking(self.mail.address_of, person)
        by_field = {target: message for message, target in errors}
        data = {"current": current, "typed": typed, "address_error": by_field.get("email"),
                "consent_error": by_field.get("agree")}
        title = self.r.pages.t("web_mail_heading", lang)
        status = 400 if errors else 200
        return self.r.write(Page("email.html", lang, title, data, status, errors), slug,
                            person.id)


def _language(request: web.Request) -> str:
    chosen = request.query.get("lang", "en")
    return chosen if chosen in LANGUAGES else "en"
