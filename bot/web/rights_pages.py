"""'See my answers' and 'Delete my answers': a web resident's data rights (Art 15 and 17)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from aiohttp import web

from bot.engine.model import Consultation
from bot.engine.values import value_from_json
from bot.services.people import PersonKey
from bot.web.guards import FORGET, FRESH, PARTICIPANT
from bot.web.handlers import ResidentPages, see_other
from bot.web.pages import Page

log = logging.getLogger(__name__)


class RightsPages:
    def __init__(self, residents: ResidentPages) -> None:
        self.r = residents
        self.s = residents.s

    async def answers(self, request: web.Request) -> web.Response:
        """GET /c/SLUG/answers: everything held about this resident, readably."""
        slug = request.match_info["slug"]
        key = request[PARTICIPANT]
        if request[FRESH]:
            return see_other(f"/c/{slug}")
        person = PersonKey.web(key)
        lang = await self.r.language_of(person)
        data = await self.s.blocking(self.s.rights.data_of, person)
        held = []
        for doc in data["consultations"]:
            slug_held = doc["consultation"]
            found = await self.s.blocking(self.s.directory.find, slug_held, self.s.clock())
            held.append(self._consultation(doc, found, lang))
        title = self.r.pages.t("web_answers_heading", lang)
        email = ((data.get("participant") or {}).get("email") or {}).get("address")
        page = Page("answers.html", lang, title, {"held": held, "email": email})
        return self.r.write(page, slug, key)

    async def confirm_delete(self, request: web.Request) -> web.Response:
        """GET /c/SLUG/delete: ask first; it cannot be undone."""
        return await self.r.own_page(request, "delete.html", "web_delete_heading")

    async def delete(self, request: web.Request) -> web.Response:
        """POST /c/SLUG/delete: erase the resident, and forget the cookie that named them."""
        slug = request.match_info["slug"]
        posted = await self.r.checked_form(request)
        if isinstance(posted, web.Response):
            return posted
        person = PersonKey.web(request[PARTICIPANT])
        lang = await self.r.language_of(person)
        await self.s.blocking(self.s.rights.erase, person, self.s.clock())
        log.info("web resident erased their data")
        request[FORGET] = True
        page = self.r.pages.notice("web_deleted_heading", "web_deleted", lang)
        return self.r.write(page, slug, person.id, known=False)

    def _consultation(
        self, doc: dict[str, Any], c: Consultation | None, lang: str
    ) -> dict[str, Any]:
        pages = self.r.pages
        role = doc.get("role")
        consented = doc.get("consented_at")
        return {
            "title": c.title.get(lang) if c else doc["consultation"],
            "language": pages.t("language_name", doc.get("language") or lang),
            "role": pages.renderer.role_label(role, lang) if role else None,
            "consented": self.s.catalogue.moment(datetime.fromisoformat(consented), lang)
            if consented else None,
            "answers": [self._answer(a, c, lang) for a in doc.get("answers", [])],
        }

    def _answer(self, answer: dict[str, Any], c: Consultation | None, lang: str) -> tuple[str, str]:
        round_ = c.round(answer["round"]) if c else None
        question = round_.question(answer["question"]) if round_ else None
        given = answer.get("answer")
        if question is None:
            return answer["question"], str(given)
        if given is None:
            return question.text.get(lang), self.r.pages.t("web_answers_skipped", lang)
        try:
            label = self.s.renderer.answer_label(question, value_from_json(given), lang)
        except ValueError:
            label = str(given)
        return question.text.get(lang), label
