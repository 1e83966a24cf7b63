"""Reading consultation YAML: YAML 1.2 booleans, bounded work, and line-aware problems.

A file comes from an officer's upload or the command line, so it is read as hostile: no
anchors or aliases (a few hundred bytes of them expand to gigabytes), and caps on size,
depth and node count that are checked while the file is composed, before any value is
built. Every failure of the parser becomes a listed Problem, never a traceback.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import yaml

from bot.consultations.problems import ConsultationInvalid, Problem
from bot.security.plain_text import without_invisible

MAX_BYTES = 200_000
MAX_DEPTH = 32
MAX_NODES = 10_000
_ANCHORS = "anchors and aliases (& and *) are not allowed: write each part out in full"
_DEPTH = f"nested more than {MAX_DEPTH} levels deep"
_NODES = f"more than {MAX_NODES:,} values: a consultation file is much smaller"


class _Refused(yaml.MarkedYAMLError):
    """The file is over a limit; raised while composing, so nothing big is ever built."""


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader where only true/false are booleans (`yes`, `no`, `on` stay strings),
    refusing anchors and aliases, and counting depth and nodes as it composes."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(problem=_ANCHORS, problem_mark=event.start_mark)
        self._depth += 1
        self._nodes += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(problem=_DEPTH, problem_mark=event.start_mark)
        if self._nodes > MAX_NODES:
            raise _Refused(problem=_NODES, problem_mark=event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# Only what JSON can hold: bytes (!!binary), sets and ordered pairs would load, then fail
# when the definition is stored. Their tags become "could not determine a constructor".
_BoundedLoader.yaml_constructors = {
    tag: build for tag, build in yaml.SafeLoader.yaml_constructors.items()
    if tag not in {f"tag:yaml.org,2002:{t}" for t in ("binary", "set", "omap", "pairs")}
}
_BoundedLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_BoundedLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def read_yaml(text: str) -> dict[str, Any]:
    """Parse the file; a syntax error, a limit or a non-mapping file is a Problem."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        limit = f"the file is bigger than {MAX_BYTES // 1000} KB: a consultation file is smaller"
        raise ConsultationInvalid([Problem("", limit)])
    data = _parse(text)
    if not isinstance(data, dict):
        raise ConsultationInvalid([Problem("", "the file must hold a consultation (a mapping)")])
    mapping: dict[str, Any] = jsonable(data)
    return mapping


def _parse(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_BoundedLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        message = str(error.problem)
        if not isinstance(error, _Refused):
            message = f"not valid YAML: {message}"
        raise ConsultationInvalid([Problem(where, message)]) from None
    except yaml.YAMLError as error:
        raise ConsultationInvalid([Problem("", f"not valid YAML: {error}")]) from None
    except (RecursionError, MemoryError):
        raise ConsultationInvalid([Problem("", "the file is too complex to read")]) from None
    except (ValueError, TypeError, OverflowError) as error:
        # a value the constructor cannot build, such as the date 2026-02-30 or a huge number
        raise ConsultationInvalid([Problem("", f"not valid YAML: {_short(error)}")]) from None


def _short(error: Exception) -> str:
    return str(error).splitlines()[0][:200] if str(error) else type(error).__name__


def jsonable(value: Any) -> Any:
    """Dates become ISO strings so the definition can be stored as JSON; no text keeps an
    invisible character (a title with a right-to-left override reads as something else)."""
    if isinstance(value, str):
        return without_invisible(value)
    if isinstance(value, dict):
        return {without_invisible(str(k)): jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
