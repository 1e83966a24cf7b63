"""The conversation with one person, whichever framework carries it: updates in, actions out.

Holds no state: everything lives in the database, so any worker can take any update.
Services are synchronous (one database transaction each) and run in a worker thread.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from bot.bootstrap import App
from bot.conversation.anchors import AnchorStore
from bot.conversation.extensions import ChatContext, ChatExtension, may_use
from bot.conversation.incoming import MAX_TELEGRAM_TEXT, IncomingMessage, IncomingTap
from bot.conversation.presenting import Anchor, keyboard, present
from bot.engine import inputs as i
from bot.messaging import actions as out
from bot.messaging.buttons import (
    ConfirmForget,
    JoinConsultation,
    MuteReminders,
    decode,
    encode,
)
from bot.rendering import View, ViewKind
from bot.scheduling import RoundLifecycle
from bot.services.consultations import open_consultations
from bot.services.replies import Outcome, Reply
from bot.services.rights import erase_participant, participant_data
from bot.services.roles import RoleService

log = logging.getLogger(__name__)
ANCHOR_WAITS = 10
ANCHOR_WAIT_SECONDS = 0.05


class ChatHandler:
    def __init__(
        self,
        app: App,
        anchors: AnchorStore,
        extensions: Sequence[ChatExtension] = (),
        download: Callable[[str], Awaitable[bytes]] | None = None,
    ) -> None:
        self.app = app
        self.anchors = anchors
        self.extensions = list(extensions)
        self.download = download
        self._roles = RoleService(app.reading)

    def t(self, key: str, language: str, **params: object) -> str:
        return self.app.catalogue.text(key, language, **params)

    async def on_message(self, message: IncomingMessage) -> list[out.Action]:
        # The language is looked up only when a reply does not come from a session.
        if not message.private:
            if message.kind == "command":
                language = await self._language(message.user_id, message.language_code)
                return [out.SendText(message.chat_id, self.t("private_only", language))]
            return []
        command = message.command
        if command is not None:
            language = await self._language(message.user_id, message.language_code)
            staff = self._extension_for_command(command[0])
            if staff is not None:
                return await self._staff_command(staff, message, command, language)
            return await self._command(message, command[0], command[1], language)
        if self.extensions and message.kind == "text" and message.text is not None:
            prompted = await self._prompt_reply(message)
            if prompted is not None:
                return prompted
        if self.extensions and message.document is not None:
            taken = await self._document(message)
            if taken is not None:
                return taken
        if message.kind != "text" or message.text is None:
            given: i.Input = i.Unsupported(message.kind)
        elif len(message.text) > MAX_TELEGRAM_TEXT:
            language = await self._language(message.user_id, message.language_code)
            return [out.SendText(message.chat_id, self.t("message_too_long", language))]
        else:
            given = i.Text(message.text)
        return await self._handle(message.user_id, message.chat_id, given, message.update_id)

    async def on_tap(self, tap: IncomingTap) -> list[out.Action]:
        data = tap.data or ""
        staff = next((e for e in self.extensions if data.startswith(e.tap_prefix)), None)
        if staff is not None and tap.chat_id is not None and tap.private:
            ctx = await self._context(tap.user_id, tap.chat_id, tap.language_code, tap.update_id,
                                      tap.message_id, tap.callback_id)
            if not ctx.roles:
                return [out.AnswerTap(tap.callback_id, self.t("tap_unknown", ctx.language), True)]
            return await staff.on_tap(ctx, data)
        action = decode(tap.data)
        if isinstance(action, i.Input) and tap.private and tap.chat_id is not None:
            anchor = await self._tap_anchor(tap, action)
            return await self._handle(tap.user_id, tap.chat_id, action, tap.update_id, anchor, tap)
        language = await self._language(tap.user_id, tap.language_code)
        if not tap.private or tap.chat_id is None:
            return [out.AnswerTap(tap.callback_id, self.t("private_only", language), True)]
        if action is None:
            return [out.AnswerTap(tap.callback_id, self.t("tap_unknown", language), True)]
        if isinstance(action, JoinConsultation):
            actions = await self._join(tap.user_id, tap.chat_id, action.slug, tap, language)
            return [out.AnswerTap(tap.callback_id), *actions]
        if isinstance(action, ConfirmForget):
            return [out.AnswerTap(tap.callback_id), *await self._forget(tap, action, language)]
        assert isinstance(action, MuteReminders)
        rounds = RoundLifecycle.from_app(self.app)  # also cancels reminders already queued
        muted = await asyncio.to_thread(
            rounds.mute_reminders, tap.user_id, action.slug, self.app.clock()
        )
        notice = self.t("reminders_stopped" if muted else "tap_unknown", language)
        return [out.AnswerTap(tap.callback_id, notice), out.SendText(tap.chat_id, notice)]

    async def _handle(
        self,
        user_id: int,
        chat_id: int,
        given: i.Input,
        update_id: int,
        anchor: Anchor | None = None,
        tap: IncomingTap | None = None,
    ) -> list[out.Action]:
        now = self.app.clock()
        reply = await asyncio.to_thread(self.app.answers.handle, user_id, given, now, update_id)
        if reply.outcome is Outcome.HANDLED:
            self.app.metrics.answers_stored(reply.events)
        if reply.outcome is Outcome.DUPLICATE:
            return [out.AnswerTap(tap.callback_id)] if tap else []
        if reply.outcome is Outcome.NO_CONSULTATION and isinstance(given, i.PickLanguage):
            await asyncio.to_thread(self.app.answers.set_language, user_id, given.language, now)
            text = self.t("language_set", given.language)
            return [out.AnswerTap(tap.callback_id, text)] if tap else [out.SendText(chat_id, text)]
        if reply.outcome is Outcome.NO_CONSULTATION:
            text = self.t("not_taking_part", reply.language)
            if tap:
                return [out.AnswerTap(tap.callback_id, text, True)]
            return [out.SendText(chat_id, text)]
        views = self._views(reply)
        if anchor is None and tap is None:
            anchor = await self._anchor_for(chat_id, views)
        return present(chat_id, views, anchor, tap.callback_id if tap else None)

    async def _anchor_for(self, chat_id: int, views: list[View]) -> Anchor | None:
        """The question message to tidy; if the answer came faster than the record of that
        message (a quick typist, or another worker), wait for it briefly."""
        answered = next((v.question for v in views if v.kind is ViewKind.ANSWER_GIVEN), None)
        anchor = await self.anchors.get(chat_id)
        for _ in range(ANCHOR_WAITS):
            if answered is None or (anchor is not None and anchor.question == answered):
                break
            await asyncio.sleep(ANCHOR_WAIT_SECONDS)
            anchor = await self.anchors.get(chat_id)
        return anchor

    async def _command(
        self, message: IncomingMessage, name: str, argument: str, language: str
    ) -> list[out.Action]:
        chat, user = message.chat_id, message.user_id
        match name:
            case "/start" if argument:
                return await self._join(user, chat, argument.lower(), message, language)
            case "/start" | "/consultations":
                return await self._offer(chat, language, welcome=name == "/start")
            case "/help":
                return [out.SendText(chat, self.t("help", language))]
            case "/resume":
                reply = await asyncio.to_thread(self.app.answers.resume, user, self.app.clock())
                if reply.outcome is Outcome.NO_CONSULTATION:
                    return [out.SendText(chat, self.t("not_taking_part", language))]
                return present(chat, self._views(reply), await self.anchors.get(chat))
            case "/back":
                return await self._handle(user, chat, i.Back(), message.update_id)
            case "/skip":
                return await self._handle(user, chat, i.Skip(), message.update_id)
            case "/language":
                buttons = ((("English", encode(i.PickLanguage("en"))),
                            ("Cymraeg", encode(i.PickLanguage("cy")))),)
                return [out.SendText(chat, self.t("choose_language_any", language), buttons)]
            case "/mydata":
                return await self._mydata(user, chat, language)
            case "/forget":
                buttons = (
                    (
                        (self.t("forget_yes", language), encode(ConfirmForget(True))),
                        (self.t("forget_no", language), encode(ConfirmForget(False))),
                    ),
                )
                return [out.SendText(chat, self.t("forget_confirm", language), buttons)]
        return [out.SendText(chat, self.t("unknown_command", language))]

    def _extension_for_command(self, name: str) -> ChatExtension | None:
        return next((e for e in self.extensions if name in e.commands), None)

    async def _staff_command(
        self,
        extension: ChatExtension,
        message: IncomingMessage,
        command: tuple[str, str],
        language: str,
    ) -> list[out.Action]:
        """A staff command; anyone without the role gets the reply for an unknown command."""
        ctx = await self._context(message.user_id, message.chat_id, message.language_code,
                                  message.update_id, message.message_id)
        if not may_use(ctx.roles, extension.commands[command[0]]):
            # Everyone else gets what they would have got without staff features at all.
            return await self._command(message, command[0], command[1], language)
        return await extension.on_command(ctx, command[0], command[1])

    async def _prompt_reply(self, message: IncomingMessage) -> list[out.Action] | None:
        """The person is answering something the bot asked them to type (a code, a text)."""

        def lookup() -> tuple[str, dict[str, Any]] | None:
            with self.app.reading() as uow:
                found: tuple[str, dict[str, Any]] | None = uow.prompts.get(
                    message.user_id, self.app.clock()
                )
                return found

        pending = await asyncio.to_thread(lookup)
        if pending is None:
            return None
        kind, payload = pending
        extension = next((e for e in self.extensions if kind in e.prompt_kinds), None)
        if extension is None:
            return None
        ctx = await self._context(message.user_id, message.chat_id, message.language_code,
                                  message.update_id, message.message_id)
        return await extension.on_prompt_reply(ctx, kind, payload, message.text or "")

    async def _document(self, message: IncomingMessage) -> list[out.Action] | None:
        assert message.document is not None
        ctx = await self._context(message.user_id, message.chat_id, message.language_code,
                                  message.update_id, message.message_id)
        if not ctx.roles:
            return None
        for extension in self.extensions:
            taken = await extension.on_document(ctx, message.document)
            if taken is not None:
                return taken
        return None

    async def _context(
        self,
        user_id: int,
        chat_id: int,
        hint: str | None,
        update_id: int,
        message_id: int | None = None,
        callback_id: str | None = None,
    ) -> ChatContext:
        roles = await asyncio.to_thread(self._roles.roles_of, user_id)
        language = await self._language(user_id, hint)
        return ChatContext(self.app, user_id, chat_id, language, update_id, frozenset(roles),
                           message_id, callback_id, self.download)

    async def _join(
        self,
        user: int,
        chat: int,
        slug: str,
        source: IncomingMessage | IncomingTap,
        language: str,
    ) -> list[out.Action]:
        reply = await asyncio.to_thread(
            self.app.answers.join, user, slug, self.app.clock(), language, source.update_id
        )
        if reply.outcome is Outcome.NOT_FOUND:
            return [out.SendText(chat, self.t("consultation_not_found", language))]
        if reply.outcome is Outcome.DUPLICATE:
            return []
        return present(chat, self._views(reply))

    async def _offer(self, chat: int, language: str, welcome: bool) -> list[out.Action]:
        def find() -> list[tuple[str, str]]:
            with self.app.unit_of_work() as uow:
                found = open_consultations(uow, self.app.clock(), self.app.settings.zone)
            return [(c.slug, c.title.get(language)) for c in found]

        found = await asyncio.to_thread(find)
        actions: list[out.Action] = []
        if welcome:
            actions.append(out.SendText(chat, self.t("welcome", language)))
        if not found:
            return [*actions, out.SendText(chat, self.t("no_open_consultations", language))]
        rows = tuple(((title, encode(JoinConsultation(slug))),) for slug, title in found)
        return [*actions, out.SendText(chat, self.t("open_consultations", language), rows)]

    async def _mydata(self, user: int, chat: int, language: str) -> list[out.Action]:
        def collect() -> dict[str, object]:
            with self.app.unit_of_work() as uow:
                return participant_data(uow, user, self.app.secret_key)

        data = await asyncio.to_thread(collect)
        content = json.dumps(data, ensure_ascii=False, indent=2).encode()
        caption = self.t("mydata_caption" if data["participant"] else "mydata_empty", language)
        return [out.SendDocument(chat, "copro-my-data.json", content, caption)]

    async def _forget(
        self, tap: IncomingTap, action: ConfirmForget, language: str
    ) -> list[out.Action]:
        assert tap.chat_id is not None
        edits: list[out.Action] = []
        if tap.message_id is not None:
            edits.append(out.ClearKeyboard(tap.chat_id, tap.message_id))
        if not action.confirmed:
            return [*edits, out.SendText(tap.chat_id, self.t("forget_kept", language))]

        def erase() -> None:
            with self.app.unit_of_work() as uow:
                erase_participant(uow, tap.user_id, self.app.clock(), actor=None)
                uow.commit()

        await asyncio.to_thread(erase)
        await self.anchors.forget(tap.chat_id)
        return [*edits, out.SendText(tap.chat_id, self.t("forget_done", language))]

    async def _tap_anchor(self, tap: IncomingTap, action: object) -> Anchor | None:
        if tap.message_id is None:
            return None
        question = getattr(action, "question", None)
        if question:
            return Anchor(tap.message_id, question)  # the tapped message shows that question
        stored = await self.anchors.get(tap.chat_id) if tap.chat_id is not None else None
        if stored is not None and stored.message_id == tap.message_id:
            return stored
        return Anchor(tap.message_id, "")

    async def _language(self, user_id: int, hint: str | None) -> str:
        return await asyncio.to_thread(self.app.answers.language_of, user_id, hint)

    def _views(self, reply: Reply) -> list[View]:
        if reply.consultation is None:
            return []
        views = self.app.renderer.render(reply.consultation, reply.language, reply.events)
        return [v for v in views if v.kind is not ViewKind.NOTICE or v.text]


__all__ = ["ChatHandler", "keyboard"]
