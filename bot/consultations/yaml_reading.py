"""Reading consultation YAML: YAML 1.2 booleans, and JSON-ready data with line-aware errors."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import yaml

from bot.consultations.problems import ConsultationInvalid, Problem


class _StrictBoolLoader(yaml.SafeLoader):
    """SafeLoader where only true/false are booleans, so `yes`, `no`, `on` stay strings."""


_StrictBoolLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictBoolLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def read_yaml(text: str) -> dict[str, Any]:
    """Parse the file; a syntax error or a non-mapping file is a Problem, never a traceback."""
    try:
        data = yaml.load(text, Loader=_StrictBoolLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConsultationInvalid([Problem(where, f"not valid YAML: {error.problem}")]) from None
    except yaml.YAMLError as error:
        raise ConsultationInvalid([Problem("", f"not valid YAML: {error}")]) from None
    if not isinstance(data, dict):
        raise ConsultationInvalid([Problem("", "the file must hold a consultation (a mapping)")])
    mapping: dict[str, Any] = jsonable(data)
    return mapping


def jsonable(value: Any) -> Any:
    """Dates become ISO strings so the definition can be stored as JSON."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
