"""Checks across a consultation file that its shape alone cannot say (keys, languages, logic).

They read the raw data defensively so every problem is found even when others exist.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from bot.consultations.problems import Problem, join_path

Path = tuple[str | int, ...]
CHOICE_TYPES = {"single", "multi", "yesno"}
OPTION_TYPES = {"single", "multi", "rank"}
MAX_SCALE_POINTS = 11
# A button's data is at most 64 bytes in Telegram and carries "c|<question>|<option>".
MAX_BUTTON_KEYS = 60


def check_consultation(data: dict[str, Any]) -> list[Problem]:
    languages = [x for x in _list(data.get("languages")) if isinstance(x, str)]
    problems = list(_texts(data, languages))
    rounds = _list(data.get("rounds"))
    problems += _duplicates(rounds, ("rounds",), "round")
    for r, round_ in enumerate(rounds):
        if isinstance(round_, dict):
            problems += _check_round(round_, ("rounds", r))
    return problems


def _check_round(round_: dict[str, Any], at: Path) -> list[Problem]:
    problems: list[Problem] = []
    opens, closes = _moment(round_.get("opens")), _moment(round_.get("closes"))
    if opens and closes and closes <= opens:
        problems.append(_p((*at, "closes"), "must be after opens"))
    # Reminders without `closes` wait until an officer schedules the round's close in chat.
    questions = _list(round_.get("questions"))
    problems += _duplicates(questions, (*at, "questions"), "question")
    earlier: dict[str, dict[str, Any]] = {}
    for q, question in enumerate(questions):
        if not isinstance(question, dict):
            continue
        where = (*at, "questions", q)
        problems += _check_question(question, where)
        problems += _check_when(question, earlier, where)
        if isinstance(question.get("key"), str):
            earlier.setdefault(question["key"], question)
    return problems


def _check_question(question: dict[str, Any], at: Path) -> list[Problem]:
    kind = _kind(question)
    options = _list(question.get("options"))
    problems = _duplicates(options, (*at, "options"), "option")
    count = len(options)
    if kind in OPTION_TYPES and count < 2:
        problems.append(_p((*at, "options"), f"a {kind} question needs at least 2 options"))
    if kind == "rank" and count > 10:
        problems.append(_p((*at, "options"), "a rank question has at most 10 options"))
    if kind in ("scale", "text", "yesno") and "options" in question:
        problems.append(_p((*at, "options"), f"a {kind} question has no options"))
    if kind == "scale":
        problems += _check_scale(question.get("scale"), (*at, "scale"))
    elif "scale" in question:
        problems.append(_p((*at, "scale"), "only a scale question has a scale"))
    for key, owner in (("max_length", "text"), ("rank_top", "rank")):
        if key in question and kind != owner:
            problems.append(_p((*at, key), f"only a {owner} question has {key}"))
    top = question.get("rank_top")
    if kind == "rank" and isinstance(top, int) and count and top > count:
        problems.append(_p((*at, "rank_top"), f"is more than the {count} options"))
    problems += _check_choices(question, kind, count, at)
    problems += _check_button_size(question, options, at)
    return problems


def _check_button_size(question: dict[str, Any], options: list[Any], at: Path) -> list[Problem]:
    key = question.get("key")
    if not isinstance(key, str):
        return []
    problems = []
    for n, option in enumerate(options):
        option_key = option.get("key") if isinstance(option, dict) else None
        if isinstance(option_key, str) and len(key) + len(option_key) > MAX_BUTTON_KEYS:
            message = f"question key + option key: at most {MAX_BUTTON_KEYS} characters"
            problems.append(_p((*at, "options", n, "key"), message))
    return problems


def _check_choices(question: dict[str, Any], kind: object, count: int, at: Path) -> list[Problem]:
    problems: list[Problem] = []
    low, high = question.get("min_choices"), question.get("max_choices")
    for key in ("min_choices", "max_choices"):
        if key in question and kind != "multi":
            problems.append(_p((*at, key), f"only a multi question has {key}"))
    if kind == "multi" and isinstance(low, int) and isinstance(high, int) and low > high:
        problems.append(_p((*at, "min_choices"), "must not be more than max_choices"))
    if kind == "multi" and isinstance(high, int) and count and high > count:
        problems.append(_p((*at, "max_choices"), f"is more than the {count} options"))
    options = question.get("options")
    for n, option in enumerate(options if isinstance(options, list) else ()):
        if isinstance(option, dict) and option.get("exclusive") and kind != "multi":
            problems.append(_p((*at, "options", n, "exclusive"), "only a multi question has it"))
    return problems


def _check_scale(scale: object, at: Path) -> list[Problem]:
    if not isinstance(scale, dict):
        return [] if scale is not None else [_p(at, "a scale question needs a scale")]
    low, high = scale.get("min"), scale.get("max")
    if not (isinstance(low, int) and isinstance(high, int)):
        return []
    if low >= high:
        return [_p(at, f"min ({low}) must be less than max ({high})")]
    if high - low + 1 > MAX_SCALE_POINTS:
        return [_p(at, f"a scale has at most {MAX_SCALE_POINTS} points")]
    return []


def _check_when(question: dict[str, Any], earlier: dict[str, Any], at: Path) -> list[Problem]:
    when = question.get("when")
    if not isinstance(when, dict):
        return []
    target = when.get("question")
    where = (*at, "when")
    if target == question.get("key"):
        return [_p(where, "a question cannot depend on itself")]
    if not _plain(target) or target not in earlier:
        return [_p(where, f"'{target}' is not an earlier question of this round")]
    tests = [k for k in ("any_of", "min", "max", "answered") if when.get(k) is not None]
    if not tests:
        return [_p(where, "say what to test: any_of, min, max or answered")]
    return _check_when_tests(when, earlier[target], where)


def _check_when_tests(when: dict[str, Any], target: dict[str, Any], at: Path) -> list[Problem]:
    kind = _kind(target)
    problems: list[Problem] = []
    if when.get("any_of") is not None:
        if kind not in CHOICE_TYPES:
            problems.append(_p((*at, "any_of"), f"any_of needs a choice question, not {kind}"))
        else:
            keys = {"yes", "no"} if kind == "yesno" else _option_keys(target)
            for key in _list(when.get("any_of")):
                if not _plain(key) or key not in keys:
                    message = f"'{key}' is not an option of that question"
                    problems.append(_p((*at, "any_of"), message))
    for bound in ("min", "max"):
        if when.get(bound) is not None and kind != "scale":
            problems.append(_p((*at, bound), f"{bound} needs a scale question, not {kind}"))
    return problems


def _texts(data: dict[str, Any], languages: list[str]) -> Iterator[Problem]:
    """Every text must be given in every language the consultation offers."""
    for path, value in _walk_texts(data, ()):
        if isinstance(value, dict):
            missing = [lang for lang in languages if lang not in value]
            unknown = [lang for lang in value if lang not in languages]
            if missing:
                yield _p(path, f"missing the {', '.join(missing)} text")
            if unknown:
                yield _p(path, f"has text in {', '.join(unknown)}, not one of the languages")


TEXT_KEYS = {"title", "summary", "intro", "text", "min_label", "max_label", "controller"}


def _walk_texts(node: object, at: Path) -> Iterator[tuple[Path, object]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in TEXT_KEYS and isinstance(value, dict | str):
                yield (*at, key), value
            else:
                yield from _walk_texts(value, (*at, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk_texts(value, (*at, index))


def _duplicates(items: list[Any], at: Path, what: str) -> list[Problem]:
    keys = Counter(i["key"] for i in items if isinstance(i, dict) and _plain(i.get("key")))
    repeated = [k for k, n in keys.items() if n > 1]
    return [_p(at, f"the {what} key '{k}' is used more than once") for k in repeated]


def _option_keys(question: dict[str, Any]) -> set[Any]:
    """The keys the file gives (not yet checked to be strings)."""
    return {o.get("key") for o in _list(question.get("options"))
            if isinstance(o, dict) and _plain(o.get("key"))}


def _moment(value: object) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return moment.replace(tzinfo=moment.tzinfo or UTC) if moment else None


def _kind(question: dict[str, Any]) -> object:
    """The question's type, or None when it is not even a word (pydantic reports that)."""
    kind = question.get("type")
    return kind if _plain(kind) else None


def _plain(value: object) -> bool:
    """A key the file may repeat or refer to: a list or mapping there is a problem pydantic
    reports, and cannot be counted."""
    return isinstance(value, str | int | float | bool)


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _p(path: Path, message: str) -> Problem:
    return Problem(join_path(path), message)
