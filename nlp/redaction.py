"""Merge personal data spans and replace them with placeholders such as ``[EMAIL]``."""

from __future__ import annotations

Span = tuple[str, int, int]  # (label, start char, end char)

# when two kinds overlap, the span takes the first kind in this order
PRIORITY = ("URL", "EMAIL", "PHONE", "NI_NUMBER", "DATE_OF_BIRTH", "VEHICLE", "ADDRESS",
            "POSTCODE", "HANDLE", "NAME")


def _rank(label: str) -> int:
    return PRIORITY.index(label) if label in PRIORITY else len(PRIORITY)


def merge_spans(spans: list[Span]) -> list[Span]:
    """Sorted, non-overlapping spans; overlapping ones are joined under the stronger label."""
    merged: list[Span] = []
    for label, start, end in sorted(spans, key=lambda s: (s[1], -s[2])):
        if start >= end:
            continue
        if merged and start < merged[-1][2]:
            last_label, last_start, last_end = merged[-1]
            best = min(last_label, label, key=_rank)
            merged[-1] = (best, last_start, max(last_end, end))
        else:
            merged.append((label, start, end))
    return merged


def redact(text: str, spans: list[Span]) -> str:
    """`text` with each merged span replaced by ``[LABEL]``."""
    parts: list[str] = []
    cursor = 0
    for label, start, end in merge_spans(spans):
        parts.append(text[cursor:start])
        parts.append(f"[{label}]")
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)
