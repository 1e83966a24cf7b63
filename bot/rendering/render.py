"""Render engine events in the participant's language, with buttons for every choice."""

from __future__ import annotations

from bot.engine import events as e
from bot.engine import inputs as i
from bot.engine.messages import MessageKey
from bot.engine.model import Consultation, Question, QuestionType
from bot.engine.values import AnswerValue
from bot.i18n.catalogue import Catalogue
from bot.rendering.view import Button, View, ViewKind

SCALE_ROW = 6


class Renderer:
    """`wording` picks a channel's own words where the catalogue has them: "typed" for the
    terminal (`hint_multi@typed`: "Type the numbers…" rather than "Tap…")."""

    def __init__(self, catalogue: Catalogue, wording: str | None = None) -> None:
        self.catalogue = catalogue
        self.wording = wording

    def render(
        self,
        consultation: Consultation,
        language: str,
        events: tuple[e.Event, ...],
        preview: bool = False,
    ) -> list[View]:
        """`preview`: nothing is stored, so the end of the round must not say it was."""
        views: list[View] = []
        for event in events:
            if preview and isinstance(event, e.Say) and event.key is MessageKey.ROUND_FINISHED:
                views.append(View(self.t("preview_finished", language)))
                continue
            view = self._render_one(consultation, language, event)
            if view is not None:
                views.append(view)
        return views

    def t(self, key: str, language: str, **params: object) -> str:
        if self.wording is not None and self.catalogue.has(f"{key}@{self.wording}", language):
            key = f"{key}@{self.wording}"
        return self.catalogue.text(key, language, **params)

    def _render_one(self, c: Consultation, lang: str, event: e.Event) -> View | None:
        match event:
            case e.Say(key=MessageKey.ROUND_FINISHED, params=params):
                closes = params.get("closes")
                next_step = (
                    self.t("round_finished_closes", lang, closes=closes)
                    if closes
                    else self.t("round_finished_open", lang)
                )
                return View(self.t("round_finished", lang, next_step=next_step))
            case e.Say(key=key, params=params):
                return View(self.t(key, lang, **params).strip())
            case e.Rejected(key=MessageKey.UNSUPPORTED_MESSAGE, params=params):
                kind = self.t(f"kind_{params.get('kind')}", lang) if self.catalogue.has(
                    f"kind_{params.get('kind')}"
                ) else self.t("kind_message", lang)
                text = self.t("unsupported_message", lang, kind=kind)
                hint = self.t(f"unsupported_{params.get('expected', 'type')}", lang)
                return View(f"{text} {hint}", ViewKind.REFUSAL)
            case e.Rejected(key=key, params=params):
                return View(self.t(key, lang, **params), ViewKind.REFUSAL)
            case e.ProfileChosen(language=chosen, role=role, by_person=True):
                # echo the choice, in the language now spoken
                if role is not None:
                    return View(self.t("role_chosen", lang, role=self.role_label(role, lang)))
                return View(self.t("language_set", chosen or lang))
            case e.AskConsent():
                return self._consent(c, lang)
            case e.AskLanguage(languages=languages):
                buttons = tuple(
                    Button(self.t("language_name", c), i.PickLanguage(c)) for c in languages
                )
                return View(self.t("ask_language", lang), ViewKind.PROMPT, (buttons,))
            case e.AskRole(roles=roles):
                rows = tuple(
                    (Button(self.role_label(role, lang), i.PickRole(role)),) for role in roles
                )
                return View(self.t("ask_role", lang), ViewKind.PROMPT, rows)
            case e.AskQuestion():
                return self._question(lang, event)
            case e.Skipped(question=question):
                return View(
                    self._question_text(question, lang) + "\n\n"
                    + self.t("answer_given", lang, answer=self.t("answer_skipped", lang)),
                    ViewKind.ANSWER_GIVEN,
                    question=question.key,
                )
            case e.AnswerRecorded(question=question, value=value) | e.Kept(
                question=question, value=value
            ):
                answer = self.answer_label(question, value, lang)
                return View(
                    self._question_text(question, lang) + "\n\n"
                    + self.t("answer_given", lang, answer=answer),
                    ViewKind.ANSWER_GIVEN,
                    question=question.key,
                )
        return None

    def _consent(self, c: Consultation, lang: str) -> View:
        controller = c.privacy.controller.get(lang) if c.privacy else self.t("your_council", lang)
        contact = c.privacy.contact if c.privacy else self.t("your_council_contact", lang)
        text = self.t(
            "consent_notice",
            lang,
            title=c.title.get(lang),
            controller=controller,
            contact=contact,
            retention_days=c.retention_days,
        )
        buttons = (
            Button(self.t("consent_agree", lang), i.Consent(True)),
            Button(self.t("consent_decline", lang), i.Consent(False)),
        )
        rows: tuple[tuple[Button, ...], ...] = (buttons,)
        if len(c.languages) > 1:
            other = tuple(
                Button(self.t("language_name", code), i.PickLanguage(code))
                for code in c.languages
                if code != lang
            )
            rows = (buttons, other)
        return View(text, ViewKind.PROMPT, rows)

    def role_label(self, role: str, lang: str) -> str:
        key = f"role_{role}"
        return self.t(key, lang) if self.catalogue.has(key) else role.replace("_", " ").title()

    def _question_text(self, question: Question, lang: str) -> str:
        return question.text.get(lang)

    def _question(self, lang: str, ask: e.AskQuestion) -> View:
        q = ask.question
        lines = [self.t("question_header", lang, number=ask.number, total=ask.total)]
        title = q.text.get(lang)
        lines.append(title if q.required else f"{title} {self.t('optional_note', lang)}")
        hint = self._hint(q, ask, lang)
        if hint:
            lines.append(hint)
        if ask.current is not None:
            answer = self.answer_label(q, ask.current, lang)
            lines.append(self.t("current_answer", lang, answer=answer))
        rows = list(self._answer_rows(q, ask, lang))
        nav: list[Button] = []
        if q.type is QuestionType.MULTI:
            nav.append(Button(self.t("button_done", lang), i.Done(q.key)))
        if q.type in (QuestionType.MULTI, QuestionType.RANK) and ask.draft:
            nav.append(Button(self.t("button_clear", lang), i.Clear(q.key)))
        if ask.current is not None:
            nav.append(Button(self.t("button_keep", lang), i.Keep(q.key)))
        if not q.required:
            nav.append(Button(self.t("button_skip", lang), i.Skip(q.key)))
        if ask.can_go_back:
            nav.append(Button(self.t("button_back", lang), i.Back()))
        if nav:
            rows.append(tuple(nav))
        kind = ViewKind.QUESTION_UPDATE if ask.refresh else ViewKind.QUESTION
        return View("\n\n".join(lines), kind, tuple(rows), question=q.key)

    def _hint(self, q: Question, ask: e.AskQuestion, lang: str) -> str:
        if q.type is QuestionType.MULTI:
            if q.min_choices is not None and q.max_choices is not None:
                return self.t("hint_multi_range", lang, min=q.min_choices, max=q.max_choices)
            return self.t("hint_multi", lang)
        if q.type is QuestionType.RANK:
            if ask.draft:
                ranked = ", ".join(self._option_text(q, k, lang) for k in ask.draft)
                return self.t("hint_rank_progress", lang, ranked=ranked)
            return self.t("hint_rank", lang)
        if q.type is QuestionType.SCALE and q.scale and q.scale.min_label and q.scale.max_label:
            return self.t(
                "hint_scale",
                lang,
                min=q.scale.min,
                max=q.scale.max,
                min_label=q.scale.min_label.get(lang),
                max_label=q.scale.max_label.get(lang),
            )
        if q.type is QuestionType.TEXT:
            return self.t("hint_text", lang, max=q.max_length)
        return ""

    def _answer_rows(
        self, q: Question, ask: e.AskQuestion, lang: str
    ) -> list[tuple[Button, ...]]:
        if q.type is QuestionType.TEXT:
            return []
        if q.type is QuestionType.SCALE:
            assert q.scale is not None
            points = [Button(str(n), i.Choose(q.key, str(n))) for n in q.scale.points]
            return [tuple(points[k : k + SCALE_ROW]) for k in range(0, len(points), SCALE_ROW)]
        if q.type is QuestionType.YESNO:
            return [tuple(Button(o.text.get(lang), i.Choose(q.key, o.key)) for o in q.options)]
        rows: list[tuple[Button, ...]] = []
        for option in q.options:
            label = option.text.get(lang)
            # Each tap takes an option off the keyboard; the hint above shows the order so far.
            if q.type is QuestionType.RANK and option.key in ask.draft:
                continue
            if q.type is QuestionType.MULTI and option.key in ask.draft:
                label = f"✓ {label}"
            rows.append((Button(label, i.Choose(q.key, option.key)),))
        return rows

    def answer_label(self, q: Question, value: AnswerValue, lang: str) -> str:
        if isinstance(value, tuple):
            joined = [self._option_text(q, k, lang) for k in value]
            if q.type is QuestionType.RANK:
                return ", ".join(f"{n}. {t}" for n, t in enumerate(joined, start=1))
            return ", ".join(joined)
        if isinstance(value, int):
            return str(value)
        if q.type is QuestionType.TEXT:
            return value
        return self._option_text(q, value, lang)

    def _option_text(self, q: Question, key: str, lang: str) -> str:
        option = q.option(key)
        return option.text.get(lang) if option else key
