"""Who may export personal data: an enrolled admin with a fresh two-factor code.

Unredacted text is an admin action (design/security.md item 9). In chat the admin answers a
step-up prompt first; on the command line `copro export --include-personal-data --admin ID`
asks for that admin's code. Either way the check below runs just before the file is made.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.services.admin_guard import (
    EnrolmentRequired,
    NotAuthorised,
    StepUpRequired,
    require_fresh_admin,
)
from bot.services.ports import UnitOfWorkFactory


class PersonalExportRefused(PermissionError):
    """Personal data may not leave without an enrolled admin's fresh two-factor code."""


def authorise_personal_export(
    unit_of_work: UnitOfWorkFactory,
    clock: Callable[[], datetime],
    slug: str,
    *,
    actor: int | None = None,
    export_format: str = "",
) -> None:
    """Return if `actor` may export `slug` with personal data now; raise otherwise."""
    if actor is None:
        raise PersonalExportRefused(
            f"Exporting {slug!r} with personal data (unredacted free text) is an admin action. "
            "Run it again with --admin YOUR_TELEGRAM_ID: you will be asked for your two-factor "
            "code. Without --include-personal-data the export is pseudonymised and redacted."
        )
    try:
        with unit_of_work() as uow:
            require_fresh_admin(uow, actor, clock())
    except (NotAuthorised, EnrolmentRequired, StepUpRequired):
        raise PersonalExportRefused(
            "Not allowed: personal data leaves only with an enrolled admin's two-factor code "
            "from the last five minutes."
        ) from None
