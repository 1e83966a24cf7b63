"""Turning a checked consultation file into the engine's consultation model."""

from __future__ import annotations

from datetime import datetime, tzinfo

from bot.consultations import schema as s
from bot.engine.model import (
    DEFAULT_MAX_LENGTH,
    Condition,
    Consultation,
    LocalText,
    Option,
    PrivacyNotice,
    Question,
    QuestionType,
    Round,
    Scale,
)

YESNO_OPTIONS = (("yes", {"en": "Yes", "cy": "Ie"}), ("no", {"en": "No", "cy": "Na"}))


def to_consultation(data: s.ConsultationIn, zone: tzinfo) -> Consultation:
    """Naive times in the file are read in the council's time zone."""
    default = data.languages[0]

    def text(value: object) -> LocalText:
        if isinstance(value, str):
            return LocalText(dict.fromkeys(data.languages, value), default)
        assert isinstance(value, dict)
        return LocalText(dict(value), default)

    def moment(value: datetime | None) -> datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=zone)

    def question(q: s.QuestionIn) -> Question:
        if q.type == "yesno":
            options = tuple(Option(k, text(t)) for k, t in YESNO_OPTIONS)
        else:
            options = tuple(Option(o.key, text(o.text), o.exclusive) for o in q.options or ())
        scale = None
        if q.scale is not None:
            scale = Scale(
                q.scale.min,
                q.scale.max,
                text(q.scale.min_label) if q.scale.min_label else None,
                text(q.scale.max_label) if q.scale.max_label else None,
            )
        when = None
        if q.when is not None:
            w = q.when
            when = Condition(w.question, tuple(w.any_of or ()), w.min, w.max, w.answered)
        return Question(
            key=q.key,
            type=QuestionType(q.type),
            text=text(q.text),
            options=options,
            required=q.required,
            max_length=q.max_length or DEFAULT_MAX_LENGTH,
            min_choices=q.min_choices,
            max_choices=q.max_choices,
            rank_top=q.rank_top,
            scale=scale,
            when=when,
        )

    rounds = tuple(
        Round(
            key=r.key,
            title=text(r.title),
            intro=text(r.intro) if r.intro else None,
            opens=moment(r.opens),
            closes=moment(r.closes),
            reminders=tuple(r.reminders),
            questions=tuple(question(q) for q in r.questions),
        )
        for r in data.rounds
    )
    privacy = None
    if data.privacy is not None:
        privacy = PrivacyNotice(text(data.privacy.controller), data.privacy.contact)
    return Consultation(
        slug=data.slug,
        title=text(data.title),
        summary=text(data.summary) if data.summary else None,
        languages=tuple(data.languages),
        audience=tuple(data.audience),
        themes=data.themes,
        retention_days=data.retention_days,
        privacy=privacy,
        rounds=rounds,
    )
