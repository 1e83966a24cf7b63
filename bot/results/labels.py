"""Short labels for charts and the report, in English and Welsh.

Kept here (not in the chat catalogue) until the Welsh has been checked by a translator;
question and option texts come from the consultation itself.
"""

from __future__ import annotations

from bot.results.model import COMPLEMENT, Count

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "people_answered": "{n} people answered",
        "one_answered": "1 person answered",
        "fewer_than": "fewer than {n}",
        "hidden": "hidden",
        "hidden_note": "Groups of fewer than {n} people are hidden, and so are the figures "
        "that would let them be worked out.",
        "question_hidden": "Fewer than {n} people answered this question, so its results "
        "are hidden.",
        "points": "points",
        "first_choice": "first choice",
        "mean": "mean",
        "median": "median",
        "by_role": "By role",
        "by_language": "By language",
        "share_of_group": "share of each group",
        "themes": "Themes in the answers",
        "sentiment_by_theme": "Tone of the answers, by theme",
        "sentiment": "Tone",
        "positive": "Positive",
        "neutral": "Neutral",
        "negative": "Negative",
        "phrases": "Phrases people used most",
        "quotes": "In their own words",
        "quotes_note": "Quotes have names, phone numbers, e-mail addresses, postcodes and "
        "addresses removed.",
        "waiting": "{n} answers are still waiting to be tagged.",
        "waiting_one": "1 answer is still waiting to be tagged.",
        "no_breakdown": "Groups too small to show.",
        "respondents": "People who answered",
        "completed": "Answered every question",
        "participation": "Who took part",
        "group": "Group",
        "everyone": "Everyone",
        "option": "Answer",
        "count": "People",
        "share": "Share",
        "theme": "Theme",
        "report": "Results",
        "generated": "Made on {when}",
        "round": "Round",
        "chart": "Chart",
        "none_yet": "No answers yet.",
        "alt_choice": "Bar chart: {question} {people}. The most chosen answer was {top}.",
        "alt_choice_then": " Then {next}.",
        "alt_scale": "Chart of answers from {low} to {high}: {question} {people}. "
        "The mean is {mean} and the median {median}.",
        "alt_scale_hidden": "Chart of answers from {low} to {high}: {question} {people}. "
        "The mean and median are hidden to protect small groups.",
        "average_hidden": "mean and median hidden to protect small groups",
        "alt_rank": "Ranking chart: {question} {people}. Most points: {top}.",
        "alt_themes": "Bar chart of themes in the answers to: {question} {people}. "
        "Most common: {top}.",
        "alt_sentiment": "Stacked bar chart of the tone of the answers by theme, for: "
        "{question} {top}",
        "alt_roles": "Bar chart comparing groups for: {question} {groups}.",
        "alt_hidden": "{question} Too few people answered to show a chart.",
        "alt_nothing": "no option reached {n} people",
        "alt_theme_tone": "{theme}: {negative} negative, {positive} positive.",
        "people_short": "{n} people",
    },
    "cy": {
        "people_answered": "{n} o bobl wedi ateb",
        "one_answered": "1 person wedi ateb",
        "fewer_than": "llai na {n}",
        "hidden": "wedi'i guddio",
        "hidden_note": "Mae grwpiau o lai na {n} o bobl wedi'u cuddio, a'r ffigurau a "
        "fyddai'n gadael i rywun eu cyfrifo hefyd.",
        "question_hidden": "Atebodd llai na {n} o bobl y cwestiwn hwn, felly mae'r "
        "canlyniadau wedi'u cuddio.",
        "points": "pwyntiau",
        "first_choice": "dewis cyntaf",
        "mean": "cymedr",
        "median": "canolrif",
        "by_role": "Yn ôl rôl",
        "by_language": "Yn ôl iaith",
        "share_of_group": "cyfran pob grŵp",
        "themes": "Themâu yn yr atebion",
        "sentiment_by_theme": "Naws yr atebion, yn ôl thema",
        "sentiment": "Naws",
        "positive": "Cadarnhaol",
        "neutral": "Niwtral",
        "negative": "Negyddol",
        "phrases": "Yr ymadroddion a ddefnyddiwyd fwyaf",
        "quotes": "Yn eu geiriau eu hunain",
        "quotes_note": "Mae enwau, rhifau ffôn, cyfeiriadau e-bost, codau post a "
        "chyfeiriadau wedi'u tynnu o'r dyfyniadau.",
        "waiting": "Mae {n} o atebion yn dal i aros i gael eu tagio.",
        "waiting_one": "Mae 1 ateb yn dal i aros i gael ei dagio.",
        "no_breakdown": "Mae'r grwpiau'n rhy fach i'w dangos.",
        "respondents": "Pobl a atebodd",
        "completed": "Atebodd bob cwestiwn",
        "participation": "Pwy gymerodd ran",
        "group": "Grŵp",
        "everyone": "Pawb",
        "option": "Ateb",
        "count": "Pobl",
        "share": "Cyfran",
        "theme": "Thema",
        "report": "Canlyniadau",
        "generated": "Wedi'i wneud ar {when}",
        "round": "Rownd",
        "chart": "Siart",
        "none_yet": "Dim atebion eto.",
        "alt_choice": "Siart bar: {question} {people}. Yr ateb mwyaf poblogaidd oedd {top}.",
        "alt_choice_then": " Yna {next}.",
        "alt_scale": "Siart o atebion o {low} i {high}: {question} {people}. "
        "Y cymedr yw {mean} a'r canolrif {median}.",
        "alt_scale_hidden": "Siart o atebion o {low} i {high}: {question} {people}. "
        "Mae'r cymedr a'r canolrif wedi'u cuddio i ddiogelu grwpiau bach.",
        "average_hidden": "cymedr a chanolrif wedi'u cuddio i ddiogelu grwpiau bach",
        "alt_rank": "Siart trefn: {question} {people}. Y mwyaf o bwyntiau: {top}.",
        "alt_themes": "Siart bar o'r themâu yn yr atebion i: {question} {people}. "
        "Y mwyaf cyffredin: {top}.",
        "alt_sentiment": "Siart bar wedi'i bentyrru o naws yr atebion yn ôl thema, ar "
        "gyfer: {question} {top}",
        "alt_roles": "Siart bar yn cymharu grwpiau ar gyfer: {question} {groups}.",
        "alt_hidden": "{question} Atebodd rhy ychydig o bobl i ddangos siart.",
        "alt_nothing": "ni chyrhaeddodd unrhyw ateb {n} o bobl",
        "alt_theme_tone": "{theme}: {negative} negyddol, {positive} cadarnhaol.",
        "people_short": "{n} o bobl",
    },
}

