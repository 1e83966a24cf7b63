"""User ids in log lines: each becomes a keyed pseudonym, never the id itself.

The key is the deployment's pseudonym key once an App exists (`use_log_key`); before that,
a random one, so an id logged early is still never readable. Log pseudonyms are keyed on
their own scope, so they match no export's.
"""

from __future__ import annotations

import secrets
from functools import lru_cache

from bot.security.pseudonyms import pseudonym

LOG_SCOPE = "logs"  # not a consultation slug
_log_key = [secrets.token_hex(32)]


@lru_cache(maxsize=4096)
def log_pseudonym(secret_key: str, user_id: int) -> str:
    """The person's pseudonym in logs, the same across consultations and restarts."""
    return pseudonym(secret_key, LOG_SCOPE, user_id)


def use_log_key(key: str) -> None:
    """Key the pseudonyms that stand for user ids in this process's log lines."""
    _log_key[0] = key


def person_in_logs(user_id: int) -> str:
    """The log pseudonym of a user id (a staff member's, say) under this process's key."""
    return log_pseudonym(_log_key[0], user_id)
