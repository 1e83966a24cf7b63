"""Test API routes that look at what the bot did, inject faults, and reset the sandbox."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.sandbox.core import Sandbox
from bot.sandbox.inject import UnknownTarget
from bot.sandbox.jsonapi import endpoint, int_field, json_body, need
from bot.sandbox.views import callback_view, chat_view, message_view
from bot.sandbox.world import ChatRecord

_MAX_WAIT = 60.0


@endpoint
async def list_chats(request: web.Request, sandbox: Sandbox) -> Any:
    """GET /_sandbox/chats."""
    return [chat_view(chat) for chat in sandbox.world.chats.values()]


@endpoint
async def get_chat(request: web.Request, sandbox: Sandbox) -> Any:
    """GET /_sandbox/chats/{chat_id}."""
    return chat_view(_chat(request, sandbox))


@endpoint
async def chat_messages(request: web.Request, sandbox: Sandbox) -> Any:
    """GET /_sandbox/chats/{chat_id}/messages?from_bot=1&include_deleted=0."""
    chat = _chat(request, sandbox)
    records = list(chat.messages.values())
    if request.query.get("from_bot") in ("1", "true"):
        records = [r for r in records if r.from_bot]
    if request.query.get("include_deleted") in ("0", "false"):
        records = [r for r in records if not r.deleted]
    return [message_view(record, sandbox.files) for record in records]


@endpoint
async def wait_for_bot_messages(request: web.Request, sandbox: Sandbox) -> Any:
    """GET /_sandbox/chats/{chat_id}/wait?count=N&timeout=S&after=ID: 408 if they don't come."""
    chat_id = int(request.match_info["chat_id"])
    count = int_field(request.query, "count", 1) or 1
    after = int_field(request.query, "after", 0) or 0
    timeout = min(float(request.query.get("timeout", "5")), _MAX_WAIT)

    def ready() -> bool:
        return sandbox.closing or sandbox.world.count_bot_messages(chat_id, after) >= count

    reached = await sandbox.world.changed.wait_until(ready, timeout)
    records = sandbox.world.bot_messages(chat_id, after)
    views = [message_view(record, sandbox.files) for record in records]
    if not reached or len(views) < count:
        return web.json_response(
            {"error": f"{len(views)} of {count} bot messages after {timeout}s", "messages": views},
            status=408,
        )
    return {"messages": views}


@endpoint
async def wait_for_edit(request: web.Request, sandbox: Sandbox) -> Any:
    """GET /_sandbox/chats/{chat_id}/messages/{message_id}/edited?rev=R&timeout=S: the message
    once its rev is above R (the bot edited or deleted it); 408 if that does not happen."""
    chat_id = int(request.match_info["chat_id"])
    message_id = int(request.match_info["message_id"])
    rev = int_field(request.query, "rev", 0) or 0
    timeout = min(float(request.query.get("timeout", "5")), _MAX_WAIT)

    def edited() -> bool:
        record = sandbox.world.message(chat_id, message_id)
        return sandbox.closing or (record is not None and record.rev > rev)

    reached = await sandbox.world.changed.wait_until(edited, timeout)
    record = sandbox.world.message(chat_id, message_id)
    if not reached or record is None:
        return web.json_response({"error": f"message {message_id} not edited"}, status=408)
    return {"message": message_view(record, sandbox.files)}


@endpoint
async def chat_changes(request: web.Request, sandbox: Sandbox) -> Any:
    """GET /_sandbox/chats/{chat_id}/changes?after=REV&timeout=S: long poll for the web page."""
    chat_id = int(request.match_info["chat_id"])
    after = int_field(request.query, "after", 0) or 0
    timeout = min(float(request.query.get("timeout", "25")), _MAX_WAIT)
    await sandbox.world.changed.wait_until(
        lambda: sandbox.closing or sandbox.world.rev > after, timeout
    )
    chat = sandbox.world.chats.get(chat_id)
    messages = [] if chat is None else [r for r in chat.messages.values() if r.rev > after]
    answers = [
        c for c in sandbox.world.callbacks.values() if c.chat_id == chat_id and c.rev > after
    ]
    return {
        "rev": sandbox.world.rev,
        "chat": None if chat is None else chat_view(chat),
        "messages": [message_view(record, sandbox.files) for record in messages],
        "callback_answers": [callback_view(c) for c in answers if c.answered],
    }


@endpoint
async def download(request: web.Request, sandbox: Sandbox) -> Any:
    """GET /_sandbox/files/{file_id}: the file's bytes."""
    stored = sandbox.files.get(request.match_info["file_id"])
    if stored is None:
        raise UnknownTarget("no such file")
    disposition = f'inline; filename="{stored.file_name.replace(chr(34), "")}"'
    return web.Response(
        body=stored.data,
        content_type=stored.mime_type,
        headers={"Content-Disposition": disposition},
    )


