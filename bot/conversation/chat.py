"""The conversation with one person in a chat, whichever channel carries it: inputs in,
actions out.

Holds no state of its own (the anchor book aside, which only writes behind): everything
lives in the database, so any worker can take any update. Knows no framework.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.conversation.extensions import ChatExtension, may_use
from bot.conversation.incoming import MAX_TELEGRAM_TEXT, IncomingMessage, IncomingTap
from bot.conversation.resident import ResidentChat
from bot.conversation.services import ConversationServices
from bot.conversation.staff_routing import Download, StaffRouter
from bot.engine import inputs as i
from bot.messaging import actions as out
from bot.messaging.buttons import ConfirmForget, JoinConsultation, MuteReminders, decode, encode

_LANGUAGES = ((("English", encode(i.PickLanguage("en"))),
               ("Cymraeg", encode(i.PickLanguage("cy")))),)  # fmt: skip


class ChatConversation:
    def __init__(
        self,
        services: ConversationServices,
        extensions: Sequence[ChatExtension] = (),
        download: Download | None = None,
    ) -> None:
        self.s = services
        self.resident = ResidentChat(services)
        self.staff = StaffRouter(services, extensions, download)

    async def on_message(self, message: IncomingMessage) -> list[out.Action]:
        if not message.private:
            if message.kind == "command":
                language = await self._language(message)
                return [out.SendText(message.chat_id, self.s.text("private_only", language))]
            return []
        command = message.command
        if command is not None:
            return await self._command(message, *command)
        if message.document is not None and self.staff.extensions:
            taken = await self.staff.document(message, message.document)
            if taken is not None:
                return taken
        if message.kind != "text" or message.text is None:
            return await self._answer(message, i.Unsupported(message.kind))
        if len(message.text) > MAX_TELEGRAM_TEXT:
            language = await self._language(message)
            return [out.SendText(message.chat_id, self.s.text("message_too_long", language))]
        return await self._answer(message, i.Text(message.text))

    async def on_tap(self, tap: IncomingTap) -> list[out.Action]:
        data = tap.data or ""
        staff = self.staff.for_tap(data)
        if staff is not None and tap.chat_id is not None and tap.private:
            return await self.staff.tap(staff, tap)
        action = decode(tap.data)
        if isinstance(action, i.Input) and tap.private and tap.chat_id is not None:
            return await self.resident.tapped(tap, action)
        language = await self.s.blocking(self.s.answers.language_of, tap.person,
                                         tap.language_code)  # fmt: skip
        if not tap.private or tap.chat_id is None:
            return [out.AnswerTap(tap.callback_id, self.s.text("private_only", language), True)]
        if isinstance(action, JoinConsultation):
            joined = await self.resident.join(tap.person, tap.chat_id, action.slug,
                                              tap.update_id, language)  # fmt: skip
            return [out.AnswerTap(tap.callback_id), *joined]
        if isinstance(action, ConfirmForget):
            return await self.resident.forget(tap, action, language)
        if isinstance(action, MuteReminders):
            return await self.resident.mute(tap, action, language)
        return [out.AnswerTap(tap.callback_id, self.s.text("tap_unknown", language), True)]

    async def _answer(self, message: IncomingMessage, given: i.Input) -> list[out.Action]:
        check = bool(self.staff.extensions) and isinstance(given, i.Text)
        actions = await self.resident.typed(message, given, check_prompt=check)
        if actions is None:  # the bot asked this person (staff) to type something
            actions = await self.staff.prompt_reply(message)
        if actions is None:  # ... that no extension takes any more: an answer after all
            actions = await self.resident.typed(message, given) or []
        return actions

    async def _command(
        self, message: IncomingMessage, name: str, argument: str
    ) -> list[out.Action]:
        staff = self.staff.for_command(name)
        if staff is not None:
            done = await self.staff.command(staff, message, name, argument)
            if done is not None:
                return done
        chat = message.chat_id
        if name in ("/back", "/skip"):
            return await self._answer(message, i.Back() if name == "/back" else i.Skip())
        if name == "/start" and argument:  # the poster's link: the service knows the language
            slug, hint = argument.lower(), message.language_code
            return await self.resident.join(message.person, chat, slug, message.update_id,
                                            hint=hint)  # fmt: skip
        if name == "/resume":
            return await self.resident.resume(message)
        language = await self._language(message)
        match name:
            case "/start" | "/consultations":
                return await self.resident.offer(chat, language, welcome=name == "/start")
            case "/help":
                return [out.SendText(chat, await self._help(message, language))]
            case "/language":
                text = self.s.text("choose_language_any", language)
                return [out.SendText(chat, text, _LANGUAGES)]
            case "/mydata":
                return await self.resident.mydata(message, language)
            case "/forget":
                return self.resident.confirm_forget(chat, language)
        return [out.SendText(chat, self.s.text("unknown_command", language))]

    async def _help(self, message: IncomingMessage, language: str) -> str:
        """What everyone can do, then what the person's staff role adds (admins: both)."""
        parts = [self.s.text("help", language)]
        if self.staff.extensions:
            roles = frozenset(await self.s.blocking(self.s.roles.roles_of, message.user_id))
            admin = "admin" in roles
            if may_use(roles, "officer"):
                intro = "help_you_are_admin" if admin else "help_you_are_officer"
                parts += [self.s.text(intro, language), self.s.text("officer_help", language)]
            if admin:
                parts.append(self.s.text("admin_help", language))
        return "\n\n".join(parts)

    async def _language(self, message: IncomingMessage) -> str:
        return await self.s.blocking(
            self.s.answers.language_of, message.person, message.language_code
        )

