"""The people the web chat page offers: a resident, an officer, an admin, and a Welsh speaker.

`role` is the staff role `copro sandbox` grants the preset at start (the page shows it)."""

from __future__ import annotations

from typing import Any

PRESET_USERS: tuple[dict[str, Any], ...] = (
    {
        "key": "resident",
        "label": "Resident",
        "id": 700_001,
        "first_name": "Rhian",
        "last_name": "Resident",
        "language_code": "en",
    },
    {
        "key": "officer",
        "label": "Officer",
        "id": 700_002,
        "first_name": "Owen",
        "last_name": "Officer",
        "language_code": "en",
        "role": "officer",
    },
    {
        "key": "admin",
        "label": "Admin",
        "id": 700_003,
        "first_name": "Alex",
        "last_name": "Admin",
        "language_code": "en",
        "role": "admin",
    },
    {
        "key": "resident_cy",
        "label": "Resident (Cymraeg)",
        "id": 700_004,
        "first_name": "Carys",
        "last_name": "Preswylydd",
        "language_code": "cy",
    },
)
