"""The sandbox's world: users, chats, the messages in them, button taps and bot commands."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.notify import ChangeSignal
from bot.sandbox.objects import group_chat, private_chat, unix_now

FIRST_USER_ID = 100_001
FIRST_GROUP_ID = -100_001


@dataclass
class MessageRecord:
    """A message in a chat, from the bot or a user, with what happened to it since."""

    chat_id: int
    message: dict[str, Any]
    from_bot: bool
    rev: int
    deleted: bool = False
    file_ids: list[str] = field(default_factory=list)

    @property
    def message_id(self) -> int:
        """The message's id in its chat."""
        return int(self.message["message_id"])


@dataclass
class ChatRecord:
    """A chat the bot is in."""

    chat: dict[str, Any]
    member_ids: list[int]
    messages: dict[int, MessageRecord] = field(default_factory=dict)
    next_message_id: int = 1
    bot_message_ids: list[int] = field(default_factory=list)
    reply_keyboard: dict[str, Any] | None = None
    last_action: str | None = None
    last_action_date: int | None = None

    @property
    def chat_id(self) -> int:
        """The chat's id."""
        return int(self.chat["id"])

    @property
    def is_group(self) -> bool:
        """Whether this is a group rather than a private chat."""
        return bool(self.chat["type"] != "private")


@dataclass
class CallbackRecord:
    """A button tap and the bot's answer to it."""

    id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    answered: bool = False
    answer: dict[str, Any] | None = None
    rev: int = 0


class World:
    """Everything the sandbox remembers between requests."""

    def __init__(self) -> None:
        self.rev = 0
        self.changed = ChangeSignal()
        self.clear()

    def clear(self) -> None:
        """Forget everything; the change counter keeps counting so watchers notice."""
        self.users: dict[int, dict[str, Any]] = {}
        self.blocked: set[int] = set()
        self.chats: dict[int, ChatRecord] = {}
        self.callbacks: dict[str, CallbackRecord] = {}
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self._next_user_id = FIRST_USER_ID
        self._next_group_id = FIRST_GROUP_ID
        self.bump()
        self.changed.fire()

    def add_user(
        self,
        first_name: str,
        user_id: int | None = None,
        language_code: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
    ) -> dict[str, Any]:
        """Create a user (or update the one with this id) and their private chat."""
        if user_id is None:
            while self._next_user_id in self.users:
                self._next_user_id += 1
            user_id = self._next_user_id
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        for key, value in (
            ("last_name", last_name),
            ("username", username),
            ("language_code", language_code),
        ):
            if value:
                user[key] = value
        self.users[user_id] = user
        chat = self.chats.get(user_id)
        if chat is None:
            self.chats[user_id] = ChatRecord(private_chat(user), [user_id])
        else:
            chat.chat = private_chat(user)
        self.bump()
        return user

    def restored(self, rev: int) -> None:
        """After chats were loaded back: counting goes on from `rev`, new groups below them."""
        self.rev = max(self.rev, rev)
        self._next_group_id = min([FIRST_GROUP_ID + 1, *self.chats]) - 1
        self.changed.fire()

    def add_group(self, title: str, member_ids: list[int]) -> ChatRecord:
        """Create a basic group with these members and the bot."""
        chat_id = self._next_group_id
        self._next_group_id -= 1
        record = ChatRecord(group_chat(chat_id, title), list(member_ids))
        self.chats[chat_id] = record
        self.bump()
        return record

    def add_message(
        self, chat: ChatRecord, sender: dict[str, Any], from_bot: bool, content: dict[str, Any]
    ) -> MessageRecord:
        """Append a message to a chat, giving it the chat's next id and the current date."""
        message = {
            "message_id": chat.next_message_id,
            "from": sender,
            "date": unix_now(),
            "chat": dict(chat.chat),
            **content,
        }
        chat.next_message_id += 1
        record = MessageRecord(chat.chat_id, message, from_bot, self.bump())
        chat.messages[record.message_id] = record
        if from_bot:
            chat.bot_message_ids.append(record.message_id)
        self.changed.fire()
        return record

    def touch(self, record: MessageRecord) -> None:
        """Mark a message as changed (edited or deleted) so watchers see it again."""
        record.rev = self.bump()
        self.changed.fire()

    def bump(self) -> int:
        """Advance the change counter."""
        self.rev += 1
        return self.rev

    def message(self, chat_id: int, message_id: int) -> MessageRecord | None:
        """A message by chat and id, deleted or not."""
        chat = self.chats.get(chat_id)
        return None if chat is None else chat.messages.get(message_id)

    def bot_messages(self, chat_id: int, after: int = 0) -> list[MessageRecord]:
        """What the bot sent to a chat (with ids above `after`), oldest first."""
        chat = self.chats.get(chat_id)
        if chat is None:
            return []
        ids = chat.bot_message_ids
        return [chat.messages[i] for i in ids[bisect.bisect_right(ids, after) :]]

    def count_bot_messages(self, chat_id: int, after: int = 0) -> int:
        """How many messages the bot sent to a chat with ids above `after`."""
        chat = self.chats.get(chat_id)
        if chat is None:
            return 0
        return len(chat.bot_message_ids) - bisect.bisect_right(chat.bot_message_ids, after)
