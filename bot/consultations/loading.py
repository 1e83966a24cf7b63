"""Loading a consultation file: read YAML, check shape and logic, build the model."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from bot.consultations.checks import check_consultation
from bot.consultations.convert import to_consultation
from bot.consultations.problems import ConsultationInvalid, Problem, join_path
from bot.consultations.schema import ConsultationIn
from bot.consultations.yaml_reading import jsonable, read_yaml
from bot.engine.model import Consultation

LONDON = ZoneInfo("Europe/London")
_FRIENDLY = {
    "extra_forbidden": "unknown key (check the spelling)",
    "missing": "this key is required",
}


@dataclass(frozen=True)
class ConsultationFile:
    """A checked consultation: the engine's model and the data it was built from."""

    consultation: Consultation
    definition: dict[str, Any]


def load_text(text: str, zone: tzinfo = LONDON) -> ConsultationFile:
    """Raise ConsultationInvalid listing every problem, or return the consultation."""
    return load_data(read_yaml(text), zone)


def load_file(path: Path, zone: tzinfo = LONDON) -> ConsultationFile:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConsultationInvalid([Problem("", f"cannot read {path}: {error}")]) from None
    return load_text(text, zone)


def load_data(data: dict[str, Any], zone: tzinfo = LONDON) -> ConsultationFile:
    """Check a definition (a file just read, or one stored before): its texts are made
    visible again here, so a title stored with a right-to-left override is shown without."""
    data = jsonable(data)
    problems: list[Problem] = []
    parsed: ConsultationIn | None = None
    try:
        parsed = ConsultationIn.model_validate(data)
    except ValidationError as error:
        problems += [_from_pydantic(e) for e in error.errors()]
    problems += check_consultation(data)
    if problems or parsed is None:
        raise ConsultationInvalid(_unique(problems, data))
    return ConsultationFile(to_consultation(parsed, zone), data)


_PATTERNS = {
    "slug": "use 3 to 40 characters: a-z, 0-9 and '-'",
    "themes": "use the name of a file in config/themes, without .yaml",
}
_KEY_PATTERN = "use 1 to 40 characters: a-z, 0-9 and '_'"


def _from_pydantic(error: Any) -> Problem:
    message = _FRIENDLY.get(error["type"], error["msg"])
    if error["type"] == "string_pattern_mismatch":
        field = next((p for p in reversed(error["loc"]) if isinstance(p, str)), "")
        message = _PATTERNS.get(field, _KEY_PATTERN)
    message = message.removeprefix("Value error, ")
    return Problem(join_path(tuple(error["loc"])), message)


def _unique(problems: list[Problem], data: dict[str, Any]) -> list[Problem]:
    """Without repeats, in the order of the file (not the alphabet: `slug` before `rounds`)."""
    return sorted(dict.fromkeys(problems), key=lambda p: _position(p.path, data))


def _position(path: str, data: dict[str, Any]) -> list[tuple[int, int | str]]:
    """Where a path is in the file: each key by its place in its mapping, absent keys last."""
    node: Any = data
    position: list[tuple[int, int | str]] = []
    for part in (x for x in re.split(r"[.\[\]]+", path) if x):
        if isinstance(node, dict) and part in node:
            position.append((0, list(node).index(part)))
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            position.append((0, int(part)))
            node = node[int(part)]
        else:
            position.append((1, part))
            node = None
    return position
