"""`/feedback SLUG`: "You said, we did", written by the officer in English (and Welsh when the
consultation offers it), previewed, confirmed with a button, then queued to every
participant in their own language."""

from __future__ import annotations

from typing import Any

from bot.conversation.extensions import ChatContext
from bot.messaging import actions as out
from bot.messaging.outbox_codec import action_to_payload
from bot.scheduling import RoundRules
from bot.services.admin_guard import require_fresh_staff
from bot.services.consultations import load_stored
from bot.services.feedback import Recipient, count_audience, queue_feedback
from bot.telegram.staff.officer_parsing import Tap, encode_tap, new_token, slug_of
from bot.telegram.staff.officer_support import (
    FEEDBACK_CONFIRM_KIND,
    FEEDBACK_TEXT_KIND,
    OfficerTools,
    claim,
)

MAX_FEEDBACK = 3500
"""Characters each language may have: the heading must fit in the same message."""
ORDER = ("en", "cy")


class FeedbackFlow:
    def __init__(self, tools: OfficerTools) -> None:
        self.tools = tools
        self.quiet = RoundRules.from_settings(tools.services.settings).quiet

    async def command(self, ctx: ChatContext, argument: str) -> list[out.Action]:
        tools = self.tools
        slug = slug_of(argument)
        if slug is None:
            return [tools.say(ctx, "officer_usage_feedback")]
        stored = await tools.stored(slug)
        if stored is None:
            return [tools.say(ctx, "officer_no_consultation", slug=slug)]
        languages = sorted(stored.consultation.languages, key=_order)
        payload = {"slug": slug, "languages": languages, "texts": {}}
        await tools.put_prompt(ctx.user_id, FEEDBACK_TEXT_KIND, payload)
        title = stored.consultation.title.get(ctx.language)
        return [tools.say(ctx, "officer_feedback_start", title=title),
                self._ask(ctx, languages[0])]

    async def reply(self, ctx: ChatContext, kind: str, payload: dict[str, Any],
                    text: str) -> list[out.Action]:
        tools = self.tools
        if kind == FEEDBACK_CONFIRM_KIND:
            return [tools.say(ctx, "officer_tap_a_button")]
        languages = [x for x in payload.get("languages", []) if x in ORDER]
        texts = {k: v for k, v in dict(payload.get("texts", {})).items() if k in ORDER}
        waiting = [x for x in languages if x not in texts]
        slug = slug_of(str(payload.get("slug", "")))
        if not waiting or slug is None:
            await tools.clear_prompt(ctx.user_id)
            return [tools.say(ctx, "officer_tap_stale")]
        written = text.strip()
        if not written:
            return [self._ask(ctx, waiting[0])]
        if len(written) > MAX_FEEDBACK:
            return [tools.say(ctx, "officer_feedback_too_long", length=len(written),
                              max=MAX_FEEDBACK)]
        texts[waiting[0]] = written
        if len(waiting) > 1:
            await tools.put_prompt(ctx.user_id, FEEDBACK_TEXT_KIND,
                                   {"slug": slug, "languages": languages, "texts": texts})
            return [self._ask(ctx, waiting[1])]
        return await self._preview(ctx, slug, texts)

    async def _preview(self, ctx: ChatContext, slug: str, texts: dict[str, str]
                       ) -> list[out.Action]:
        tools = self.tools
        stored = await tools.stored(slug)
        if stored is None:
            await tools.clear_prompt(ctx.user_id)
            return [tools.say(ctx, "officer_no_consultation", slug=slug)]
        counts = await tools.reading(
            lambda uow: count_audience(uow, slug, tools.now(), tools.services.settings.zone,
                                       mail=_by_mail(tools))
        )
        token = new_token()
        await tools.put_prompt(ctx.user_id, FEEDBACK_CONFIRM_KIND,
                               {"token": token, "slug": slug, "texts": texts})
        title = stored.consultation.title
        actions: list[out.Action] = [tools.say(ctx, "officer_feedback_preview")]
        for language in sorted(texts, key=_order):
            message = _message(tools, language, title.get(language), texts[language])
            actions.append(out.SendText(ctx.chat_id, message))
        total = sum(counts.values())
        split = ", ".join(
            tools.t(ctx, "officer_feedback_in_language", n=counts[x],
                    language_name=tools.t(ctx, f"officer_language_{x}"))
            for x in sorted(counts, key=_order)
        )
        buttons = ((
            (tools.t(ctx, "officer_feedback_send", n=total), encode_tap("f", token, "yes")),
            (tools.t(ctx, "officer_cancel"), encode_tap("f", token, "no")),
        ),)
        key = "officer_feedback_confirm" if total else "officer_feedback_nobody"
        actions.append(tools.say(ctx, key, buttons if total else (), n=total, split=split))
        if not total:
            await tools.clear_prompt(ctx.user_id)
        return actions

    async def tap(self, ctx: ChatContext, tap: Tap) -> list[out.Action]:
        tools = self.tools
        now = tools.now()
        if tap.choice == "no":
            taken = await tools.transaction(
                lambda uow: claim(uow, ctx.user_id, now, FEEDBACK_CONFIRM_KIND, tap.token)
            )
            if taken is None:
                return tools.stale(ctx)
            return [tools.answered(ctx), *tools.cleared(ctx), tools.say(ctx, "officer_cancelled")]
        if tap.choice != "yes":
            return tools.stale(ctx)
        not_before = self.quiet.defer(now) if self.quiet.contains(now) else None

        def send(uow: Any) -> Any:
            require_fresh_staff(uow, ctx.user_id, now)  # a broadcast: StepUpRequired if not
            payload = claim(uow, ctx.user_id, now, FEEDBACK_CONFIRM_KIND, tap.token)
            if payload is None:
                return None
            slug, texts = str(payload["slug"]), dict(payload["texts"])
            stored_title = _title(uow, slug, tools)

            def payload_for(person: Recipient) -> dict[str, Any]:
                text = texts.get(person.language) or next(iter(texts.values()))
                message = _message(tools, person.language, stored_title(person.language), text)
                return action_to_payload(out.SendText(person.user_id, message))

            return queue_feedback(uow, slug, payload_for, now, tools.services.settings.zone,
                                  ctx.user_id, not_before, mail=_by_mail(tools))

        sent = await tools.transaction(send)
        if sent is None:
            return tools.stale(ctx)
        done: list[out.Action] = [tools.answered(ctx), *tools.cleared(ctx),
                                  tools.say(ctx, "officer_feedback_queued", n=sent.queued,
                                            slug=sent.slug)]
        if not_before is not None:
            when = tools.moment(ctx, not_before)
            done.append(tools.say(ctx, "officer_feedback_quiet", when=when))
        return done

    def _ask(self, ctx: ChatContext, language: str) -> out.SendText:
        name = self.tools.t(ctx, f"officer_language_{language}")
        return self.tools.say(ctx, "officer_feedback_ask", language_name=name, max=MAX_FEEDBACK)


def _message(tools: OfficerTools, language: str, title: str, text: str) -> str:
    return tools.t(language, "officer_feedback_message", consultation=title, text=text)


def _title(uow: Any, slug: str, tools: OfficerTools) -> Any:
    stored = load_stored(uow, slug, tools.now(), tools.services.settings.zone)
    return stored.consultation.title.get


def _order(language: str) -> int:
    return ORDER.index(language) if language in ORDER else len(ORDER)


def _by_mail(tools: Any) -> bool:
    """E-mail copies go to web participants with an address when COPRO_SMTP_URL is set."""
    return bool(tools.services.settings.smtp_url.get_secret_value())
