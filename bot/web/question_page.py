"""What a question page shows: its fields, what is ticked, its hint and its error."""

from __future__ import annotations

from typing import Any

from bot.engine import events as e
from bot.engine.model import Question, QuestionType
from bot.i18n.catalogue import Catalogue

CHOICE_KINDS = (QuestionType.SINGLE, QuestionType.YESNO, QuestionType.SCALE)


def question_data(
    catalogue: Catalogue,
    lang: str,
    ask: e.AskQuestion,
    error: str | None,
    posted: tuple[str, ...] | None,
) -> dict[str, Any]:
    """The template's view of one question; `posted`: what the refused form held."""
    q = ask.question
    chosen = posted if posted is not None else _chosen(ask)
    kind = "radio" if q.type in CHOICE_KINDS else q.type.value
    options = _options(q, lang)
    fields = [
        {**option, "id": f"q-{n}", "checked": option["value"] in chosen}
        for n, option in enumerate(options, start=1)
    ]
    places = [
        {
            "id": f"rank-{n}",
            "label": catalogue.text("web_rank_place", lang, number=n),
            "selected": chosen[n - 1] if n <= len(chosen) else "",
        }
        for n in range(1, q.rank_count + 1)
    ] if q.type is QuestionType.RANK else []
    first = "answer" if q.type is QuestionType.TEXT else (places or fields or [{"id": ""}])[0]["id"]
    return {
        "key": q.key,
        "kind": kind,
        "caption": catalogue.text("web_question_caption", lang, number=ask.number,
                                  total=ask.total),
        "text": q.text.get(lang),
        "optional": None if q.required else catalogue.text("optional_note", lang),
        "hint": _hint(catalogue, q, lang),
        "error": error,
        "first_id": first,
        "options": fields,
        "choices": options,
        "places": places,
        "text_value": chosen[0] if q.type is QuestionType.TEXT and chosen else "",
        "max_length": q.max_length,
        "can_go_back": ask.can_go_back,
        "skippable": not q.required,
    }


def _chosen(ask: e.AskQuestion) -> tuple[str, ...]:
    if ask.draft:
        return ask.draft
    current = ask.current
    if current is None:
        return ()
    if isinstance(current, tuple):
        return current
    return (str(current),)


def _options(q: Question, lang: str) -> list[dict[str, str]]:
    if q.type is QuestionType.SCALE:
        assert q.scale is not None
        return [{"value": str(n), "label": str(n)} for n in q.scale.points]
    return [{"value": o.key, "label": o.text.get(lang)} for o in q.options]


def _hint(catalogue: Catalogue, q: Question, lang: str) -> str:
    t = catalogue.text
    if q.type is QuestionType.MULTI:
        if q.max_choices is not None:
            return t("web_hint_multi_range", lang, max=q.max_choices)
        return t("web_hint_multi", lang)
    if q.type is QuestionType.RANK:
        return t("web_hint_rank", lang)
    if q.type is QuestionType.SCALE and q.scale and q.scale.min_label and q.scale.max_label:
        low, high = q.scale.min_label.get(lang), q.scale.max_label.get(lang)
        return t("web_choose_hint_scale", lang, min=q.scale.min, max=q.scale.max,
                 min_label=low, max_label=high)
    if q.type is QuestionType.TEXT:
        return t("web_hint_text", lang, max=q.max_length)
    return ""
