"""The web channel's aiohttp application, and serving it.

aiohttp because Copro already runs on it (webhooks, the sandbox, /metrics): one well-kept
async server for every front end, no second framework to learn or patch.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aiohttp import web

from bot.web.device_pages import DevicePages
from bot.web.guards import (
    BODY_SECONDS,
    not_found_page,
    participant_cookie,
    rate_limits,
    security_headers,
    slow_bodies,
)
from bot.web.handlers import ResidentPages
from bot.web.limits import Limiter
from bot.web.mail_pages import MailPages
from bot.web.rights_pages import RightsPages
from bot.web.services import WebServices
from bot.web.signing import Signer
from bot.web.templating import PageWriter
from bot.web.web_limits import WebLimits

STATIC = Path(__file__).resolve().parent / "static"
MAX_BODY = 64 * 1024
"""Request bodies over this are refused before they are read (a form is a few KB at most)."""
SLUG = r"{slug:[a-z0-9][a-z0-9-]{0,63}}"
CONNECTION_LIMITS: dict[str, Any] = {
    "keepalive_timeout": 15.0,  # run_app's default is 75 s
    "max_line_size": 8190,  # the request line and each header: a long link or cookie fits
    "max_field_size": 8190,
    "max_headers": 64,  # a browser sends about 20
}
"""Per connection, so that idle or bloated connections cannot pile up in a worker."""
UNSUBSCRIBE = r"/unsubscribe/{token:[0-9a-f.]{1,64}}"


def make_web_app(
    services: WebServices,
    per_address: Limiter | None = None,
    per_person: Limiter | None = None,
    body_seconds: float = BODY_SECONDS,
) -> web.Application:
    """The resident pages at /c/SLUG, with their guards; `per_address` and `per_person`
    replace the configured limits, `body_seconds` the time a body may take (tests)."""
    signer = Signer.from_secret(services.secret_key)
    limits = services.limits
    writer = PageWriter(services.catalogue, signer)
    residents = ResidentPages(services, signer, writer)
    rights = RightsPages(residents)
    devices = DevicePages(residents)
    app = web.Application(
        client_max_size=MAX_BODY,
        middlewares=[
            participant_cookie(signer, services.secure_cookies),
            not_found_page(residents.pages, writer),
            rate_limits(residents.pages, writer, WebLimits(
                per_address or limits.per_address, per_person or limits.per_person,
                limits.proxies)),
            slow_bodies(residents.pages, writer, body_seconds),
        ],
    )
    app.on_cleanup.append(lambda _app: limits.close())
    app.on_response_prepare.append(security_headers(services.secure_cookies))
    app.router.add_get(f"/c/{SLUG}", residents.show)
    app.router.add_post(f"/c/{SLUG}", residents.act)
    app.router.add_get(f"/c/{SLUG}/answers", rights.answers)
    app.router.add_get(f"/c/{SLUG}/delete", rights.confirm_delete)
    app.router.add_post(f"/c/{SLUG}/delete", rights.delete)
    app.router.add_get(f"/c/{SLUG}/device", devices.offer)
    app.router.add_post(f"/c/{SLUG}/device", devices.issue)
    app.router.add_get(f"/c/{SLUG}/continue", devices.ask)
    app.router.add_post(f"/c/{SLUG}/continue", devices.take)
    if services.mail is not None:  # e-mail notices are set up (COPRO_SMTP_URL)
        mail = MailPages(residents, services.mail)
        writer.add_global("mail_notices", True)
        app.router.add_get(f"/c/{SLUG}/email", mail.show)
        app.router.add_post(f"/c/{SLUG}/email", mail.change)
        app.router.add_get(UNSUBSCRIBE, mail.confirm_unsubscribe)
        app.router.add_post(UNSUBSCRIBE, mail.unsubscribe)
    app.router.add_static("/static/", STATIC, show_index=False)
    return app


def serve(services: WebServices, host: str, port: int) -> None:
    """Serve until interrupted (Ctrl+C)."""
    web.run_app(make_web_app(services), host=host, port=port, print=None, access_log=None,
                **CONNECTION_LIMITS)
