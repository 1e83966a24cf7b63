"""`/preview SLUG [ROUND]`: an officer goes through a round as a participant would.

Nothing of a preview is ever stored as a participant, session or answer: the engine is pure,
so the preview's session lives only in the officer's chat prompt (which ends when the round
is finished, on `/preview stop`, or after two hours). Results and exports read answers
only, so a preview can never be counted. Every preview message is marked as one.
"""

from __future__ import annotations

from typing import Any

from bot import engine
from bot.conversation.extensions import ChatContext
from bot.conversation.presenting import TOAST_LIMIT
from bot.engine import events as ev
from bot.engine import inputs as i
from bot.engine.model import Consultation
from bot.engine.preview import preview_round, unscheduled
from bot.messaging import actions as out
from bot.messaging.buttons import decode, encode
from bot.rendering import View, ViewKind
from bot.telegram.staff.officer_parsing import Tap, encode_tap, key_of, new_token, slug_of
from bot.telegram.staff.officer_support import PREVIEW_KIND, PREVIEW_TTL, OfficerTools


class Preview:
    def __init__(self, tools: OfficerTools) -> None:
        self.tools = tools

    async def command(self, ctx: ChatContext, argument: str) -> list[out.Action]:
        tools = self.tools
        parts = argument.split()
        if parts and parts[0].lower() == "stop":
            await tools.clear_prompt(ctx.user_id)
            return [tools.say(ctx, "officer_preview_stopped")]
        if not 1 <= len(parts) <= 2 or slug_of(parts[0]) is None:
            return [tools.say(ctx, "officer_usage_preview")]
        stored = await tools.stored(str(slug_of(parts[0])))
        if stored is None:
            return [tools.say(ctx, "officer_no_consultation", slug=parts[0][:40])]
        consultation = stored.consultation
        key = key_of(parts[1]) if len(parts) == 2 else preview_round(consultation, tools.now())
        round_ = consultation.round(key) if key else None
        if round_ is None:
            keys = ", ".join(r.key for r in consultation.rounds)
            return [tools.say(ctx, "officer_no_round", slug=consultation.slug,
                              round=parts[-1][:40], rounds=keys)]
        step = engine.start(unscheduled(consultation), round_.key, tools.now(),
                            language=ctx.language)
        started = tools.say(ctx, "officer_preview_started",
                            title=consultation.title.get(ctx.language),
                            round=round_.title.get(ctx.language))
        return [started, *await self._show(ctx, consultation, step, tapped=None)]

    async def reply(self, ctx: ChatContext, kind: str, payload: dict[str, Any],
                    text: str) -> list[out.Action]:
        return await self._advance(ctx, payload, i.Text(text), tapped=None)

    async def tap(self, ctx: ChatContext, tap: Tap) -> list[out.Action]:
        payload = await self.tools.drafted(ctx.user_id, PREVIEW_KIND, tap.token)
        buttons = payload.get("buttons", []) if payload else []
        index = int(tap.choice) if tap.choice.isdigit() else -1
        given = decode(buttons[index]) if 0 <= index < len(buttons) else None
        if payload is None or not isinstance(given, i.Input):
            return self.tools.stale(ctx)
        return await self._advance(ctx, payload, given, tapped=payload.get("anchor"))

    async def _advance(self, ctx: ChatContext, payload: dict[str, Any], given: i.Input,
                       tapped: str | None) -> list[out.Action]:
        """One input to the preview's session; the payload is the one the prompt held."""
        tools = self.tools
        stored = await tools.stored(str(payload.get("slug", "")))
        try:
            session = engine.Session.from_dict(payload["session"])
        except (KeyError, TypeError, ValueError):
            session = None
        if stored is None or session is None or stored.consultation.round(session.round) is None:
            await tools.clear_prompt(ctx.user_id)
            ended: list[out.Action] = [tools.say(ctx, "officer_preview_stopped")]
            return [tools.answered(ctx), *ended] if ctx.callback_id else ended
        step = engine.resume(unscheduled(stored.consultation), session, given, tools.now())
        return await self._show(ctx, stored.consultation, step, tapped, payload)

    async def _show(self, ctx: ChatContext, consultation: Consultation, step: engine.Step,
                    tapped: str | None, previous: dict[str, Any] | None = None
                    ) -> list[out.Action]:
        """The step's views, marked as a preview, with buttons that come back here."""
        tools = self.tools
        language = step.session.language
        rendered = tools.services.renderer.render(consultation, language, step.events, preview=True)
        views = [v for v in rendered if v.kind is not ViewKind.NOTICE or v.text]
        token = new_token()
        mark = tools.t(language, "officer_preview_mark")
        buttons: list[str] = []
        anchor: str | None = None
        actions: list[out.Action] = []
        toast: out.AnswerTap | None = None
        edited = False
        on_tap = ctx.callback_id is not None and ctx.message_id is not None
        for view in views:
            if view.kind is ViewKind.REFUSAL and on_tap and toast is None \
                    and len(view.text) <= TOAST_LIMIT:
                toast = out.AnswerTap(str(ctx.callback_id), view.text, True)
                continue
            keyboard = self._keyboard(view, token, buttons)
            if keyboard:
                anchor = view.question
            same = on_tap and tapped is not None and view.question == tapped and not edited
            if view.kind is ViewKind.ANSWER_GIVEN:
                if same:
                    actions.append(out.EditText(ctx.chat_id, int(ctx.message_id or 0),
                                                mark + view.text))
                    edited = True
                continue
            if view.kind is ViewKind.QUESTION_UPDATE and same:
                actions.append(out.EditText(ctx.chat_id, int(ctx.message_id or 0),
                                            mark + view.text, keyboard))
                edited = True
                continue
            actions.append(out.SendText(ctx.chat_id, mark + view.text, keyboard))
        finished = any(isinstance(e, ev.RoundFinished) for e in step.events)
        if finished:
            await tools.clear_prompt(ctx.user_id)  # the end view says nothing was saved
        else:
            payload = {"slug": consultation.slug, "session": step.session.to_dict(),
                       "token": token, "buttons": buttons, "anchor": anchor}
            if not buttons and previous is not None:
                # nothing new to tap (a refusal, say): the buttons shown still work
                kept = ("token", "buttons", "anchor")
                payload.update({k: previous.get(k) for k in kept})
            await tools.put_prompt(ctx.user_id, PREVIEW_KIND, payload, PREVIEW_TTL)
        if on_tap and not edited and (finished or buttons):  # the tapped buttons are done
            actions.insert(0, out.ClearKeyboard(ctx.chat_id, int(ctx.message_id or 0)))
        if ctx.callback_id is not None:
            actions.insert(0, toast or tools.answered(ctx))
        return actions

    @staticmethod
    def _keyboard(view: View, token: str, buttons: list[str]) -> out.Keyboard:
        rows = []
        for row in view.rows:
            cells = []
            for button in row:
                try:
                    data = encode(button.action)
                except ValueError:
                    continue
                buttons.append(data)
                cells.append((button.label, encode_tap("v", token, str(len(buttons) - 1))))
            if cells:
                rows.append(tuple(cells))
        return tuple(rows)
