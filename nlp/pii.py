"""The personal data component: finds e-mails, phones, postcodes, addresses and names."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from nlp.extensions import ensure_extensions
from nlp.names import find_names
from nlp.pii_patterns import find_patterned
from nlp.places import MODEL_PLACE_LABELS, PLACE_LABEL
from nlp.redaction import merge_spans


class PiiFinder:
    """Sets ``doc._.pii`` to merged (label, start, end) spans and ``doc._.places`` outside them."""

    def __init__(self) -> None:
        # load the gazetteer now, not on the first answer
        from nlp.name_lists import cue_words, given_names, surnames

        given_names(), surnames(), cue_words()

    def __call__(self, doc: Doc) -> Doc:
        ents = doc.ents
        pii = merge_spans(find_patterned(doc.text) + find_names(doc, ents))
        doc._.pii = pii
        # a place inside personal data ("12 Station Road") would leak part of an address
        places = [
            ent.text
            for ent in ents
            if (ent.label_ == PLACE_LABEL or ent.label_ in MODEL_PLACE_LABELS)
            and not any(s < ent.end_char and ent.start_char < e for _label, s, e in pii)
        ]
        doc._.places = list(dict.fromkeys(places))
        return doc


@Language.factory("copro_pii")
def make_pii(nlp: Language, name: str) -> PiiFinder:
    """The personal data finder."""
    ensure_extensions()
    return PiiFinder()
