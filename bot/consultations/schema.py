"""The shape of a consultation file, checked by pydantic: keys, types and ranges."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

SUPPORTED_LANGUAGES = ("en", "cy")


def _check_text(value: object) -> str | dict[str, str]:
    if isinstance(value, str) and value.strip():
        return value
    if (
        isinstance(value, dict)
        and value
        and all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items())
    ):
        return value
    raise ValueError("a text is a non-empty string, or a map from language to string")


TextIn = Annotated[object, AfterValidator(_check_text)]
Key = Annotated[str, Field(pattern=r"^[a-z0-9_]{1,40}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)


class OptionIn(_Strict):
    key: Key
    text: TextIn
    exclusive: bool = False


class ScaleIn(_Strict):
    min: int
    max: int
    min_label: TextIn | None = None
    max_label: TextIn | None = None


class WhenIn(_Strict):
    question: Key
    any_of: list[Key] | None = None
    min: int | None = None
    max: int | None = None
    answered: bool | None = None


class QuestionIn(_Strict):
    key: Key
    type: Literal["single", "multi", "scale", "rank", "text", "yesno"]
    text: TextIn
    options: list[OptionIn] | None = None
    required: bool = True
    max_length: Annotated[int, Field(ge=1, le=4000)] | None = None
    min_choices: Annotated[int, Field(ge=0)] | None = None
    max_choices: Annotated[int, Field(ge=1)] | None = None
    rank_top: Annotated[int, Field(ge=1)] | None = None
    scale: ScaleIn | None = None
    when: WhenIn | None = None


class RoundIn(_Strict):
    key: Key
    title: TextIn
    intro: TextIn | None = None
    opens: datetime | None = None
    closes: datetime | None = None
    reminders: list[timedelta] = []
    questions: Annotated[list[QuestionIn], Field(min_length=1)]


class PrivacyIn(_Strict):
    controller: TextIn
    contact: Annotated[str, Field(min_length=3, max_length=200)]


class ConsultationIn(_Strict):
    slug: Annotated[str, Field(pattern=r"^[a-z0-9-]{3,40}$")]
    title: TextIn
    summary: TextIn | None = None
    languages: Annotated[list[Literal["en", "cy"]], Field(min_length=1)]
    audience: Annotated[list[Key], Field(min_length=1)]
    themes: Annotated[str, Field(pattern=r"^[a-z0-9_-]{1,40}$")] | None = None
    retention_days: Annotated[int, Field(ge=1, le=3650)] = 365
    privacy: PrivacyIn | None = None
    rounds: Annotated[list[RoundIn], Field(min_length=1)]
