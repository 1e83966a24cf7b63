"""Who may export personal data: for now, only with an explicit flag set by an administrator.

Exporting unredacted text is an admin action that needs a fresh two-factor code
(design/security.md item 9). Until that check is connected here, the export refuses unless
COPRO_ALLOW_PERSONAL_EXPORT=1 is set in the environment of the command.
"""

from __future__ import annotations

import os
from typing import Any

ENV_FLAG = "COPRO_ALLOW_PERSONAL_EXPORT"


class PersonalExportRefused(PermissionError):
    """Personal data may not leave without an administrator's step-up check."""


def authorise_personal_export(app: Any, slug: str, *, actor: int | None = None,
                              export_format: str = "") -> None:
    """Return if the export of `slug` with personal data may go ahead; raise otherwise.

    The hook the admin TOTP step-up will replace: `app` gives it the database and settings,
    `actor` the admin's Telegram id when asked in chat.
    """
    if os.environ.get(ENV_FLAG, "").strip() == "1":
        return
    raise PersonalExportRefused(
        "Exporting personal data (unredacted free text) is an admin action that needs a "
        f"two-factor check, which is not connected yet. To export {slug!r} with personal "
        f"data anyway, an administrator must set {ENV_FLAG}=1 for this command. "
        "Without --include-personal-data the export is pseudonymised and redacted."
    )
