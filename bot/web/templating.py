"""Lay a page out as HTML: Jinja2 templates, autoescaped, with the page's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiohttp import web
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from bot.i18n.catalogue import Catalogue
from bot.web.pages import Page
from bot.web.signing import Signer


def make_environment() -> Environment:
    # autoescape everything: answers and option texts are residents' and officers' words
    return Environment(
        loader=PackageLoader("bot.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates ship with the code: no stat() of each file per page
    )


class PageWriter:
    """Turns a `Page` into a response, each form with its own nonce and CSRF token."""

    def __init__(self, catalogue: Catalogue, signer: Signer) -> None:
        self._environment = make_environment()
        self._catalogue = catalogue
        self._signer = signer

    def response(
        self, page: Page, slug: str, participant_key: str, known: bool = True
    ) -> web.Response:
        """`known`: the person is stored (they may see and delete their answers, and a
        language switch changes their session); else they are a visitor."""
        lang = page.language
        template = self._environment.get_template(page.template)
        html = template.render(
            page=page,
            lang=lang,
            slug=slug,
            known=known,
            t=self._translator(lang),
            form_fields=self._form_fields(participant_key),
            **page.data,
        )
        return web.Response(text=html, status=page.status, content_type="text/html")

    def add_global(self, name: str, value: object) -> None:
        """A value every template sees (e.g. that e-mail notices are offered)."""
        self._environment.globals[name] = value

    def _translator(self, lang: str) -> Callable[..., str]:
        def t(key: str, **params: Any) -> str:
            return self._catalogue.text(key, lang, **params)

        return t

    def _form_fields(self, participant_key: str) -> Callable[[], Markup]:
        def fields() -> Markup:
            nonce = self._signer.new_nonce()
            token = self._signer.form_token(participant_key, nonce)
            return Markup(
                f'<input type="hidden" name="nonce" value="{escape(str(nonce))}">'
                f'<input type="hidden" name="csrf" value="{escape(token)}">'
            )

        return fields
