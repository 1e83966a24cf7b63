"""Test API routes that act as users: create them, and send what they send."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.sandbox import inject
from bot.sandbox.core import Sandbox
from bot.sandbox.jsonapi import bytes_field, endpoint, int_field, json_body, need
from bot.sandbox.presets import PRESET_USERS
from bot.sandbox.views import chat_view


@endpoint
async def presets(request: web.Request, sandbox: Sandbox) -> Any:
    """GET /_sandbox/presets: the users the web page offers."""
    return list(PRESET_USERS)


@endpoint
async def list_users(request: web.Request, sandbox: Sandbox) -> Any:
    """GET /_sandbox/users."""
    world = sandbox.world
    return [{**user, "blocked": user["id"] in world.blocked} for user in world.users.values()]


@endpoint
async def create_user(request: web.Request, sandbox: Sandbox) -> Any:
    """POST /_sandbox/users {first_name, id?, language_code?, last_name?, username?}."""
    body = await json_body(request)
    return sandbox.world.add_user(
        str(need(body, "first_name")),
        user_id=int_field(body, "id"),
        language_code=body.get("language_code"),
        last_name=body.get("last_name"),
        username=body.get("username"),
    )


@endpoint
async def block_user(request: web.Request, sandbox: Sandbox) -> Any:
    """POST /_sandbox/users/{user_id}/block {blocked?}: the user blocks (or unblocks) the bot."""
    user_id = int(request.match_info["user_id"])
    inject.user_chat(sandbox, user_id, None)
    blocked = bool((await json_body(request)).get("blocked", True))
    (sandbox.world.blocked.add if blocked else sandbox.world.blocked.discard)(user_id)
    return {"user_id": user_id, "blocked": blocked}


@endpoint
async def create_group(request: web.Request, sandbox: Sandbox) -> Any:
    """POST /_sandbox/groups {title, member_ids}."""
    body = await json_body(request)
    members = [int(member) for member in body.get("member_ids", [])]
    for member in members:
        inject.user_chat(sandbox, member, None)
    return chat_view(sandbox.world.add_group(str(need(body, "title")), members))


@endpoint
async def send_text(request: web.Request, sandbox: Sandbox) -> Any:
    """POST /_sandbox/messages {user_id, text, chat_id?}."""
    body = await json_body(request)
    user_id, chat_id = _who(body)
    return inject.send_text(sandbox, user_id, str(need(body, "text")), chat_id)


@endpoint
async def send_command(request: web.Request, sandbox: Sandbox) -> Any:
    """POST /_sandbox/commands {user_id, command, args?, chat_id?}."""
    body = await json_body(request)
    user_id, chat_id = _who(body)
    command, args = str(need(body, "command")), str(body.get("args") or "")
    return inject.send_command(sandbox, user_id, command, args, chat_id)


@endpoint
async def edit_text(request: web.Request, sandbox: Sandbox) -> Any:
    """POST /_sandbox/edits {user_id, message_id, text, chat_id?}."""
    body = await json_body(request)
    user_id, chat_id = _who(body)
    message_id = int(need(body, "message_id"))
    return inject.edit_text(sandbox, user_id, message_id, str(need(body, "text")), chat_id)


@endpoint
async def tap_button(request: web.Request, sandbox: Sandbox) -> Any:
    """POST /_sandbox/callbacks {user_id, message_id, data, chat_id?}."""
    body = await json_body(request)
    user_id, chat_id = _who(body)
    message_id, data = int(need(body, "message_id")), str(need(body, "data"))
    return inject.tap_button(sandbox, user_id, message_id, data, chat_id)


@endpoint
async def send_photo(request: web.Request, sandbox: Sandbox) -> Any:
    """POST /_sandbox/photos {user_id, data_base64?, caption?, chat_id?}."""
    body = await json_body(request)
    user_id, chat_id = _who(body)
    return inject.send_photo(sandbox, user_id, bytes_field(body), body.get("caption"), chat_id)


@endpoint
async def send_document(request: web.Request, sandbox: Sandbox) -> Any:
    """POST /_sandbox/documents {user_id, data_base64, file_name, mime_type?, caption?}."""
    body = await json_body(request)
    user_id, chat_id = _who(body)
    data = bytes_field(body) or b""
    name, mime = str(need(body, "file_name")), str(body.get("mime_type") or "")
    return inject.send_document(sandbox, user_id, data, name, mime, body.get("caption"), chat_id)


@endpoint
async def send_sticker(request: web.Request, sandbox: Sandbox) -> Any:
    """POST /_sandbox/stickers {user_id, emoji?, chat_id?}."""
    body = await json_body(request)
    user_id, chat_id = _who(body)
    return inject.send_sticker(sandbox, user_id, str(body.get("emoji") or "👍"), chat_id)


@endpoint
async def send_voice(request: web.Request, sandbox: Sandbox) -> Any:
    """POST /_sandbox/voices {user_id, duration?, data_base64?, chat_id?}."""
    body = await json_body(request)
    user_id, chat_id = _who(body)
    duration = int_field(body, "duration", 2) or 2
    return inject.send_voice(sandbox, user_id, duration, bytes_field(body), chat_id)


@endpoint
async def send_location(request: web.Request, sandbox: Sandbox) -> Any:
    """POST /_sandbox/locations {user_id, latitude, longitude, chat_id?}."""
    body = await json_body(request)
    user_id, chat_id = _who(body)
    latitude, longitude = float(need(body, "latitude")), float(need(body, "longitude"))
    return inject.send_location(sandbox, user_id, latitude, longitude, chat_id)


@endpoint
async def redeliver(request: web.Request, sandbox: Sandbox) -> Any:
    """POST /_sandbox/updates/{update_id}/redeliver: the same update, again."""
    return inject.redeliver(sandbox, int(request.match_info["update_id"]))


def _who(body: dict[str, Any]) -> tuple[int, int | None]:
    return int(need(body, "user_id")), int_field(body, "chat_id")


def add_routes(app: web.Application) -> None:
    """Register the user-side test API routes."""
    app.router.add_get("/_sandbox/presets", presets)
    app.router.add_get("/_sandbox/users", list_users)
    app.router.add_post("/_sandbox/users", create_user)
    app.router.add_post("/_sandbox/users/{user_id}/block", block_user)
    app.router.add_post("/_sandbox/groups", create_group)
    app.router.add_post("/_sandbox/messages", send_text)
    app.router.add_post("/_sandbox/commands", send_command)
    app.router.add_post("/_sandbox/edits", edit_text)
    app.router.add_post("/_sandbox/callbacks", tap_button)
    app.router.add_post("/_sandbox/photos", send_photo)
    app.router.add_post("/_sandbox/documents", send_document)
    app.router.add_post("/_sandbox/stickers", send_sticker)
    app.router.add_post("/_sandbox/voices", send_voice)
    app.router.add_post("/_sandbox/locations", send_location)
    app.router.add_post("/_sandbox/updates/{update_id}/redeliver", redeliver)
