"""Draw a poster plan on an A4 page: PDF, SVG or PNG, with every word kept as text.

The codes are vector squares (sharp at any print size), with the four-module quiet zone
scanners need. matplotlib's object API, no pyplot: no global state.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from bot.posters import FORMATS
from bot.posters.plan import Code, PosterPlan, qr_modules

A4 = (8.27, 11.69)  # inches, portrait
QUIET = 4  # modules of white around a code
INK = "#1A1A1A"
COLUMN_INCHES = 3.4  # an address this wide at most, leaving a gap between the two
CENTRES = (0.27, 0.73)


def draw_poster(plan: PosterPlan) -> Figure:
    """The poster as a figure (one page)."""
    figure = Figure(figsize=A4)
    y = 0.95
    for n, title in enumerate(plan.titles):
        size, style = (28, "normal") if n == 0 else (22, "italic")
        text = textwrap.fill(title, 30 if n == 0 else 36)
        figure.text(0.5, y, text, ha="center", va="top", fontsize=size, fontweight="bold",
                    style=style, color=INK)
        y -= (text.count("\n") + 1) * size * 1.35 / 72 / A4[1] + 0.015
    for centre, code in zip(CENTRES, plan.codes, strict=True):
        _draw_code(figure, centre, min(y - 0.03, 0.80), code)
    return figure


def _draw_code(figure: Figure, centre: float, top: float, code: Code) -> None:
    headings = "\n".join(code.headings)
    figure.text(centre, top, headings, ha="center", va="top", fontsize=17, fontweight="bold",
                color=INK, linespacing=1.4)
    side = 0.40 * A4[0] / A4[1]  # the code's height as a share of the page
    code_top = top - len(code.headings) * 17 * 1.5 / 72 / A4[1] - 0.01
    axes = figure.add_axes((centre - 0.20, code_top - side, 0.40, side))
    axes.set_gid(code.gid)
    axes.set_axis_off()
    modules = qr_modules(code.payload)
    size = len(modules)
    squares = [Rectangle((x, y), 1, 1) for y, row in enumerate(modules)
               for x, dark in enumerate(row) if dark]
    axes.add_collection(PatchCollection(squares, facecolor="black", edgecolor="none",
                                        antialiased=False))
    axes.set_xlim(-QUIET, size + QUIET)
    axes.set_ylim(size + QUIET, -QUIET)
    axes.set_aspect("equal")
    address_size = min(12.0, COLUMN_INCHES * 72 / (0.6 * len(code.payload)))
    address_y = code_top - side - 0.012
    figure.text(centre, address_y, code.payload, ha="center", va="top", family="monospace",
                fontsize=address_size, color=INK, url=code.payload)
    helps = "\n\n".join(textwrap.fill(words, 44) for words in code.helps)
    figure.text(centre, address_y - 0.035, helps, ha="center", va="top", fontsize=11,
                color=INK, linespacing=1.3)


def write_poster(plan: PosterPlan, path: Path) -> None:
    """Save the poster in the format its suffix names (.pdf, .svg or .png)."""
    kind = path.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise ValueError(f"a poster is a .pdf, .svg or .png file, not {path.name}")
    figure = draw_poster(plan)
    with matplotlib.rc_context({"svg.fonttype": "none", "pdf.fonttype": 42}):
        metadata = {"Title": plan.titles[0], "Creator": "Copro"} if kind == "pdf" else None
        figure.savefig(path, format=kind, dpi=300, metadata=metadata)
