"""Recovery codes: ten single-use codes of 120 bits, shown once and stored only as hashes."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets

from pydantic import SecretStr

COUNT = 10
BITS = 120  # at least 112 (ASVS 5 6.5.2)
_GROUP = 4
_SHAPE = re.compile(r"[A-Z2-7]{24}", re.ASCII)


def new_recovery_codes(count: int = COUNT) -> tuple[SecretStr, ...]:
    """Fresh codes like `ABCD-EFGH-IJKL-MNOP-QRST-UVWX` (base32, 24 characters)."""
    return tuple(_new_code() for _ in range(count))


def normalise(text: str) -> str | None:
    """The code without dashes or spaces, upper-cased; None if it cannot be a code."""
    plain = re.sub(r"[-\s]", "", text.strip(), flags=re.ASCII).upper()
    return plain if _SHAPE.fullmatch(plain) else None


def code_hash(normalised: str) -> str:
    """sha256 of the code: a 120-bit random code needs no slow hash to resist guessing."""
    return hashlib.sha256(f"copro-recovery:{normalised}".encode()).hexdigest()


def _new_code() -> SecretStr:
    plain = base64.b32encode(secrets.token_bytes(BITS // 8)).decode("ascii")
    groups = [plain[i : i + _GROUP] for i in range(0, len(plain), _GROUP)]
    return SecretStr("-".join(groups))
