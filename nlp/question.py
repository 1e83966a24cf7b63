"""The question an answer replies to: its themes are a prior for the answer's themes.

Labellers (and readers) tag an answer in the frame of its question: "offer them incentives",
given in reply to a question about policing young people, is about policing and young people
although it names neither. Copro always knows the question, so the theme matcher uses it:

- the question's *subjects* are the themes it names outright (at least one strong phrase,
  and reaching the threshold on its own): "scrutiny of policing" names safety; "engage" and
  "scrutiny", two weak words, do not make a question about the council;
- an answer with partial evidence for a subject (a weak word: "safe", "property") gets it;
- an answer with none gets the subjects only when it is a reply in the question's frame:
  a suggestion or a complaint (the sentiment lexicon's request and stance cues), or an answer
  with a council subject of its own; not a remark on the consultation itself ("these questions
  are badly worded") and not a description of the person ("I am 55", "My income is ...").

The evidence of a theme from the question says so: ``"question: policing"``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import yaml
from spacy.tokens import Doc

from nlp.extensions import language_of
from nlp.phrase_index import Hit, PhraseIndex, add_phrase, english_keys, fold, longest_first
from nlp.sentiment import SentimentRules, decide, load_lexicon, score
from nlp.taxonomy import SAFE_LOADER

CUES = Path(__file__).resolve().parent / "data" / "replies.yaml"
CUE_LISTS = ("meta", "self", "opener")
QUESTION_PREFIX = "question: "
MIN_WORDS = 3  # a reply with no theme word of its own needs some substance


def load_cues(tokenize: Callable[[str], list[str]], path: Path = CUES) -> dict[str, PhraseIndex]:
    """One cue index per language from the replies YAML (labels: meta, self, opener)."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
    indexes: dict[str, PhraseIndex] = {}
    for language, lists in data.items():
        index = indexes.setdefault(str(language), PhraseIndex())
        for name, phrases in (lists or {}).items():
            if name not in CUE_LISTS:
                raise ValueError(f"{path.name}: unknown cue list {name!r}")
            for phrase in phrases or ():
                add_phrase(index, str(phrase), str(name), 0.0, tokenize, str(language))
    return indexes


def question_evidence(words: list[str]) -> str:
    """How a theme taken from the question is explained: ``"question: policing"``."""
    return QUESTION_PREFIX + ", ".join(words)


class ReplyFrame:
    """Decides whether an answer is a reply in its question's frame."""

    def __init__(self, tokenize: Callable[[str], list[str]]) -> None:
        self.cues = load_cues(tokenize)
        self.lexicon = load_lexicon(tokenize)
        self.rules = SentimentRules()

    def _hits(self, doc: Doc, language: str) -> list[Hit]:
        index = self.cues.get(language) or self.cues.get("en")
        if index is None:
            return []
        keyer = (lambda w: (fold(w),)) if language == "cy" else english_keys
        return longest_first(index.find([keyer(t.text) for t in doc]))

    def is_reply(self, doc: Doc, has_subject: bool) -> bool:
        """A suggestion, a complaint, or an answer with a subject that is not about itself."""
        language = language_of(doc)
        hits = self._hits(doc, language)
        if any(h.label == "meta" for h in hits):
            return False
        starts = {h.label for h in hits if h.start == 0}
        body = doc
        if "opener" in starts and len(doc) > 1:
            # "To offer incentives": the verb after "to" starts a suggestion
            body = doc[1:].as_doc(copy_user_data=True)
        lexicon = self.lexicon.get(language) or self.lexicon["en"]
        weights = score(body, lexicon, self.rules)
        words = sum(1 for t in doc if t.is_alpha)
        if (weights.request or decide(weights, self.rules) == "negative") and words >= MIN_WORDS:
            return True
        return has_subject and "self" not in starts


def apply_prior(
    themes: list[str],
    evidence: dict[str, list[str]],
    scores: Mapping[str, float],
    question_themes: Mapping[str, list[str]],
    is_reply: Callable[[], bool],
) -> None:
    """Add the question's themes the answer supports (in place); `is_reply` is asked once."""
    reply: bool | None = None
    for key, words in question_themes.items():
        if key in themes:
            continue
        if scores.get(key, 0.0) <= 0.0:
            if reply is None:
                reply = is_reply()
            if not reply:
                continue
        themes.append(key)
        evidence[key] = [*evidence.get(key, []), question_evidence(words)]
