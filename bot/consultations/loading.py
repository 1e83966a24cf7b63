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
from bot.consultations.yaml_reading import read_yaml
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
    problems: list[Problem] = []
    parsed: ConsultationIn | None = None
    try:
        parsed = ConsultationIn.model_validate(data)
    except ValidationError as error:
        problems += [_from_pydantic(e) for e in error.errors()]
    problems += check_consultation(data)
    if problems or parsed is None:
        raise ConsultationInvalid(_unique(problems))
    return ConsultationFile(to_consultation(parsed, zone), data)


def _from_pydantic(error: Any) -> Problem:
    message = _FRIENDLY.get(error["type"], error["msg"])
    message = message.removeprefix("Value error, ")
    return Problem(join_path(tuple(error["loc"])), message)


def _unique(problems: list[Problem]) -> list[Problem]:
    """Without repeats, in the order of the file."""
    return sorted(dict.fromkeys(problems), key=lambda p: _natural(p.path))


def _natural(path: str) -> list[tuple[int, int | str]]:
    parts = re.split(r"[.\[\]]+", path)
    return [(0, int(x)) if x.isdigit() else (1, x) for x in parts if x]
