"""Reads Bot API method parameters from any body clients send, and coerces them by the spec."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp.web_request import FileField

from bot.sandbox.errors import ApiError, bad_request
from bot.sandbox.validator import BotApiSpec, FieldSpec

_INTEGER = re.compile(r"^-?\d+$")
_BOOLEANS = {"true": True, "false": False, "1": True, "0": False}
_EMPTY_MESSAGES = {"text": "message text is empty"}
_MAY_BE_EMPTY = frozenset({("setwebhook", "url")})


@dataclass(frozen=True)
class Upload:
    """A file a client uploaded with a request."""

    data: bytes
    filename: str
    content_type: str


async def read_request(request: web.Request) -> tuple[dict[str, Any], dict[str, Upload]]:
    """Query string plus body (JSON, form-encoded or multipart) as raw values and uploads."""
    values: dict[str, Any] = dict(request.query)
    uploads: dict[str, Upload] = {}
    if not request.body_exists:
        return values, uploads
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError as error:
            raise bad_request("can't parse JSON body") from error
        if not isinstance(body, dict):
            raise bad_request("JSON body must be an object")
        values.update(body)
        return values, uploads
    form = await request.post()
    for name, value in form.items():
        if isinstance(value, FileField):
            uploads[name] = Upload(value.file.read(), value.filename, value.content_type)
        elif isinstance(value, bytes | bytearray):
            values[name] = bytes(value).decode("utf-8", "replace")
        else:
            values[name] = value
    return values, uploads


def coerce_params(
    spec: BotApiSpec, method: str, raw: dict[str, Any], uploads: dict[str, Upload]
) -> dict[str, Any]:
    """Typed parameters for a method; 400 on missing required ones or unparsable values."""
    fields = spec.method_fields(method)
    params: dict[str, Any] = {}
    for name, field in fields.items():
        if name in uploads:
            params[name] = uploads[name]
        elif name in raw:
            params[name] = _coerce(spec, field, raw[name], uploads)
    for name, field in fields.items():
        if (method.lower(), name) in _MAY_BE_EMPTY:
            params.setdefault(name, "")
        elif field.required and params.get(name) in (None, "", []):
            raise bad_request(_EMPTY_MESSAGES.get(name, f"{name} is empty"))
    return params


def _coerce(spec: BotApiSpec, field: FieldSpec, value: Any, uploads: dict[str, Upload]) -> Any:
    if "InputFile" in field.types and isinstance(value, str) and value.startswith("attach://"):
        upload = uploads.get(value.removeprefix("attach://"))
        if upload is None:
            raise bad_request(f"file for {field.name} must be uploaded as {value!r}")
        return upload
    if isinstance(value, str):
        return _coerce_string(spec, field, value)
    errors = spec.errors(value, field.types, field.name, strict_fields=False)
    if errors:
        raise bad_request(f"can't parse {field.name}: {errors[0]}")
    return value


def _coerce_string(spec: BotApiSpec, field: FieldSpec, value: str) -> Any:
    for type_name in field.types:
        if type_name == "Integer" and _INTEGER.match(value):
            return int(value)
        if type_name == "Float":
            try:
                return float(value)
            except ValueError:
                continue
        if type_name in ("Boolean", "True") and value.lower() in _BOOLEANS:
            return _BOOLEANS[value.lower()]
        if type_name in ("String", "InputFile"):
            return value
    try:
        decoded = json.loads(value)
    except ValueError as error:
        raise bad_request(f"can't parse {field.name} JSON object") from error
    errors = spec.errors(decoded, field.types, field.name, strict_fields=False)
    if errors:
        raise bad_request(f"can't parse {field.name}: {errors[0]}")
    return decoded


def require_int(params: dict[str, Any], name: str) -> int:
    """An integer parameter, or 400 naming it."""
    value = params.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ApiError(400, f"Bad Request: {name} is empty")
    return value
