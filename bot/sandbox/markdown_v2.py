"""Parses Telegram's MarkdownV2, including its rule that reserved characters must be escaped."""

from __future__ import annotations

from typing import Any

from bot.sandbox.errors import bad_request
from bot.sandbox.objects import utf16_len

_RESERVED = set("_*[]()~`>#+-=|{}.!")
_MARKERS = (
    ("||", "spoiler"),
    ("__", "underline"),
    ("*", "bold"),
    ("_", "italic"),
    ("~", "strikethrough"),
)


def parse_markdown_v2(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and entities; a 400 like Telegram's for an unescaped reserved character."""
    out: list[str] = []
    entities: list[dict[str, Any]] = []
    open_marks: list[tuple[str, str, int]] = []
    offset = 0
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            out.append(text[index + 1])
            offset += utf16_len(text[index + 1])
            index += 2
            continue
        if text.startswith("```", index):
            end = text.find("```", index + 3)
            if end < 0:
                raise bad_request("can't parse entities: Can't find end of pre entity")
            body = text[index + 3 : end]
            language, _, code = body.partition("\n") if "\n" in body else ("", "", body)
            entity: dict[str, Any] = {"type": "pre", "offset": offset, "length": utf16_len(code)}
            if language.strip():
                entity["language"] = language.strip()
            entities.append(entity)
            out.append(code)
            offset += utf16_len(code)
            index = end + 3
            continue
        if char == "`":
            end = text.find("`", index + 1)
            if end < 0:
                raise bad_request("can't parse entities: Can't find end of code entity")
            code = text[index + 1 : end].replace("\\`", "`").replace("\\\\", "\\")
            entities.append({"type": "code", "offset": offset, "length": utf16_len(code)})
            out.append(code)
            offset += utf16_len(code)
            index = end + 1
            continue
        if char == "[":
            open_marks.append(("[", "text_link", offset))
            index += 1
            continue
        if char == "]" and open_marks and open_marks[-1][0] == "[":
            close = text.find(")", index)
            if not text.startswith("(", index + 1) or close < 0:
                raise bad_request("can't parse entities: Can't find end of a URL")
            _, _, start = open_marks.pop()
            url = text[index + 2 : close].replace("\\)", ")").replace("\\\\", "\\")
            entities.append(
                {"type": "text_link", "offset": start, "length": offset - start, "url": url}
            )
            index = close + 1
            continue
        marker = next(((m, kind) for m, kind in _MARKERS if text.startswith(m, index)), None)
        if marker is not None:
            mark, kind = marker
            if open_marks and open_marks[-1][0] == mark:
                _, _, start = open_marks.pop()
                if offset > start:
                    entities.append({"type": kind, "offset": start, "length": offset - start})
            else:
                open_marks.append((mark, kind, offset))
            index += len(mark)
            continue
        if char in _RESERVED:
            raise bad_request(
                f"can't parse entities: Character '{char}' is reserved and must be escaped "
                "with the preceding '\\'"
            )
        out.append(char)
        offset += utf16_len(char)
        index += 1
    if open_marks:
        raise bad_request(f"can't parse entities: Can't find end of {open_marks[-1][1]} entity")
    return "".join(out), sorted(entities, key=lambda e: e["offset"])
