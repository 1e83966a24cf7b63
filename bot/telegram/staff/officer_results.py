"""`/results` (a summary, then charts with their alt text as captions) and `/export`."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.conversation.extensions import ChatContext
from bot.messaging import actions as out
from bot.results import Results, RoundResult, build_results
from bot.results.labels import count_text, label
from bot.telegram.staff.officer_parsing import caption, key_of, slug_of
from bot.telegram.staff.officer_support import OfficerTools

if TYPE_CHECKING:
    from bot.results.charts import Chart

log = logging.getLogger(__name__)
MAX_CHARTS = 30
MAX_DOCUMENT_BYTES = 45 * 1024 * 1024
"""Bots may send files up to 50 MB."""
EXPORTS = {"csv": "csv", "xlsx": "xlsx", "jsonl": "jsonl", "polis": "csv"}


class ResultCommands:
    def __init__(self, tools: OfficerTools) -> None:
        self.tools = tools

    async def results(self, ctx: ChatContext, argument: str) -> list[out.Action]:
        """`/results SLUG [ROUND]`: who took part, then every chart as a photo."""
        tools = self.tools
        parts = argument.split()
        if not 1 <= len(parts) <= 2 or slug_of(parts[0]) is None:
            return [tools.say(ctx, "officer_usage_results")]
        slug = str(slug_of(parts[0]))
        stored = await tools.stored(slug)
        if stored is None:
            return [tools.say(ctx, "officer_no_consultation", slug=slug)]
        key = key_of(parts[1]) if len(parts) == 2 else None
        if len(parts) == 2 and key not in stored.round_ids:
            keys = ", ".join(r.key for r in stored.consultation.rounds)
            return [tools.say(ctx, "officer_no_round", slug=slug, round=parts[1][:40],
                              rounds=keys)]
        now, zone = tools.now(), tools.services.settings.zone
        language = ctx.language

        # Charts load matplotlib: only a process asked for results pays for it.
        from bot.results.charts import build_charts

        def build(uow: Any) -> tuple[Results, list[Chart]]:
            results = build_results(uow, slug, key, now, zone,
                                    themes_dir=tools.services.settings.themes_dir)
            return results, build_charts(results, language)

        results, charts = await tools.reading(build)
        actions = tools.long(ctx, self._summary(ctx, results, len(charts)))
        for chart in charts[:MAX_CHARTS]:
            actions.append(out.SendPhoto(ctx.chat_id, chart.png, caption(chart.alt)))
        if len(charts) > MAX_CHARTS:
            actions.append(tools.say(ctx, "officer_results_more", n=len(charts) - MAX_CHARTS,
                                     slug=slug))
        return actions

    def _summary(self, ctx: ChatContext, results: Results, charts: int) -> str:
        tools, language = self.tools, ctx.language
        k = results.min_group
        lines = [tools.t(ctx, "officer_results_heading", title=results.title.get(language),
                         when=tools.moment(ctx, results.generated_at))]
        for round_ in results.rounds:
            lines.append("")
            lines.append(self._round(ctx, round_, k))
            waiting = sum(q.text.waiting for q in round_.questions if q.text is not None)
            if waiting:
                lines.append(tools.t(ctx, "officer_results_waiting", n=waiting))
            hidden = [q for q in round_.questions if q.hidden and q.respondents.value != 0]
            if hidden:
                lines.append(tools.t(ctx, "officer_results_questions_hidden", n=len(hidden), k=k))
        lines.append("")
        lines.append(label("hidden_note", language, n=k))
        key = "officer_results_charts" if charts else "officer_results_no_charts"
        lines.append(tools.t(ctx, key, n=charts))
        return "\n".join(lines)

    def _round(self, ctx: ChatContext, round_: RoundResult, k: int) -> str:
        tools, language = self.tools, ctx.language
        title = round_.title.get(language)
        if round_.respondents.value == 0:
            return tools.t(ctx, "officer_results_round_empty", round=title)
        text = tools.t(ctx, "officer_results_round", round=title,
                       people=count_text(round_.respondents, language, k),
                       completed=count_text(round_.completed, language, k))
        roles = next((b for b in round_.breakdowns if b.by == "role"), None)
        if roles is not None and roles.groups:
            groups = "; ".join(
                f"{g.label.get(language)}: {count_text(g.respondents, language, k)}"
                for g in roles.groups
            )
            text += "\n" + tools.t(ctx, "officer_results_groups", groups=groups)
        return text

    async def export(self, ctx: ChatContext, argument: str) -> list[out.Action]:
        """`/export SLUG [csv|xlsx|jsonl|polis]`: pseudonymised, redacted, as a document."""
        tools = self.tools
        parts = argument.split()
        if not 1 <= len(parts) <= 2 or slug_of(parts[0]) is None:
            return [tools.say(ctx, "officer_usage_export")]
        slug = str(slug_of(parts[0]))
        export_format = parts[1].lower() if len(parts) == 2 else "csv"
        if export_format not in EXPORTS:
            return [tools.say(ctx, "officer_usage_export")]
        if await tools.stored(slug) is None:
            return [tools.say(ctx, "officer_no_consultation", slug=slug)]
        suffix = "-polis-comments" if export_format == "polis" else "-answers"
        filename = f"{slug}{suffix}.{EXPORTS[export_format]}"

        def run() -> tuple[bytes | None, int]:
            with tempfile.TemporaryDirectory(prefix="copro-export-") as folder:
                path = Path(folder) / filename
                done = tools.services.exports.export(slug, export_format, path, actor=ctx.user_id)
                if path.stat().st_size > MAX_DOCUMENT_BYTES:
                    return None, done.rows
                return path.read_bytes(), done.rows

        content, rows = await tools.call(run)
        if content is None:
            return [tools.say(ctx, "officer_export_too_big", slug=slug, format=export_format)]
        return [out.SendDocument(ctx.chat_id, filename, content,
                                 tools.t(ctx, "officer_export_caption", slug=slug,
                                         rows=tools.t(ctx, "officer_count_rows", n=rows)))]
