"""'See my answers' and 'Delete my answers' on the web: the resident's own, escaped."""

from __future__ import annotations

from aiohttp.test_utils import TestClient
from test_taking_part import key_of, up_to_unsafe_why
from webkit import Resident

from bot.bootstrap import App
from storage.identity import Identity

SCRIPT = "<script>alert('x')</script> & more"


async def answered(client: TestClient) -> Resident:
    resident = Resident(client)
    await up_to_unsafe_why(resident)
    await resident.post(resident.form(), [("text", SCRIPT), ("do", "answer")])
    return resident


async def test_see_my_answers_shows_every_answer_escaped(client: TestClient) -> None:
    resident = await answered(client)

    html = await resident.open("/c/victoria-park/answers")

    assert "<h1>Your answers</h1>" in html
    assert "How often do you visit Victoria Park?" in html and "About once a week" in html
    assert "Walking, Walking the dog" in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more" in html
    assert "<script>" not in html


async def test_delete_my_answers_asks_first_then_erases_and_forgets_the_cookie(
    client: TestClient, app: App
) -> None:
    resident = await answered(client)
    key = key_of(client)
    await resident.open("/c/victoria-park/delete")
    assert "It cannot be undone" in resident.html

    response = await client.post("/c/victoria-park/delete", data=resident.form().hidden)

    assert response.status == 200 and "deleted everything" in await response.text()
    assert response.cookies["copro_participant"].value == ""
    with app.reading() as uow:
        assert uow.participants.find(Identity.web(key)) is None
    assert "Before you start" in await resident.open()


async def test_deleting_needs_the_form_s_token(client: TestClient, app: App) -> None:
    await answered(client)
    response = await client.post("/c/victoria-park/delete", data={"nonce": "1", "csrf": "x"})
    assert response.status == 403
    with app.reading() as uow:
        assert uow.participants.find(Identity.web(key_of(client))) is not None


async def test_a_visitor_has_no_answers_page(client: TestClient) -> None:
    response = await client.get("/c/victoria-park/answers", allow_redirects=False)
    assert response.status == 303
