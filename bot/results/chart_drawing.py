"""Draw phone-readable charts: 1080 px wide, large type, labels above horizontal bars.

Uses matplotlib's object API with the Agg canvas (no pyplot, no global state), so charts
can be drawn from any thread or worker. Colours are the Okabe-Ito palette, which people
with the common forms of colour blindness can tell apart.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

WIDTH_PX = 1080
DPI = 100
WIDTH = WIDTH_PX / DPI  # inches
FONT = 24  # points: about 33 px, which a phone shows at about 12 px
TITLE_FONT = 28
SMALL_FONT = 21
LINE = FONT * 1.35 / 72  # inches per line of body text
TITLE_LINE = TITLE_FONT * 1.3 / 72
SMALL_LINE = SMALL_FONT * 1.35 / 72
PAD = 0.35
MARGIN = 0.45  # inches left and right
BAR = 0.42
ROW_GAP = 0.3
WRAP_TITLE, WRAP_LABEL, WRAP_SMALL = 40, 48, 60

BLUE, ORANGE, SKY, GREEN = "#0072B2", "#E69F00", "#56B4E9", "#009E73"
VERMILLION, PURPLE, YELLOW = "#D55E00", "#CC79A7", "#F0E442"
GREY, INK, MUTED = "#BBBBBB", "#1A1A1A", "#4D4D4D"
GROUP_COLOURS = (BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION)


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its length (None: hidden) and the text at its end."""

    label: str
    value: float | None
    text: str
    colour: str = BLUE


@dataclass(frozen=True)
class Stack:
    """A bar made of segments; `hidden` is the length no segment may show on its own."""

    label: str
    segments: Sequence[tuple[float, str, str]]  # (length, colour, text)
    hidden: float = 0.0
    hidden_text: str = ""


def wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=True) or [""]


class Canvas:
    """A figure whose height follows its content, measured in inches from the top."""

    def __init__(self, title: str, subtitle: str, body: float, footer: str = "") -> None:
        self.title = wrap(title, WRAP_TITLE)
        self.subtitle = wrap(subtitle, WRAP_SMALL) if subtitle else []
        self.footer = wrap(footer, WRAP_SMALL) if footer else []
        self.head = PAD + len(self.title) * TITLE_LINE + len(self.subtitle) * SMALL_LINE + 0.25
        foot = PAD + len(self.footer) * SMALL_LINE + (0.15 if self.footer else 0)
        # a whole number of pixels, so the PNG is exactly `size`
        self.height = math.ceil((self.head + body + foot) * DPI) / DPI
        self.figure = Figure(figsize=(WIDTH, self.height), dpi=DPI, facecolor="white")
        FigureCanvasAgg(self.figure)
        self.figure.text(MARGIN / WIDTH, 1 - PAD / self.height, "\n".join(self.title),
                         fontsize=TITLE_FONT, fontweight="bold", color=INK, va="top",
                         linespacing=1.15)
        if self.subtitle:
            top = PAD + len(self.title) * TITLE_LINE + 0.05
            self.figure.text(MARGIN / WIDTH, 1 - top / self.height, "\n".join(self.subtitle),
                             fontsize=SMALL_FONT, color=MUTED, va="top")
        if self.footer:
            self.figure.text(MARGIN / WIDTH, PAD / self.height, "\n".join(self.footer),
                             fontsize=SMALL_FONT, color=MUTED, va="bottom")
        self.body = body
        self.foot = foot

    def axes(self, left: float = MARGIN, right: float = MARGIN, bottom_extra: float = 0.0):  # type: ignore[no-untyped-def]
        bottom = self.foot + bottom_extra
        ax = self.figure.add_axes((
            left / WIDTH, bottom / self.height,
            (WIDTH - left - right) / WIDTH, (self.body - bottom_extra) / self.height,
        ))
        for spine in ax.spines.values():
            spine.set_visible(False)
        return ax

    def png(self) -> bytes:
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=DPI, facecolor="white")
        return buffer.getvalue()

    @property
    def size(self) -> tuple[int, int]:
        return WIDTH_PX, round(self.height * DPI)


