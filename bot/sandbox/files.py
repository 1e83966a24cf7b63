"""Stores the files that pass through the sandbox, with Telegram-shaped identifiers."""

from __future__ import annotations

import mimetypes
import secrets
import struct
import zlib
from dataclasses import dataclass
from typing import Any


def placeholder_png(
    width: int = 64, height: int = 64, rgb: tuple[int, int, int] = (46, 125, 50)
) -> bytes:
    """A valid solid-colour PNG, for photos injected without bytes."""
    raw = zlib.compress((b"\x00" + bytes(rgb) * width) * height)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunks = [_png_chunk(b"IHDR", header), _png_chunk(b"IDAT", raw), _png_chunk(b"IEND", b"")]
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


@dataclass(frozen=True)
class StoredFile:
    """One file, as getFile describes it, with its bytes."""

    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    file_name: str
    mime_type: str
    width: int = 0
    height: int = 0

    def as_file(self) -> dict[str, Any]:
        """The Bot API File object."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }

    def as_photo(self) -> list[dict[str, Any]]:
        """The Bot API photo field: an array of PhotoSize."""
        return [
            {
                "file_id": self.file_id,
                "file_unique_id": self.file_unique_id,
                "width": self.width,
                "height": self.height,
                "file_size": len(self.data),
            }
        ]

    def as_document(self) -> dict[str, Any]:
        """The Bot API Document object."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_name": self.file_name,
            "mime_type": self.mime_type,
            "file_size": len(self.data),
        }


class FileStore:
    """Files by file_id and by file_path."""

    def __init__(self) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}
        self._counter = 0

    def add(self, data: bytes, kind: str, file_name: str = "", mime_type: str = "") -> StoredFile:
        """Store bytes and give them a new file_id."""
        self._counter += 1
        guessed = mimetypes.guess_type(file_name)[0] if file_name else None
        mime = mime_type or guessed or "application/octet-stream"
        extension = mimetypes.guess_extension(mime) or ".bin"
        name = file_name or f"file_{self._counter}{extension}"
        width, height = image_size(data)
        stored = StoredFile(
            file_id=f"SBX{kind[:2].upper()}{self._counter}_{secrets.token_urlsafe(16)}",
            file_unique_id=f"sbx{self._counter}",
            file_path=f"{kind}s/file_{self._counter}{_suffix(name, extension)}",
            data=data,
            file_name=name,
            mime_type=mime,
            width=width,
            height=height,
        )
        self._by_id[stored.file_id] = stored
        self._by_path[stored.file_path] = stored
        return stored

    def put(self, stored: StoredFile) -> None:
        """Keep a file as it was (restored after a restart); new files number after it."""
        self._by_id[stored.file_id] = stored
        self._by_path[stored.file_path] = stored
        number = stored.file_unique_id.removeprefix("sbx")
        if number.isdigit():
            self._counter = max(self._counter, int(number))

    def stored(self) -> list[StoredFile]:
        """Every file, oldest first."""
        return list(self._by_id.values())

    def get(self, file_id: str) -> StoredFile | None:
        """The file with this file_id, if any."""
        return self._by_id.get(file_id)

    def by_path(self, file_path: str) -> StoredFile | None:
        """The file at this download path, if any."""
        return self._by_path.get(file_path)


def _suffix(name: str, fallback: str) -> str:
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else fallback


def is_image(data: bytes) -> bool:
    """Whether the bytes start like an image Telegram accepts as a photo."""
    return data.startswith((b"\x89PNG", b"GIF8", b"\xff\xd8", b"BM")) or (
        data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    )


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, GIF or JPEG image; (1, 1) when it cannot tell."""
    if data.startswith(b"\x89PNG") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:4] == b"GIF8" and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    return 1, 1


def _jpeg_size(data: bytes) -> tuple[int, int]:
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            index += 1
            continue
        marker = data[index + 1]
        length = int.from_bytes(data[index + 2 : index + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return int(width), int(height)
        index += 2 + length
    return 1, 1