GROUP_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "resident": "Residents",
        "service_user": "Service users",
        "worker": "Frontline workers",
        "carer": "Carers",
        "officer": "Council officers",
        "": "Not recorded",
        "lang:en": "English",
        "lang:cy": "Welsh",
    },
    "cy": {
        "resident": "Preswylwyr",
        "service_user": "Defnyddwyr gwasanaeth",
        "worker": "Gweithwyr rheng flaen",
        "carer": "Gofalwyr",
        "officer": "Swyddogion y cyngor",
        "": "Heb ei gofnodi",
        "lang:en": "Saesneg",
        "lang:cy": "Cymraeg",
    },
}


def label(key: str, language: str, **params: object) -> str:
    """A short label in `language` (English when the language has none)."""
    template = LABELS.get(language, LABELS["en"]).get(key) or LABELS["en"][key]
    return template.format(**params)


def group_name(key: str, language: str) -> str:
    """A role ("worker") or language ("lang:cy") group as people say it."""
    names = GROUP_NAMES.get(language, GROUP_NAMES["en"])
    return names.get(key) or GROUP_NAMES["en"].get(key) or key.replace("_", " ").capitalize()


def count_text(count: Count, language: str, min_group: int) -> str:
    """A count as shown: the number, "fewer than 5" or "hidden"."""
    if count.value is not None:
        return str(count.value)
    if count.hidden == COMPLEMENT:
        return label("hidden", language)
    return label("fewer_than", language, n=min_group)


def people_answered(n: int, language: str) -> str:
    return label("one_answered", language) if n == 1 else label("people_answered", language, n=n)


def percent(share: float | None) -> str:
    return "" if share is None else f"{round(share * 100)}%"
