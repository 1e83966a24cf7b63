"""Errors on the wire: real HTTP statuses and Telegram's error bodies."""

from __future__ import annotations

import json
from typing import Any

import aiohttp

from bot.sandbox import SandboxClient, SandboxServer


async def post(http: aiohttp.ClientSession, url: str, **kwargs: Any) -> tuple[int, Any]:
    async with http.post(url, **kwargs) as response:
        return response.status, await response.json()


async def test_a_wrong_token_is_401(server: SandboxServer, http: aiohttp.ClientSession) -> None:
    status, body = await post(http, f"{server.url}/bot999:wrong/getMe")
    assert (status, body) == (401, {"ok": False, "error_code": 401, "description": "Unauthorized"})


async def test_an_unknown_method_is_404(api: str, http: aiohttp.ClientSession) -> None:
    status, body = await post(http, f"{api}/sendTelepathy")
    assert status == 404
    assert body == {"ok": False, "error_code": 404, "description": "Not Found"}


async def test_get_me_accepts_an_empty_post_and_a_get(
    api: str, http: aiohttp.ClientSession
) -> None:
    status, body = await post(http, f"{api}/getMe")
    assert status == 200 and body["result"]["is_bot"] is True
    async with http.get(f"{api}/getme") as response:
        assert (await response.json())["result"]["id"] == 123456


async def test_empty_text_and_unknown_chat_are_400(
    api: str, http: aiohttp.ClientSession, client: SandboxClient
) -> None:
    user = await client.create_user("Ann")
    status, body = await post(http, f"{api}/sendMessage", data={"chat_id": str(user["id"])})
    assert (status, body["description"]) == (400, "Bad Request: message text is empty")
    status, body = await post(http, f"{api}/sendMessage", data={"chat_id": "42", "text": "hi"})
    assert (status, body["error_code"], body["description"]) == (
        400,
        400,
        "Bad Request: chat not found",
    )
    status, body = await post(http, f"{api}/sendMessage", data={"text": "hi"})
    assert (status, body["description"]) == (400, "Bad Request: chat_id is empty")


async def test_json_bodies_query_strings_and_form_fields_all_work(
    api: str, http: aiohttp.ClientSession, client: SandboxClient
) -> None:
    user = await client.create_user("Ann")
    markup = {"inline_keyboard": [[{"text": "Yes", "callback_data": "yes"}]]}
    status, body = await post(
        http,
        f"{api}/sendMessage",
        data={"chat_id": str(user["id"]), "text": "form", "reply_markup": json.dumps(markup)},
    )
    assert status == 200 and body["result"]["reply_markup"] == markup
    status, body = await post(
        http, f"{api}/sendMessage", json={"chat_id": user["id"], "text": "json"}
    )
    assert status == 200 and body["result"]["text"] == "json"
    status, body = await post(http, f"{api}/sendMessage?chat_id={user['id']}&text=query")
    assert status == 200 and isinstance(body["result"]["date"], int)
    texts = [m["text"] for m in await client.bot_messages(user["id"])]
    assert texts == ["form", "json", "query"]


async def test_a_bad_json_field_is_400(
    api: str, http: aiohttp.ClientSession, client: SandboxClient
) -> None:
    user = await client.create_user("Ann")
    data = {"chat_id": str(user["id"]), "text": "x", "reply_markup": "{not json"}
    status, body = await post(http, f"{api}/sendMessage", data=data)
    assert status == 400 and body["description"].startswith("Bad Request: can't parse")
    data["reply_markup"] = json.dumps(
        {"inline_keyboard": [[{"text": "x", "callback_data": "y" * 65}]]}
    )
    status, body = await post(http, f"{api}/sendMessage", data=data)
    assert (status, body["description"]) == (400, "Bad Request: BUTTON_DATA_INVALID")


async def test_editing_to_the_same_content_is_not_modified(
    api: str, http: aiohttp.ClientSession, client: SandboxClient
) -> None:
    user = await client.create_user("Ann")
    _, sent = await post(http, f"{api}/sendMessage", json={"chat_id": user["id"], "text": "a"})
    target = {"chat_id": user["id"], "message_id": sent["result"]["message_id"]}
    status, body = await post(http, f"{api}/editMessageText", json={**target, "text": "a"})
    assert status == 400
    assert body["description"].startswith("Bad Request: message is not modified")
    status, body = await post(http, f"{api}/editMessageText", json={**target, "text": "b"})
    assert status == 200 and body["result"]["edit_date"] >= body["result"]["date"]
    status, body = await post(http, f"{api}/deleteMessage", json=target)
    assert (status, body) == (200, {"ok": True, "result": True})
    status, body = await post(http, f"{api}/deleteMessage", json=target)
    assert (status, body["description"]) == (400, "Bad Request: message to delete not found")
    [view] = await client.bot_messages(user["id"])
    assert view["text"] == "b" and view["edited"] and view["deleted"]


