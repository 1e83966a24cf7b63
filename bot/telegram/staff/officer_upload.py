"""An officer sends a consultation file: every problem listed, or an import after a tap.

The file's text waits in the officer's prompt (not its Telegram file id) and is checked
again when the button is tapped, in the transaction that imports it
(`bot.services.uploads`).
"""

from __future__ import annotations

import logging
from typing import Any

from bot.consultations import ConsultationFile, ConsultationInvalid, Problem, load_text, readiness
from bot.conversation.extensions import ChatContext
from bot.conversation.incoming import IncomingDocument
from bot.messaging import actions as out
from bot.security.log_pseudonyms import person_in_logs
from bot.services.uploads import UploadOutcome
from bot.telegram.staff.officer_parsing import Tap, encode_tap, new_token
from bot.telegram.staff.officer_support import IMPORT_KIND, OfficerTools

log = logging.getLogger(__name__)
MAX_FILE_BYTES = 200_000
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")


def is_consultation_file(document: IncomingDocument) -> bool:
    name = (document.file_name or "").lower()
    return name.endswith((".yaml", ".yml")) or (document.mime_type or "") in YAML_TYPES


class Upload:
    def __init__(self, tools: OfficerTools) -> None:
        self.tools = tools
        self.uploads = tools.services.uploads

    async def document(self, ctx: ChatContext, document: IncomingDocument) -> list[out.Action]:
        tools = self.tools
        name = (document.file_name or "consultation.yaml")[:100]
        if document.file_size is not None and document.file_size > MAX_FILE_BYTES:
            return [tools.say(ctx, "officer_file_too_big", name=name, max=MAX_FILE_BYTES // 1000)]
        if ctx.download is None:
            return [tools.say(ctx, "officer_file_unreadable", name=name)]
        try:
            data = await ctx.download(document.file_id)
        except Exception:
            log.exception("officer.download_failed", extra={"staff": person_in_logs(ctx.user_id)})
            return [tools.say(ctx, "officer_file_unreadable", name=name)]
        if len(data) > MAX_FILE_BYTES:
            return [tools.say(ctx, "officer_file_too_big", name=name, max=MAX_FILE_BYTES // 1000)]
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return [tools.say(ctx, "officer_file_not_text", name=name)]
        try:
            loaded = await tools.call(load_text, text, tools.services.settings.zone)
        except ConsultationInvalid as invalid:
            return self._problems(ctx, name, invalid)
        states = readiness.starting_states(loaded.consultation)
        refused = readiness.import_problems(loaded.consultation, states)
        if refused:  # a dated round would go live without what a live round needs
            return self._problems(ctx, name, ConsultationInvalid(refused))
        return await self._offer(ctx, name, text, loaded)

    def _problems(self, ctx: ChatContext, name: str, invalid: ConsultationInvalid
                  ) -> list[out.Action]:
        tools = self.tools
        count = len(invalid.problems)
        key = "officer_file_problem" if count == 1 else "officer_file_problems"
        lines = [tools.t(ctx, key, name=name, n=count)]
        lines += [problem_line(tools, ctx, problem) for problem in invalid.problems]
        lines.append(tools.t(ctx, "officer_file_fix"))
        return tools.long(ctx, "\n".join(lines))

    async def _offer(self, ctx: ChatContext, name: str, text: str, loaded: ConsultationFile
                     ) -> list[out.Action]:
        tools = self.tools
        consultation = loaded.consultation
        slug = consultation.slug

        def state(uow: Any) -> tuple[bool, bool]:
            row = uow.consultations.get(slug)
            return row is not None, row is not None and uow.consultations.has_answers(row.id)

        exists, answered = await tools.reading(state)
        title = consultation.title.get(ctx.language)
        if answered:
            return [tools.say(ctx, "officer_import_has_answers", slug=slug, title=title)]
        questions = sum(len(r.questions) for r in consultation.rounds)
        languages = ", ".join(tools.t(ctx, f"officer_language_{x}")
                              for x in consultation.languages)
        token = new_token()
        await tools.put_prompt(ctx.user_id, IMPORT_KIND, {"token": token, "text": text,
                                                          "name": name})
        buttons = ((
            (tools.t(ctx, "officer_import_yes"), encode_tap("i", token, "yes")),
            (tools.t(ctx, "officer_cancel"), encode_tap("i", token, "no")),
        ),)
        key = "officer_import_update" if exists else "officer_import_new"
        offer = tools.t(ctx, key, name=name, slug=slug, title=title,
                        rounds=tools.t(ctx, "officer_count_rounds", n=len(consultation.rounds)),
                        questions=tools.t(ctx, "officer_count_questions", n=questions),
                        languages=languages)
        message = "\n\n".join([offer, *self._draft_notes(ctx, loaded)])
        return [out.SendText(ctx.chat_id, message, buttons)]

    def _draft_notes(self, ctx: ChatContext, loaded: ConsultationFile) -> list[str]:
        """That the import will be a draft and how to open it; what it lacks to open."""
        tools, consultation = self.tools, loaded.consultation
        states = readiness.starting_states(consultation)
        notes = []
        drafts = readiness.drafts(states)
        if drafts:
            notes.append(tools.t(ctx, "officer_import_draft_note", slug=consultation.slug,
                                 rounds=", ".join(drafts)))
        notes += [tools.t(ctx, "officer_import_warning", warning=problem_line(tools, ctx, w, ""))
                  for w in readiness.import_warnings(consultation, states)]
        return notes

    async def reply(self, ctx: ChatContext, kind: str, payload: dict[str, Any],
                    text: str) -> list[out.Action]:
        return [self.tools.say(ctx, "officer_tap_a_button")]

    async def tap(self, ctx: ChatContext, tap: Tap) -> list[out.Action]:
        tools = self.tools
        if tap.choice not in ("yes", "no"):
            return tools.stale(ctx)
        decided = await tools.call(
            self.uploads.decide, ctx.user_id, tap.token, tap.choice == "yes", tools.now()
        )
        if decided.outcome is UploadOutcome.STALE:
            return tools.stale(ctx)
        done: list[out.Action] = [tools.answered(ctx), *tools.cleared(ctx)]
        slug = decided.slug
        if decided.outcome is UploadOutcome.CANCELLED:
            return [*done, tools.say(ctx, "officer_cancelled")]
        if decided.outcome is UploadOutcome.INVALID:
            return [*done, tools.say(ctx, "officer_file_changed", name=decided.file_name)]
        if decided.outcome is UploadOutcome.HAS_ANSWERS:
            return [*done, tools.say(ctx, "officer_import_has_answers", slug=slug, title=slug)]
        if decided.drafts:
            return [*done, tools.say(ctx, "officer_imported_draft", slug=slug,
                                     round=decided.drafts[0], rounds=", ".join(decided.drafts))]
        return [*done, tools.say(ctx, "officer_imported_scheduled", slug=slug)]


def problem_line(tools: OfficerTools, ctx: ChatContext, problem: Problem, bullet: str = "• "
                 ) -> str:
    """A problem in the officer's language where the catalogue has it, else as the checks say."""
    message = tools.t(ctx, problem.key) if problem.key else problem.message
    return f"{bullet}{problem.path}: {message}" if problem.path else f"{bullet}{message}"
