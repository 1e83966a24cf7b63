"""Key rotation: re-seal every admin's TOTP secret, and every web participant's e-mail
address, under a new sealing key.

Pseudonyms are keyed from COPRO_SECRET_KEY, not the sealing key, so they stay the same.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import SecretStr

from bot.mail.address import address_context
from bot.security.sealing import CannotOpen, SecretBox
from bot.services.admin import secret_context
from bot.services.admin_ports import SecurityUnitOfWork


def rotate_keys(
    uow: SecurityUnitOfWork, old_key: str | SecretStr, new_key: str | SecretStr, now: datetime
) -> int:
    """Re-seal every secret and address; how many were re-sealed. Raises CannotOpen (change
    nothing then).

    Runs in the caller's transaction: commit only if it returns.
    """
    old, new = SecretBox(old_key), SecretBox(new_key)
    resealed = 0
    for row in uow.credentials.all():
        context = secret_context(row.telegram_user_id)
        sealed = [
            None if token is None else new.seal(old.open(token, context), context)
            for token in (row.secret, row.pending_secret)
        ]
        uow.credentials.reseal(row.telegram_user_id, sealed[0], sealed[1])
        resealed += sum(token is not None for token in sealed)
    addresses = 0
    for participant_id, token in uow.mail.sealed_addresses():
        context = address_context(participant_id)
        uow.mail.reseal(participant_id, new.seal(old.open(token, context), context))
        addresses += 1
    uow.audit.append(None, "keys.rotated", {"secrets": resealed, "addresses": addresses}, now)
    return resealed + addresses


__all__ = ["CannotOpen", "rotate_keys"]