def _legend(ax, items: Sequence[tuple[str, str]]) -> float:  # type: ignore[no-untyped-def]
    """Coloured squares with names along the top; returns the height they take (inches)."""
    if not items:
        return 0.0
    handles = [Patch(facecolor=c, label=n) for n, c in items]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=1 if len(
        items) > 3 else len(items), frameon=False, fontsize=SMALL_FONT, handlelength=1.0,
        borderaxespad=0.1, columnspacing=1.2)
    rows = len(items) if len(items) > 3 else 1
    return rows * SMALL_LINE + 0.1


def text_width(text: str, size: float = FONT) -> float:
    """Roughly how wide `text` is in inches (DejaVu Sans averages 0.6 em a character)."""
    return len(text) * 0.6 * size / 72


def _scale_to_fit(items: Sequence[tuple[float | None, str]], width: float, size: float,
                  least: float) -> float:
    """The x-axis length that leaves room for each bar's figure after it."""
    longest = max((v or 0 for v, _ in items), default=0) or 1
    scale = longest / least
    for value, text in items:
        room = width - text_width(text, size) - 0.2
        if value and room > 0.5:
            scale = max(scale, value * width / room)
    return scale


def _row_heights(labels: Sequence[str], bars_per_row: int) -> list[float]:
    return [len(wrap(label, WRAP_LABEL)) * LINE + bars_per_row * BAR + ROW_GAP for label in labels]


def bars(title: str, subtitle: str, rows: Sequence[Bar], footer: str = "") -> Canvas:
    """Horizontal bars, each under its label, with its figure at the end."""
    heights = _row_heights([r.label for r in rows], 1)
    canvas = Canvas(title, subtitle, sum(heights) or LINE, footer)
    ax = canvas.axes()
    top_value = _scale_to_fit([(r.value, r.text) for r in rows], WIDTH - 2 * MARGIN, FONT, 0.9)
    ax.set_xlim(0, top_value)
    ax.set_ylim(sum(heights) or LINE, 0)
    y = 0.0
    for row, height in zip(rows, heights, strict=True):
        lines = wrap(row.label, WRAP_LABEL)
        ax.text(0, y, "\n".join(lines), fontsize=FONT, color=INK, va="top", linespacing=1.1)
        centre = y + len(lines) * LINE + BAR / 2
        _bar(ax, centre, row.value, row.text, row.colour, top_value)
        y += height
    _clean(ax)
    return canvas


def grouped_bars(
    title: str,
    subtitle: str,
    labels: Sequence[str],
    groups: Sequence[tuple[str, str]],  # (name, colour)
    values: Sequence[Sequence[tuple[float | None, str]]],  # per label, per group
    footer: str = "",
) -> Canvas:
    """For each label, one thinner bar per group, in the groups' colours."""
    heights = _row_heights(labels, len(groups))
    legend = len(groups) * SMALL_LINE + 0.1 if len(groups) > 3 else SMALL_LINE + 0.1
    canvas = Canvas(title, subtitle, sum(heights) + legend, footer)
    ax = canvas.axes()
    ax.set_position((MARGIN / WIDTH, canvas.foot / canvas.height,
                     (WIDTH - 2 * MARGIN) / WIDTH, sum(heights) / canvas.height))
    _legend(ax, groups)
    top_value = _scale_to_fit([item for row in values for item in row], WIDTH - 2 * MARGIN,
                              SMALL_FONT, 0.9)
    ax.set_xlim(0, top_value)
    ax.set_ylim(sum(heights), 0)
    y = 0.0
    for label, row, height in zip(labels, values, heights, strict=True):
        lines = wrap(label, WRAP_LABEL)
        ax.text(0, y, "\n".join(lines), fontsize=FONT, color=INK, va="top", linespacing=1.1)
        centre = y + len(lines) * LINE + BAR / 2
        for (value, text), (_, colour) in zip(row, groups, strict=True):
            _bar(ax, centre, value, text, colour, top_value, height=BAR * 0.9)
            centre += BAR
        y += height
    _clean(ax)
    return canvas


