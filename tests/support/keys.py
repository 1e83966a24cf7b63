"""A proper random COPRO_SECRET_KEY for tests that start servers (they refuse weak keys)."""

from __future__ import annotations

import secrets

# New each test session: no test may depend on its value, only on having a sound one.
TEST_SECRET_KEY = secrets.token_urlsafe(48)
