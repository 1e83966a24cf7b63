"""An unknown COPRO_TIMEZONE is a settings error with a plain message, not a KeyError."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from config.settings import Settings


def test_an_unknown_time_zone_is_refused_with_an_example_of_a_good_one() -> None:
    with pytest.raises(ValidationError, match="unknown time zone 'Europe/Cardif'"):
        Settings(timezone="Europe/Cardif")
    assert Settings(timezone="Europe/London").zone.key == "Europe/London"
