"""SandboxClient: the test API from Python, for tests and benchmarks."""

from __future__ import annotations

import base64
from typing import Any

import aiohttp


class SandboxError(Exception):
    """The test API refused a request."""

    def __init__(self, status: int, message: str, body: Any = None) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.body = body


class SandboxClient:
    """Acts as users and inspects what the bot did, over the sandbox's test API."""

    def __init__(self, base_url: str, session: aiohttp.ClientSession | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self._session = session
        self._owns_session = session is None

    async def __aenter__(self) -> SandboxClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the HTTP session if this client opened it."""
        if self._session is not None and self._owns_session:
            await self._session.close()
            self._session = None

    # users and chats
    async def create_user(
        self,
        first_name: str,
        user_id: int | None = None,
        language_code: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
    ) -> dict[str, Any]:
        """Create (or update) a user; returns the Bot API User."""
        body = {
            "first_name": first_name,
            "id": user_id,
            "language_code": language_code,
            "last_name": last_name,
            "username": username,
        }
        return await self._post("/users", body)

    async def users(self) -> list[dict[str, Any]]:
        """Every user."""
        return await self._get_list("/users")

    async def block_bot(self, user_id: int, blocked: bool = True) -> dict[str, Any]:
        """The user blocks (or unblocks) the bot: sends to them then get 403."""
        return await self._post(f"/users/{user_id}/block", {"blocked": blocked})

    async def create_group(self, title: str, member_ids: list[int]) -> dict[str, Any]:
        """A group chat with these users; returns the chat view (its id is under chat.id)."""
        return await self._post("/groups", {"title": title, "member_ids": member_ids})

    # what users do (each returns the update the bot will receive)
    async def send_text(
        self, user_id: int, text: str, chat_id: int | None = None
    ) -> dict[str, Any]:
        """A text message."""
        return await self._post("/messages", {"user_id": user_id, "text": text, "chat_id": chat_id})

    async def send_command(
        self, user_id: int, command: str, args: str = "", chat_id: int | None = None
    ) -> dict[str, Any]:
        """A /command with its bot_command entity."""
        body = {"user_id": user_id, "command": command, "args": args, "chat_id": chat_id}
        return await self._post("/commands", body)

    async def edit_text(
        self, user_id: int, message_id: int, text: str, chat_id: int | None = None
    ) -> dict[str, Any]:
        """The user edits their message (an edited_message update)."""
        body = {"user_id": user_id, "message_id": message_id, "text": text, "chat_id": chat_id}
        return await self._post("/edits", body)

    async def tap_button(
        self, user_id: int, message_id: int, data: str, chat_id: int | None = None
    ) -> dict[str, Any]:
        """A callback_query on a bot message, with any data (forged data included)."""
        body = {"user_id": user_id, "message_id": message_id, "data": data, "chat_id": chat_id}
        return await self._post("/callbacks", body)

    async def send_photo(
        self,
        user_id: int,
        data: bytes | None = None,
        caption: str | None = None,
        chat_id: int | None = None,
    ) -> dict[str, Any]:
        """A photo (a generated PNG unless bytes are given)."""
        body = {"user_id": user_id, "caption": caption, "chat_id": chat_id, **_b64(data)}
        return await self._post("/photos", body)

    async def send_document(
        self,
        user_id: int,
        data: bytes,
        file_name: str,
        mime_type: str | None = None,
        caption: str | None = None,
        chat_id: int | None = None,
    ) -> dict[str, Any]:
        """A document upload."""
        body = {
            "user_id": user_id,
            "file_name": file_name,
            "mime_type": mime_type,
            "caption": caption,
            "chat_id": chat_id,
            **_b64(data),
        }
        return await self._post("/documents", body)

    async def send_sticker(
        self, user_id: int, emoji: str = "👍", chat_id: int | None = None
    ) -> dict[str, Any]:
        """A sticker."""
        return await self._post(
            "/stickers", {"user_id": user_id, "emoji": emoji, "chat_id": chat_id}
        )

    async def send_voice(
        self, user_id: int, duration: int = 2, chat_id: int | None = None
    ) -> dict[str, Any]:
        """A voice note."""
        body = {"user_id": user_id, "duration": duration, "chat_id": chat_id}
        return await self._post("/voices", body)

    async def send_location(
        self, user_id: int, latitude: float, longitude: float, chat_id: int | None = None
    ) -> dict[str, Any]:
        """A shared location."""
        body = {
            "user_id": user_id,
            "latitude": latitude,
            "longitude": longitude,
            "chat_id": chat_id,
        }
        return await self._post("/locations", body)

    async def redeliver(self, update_id: int) -> dict[str, Any]:
        """Deliver an update again with the same update_id."""
        return await self._post(f"/updates/{update_id}/redeliver", {})

    # what the bot did
    async def messages(
        self, chat_id: int, from_bot: bool = False, include_deleted: bool = True
    ) -> list[dict[str, Any]]:
        """Messages in a chat, oldest first (see views.message_view for the fields)."""
        query = {"from_bot": int(from_bot), "include_deleted": int(include_deleted)}
        return await self._get_list(f"/chats/{chat_id}/messages", query)

    async def bot_messages(self, chat_id: int) -> list[dict[str, Any]]:
        """What the bot sent to a chat, with edits applied and a deleted flag."""
        return await self.messages(chat_id, from_bot=True)

    async def wait_for_bot_messages(
        self, chat_id: int, count: int = 1, timeout: float = 5.0, after: int = 0
    ) -> list[dict[str, Any]]:
        """Wait for `count` bot messages with ids above `after`; TimeoutError if they miss."""
        query = {"count": count, "timeout": timeout, "after": after}
        try:
            body = await self._get(f"/chats/{chat_id}/wait", query)
        except SandboxError as error:
            if error.status == 408:
                raise TimeoutError(str(error)) from error
            raise
        return list(body["messages"])

    async def wait_for_edit(
        self, chat_id: int, message_id: int, rev: int, timeout: float = 5.0
    ) -> dict[str, Any]:
        """Wait until the bot edits this message beyond `rev`; TimeoutError if it does not."""
        query = {"rev": rev, "timeout": timeout}
        try:
            body = await self._get(f"/chats/{chat_id}/messages/{message_id}/edited", query)
        except SandboxError as error:
            if error.status == 408:
                raise TimeoutError(str(error)) from error
            raise
        return dict(body["message"])

    async def chat(self, chat_id: int) -> dict[str, Any]:
        """A chat's state: reply keyboard shown, last chat action, members."""
        return await self._get(f"/chats/{chat_id}")

    async def download(self, file_id: str) -> bytes:
        """A file's bytes (sent by the bot or a user)."""
        session = self._http()
        async with session.get(f"{self.base_url}/_sandbox/files/{file_id}") as response:
            if response.status != 200:
                raise SandboxError(response.status, await response.text())
            return await response.read()

    async def callback_answers(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """Button taps and the bot's answers to them."""
        return await self._get_list("/callback_answers", {"chat_id": chat_id})

    async def calls(self, method: str | None = None) -> list[dict[str, Any]]:
        """Bot API calls the bot made, with their status."""
        return await self._get_list("/calls", {"method": method})

    async def bot_info(self) -> dict[str, Any]:
        """The bot user, its command menus, the webhook and any spec violations."""
        return await self._get("/bot")

    async def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by the bot."""
        return await self._get_list("/updates/pending")

    # faults and reset
    async def inject_fault(
        self,
        method: str,
        kind: str,
        count: int = 1,
        retry_after: int = 1,
        status: int = 500,
        delay: float | None = None,
        description: str = "",
        seconds: float | None = None,
    ) -> dict[str, Any]:
        """Fail the next `count` calls of `method` (every call for `seconds`, if given):
        retry_after (429), blocked (403), server_error (500 or `status`), slow or timeout
        (answer after `delay` seconds)."""
        body = {
            "method": method,
            "kind": kind,
            "count": count,
            "retry_after": retry_after,
            "status": status,
            "delay": delay,
            "description": description,
            "seconds": seconds,
        }
        return await self._post("/faults", body)

    async def clear_faults(self) -> None:
        """Drop pending faults."""
        await self._request("DELETE", "/faults")

    async def reset(self) -> None:
        """Forget everything in the sandbox."""
        await self._post("/reset", {})

    # plumbing
    def _http(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        return self._session

    async def _get(self, path: str, query: dict[str, Any] | None = None) -> dict[str, Any]:
        params = {k: str(v) for k, v in (query or {}).items() if v is not None}
        body = await self._request("GET", path, params=params)
        if not isinstance(body, dict):
            raise SandboxError(200, f"expected an object from {path}", body)
        return body

    async def _get_list(
        self, path: str, query: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        params = {k: str(v) for k, v in (query or {}).items() if v is not None}
        body = await self._request("GET", path, params=params)
        if not isinstance(body, list):
            raise SandboxError(200, f"expected a list from {path}", body)
        return body

    async def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        payload = {k: v for k, v in body.items() if v is not None}
        answer = await self._request("POST", path, json=payload)
        if not isinstance(answer, dict):
            raise SandboxError(200, f"expected an object from {path}", answer)
        return answer

    async def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        url = f"{self.base_url}/_sandbox{path}"
        async with self._http().request(method, url, **kwargs) as response:
            body = await response.json(content_type=None)
            if response.status >= 400:
                message = body.get("error", "") if isinstance(body, dict) else str(body)
                raise SandboxError(response.status, message, body)
            return body


def _b64(data: bytes | None) -> dict[str, str]:
    return {} if data is None else {"data_base64": base64.b64encode(data).decode("ascii")}
