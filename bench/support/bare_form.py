"""The baseline of bench/web.py: a bare aiohttp form handler on the same kind of database.

    python bench/support/bare_form.py PORT DATABASE_URL

GET /form shows one small form; POST /form parses it, writes one row (SQLAlchemy, on a
thread as Copro's blocking calls are: one for SQLite, which takes one writer at a time,
four for PostgreSQL) and redirects back with 303: the least any web form that stores an
answer must do."""

from __future__ import annotations

import asyncio
import secrets
import sys
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa
from aiohttp import web

from storage.database import make_engine

PAGE = """<!doctype html><html lang="en"><head><title>Question</title></head><body>
<form method="post" action="/form"><input type="hidden" name="token" value="{token}">
<input type="hidden" name="question" value="q{n}">
<label><input type="radio" name="value" value="a">A</label>
<label><input type="radio" name="value" value="b">B</label>
<button name="do" value="answer">Continue</button></form></body></html>"""
METADATA = sa.MetaData()
ANSWERS = sa.Table(
    "bench_bare_answers", METADATA,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("person", sa.String(64), nullable=False),
    sa.Column("question", sa.String(64), nullable=False),
    sa.Column("value", sa.String(200), nullable=False),
)


def make_app(engine: sa.Engine) -> web.Application:
    threads = ThreadPoolExecutor(1 if engine.dialect.name == "sqlite" else 4)
    async def show(request: web.Request) -> web.Response:
        person = request.cookies.get("person") or secrets.token_urlsafe(16)
        n = int(request.cookies.get("n", "0"))
        response = web.Response(text=PAGE.format(token=secrets.token_urlsafe(16), n=n),
                                content_type="text/html")
        response.set_cookie("person", person, httponly=True, samesite="Lax")
        return response

    def store(row: dict[str, str]) -> None:
        with engine.begin() as connection:
            connection.execute(ANSWERS.insert().values(**row))

    async def answer(request: web.Request) -> web.Response:
        form = await request.post()
        row = {"person": request.cookies.get("person", "?"), "question": str(form["question"]),
               "value": str(form.get("value", ""))}
        await asyncio.get_running_loop().run_in_executor(threads, store, row)
        response = web.HTTPSeeOther("/form")
        response.set_cookie("n", str(int(request.cookies.get("n", "0")) + 1))
        raise response

    application = web.Application()
    application.router.add_get("/form", show)
    application.router.add_post("/form", answer)
    return application


if __name__ == "__main__":
    port, url = int(sys.argv[1]), sys.argv[2]
    database = make_engine(url)  # Copro's engine: on SQLite, the same WAL and pragmas
    METADATA.drop_all(database)
    METADATA.create_all(database)
    web.run_app(make_app(database), host="127.0.0.1", port=port, print=None, access_log=None)
