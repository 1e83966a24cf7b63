"""A resident's side of the chat: answers, joining, resuming, commands, their data rights.

Every input is one call of a service (one transaction) in the blocking runner; what it
returns is rendered in the person's language and presented as few chat actions.
"""

from __future__ import annotations

import json

from bot.conversation.anchors import Anchor
from bot.conversation.incoming import IncomingMessage, IncomingTap
from bot.conversation.presenting import Tapped, present
from bot.conversation.services import ConversationServices
from bot.engine import inputs as i
from bot.messaging import actions as out
from bot.messaging.buttons import ConfirmForget, JoinConsultation, MuteReminders, encode
from bot.rendering import View, ViewKind
from bot.services.people import PersonKey
from bot.services.replies import Outcome, Reply


class ResidentChat:
    def __init__(self, services: ConversationServices) -> None:
        self.s = services

    # answers ------------------------------------------------------------------------------

    async def typed(
        self, message: IncomingMessage, given: i.Input, check_prompt: bool = False
    ) -> list[out.Action] | None:
        """A typed answer (or /back, /skip); None when `check_prompt` and the bot asked this
        person to type something else (a staff prompt), which is not the resident's."""
        reply = await self.s.blocking(
            self.s.answers.handle, message.person, given, self.s.clock(), message.update_id,
            chat_id=message.chat_id, check_prompt=check_prompt,
        )  # fmt: skip
        if reply.outcome is Outcome.PROMPTED:
            return None
        return await self._after(reply, message.chat_id, given, None)

    async def tapped(self, tap: IncomingTap, given: i.Input) -> list[out.Action]:
        assert tap.chat_id is not None
        reply = await self.s.blocking(
            self.s.answers.handle, tap.person, given, self.s.clock(), tap.update_id,
            chat_id=tap.chat_id,
        )  # fmt: skip
        keep = isinstance(given, i.Consent)  # the privacy notice they agreed to stays
        answered = Tapped(tap.callback_id, tap.message_id, keep)
        return await self._after(reply, tap.chat_id, given, answered, tap.person)

    async def _after(
        self,
        reply: Reply,
        chat: int,
        given: i.Input,
        tap: Tapped | None,
        person: PersonKey | None = None,
    ) -> list[out.Action]:
        if reply.outcome is Outcome.HANDLED:
            self.s.answers_stored(reply.events)
        if reply.outcome is Outcome.DUPLICATE:
            return [out.AnswerTap(tap.callback_id)] if tap else []
        if reply.outcome is Outcome.NO_CONSULTATION and isinstance(given, i.PickLanguage):
            # /language before joining anything: remember it for when they do
            if person is not None:
                await self.s.blocking(
                    self.s.answers.set_language, person, given.language, self.s.clock()
                )
            text = self.s.text("language_set", given.language)
            return [out.AnswerTap(tap.callback_id, text)] if tap else [out.SendText(chat, text)]
        if reply.outcome is Outcome.NO_CONSULTATION:
            text = self.s.text("not_taking_part", reply.language)
            if tap:
                return [out.AnswerTap(tap.callback_id, text, True)]
            return [out.SendText(chat, text)]
        return present(chat, self.views(reply), self._anchor(chat, reply), tap)

    # joining, resuming ------------------------------------------------------------------

    async def join(
        self,
        person: PersonKey,
        chat: int,
        slug: str,
        update_id: int,
        language: str | None = None,
        hint: str | None = None,
    ) -> list[out.Action]:
        """`language`, if known already; else the person's own, else `hint` (their app's)."""
        reply = await self.s.blocking(
            self.s.answers.join, person, slug, self.s.clock(), language, update_id, hint
        )
        if reply.outcome is Outcome.NOT_FOUND:
            text = self.s.text("consultation_not_found", reply.language)
            return [out.SendText(chat, text)]
        if reply.outcome is Outcome.DUPLICATE:
            return []
        return present(chat, self.views(reply))

    async def resume(self, message: IncomingMessage) -> list[out.Action]:
        reply = await self.s.blocking(
            self.s.answers.resume, message.person, self.s.clock(), message.chat_id
        )
        if reply.outcome is Outcome.NO_CONSULTATION:
            text = self.s.text("not_taking_part", reply.language)
            return [out.SendText(message.chat_id, text)]
        return present(message.chat_id, self.views(reply), self._anchor(message.chat_id, reply))

    async def offer(self, chat: int, language: str, welcome: bool) -> list[out.Action]:
        found = await self.s.blocking(self.s.directory.open_now, self.s.clock())
        actions: list[out.Action] = []
        if welcome:
            actions.append(out.SendText(chat, self.s.text("welcome", language)))
        if not found:
            return [*actions, out.SendText(chat, self.s.text("no_open_consultations", language))]
        rows = tuple(((c.title.get(language), encode(JoinConsultation(c.slug))),) for c in found)
        return [*actions, out.SendText(chat, self.s.text("open_consultations", language), rows)]

    async def mute(
        self, tap: IncomingTap, action: MuteReminders, language: str
    ) -> list[out.Action]:
        """The "Stop reminders" button (queued reminders are cancelled too)."""
        assert tap.chat_id is not None
        muted = await self.s.blocking(self.s.reminders.mute_reminders, tap.user_id, action.slug)
        notice = self.s.text("reminders_stopped" if muted else "tap_unknown", language)
        return [out.AnswerTap(tap.callback_id, notice), out.SendText(tap.chat_id, notice)]

    # data rights --------------------------------------------------------------------------

    async def mydata(self, message: IncomingMessage, language: str) -> list[out.Action]:
        data = await self.s.blocking(self.s.rights.data_of, message.person)
        content = json.dumps(data, ensure_ascii=False, indent=2).encode()
        caption = self.s.text("mydata_caption" if data["participant"] else "mydata_empty", language)
        return [out.SendDocument(message.chat_id, "copro-my-data.json", content, caption)]

    def confirm_forget(self, chat: int, language: str) -> list[out.Action]:
        buttons = (
            (
                (self.s.text("forget_yes", language), encode(ConfirmForget(True))),
                (self.s.text("forget_no", language), encode(ConfirmForget(False))),
            ),
        )
        return [out.SendText(chat, self.s.text("forget_confirm", language), buttons)]

    async def forget(
        self, tap: IncomingTap, action: ConfirmForget, language: str
    ) -> list[out.Action]:
        assert tap.chat_id is not None
        edits: list[out.Action] = [out.AnswerTap(tap.callback_id)]
        if tap.message_id is not None:
            edits.append(out.ClearKeyboard(tap.chat_id, tap.message_id))
        if not action.confirmed:
            return [*edits, out.SendText(tap.chat_id, self.s.text("forget_kept", language))]
        await self.s.blocking(self.s.rights.erase, tap.person, self.s.clock())
        await self.s.anchors.forget(tap.chat_id)
        return [*edits, out.SendText(tap.chat_id, self.s.text("forget_done", language))]

    # rendering ----------------------------------------------------------------------------

    def views(self, reply: Reply) -> list[View]:
        if reply.consultation is None:
            return []
        views = self.s.renderer.render(reply.consultation, reply.language, reply.events)
        return [v for v in views if v.kind is not ViewKind.NOTICE or v.text]

    def _anchor(self, chat: int, reply: Reply) -> Anchor | None:
        """The chat's question message: this worker's newest record, else the database's."""
        waiting = self.s.anchors.pending(chat)
        if waiting is not False:
            return waiting if isinstance(waiting, Anchor) else None
        return Anchor(*reply.anchor) if reply.anchor else None
