"""Turns parse_mode text (HTML, MarkdownV2) into plain text and entities, as Telegram does."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from bot.sandbox.errors import bad_request
from bot.sandbox.markdown_v2 import parse_markdown_v2
from bot.sandbox.objects import utf16_len

_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "code": "code",
    "pre": "pre",
    "tg-spoiler": "spoiler",
    "blockquote": "blockquote",
}


def apply_parse_mode(
    text: str, parse_mode: str | None, entities: list[dict[str, Any]] | None
) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and its entities; explicit entities win over parse_mode, as in Telegram."""
    if entities:
        return text, entities
    mode = (parse_mode or "").lower()
    if mode == "html":
        return parse_html(text)
    if mode == "markdownv2":
        return parse_markdown_v2(text)
    if mode in ("", "markdown"):
        return text, []
    raise bad_request(f"unsupported parse_mode {parse_mode}")


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Telegram's HTML style: the supported tags become entities, others are a 400."""
    parser = _TelegramHtml()
    parser.feed(text)
    parser.close()
    if parser.open_tags:
        tag = parser.open_tags[-1][0]
        raise bad_request(
            f"can't parse entities: Can't find end tag corresponding to start tag \"{tag}\""
        )
    return "".join(parser.parts), sorted(parser.entities, key=lambda e: e["offset"])


class _TelegramHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.entities: list[dict[str, Any]] = []
        self.open_tags: list[tuple[str, int, dict[str, Any]]] = []
        self._offset = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        entity: dict[str, Any]
        if tag in _SIMPLE_TAGS:
            entity = {"type": _SIMPLE_TAGS[tag]}
            if tag == "blockquote" and "expandable" in attributes:
                entity["type"] = "expandable_blockquote"
        elif tag == "span" and attributes.get("class") == "tg-spoiler":
            entity = {"type": "spoiler"}
        elif tag == "a" and attributes.get("href"):
            entity = {"type": "text_link", "url": attributes["href"]}
        else:
            raise bad_request(f'can\'t parse entities: Unsupported start tag "{tag}"')
        if tag == "code" and self.open_tags and self.open_tags[-1][0] == "pre":
            language = (attributes.get("class") or "").removeprefix("language-")
            if language:
                self.open_tags[-1][2]["language"] = language
            entity = {}
        self.open_tags.append((tag, self._offset, entity))

    def handle_endtag(self, tag: str) -> None:
        if not self.open_tags or self.open_tags[-1][0] != tag:
            raise bad_request(f'can\'t parse entities: Unmatched end tag "{tag}"')
        _, start, entity = self.open_tags.pop()
        if entity and self._offset > start:
            self.entities.append({**entity, "offset": start, "length": self._offset - start})

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        self._offset += utf16_len(data)
