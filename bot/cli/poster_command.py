"""`copro consultation poster SLUG`: a printable page with QR codes for the web and Telegram."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from bot.bootstrap import bootstrap
from bot.posters import FORMATS
from bot.posters.links import NotAPublicUrl, bot_username, public_base
from bot.services.consultations import ConsultationNotFound, load_stored

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)


def refuse(message: str) -> typer.Exit:
    errors.print(message, markup=False, soft_wrap=True)
    return typer.Exit(2)


def poster(
    slug: str = typer.Argument(..., help="The consultation, e.g. victoria-park."),
    out: Path = typer.Option(None, help="The file to write: .pdf (default), .svg or .png."),
    bot: str = typer.Option(None, help="The bot's @username (else COPRO_BOT_USERNAME)."),
) -> None:
    """A printable A4 poster: a QR code for the web page (COPRO_PUBLIC_URL/c/SLUG) and one
    for the Telegram link, each with its address printed under it, in English and Welsh."""
    target = out or Path(f"{slug}-poster.pdf")
    if target.suffix.lower().lstrip(".") not in FORMATS:
        raise refuse(f"A poster is a .pdf, .svg or .png file; {target.name} is none of them.")
    app = bootstrap()
    try:
        base = public_base(app.settings.public_url)
    except NotAPublicUrl as why:
        raise refuse(f"COPRO_PUBLIC_URL is {app.settings.public_url}, and {why}. Set it to "
                     "the https address residents reach the web channel at, for example "
                     "COPRO_PUBLIC_URL=https://consult.example.gov.uk") from None
    username = bot_username(bot or app.settings.bot_username)
    if username is None:
        raise refuse("The poster needs the bot's username for its Telegram link: set "
                     "COPRO_BOT_USERNAME, or pass --bot, to the name @BotFather gave it "
                     "(5-32 letters, digits or _, ending in bot).")
    with app.reading() as uow:
        try:
            consultation = load_stored(uow, slug, app.clock(), app.settings.zone).consultation
        except ConsultationNotFound:
            raise refuse(f"No consultation called {slug!r}. Try: copro consultation "
                         "list") from None
    from bot.posters.drawing import write_poster  # matplotlib and segno: only when drawing
    from bot.posters.plan import plan_poster

    plan = plan_poster(consultation, base, username, app.catalogue)
    write_poster(plan, target)
    console.print(f"Wrote the poster {target}:", markup=False, soft_wrap=True)
    for code in plan.codes:
        console.print(f"  {code.payload}", markup=False, soft_wrap=True)
