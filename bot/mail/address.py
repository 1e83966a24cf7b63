"""An e-mail address a resident typed: checked with email-validator, and sealed for storage.

email-validator (the library pydantic uses for EmailStr) knows the RFCs' syntax and the
special-use domains; deliverability is not checked (no DNS from a form post). Addresses
that need SMTPUTF8 are refused, since not every council's mail server relays them.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from pydantic import SecretStr

from bot.security.sealing import CannotOpen, SecretBox

MAX_LENGTH = 254
"""The longest address SMTP can carry (RFC 5321's path limit, less the angle brackets)."""


def checked_address(text: str) -> str | None:
    """The address in `text`, normalised (domain in lower case and ASCII), or None if it is
    not one we can write to. Never raises."""
    candidate = text.strip()
    if not candidate or len(candidate) > MAX_LENGTH or any(c in candidate for c in "\r\n"):
        return None
    try:
        found = validate_email(candidate, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        return None
    address = str(found.ascii_email or found.normalized)
    return address if len(address) <= MAX_LENGTH else None


def address_context(participant_id: int) -> str:
    """What a sealed address is bound to: its participant's row."""
    return f"participant {participant_id} email"


class AddressBox:
    """Seals an address to one participant's row (it does not open on another row)."""

    def __init__(self, sealing_key: str) -> None:
        self._box = SecretBox(sealing_key)

    def __repr__(self) -> str:
        return "AddressBox(<key hidden>)"

    def seal(self, address: str, participant_id: int) -> str:
        return self._box.seal(SecretStr(address), address_context(participant_id))

    def open(self, sealed: str, participant_id: int) -> str | None:
        """The address, or None when it does not open (another key, another row)."""
        try:
            return self._box.open(sealed, address_context(participant_id)).get_secret_value()
        except CannotOpen:
            return None