def stacked_bars(
    title: str,
    subtitle: str,
    rows: Sequence[Stack],
    legend: Sequence[tuple[str, str]],
    footer: str = "",
) -> Canvas:
    """One bar per row, cut into coloured segments; hidden parts are hatched grey."""
    heights = _row_heights([r.label for r in rows], 1)
    legend_height = SMALL_LINE + 0.1
    canvas = Canvas(title, subtitle, sum(heights) + legend_height, footer)
    ax = canvas.axes()
    ax.set_position((MARGIN / WIDTH, canvas.foot / canvas.height,
                     (WIDTH - 2 * MARGIN) / WIDTH, sum(heights) / canvas.height))
    _legend(ax, legend)
    top_value = max((sum(s[0] for s in r.segments) + r.hidden for r in rows), default=0) or 1
    ax.set_xlim(0, top_value / 0.97)
    ax.set_ylim(sum(heights), 0)
    y = 0.0
    for row, height in zip(rows, heights, strict=True):
        lines = wrap(row.label, WRAP_LABEL)
        ax.text(0, y, "\n".join(lines), fontsize=FONT, color=INK, va="top", linespacing=1.1)
        centre = y + len(lines) * LINE + BAR / 2
        left = 0.0
        for length, colour, text in row.segments:
            if length <= 0:
                continue
            ax.barh(centre, length, left=left, height=BAR, color=colour, edgecolor="white")
            if length / top_value > 0.07:
                ax.text(left + length / 2, centre, text, fontsize=SMALL_FONT, va="center",
                        ha="center", color="white" if colour in (BLUE, VERMILLION) else INK)
            left += length
        if row.hidden > 0:
            ax.barh(centre, row.hidden, left=left, height=BAR, color="white",
                    edgecolor=MUTED, hatch="//")
            if row.hidden / top_value > 0.15:
                ax.text(left + row.hidden / 2, centre, row.hidden_text, fontsize=SMALL_FONT,
                        va="center", ha="center", color=INK,
                        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
        y += height
    _clean(ax)
    return canvas


def columns(
    title: str,
    subtitle: str,
    ticks: Sequence[str],
    values: Sequence[float | None],
    texts: Sequence[str],
    footer: str = "",
) -> Canvas:
    """Vertical bars (a scale's histogram), each with its figure above it."""
    tick_lines = max(len(t.split("\n")) for t in ticks) if ticks else 1
    body = 5.6
    canvas = Canvas(title, subtitle, body, footer)
    ax = canvas.axes(left=MARGIN, right=MARGIN, bottom_extra=tick_lines * LINE + 0.15)
    top_value = max((v or 0 for v in values), default=0) or 1
    positions = list(range(len(values)))
    for x, value, text in zip(positions, values, texts, strict=True):
        if value is None:
            ax.text(x, top_value * 0.04, text, fontsize=SMALL_FONT, ha="center", va="bottom",
                    color=MUTED, style="italic", rotation=90)
            continue
        ax.bar(x, value, width=0.72, color=BLUE)
        ax.text(x, value + top_value * 0.03, text, fontsize=FONT, ha="center", va="bottom",
                color=INK)
    ax.set_xticks(positions, list(ticks), fontsize=FONT, color=INK)
    ax.tick_params(axis="x", length=0, pad=8)
    ax.set_yticks([])
    ax.set_ylim(0, top_value * 1.3)
    ax.set_xlim(-0.6, len(values) - 0.4)
    ax.axhline(0, color=MUTED, linewidth=1.5)
    return canvas


def _bar(ax, centre: float, value: float | None, text: str, colour: str,  # type: ignore[no-untyped-def]
         top_value: float, height: float = BAR) -> None:
    if value is None:
        ax.text(0, centre, text, fontsize=SMALL_FONT, va="center", color=MUTED,
                style="italic")
        return
    ax.barh(centre, value, height=height, color=colour)
    ax.text(value + top_value * 0.015, centre, text, fontsize=SMALL_FONT if height < BAR
            else FONT, va="center", color=INK)


def _clean(ax) -> None:  # type: ignore[no-untyped-def]
    ax.set_xticks([])
    ax.set_yticks([])
