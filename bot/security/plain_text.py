"""Text with nothing invisible in it: what a reader sees is all there is.

Bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE and the rest) reorder what is shown,
so "evil", U+202E, "gpj.exe" reads as "evilexe.jpg" (the Trojan Source trick, CVE-2021-42574);
zero-width characters hide text or split words a filter looks for. Both are Unicode format
characters (category Cf), and nothing Copro shows needs one. Control characters (Cc) other
than tab and line breaks go too. The ranges are those of Unicode 14; a test checks them
against the running Python's tables.
"""

from __future__ import annotations

import re

INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891"
    "\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)


def without_invisible(text: str) -> str:
    """`text` without bidirectional controls, zero-width characters or control characters."""
    return INVISIBLE.sub("", text)
