"""The results as a PDF: a cover page with who took part, then one chart a page."""

from __future__ import annotations

from pathlib import Path

from matplotlib.backends.backend_pdf import PdfPages

from bot.results import chart_drawing as draw
from bot.results.charts import question_canvases
from bot.results.labels import count_text, label
from bot.results.model import Results


def write_pdf(results: Results, language: str, path: Path) -> int:
    """Write the PDF; returns how many pages it has. Charts are vector, text stays text."""
    pages = 0
    with PdfPages(path, metadata={"Title": results.title.get(language), "Creator": "Copro"}) as pdf:
        pdf.savefig(_cover(results, language).figure)
        pages += 1
        for round_ in results.rounds:
            for question in round_.questions:
                for _kind, canvas, _alt in question_canvases(results, question, language):
                    pdf.savefig(canvas.figure)
                    canvas.figure.clear()
                    pages += 1
    return pages


def _cover(results: Results, language: str) -> draw.Canvas:
    k = results.min_group
    lines = []
    for round_ in results.rounds:
        lines.append(f"{label('round', language)}: {round_.title.get(language)}")
        lines.append(f"  {label('respondents', language)}: "
                     f"{count_text(round_.respondents, language, k)}")
        lines.append(f"  {label('completed', language)}: "
                     f"{count_text(round_.completed, language, k)}")
    body = max(len(lines), 1) * draw.LINE + 0.5
    canvas = draw.Canvas(results.title.get(language), label("report", language), body,
                         label("hidden_note", language, n=k))
    canvas.figure.text(draw.MARGIN / draw.WIDTH, 1 - (canvas.head + 0.1) / canvas.height,
                       "\n".join(lines), fontsize=draw.FONT, va="top", color=draw.INK,
                       linespacing=1.3)
    return canvas