async def test_answering_an_unknown_callback_query_is_400(
    api: str, http: aiohttp.ClientSession
) -> None:
    status, body = await post(http, f"{api}/answerCallbackQuery", data={"callback_query_id": "1"})
    assert status == 400 and "query is too old" in body["description"]


async def test_get_updates_while_a_webhook_is_set_is_409(
    api: str, http: aiohttp.ClientSession
) -> None:
    await post(http, f"{api}/setWebhook", data={"url": "http://127.0.0.1:9/hook"})
    status, body = await post(http, f"{api}/getUpdates", data={"timeout": "0"})
    assert status == 409 and body["description"].startswith("Conflict: can't use getUpdates")
    await post(http, f"{api}/deleteWebhook")
    status, _ = await post(http, f"{api}/getUpdates", data={"timeout": "0"})
    assert status == 200


async def test_commands_are_stored_per_scope_and_language(
    api: str, http: aiohttp.ClientSession, client: SandboxClient
) -> None:
    english = [{"command": "start", "description": "Begin"}]
    welsh = [{"command": "start", "description": "Dechrau"}]
    await post(http, f"{api}/setMyCommands", data={"commands": json.dumps(english)})
    await post(
        http,
        f"{api}/setMyCommands",
        data={"commands": json.dumps(welsh), "language_code": "cy"},
    )
    _, body = await post(http, f"{api}/getMyCommands", data={"language_code": "cy"})
    assert body["result"] == welsh
    _, body = await post(http, f"{api}/getMyCommands")
    assert body["result"] == english
    status, body = await post(
        http, f"{api}/setMyCommands", json={"commands": [{"command": "Bad!", "description": "x"}]}
    )
    assert status == 400
    assert len((await client.bot_info())["commands"]) == 2


async def test_uploads_work_both_ways_clients_send_them(
    api: str, http: aiohttp.ClientSession, client: SandboxClient
) -> None:
    user = await client.create_user("Ann")
    as_parameter = aiohttp.FormData()
    as_parameter.add_field("chat_id", str(user["id"]))
    as_parameter.add_field("document", b"first", filename="a.txt", content_type="text/plain")
    status, body = await post(http, f"{api}/sendDocument", data=as_parameter)
    assert status == 200 and body["result"]["document"]["file_name"] == "a.txt"
    attached = aiohttp.FormData()
    attached.add_field("chat_id", str(user["id"]))
    attached.add_field("document", "attach://part1")
    attached.add_field("part1", b"second", filename="b.csv")
    status, body = await post(http, f"{api}/sendDocument", data=attached)
    assert status == 200 and body["result"]["document"]["mime_type"] == "text/csv"
    file_id = body["result"]["document"]["file_id"]
    assert await client.download(file_id) == b"second"
    _, got = await post(http, f"{api}/getFile", data={"file_id": file_id})
    async with http.get(f"{api.replace('/bot', '/file/bot')}/{got['result']['file_path']}") as r:
        assert await r.read() == b"second"
    not_image = aiohttp.FormData()
    not_image.add_field("chat_id", str(user["id"]))
    not_image.add_field("photo", b"%PDF-1.4", filename="x.pdf")
    status, body = await post(http, f"{api}/sendPhoto", data=not_image)
    assert (status, body["description"]) == (400, "Bad Request: IMAGE_PROCESS_FAILED")


async def test_html_parse_mode_becomes_entities(
    api: str, http: aiohttp.ClientSession, client: SandboxClient
) -> None:
    user = await client.create_user("Ann")
    data = {"chat_id": user["id"], "text": "<b>Hi</b> &amp; <i>bye</i>", "parse_mode": "HTML"}
    _, body = await post(http, f"{api}/sendMessage", json=data)
    assert body["result"]["text"] == "Hi & bye"
    assert body["result"]["entities"] == [
        {"type": "bold", "offset": 0, "length": 2},
        {"type": "italic", "offset": 5, "length": 3},
    ]
    data = {"chat_id": user["id"], "text": "<blink>x</blink>", "parse_mode": "HTML"}
    status, body = await post(http, f"{api}/sendMessage", json=data)
    assert status == 400 and "can't parse entities" in body["description"]
    data = {"chat_id": user["id"], "text": "Done.", "parse_mode": "MarkdownV2"}
    status, body = await post(http, f"{api}/sendMessage", json=data)
    assert status == 400 and "'.' is reserved" in body["description"]