@endpoint
async def callback_answers(request: web.Request, sandbox: Sandbox) -> Any:
    """GET /_sandbox/callback_answers?chat_id=: every button tap and its answer."""
    chat_id = int_field(request.query, "chat_id")
    taps = sandbox.world.callbacks.values()
    return [callback_view(c) for c in taps if chat_id is None or c.chat_id == chat_id]


@endpoint
async def add_fault(request: web.Request, sandbox: Sandbox) -> Any:
    """POST /_sandbox/faults {method, kind, count?, retry_after?, status?, delay?, description?,
    seconds?} (with seconds, every call fails for that long)."""
    body = await json_body(request)
    delay = body.get("delay")
    fault = sandbox.faults.add(
        str(need(body, "method")),
        str(need(body, "kind")),
        count=int_field(body, "count", 1) or 1,
        retry_after=int_field(body, "retry_after", 1) or 1,
        status=int_field(body, "status", 500) or 500,
        delay=None if delay is None else float(delay),
        description=str(body.get("description") or ""),
        seconds=None if body.get("seconds") is None else float(body["seconds"]),
    )
    return fault.as_json()


@endpoint
async def list_faults(request: web.Request, sandbox: Sandbox) -> Any:
    """GET /_sandbox/faults: faults still pending."""
    return [fault.as_json() for fault in sandbox.faults.faults]


@endpoint
async def clear_faults(request: web.Request, sandbox: Sandbox) -> Any:
    """DELETE /_sandbox/faults."""
    sandbox.faults.clear()
    return {"ok": True}


@endpoint
async def list_calls(request: web.Request, sandbox: Sandbox) -> Any:
    """GET /_sandbox/calls?method=: Bot API calls the bot made, with their HTTP status."""
    method = (request.query.get("method") or "").lower()
    return [c for c in sandbox.calls if not method or c["method"].lower() == method]


@endpoint
async def pending_updates(request: web.Request, sandbox: Sandbox) -> Any:
    """GET /_sandbox/updates/pending: updates the bot has not confirmed yet."""
    return [entry.update for entry in sandbox.updates.entries]


@endpoint
async def bot_info(request: web.Request, sandbox: Sandbox) -> Any:
    """GET /_sandbox/bot: the bot, its command menus, webhook, and any spec violations."""
    commands = []
    for key, entries in sandbox.world.commands.items():
        scope, _, language = key.rpartition("|")
        commands.append({"scope": scope, "language_code": language, "commands": entries})
    return {
        "user": sandbox.bot,
        "token_hint": sandbox.token.split(":", 1)[0],
        "commands": commands,
        "webhook": sandbox.webhook.info(),
        "rate_limits": sandbox.rate_limits,
        "violations": sandbox.violations,
    }


@endpoint
async def reset(request: web.Request, sandbox: Sandbox) -> Any:
    """POST /_sandbox/reset: forget everything."""
    await sandbox.reset()
    return {"ok": True}


def _chat(request: web.Request, sandbox: Sandbox) -> ChatRecord:
    chat = sandbox.world.chats.get(int(request.match_info["chat_id"]))
    if chat is None:
        raise UnknownTarget("no such chat")
    return chat


def add_routes(app: web.Application) -> None:
    """Register the inspecting test API routes."""
    app.router.add_get("/_sandbox/chats", list_chats)
    app.router.add_get("/_sandbox/chats/{chat_id}", get_chat)
    app.router.add_get("/_sandbox/chats/{chat_id}/messages", chat_messages)
    app.router.add_get("/_sandbox/chats/{chat_id}/wait", wait_for_bot_messages)
    app.router.add_get("/_sandbox/chats/{chat_id}/changes", chat_changes)
    app.router.add_get("/_sandbox/chats/{chat_id}/messages/{message_id}/edited", wait_for_edit)
    app.router.add_get("/_sandbox/files/{file_id}", download)
    app.router.add_get("/_sandbox/callback_answers", callback_answers)
    app.router.add_post("/_sandbox/faults", add_fault)
    app.router.add_get("/_sandbox/faults", list_faults)
    app.router.add_delete("/_sandbox/faults", clear_faults)
    app.router.add_get("/_sandbox/calls", list_calls)
    app.router.add_get("/_sandbox/updates/pending", pending_updates)
    app.router.add_get("/_sandbox/bot", bot_info)
    app.router.add_post("/_sandbox/reset", reset)
