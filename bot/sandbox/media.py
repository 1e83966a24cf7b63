"""Turns a file parameter (an upload, a file_id, or a URL) into a stored file."""

from __future__ import annotations

import mimetypes
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from bot.sandbox.errors import bad_request
from bot.sandbox.files import StoredFile, is_image, placeholder_png
from bot.sandbox.params import Upload

if TYPE_CHECKING:
    from bot.sandbox.core import Sandbox

_GENERIC_TYPES = ("", "application/octet-stream")


def input_file(sandbox: Sandbox, value: Any, kind: str) -> StoredFile:
    """Store an upload, look up a file_id, or stand in for a URL (the sandbox is offline)."""
    if isinstance(value, Upload):
        data, name, mime = value.data, value.filename, value.content_type
    elif isinstance(value, str) and sandbox.files.get(value) is not None:
        return sandbox.files.get(value)  # type: ignore[return-value]
    elif isinstance(value, str) and value.startswith(("http://", "https://")):
        name = urlparse(value).path.rsplit("/", 1)[-1] or f"{kind}.bin"
        data = placeholder_png() if kind == "photo" else b""
        mime = ""
    else:
        raise bad_request("wrong file identifier/HTTP URL specified")
    if kind == "photo" and not is_image(data):
        raise bad_request("IMAGE_PROCESS_FAILED")
    if mime in _GENERIC_TYPES:
        mime = mimetypes.guess_type(name)[0] or ""
    return sandbox.files.add(data, kind, name, mime)
