"""Drive the web channel as a browser would: read a page's forms, post them back."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from aiohttp.test_utils import TestClient


@dataclass
class Form:
    action: str
    hidden: dict[str, str] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)
    choices: dict[str, list[str]] = field(default_factory=dict)
    selects: list[str] = field(default_factory=list)
    textareas: list[str] = field(default_factory=list)


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", "")))
        if not self.forms:
            return
        form = self.forms[-1]
        if tag == "input" and a.get("type") == "hidden":
            form.hidden[a["name"]] = a.get("value", "")
        elif tag == "input" and a.get("type") in ("radio", "checkbox"):
            form.choices.setdefault(a["name"], []).append(a["value"])
        elif tag == "button" and "name" in a:
            form.buttons.append((a["name"], a.get("value", "")))
        elif tag == "select":
            form.selects.append(a["id"])
        elif tag == "textarea":
            form.textareas.append(a["name"])


def forms_in(html: str) -> list[Form]:
    reader = _FormReader()
    reader.feed(html)
    return reader.forms


class Resident:
    """One browser: its own cookie jar, the page it is on, and the forms on that page."""

    def __init__(self, client: TestClient, slug: str = "victoria-park") -> None:
        self.client = client
        self.slug = slug
        self.html = ""
        self.status = 0

    async def open(self, path: str | None = None) -> str:
        response = await self.client.get(path or f"/c/{self.slug}")
        self.status, self.html = response.status, await response.text()
        return self.html

    def form(self, action: str | None = None, index: int = -1) -> Form:
        """The page's main form (the last one: the language switch comes first)."""
        found = [f for f in forms_in(self.html) if action is None or f.action == action]
        return found[index]

    async def post(self, form: Form, fields: list[tuple[str, str]], follow: bool = True) -> int:
        data = [*form.hidden.items(), *fields]
        response = await self.client.post(form.action, data=data, allow_redirects=follow)
        self.status, self.html = response.status, await response.text()
        return response.history[0].status if response.history else response.status

    def question(self) -> str | None:
        return self.form().hidden.get("question")
