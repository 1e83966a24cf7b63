"""Personal data found by its shape: e-mail, UK phone numbers, postcodes, street addresses."""

from __future__ import annotations

import re
from functools import cache

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher

from nlp.pii_identifiers import find_identifiers

Span = tuple[str, int, int]  # (label, start char, end char)

_EMAIL_BODY = (
    r"(?:[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    r"|[A-Za-z0-9._%+'-]+\s?[(\[]at[)\]]\s?[A-Za-z0-9-]+(?:\s?[(\[]dot[)\]]\s?[A-Za-z0-9-]+)+)"
)
_EMAIL_HERE = re.compile(_EMAIL_BODY, re.ASCII | re.IGNORECASE)
# from where a run of address characters starts only: tried from every letter of a long
# word, the search took seconds on ten thousand of them (see find_emails)
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+'-])" + _EMAIL_BODY, re.ASCII | re.IGNORECASE)
# a UK-looking number: +44/0044/0 then 9-10 more digits, with spaces, dots, dashes or brackets
_UK_PHONE = re.compile(
    r"(?<![0-9])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)[1-9](?:[\s().-]{0,2}[0-9]){8,9}(?![0-9])"
)
_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])(?:GIR\s?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][A-Z0-9]?\s{0,2}[0-9][ABD-HJLNP-UW-Z]{2})"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE | re.ASCII,
)
_STREET_TYPES = (
    "road|rd|street|st|avenue|ave|av|lane|ln|close|cl|drive|dr|way|crescent|cres|terrace|terr|"
    "place|pl|court|ct|gardens|gdns|grove|gr|hill|park|square|sq|walk|row|mews|parade|view|rise|"
    "green|boulevard|vale|meadows?|fields|heights|wharf|quay|embankment|circle|path|gate|end"
)
_HOUSE = r"(?<![0-9A-Za-z])(?:(?:flat|apartment|apt|unit)\s*[0-9]{1,4}[a-z]?,?\s+)?[0-9]{1,4}[a-z]?"
_ENGLISH_ADDRESS = re.compile(
    _HOUSE + r"(?:\s*[-/]\s*[0-9]{1,4}[a-z]?)?\s+((?:[A-Za-z'’-]+\s+){1,3})"
    rf"(?:{_STREET_TYPES})\b\.?",
    re.IGNORECASE,
)
_WELSH_STREET_TYPES = r"heol|ffordd|stryd|l[oô]n|rhodfa|cilgant|teras|maes|llys|clos|cwrt"
# "Flat 3b", "Fflat 2, Tŷ Gwyn", "Apartment 12 Elm Court": a flat is an address on its own
_FLAT = re.compile(
    r"(?<![\w])(?i:flat|fflat|apartment|apt|maisonette)\.?\s*[0-9]{1,4}[a-zA-Z]?(?![\w])"
    r"(?:,?\s+(?:[A-ZÀ-ÝŴŶ][\w'’-]*)(?:\s+(?:[A-ZÀ-ÝŴŶ][\w'’-]*|y|yr))?)?"
)
# a Welsh street without a number: "Heol y Bont", "Ffordd Caerdydd", "Stryd Fawr"; the name
# after the street's kind must start with a capital ("mae'r heol yn brysur" is a road)
_WELSH_STREET = re.compile(
    rf"(?<![\w])(?i:{_WELSH_STREET_TYPES})\s+(?:(?:y|yr)\s+|'r\s+)?[A-ZÀ-ÝŴŶ][\w'’-]*"
    r"(?:\s+(?:[A-ZÀ-ÝŴŶ][\w'’-]*))?"
)
_WELSH_ADDRESS = re.compile(
    _HOUSE + r",?\s+(?:heol|ffordd|stryd|l[oô]n|rhodfa|cilgant|teras|maes|llys|clos|cwrt|bryn|"
    r"pant|parc|stad)\s+(?:(?:y|yr)\s+|'r\s+)?[^\W\d_][\w'’-]*(?:\s+[A-ZÀ-Ý][\w'’-]*)?",
    re.IGNORECASE,
)


def find_emails(text: str) -> list[Span]:
    """E-mail addresses, including ``name (at) example (dot) com``.

    A search from a word's start finds what a search from every letter would, except an
    address right after the one before ("a@b.c'@d.e"): that place is tried first."""
    spans: list[Span] = []
    at = 0
    while at <= len(text):
        found = _EMAIL_HERE.match(text, at) or _EMAIL.search(text, at)
        if found is None:
            break
        spans.append(("EMAIL", found.start(), found.end()))
        at = found.end() if found.end() > found.start() else found.end() + 1
    return spans


def find_phones(text: str) -> list[Span]:
    """Phone numbers that `phonenumbers` finds valid, plus any UK-shaped number (to be safe)."""
    spans: list[Span] = []
    for match in PhoneNumberMatcher(text, "GB", leniency=Leniency.POSSIBLE, max_tries=200):
        digits = sum(ch.isdigit() for ch in match.raw_string)
        if phonenumbers.is_valid_number(match.number) or digits >= 10:
            spans.append(("PHONE", match.start, match.end))
    spans.extend(("PHONE", m.start(), m.end()) for m in _UK_PHONE.finditer(text))
    return spans


def find_postcodes(text: str) -> list[Span]:
    """UK postcodes such as ``CF10 1AA`` or ``sw1a2aa``."""
    return [("POSTCODE", m.start(), m.end()) for m in _POSTCODE.finditer(text)]


@cache
def _function_words() -> frozenset[str]:
    """spaCy's English stop words, imported when first needed (spaCy is large to load)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def find_addresses(text: str) -> list[Span]:
    """House number + street (``12 Acacia Avenue``, ``Flat 3, 4 Heol y Castell``), a flat
    (``Flat 3b``), or a Welsh street by name (``Heol y Bont``)."""
    spans: list[Span] = []
    for m in _ENGLISH_ADDRESS.finditer(text):
        words = m.group(1).split()
        # "3 cars on my road" is not an address: the street's name has no function words
        if all(w.lower() not in _function_words() for w in words):
            spans.append(("ADDRESS", m.start(), m.end()))
    spans.extend(("ADDRESS", m.start(), m.end()) for m in _WELSH_ADDRESS.finditer(text))
    spans.extend(("ADDRESS", m.start(), m.end()) for m in _FLAT.finditer(text))
    spans.extend(("ADDRESS", m.start(), m.end()) for m in _WELSH_STREET.finditer(text))
    return spans


def find_patterned(text: str) -> list[Span]:
    """Every shape-based personal data span in `text`."""
    return (find_emails(text) + find_phones(text) + find_postcodes(text) + find_addresses(text)
            + find_identifiers(text))
