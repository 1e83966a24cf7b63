"""parse_mode handling: Telegram's HTML and MarkdownV2 become plain text plus entities."""

from __future__ import annotations

import pytest

from bot.sandbox.errors import ApiError
from bot.sandbox.formatting import apply_parse_mode


def test_html_tags_become_entities_with_utf16_offsets() -> None:
    text, entities = apply_parse_mode('😀 <a href="https://x.org">link</a>', "HTML", None)
    assert text == "😀 link"
    assert entities == [{"type": "text_link", "url": "https://x.org", "offset": 3, "length": 4}]


def test_html_pre_with_a_language() -> None:
    _, entities = apply_parse_mode(
        '<pre><code class="language-py">x = 1</code></pre>', "HTML", None
    )
    assert entities == [{"type": "pre", "language": "py", "offset": 0, "length": 5}]


def test_markdown_v2_marks_and_escapes() -> None:
    text, entities = apply_parse_mode(
        r"*bold* _it_ __under__ \. [go](https://x.org)", "MarkdownV2", None
    )
    assert text == "bold it under . go"
    assert [e["type"] for e in entities] == ["bold", "italic", "underline", "text_link"]


@pytest.mark.parametrize(
    ("text", "mode"),
    [("<b>open", "HTML"), ("<b>x</i>", "HTML"), ("1 + 1", "MarkdownV2"), ("*open", "MarkdownV2")],
)
def test_malformed_markup_is_a_400(text: str, mode: str) -> None:
    with pytest.raises(ApiError) as error:
        apply_parse_mode(text, mode, None)
    assert error.value.status == 400
    assert error.value.description.startswith("Bad Request: can't parse entities")


def test_explicit_entities_win_and_no_mode_leaves_text_alone() -> None:
    entities = [{"type": "bold", "offset": 0, "length": 1}]
    assert apply_parse_mode("<b>", "HTML", entities) == ("<b>", entities)
    assert apply_parse_mode("*a*", None, None) == ("*a*", [])
