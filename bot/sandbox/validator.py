"""Checks values against the vendored Bot API description: required fields and field types."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.sandbox.spec import SPEC_PATH

_ARRAY = "Array of "


class SpecViolation(Exception):
    """Raised when the sandbox is about to emit an object the Bot API does not allow."""


@dataclass(frozen=True)
class FieldSpec:
    """One field of a type or parameter of a method."""

    name: str
    types: tuple[str, ...]
    required: bool


class BotApiSpec:
    """The Bot API types and methods, with a structural validator."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.version: str = data.get("version", "")
        self._types: dict[str, dict[str, Any]] = data["types"]
        self._methods = {name.lower(): body for name, body in data["methods"].items()}
        self._fields: dict[str, dict[str, FieldSpec]] = {}

    @classmethod
    def load(cls, path: Path = SPEC_PATH) -> BotApiSpec:
        """Read a spec file (cached for the default file)."""
        return _load_cached(str(path))

    def has_method(self, method: str) -> bool:
        """Whether the Bot API defines this method (case-insensitive, like Telegram)."""
        return method.lower() in self._methods

    def method_name(self, method: str) -> str:
        """The canonical spelling of a method name."""
        return str(self._methods[method.lower()]["name"])

    def method_fields(self, method: str) -> dict[str, FieldSpec]:
        """The parameters of a method, by name."""
        return self._field_map("method:" + method.lower(), self._methods[method.lower()])

    def method_returns(self, method: str) -> tuple[str, ...]:
        """The types a method may return."""
        return tuple(self._methods[method.lower()].get("returns", []))

    def type_fields(self, type_name: str) -> dict[str, FieldSpec]:
        """The fields of an object type, by name."""
        return self._field_map("type:" + type_name, self._types[type_name])

    def check(self, value: Any, types: str | tuple[str, ...] | list[str], where: str = "") -> None:
        """Raise SpecViolation unless the value matches one of the types."""
        errors = self.errors(value, types, where or "value")
        if errors:
            raise SpecViolation("; ".join(errors[:5]))

    def errors(
        self,
        value: Any,
        types: str | tuple[str, ...] | list[str],
        where: str = "value",
        *,
        strict_fields: bool = True,
    ) -> list[str]:
        """Everything wrong with the value; an empty list when it matches one of the types."""
        alternatives = [types] if isinstance(types, str) else list(types)
        best: list[str] | None = None
        for type_name in alternatives:
            found = self._errors_for(value, type_name, where, strict_fields)
            if not found:
                return []
            if best is None or len(found) < len(best):
                best = found
        return best or [f"{where}: no type to check against"]

    def _field_map(self, key: str, body: dict[str, Any]) -> dict[str, FieldSpec]:
        if key not in self._fields:
            self._fields[key] = {
                f["name"]: FieldSpec(f["name"], tuple(f["types"]), bool(f["required"]))
                for f in body.get("fields", [])
            }
        return self._fields[key]

    def _errors_for(self, value: Any, type_name: str, where: str, strict: bool) -> list[str]:
        if type_name.startswith(_ARRAY):
            if not isinstance(value, list):
                return [f"{where}: expected {type_name}, got {type(value).__name__}"]
            item_type = type_name[len(_ARRAY) :]
            errors: list[str] = []
            for index, item in enumerate(value):
                errors += self._errors_for(item, item_type, f"{where}[{index}]", strict)
            return errors
        primitive = _primitive_error(value, type_name, where)
        if primitive is not None:
            return [] if primitive == "" else [primitive]
        body = self._types.get(type_name)
        if body is None:
            return [f"{where}: unknown type {type_name}"]
        if body.get("subtypes"):
            return self.errors(value, body["subtypes"], where, strict_fields=strict)
        return self._object_errors(value, type_name, where, strict)

    def _object_errors(self, value: Any, type_name: str, where: str, strict: bool) -> list[str]:
        if not isinstance(value, dict):
            return [f"{where}: expected {type_name} object, got {type(value).__name__}"]
        fields = self.type_fields(type_name)
        errors = [
            f"{where}.{name}: required field of {type_name} is missing"
            for name, spec in fields.items()
            if spec.required and name not in value
        ]
        for name, item in value.items():
            spec = fields.get(name)
            if spec is None:
                if strict:
                    errors.append(f"{where}.{name}: {type_name} has no such field")
                continue
            errors += self.errors(item, spec.types, f"{where}.{name}", strict_fields=strict)
        return errors


def _primitive_error(value: Any, type_name: str, where: str) -> str | None:
    """'' when a primitive matches, a message when it does not, None when not a primitive."""
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    checks = {
        "Integer": isinstance(value, int) and not isinstance(value, bool),
        "Float": is_number,
        "String": isinstance(value, str),
        "Boolean": isinstance(value, bool),
        "True": value is True,
        "InputFile": value is not None,
    }
    if type_name not in checks:
        return None
    if checks[type_name]:
        return ""
    return f"{where}: expected {type_name}, got {json.dumps(value, default=repr)[:60]}"


@lru_cache(maxsize=4)
def _load_cached(path: str) -> BotApiSpec:
    with open(path, encoding="utf-8") as handle:
        return BotApiSpec(json.load(handle))
