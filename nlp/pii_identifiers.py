"""Personal data found by its shape, beyond contact details: National Insurance numbers,
vehicle registrations, dates of birth, social-media handles and profile links, and phone
numbers and e-mail addresses spelled out in words, in English and Welsh."""

from __future__ import annotations

import re

Span = tuple[str, int, int]  # (label, start char, end char)

# in capitals (QQ 12 34 56 C), or typed in lower case with no spaces (qq123456c): "is 123456
# a year" is a price in a sentence
_NI_NUMBER = re.compile(
    r"(?<![A-Za-z0-9])(?:[A-Z]{2}\s?[0-9]{2}\s?[0-9]{2}\s?[0-9]{2}\s?[A-D]?"
    r"|(?i:[A-Z]{2}[0-9]{6}[A-D]))(?![A-Za-z0-9])",
    re.ASCII,
)
# after a cue ("NI number", "rhif yswiriant gwladol"), any case and any spacing
_NI_AFTER_CUE = re.compile(
    r"\b(?:national\s+insurance|yswiriant\s+gwladol|nino|ni)(?:\s+(?:number|no\.?|rhif))?"
    r"\W+(?:(?:is|was|yw|ydy|ydi)\s+)?"
    r"([A-Z]{2}\s?[0-9]{2}\s?[0-9]{2}\s?[0-9]{2}\s?[A-D]?)(?![A-Za-z0-9])",
    re.IGNORECASE | re.ASCII,
)
# current (AB12 CDE, any case), and the older prefix (A123 BCD) and suffix (ABC 123D) forms,
# in capitals only: "A48 and" is a road in a sentence, "A48 ANB" a number plate
_VEHICLE = re.compile(
    r"(?<![A-Za-z0-9])(?:(?i:[A-Z]{2}[0-9]{2}\s?[A-Z]{3})|[A-Z][0-9]{1,3}\s?[A-Z]{3}"
    r"|[A-Z]{3}\s?[0-9]{1,3}[A-Z])(?![A-Za-z0-9])",
    re.ASCII,
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|"
    # Welsh, with the forms they take after "o" (of): Mawrth -> Fawrth, Mai -> Fai ...
    "ionawr|chwefror|[mf]awrth|ebrill|[mf]ai|[mf]ehefin|g?orffennaf|awst|[mf]edi|hydref|"
    "[td]achwedd|r?hagfyr"
)
_DAY = r"[0-9]{1,2}(?:st|nd|rd|th|af|il|ydd|edd|ed|fed)?"
_DATE = (
    rf"(?:[0-9]{{1,2}}[/.-][0-9]{{1,2}}[/.-](?:[0-9]{{4}}|[0-9]{{2}})"
    rf"|{_DAY}\s+(?:of\s+|o\s+)?(?:{_MONTHS})\.?,?\s+[0-9]{{4}}"
    rf"|(?:{_MONTHS})\.?\s+{_DAY},?\s+[0-9]{{4}})"
)
_BIRTH = (
    r"born|d\.?o\.?b\.?|date\s+of\s+birth|birthday|b\.|"
    r"ganwyd|ganed|geni|dyddiad\s+geni|pen-?blwydd"
)
_DATE_OF_BIRTH = re.compile(rf"\b(?:{_BIRTH})\W+(?:\w+\W+){{0,3}}?({_DATE})(?![0-9])",
                            re.IGNORECASE)
# without a cue, a full numeric date in a year a living adult was born in
_BIRTH_YEAR_DATE = re.compile(
    r"(?<![0-9])[0-9]{1,2}[/.-][0-9]{1,2}[/.-](?:19[0-9]{2}|200[0-9]|201[0-2])(?![0-9])"
)
_HANDLE = re.compile(  # not a time: "meet @5pm"
    r"(?<![\w@.])@(?![0-9]{1,2}(?::[0-9]{2})?(?:am|pm)?\b)"
    r"[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?",
    re.IGNORECASE,
)
_SOCIAL_SITES = (
    r"facebook\.com|fb\.com|fb\.me|instagram\.com|instagr\.am|twitter\.com|x\.com|"
    r"tiktok\.com|linkedin\.com|youtube\.com|youtu\.be|threads\.net|snapchat\.com|"
    r"reddit\.com|t\.me|wa\.me|bsky\.app|mastodon\.social|mastodon\.cymru|pinterest\.com|"
    r"nextdoor\.co\.uk|nextdoor\.com"
)
_SOCIAL_URL = re.compile(
    rf"(?:https?://)?(?:www\.|m\.|mobile\.|[a-z]{{2}}\.)?(?:{_SOCIAL_SITES})/[^\s)\]>,;\"']+",
    re.IGNORECASE,
)
# a match starts where a word starts, and has at most four "dot"s a side: left open, it
# was tried from every word of "x dot x dot ..." to its end (quadratic)
_SPELLED_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+(?:\s+(?:dot|pwynt)\s+[A-Za-z0-9._%+-]+){0,4}"
    r"\s+(?:at|yn|malwen)\s+[A-Za-z0-9-]+"
    r"(?:\s+(?:dot|pwynt)\s+[A-Za-z0-9-]+){0,4}"
    r"\s+(?:dot|pwynt)\s+(?:com|co|org|net|uk|cymru|wales|gov|ac|info|me|io|biz)\b"
    r"(?:\s+(?:dot|pwynt)\s+uk\b)?",
    re.IGNORECASE,
)
_DIGIT_WORDS = {
    "zero": 1, "oh": 1, "o": 1, "nought": 1, "one": 1, "two": 1, "three": 1, "four": 1,
    "five": 1, "six": 1, "seven": 1, "eight": 1, "nine": 1,
    # Welsh
    "dim": 1, "un": 1, "dau": 1, "dwy": 1, "tri": 1, "tair": 1, "pedwar": 1, "pedair": 1,
    "pump": 1, "chwech": 1, "saith": 1, "wyth": 1, "naw": 1,
}  # fmt: skip
_REPEATS = {"double": 2, "dwbl": 2, "treble": 3, "triple": 3}
_NUMBER_WORD = "|".join(sorted([*_DIGIT_WORDS, *_REPEATS], key=len, reverse=True))
_SPELLED_RUN = re.compile(
    rf"(?<![\w])(?:(?:{_NUMBER_WORD}|[0-9]+)(?:[\s,.-]+|$))+", re.IGNORECASE
)
_PHONE_DIGITS = 10
_SPELLED_WORDS = 3  # a run of plain digits (a list of years, say) is the phone finder's


def find_ni_numbers(text: str) -> list[Span]:
    """National Insurance numbers such as ``QQ 12 34 56 C``."""
    spans = [("NI_NUMBER", m.start(), m.end()) for m in _NI_NUMBER.finditer(text)]
    return spans + [("NI_NUMBER", m.start(1), m.end(1)) for m in _NI_AFTER_CUE.finditer(text)]


def find_vehicles(text: str) -> list[Span]:
    """UK number plates such as ``AB12 CDE``, ``A123 BCD`` or ``ABC 123D``."""
    return [("VEHICLE", m.start(), m.end()) for m in _VEHICLE.finditer(text)]


def find_dates_of_birth(text: str) -> list[Span]:
    """A date after "born", "DOB", "ganwyd" ...; or a full date in an adult's birth year."""
    spans = [("DATE_OF_BIRTH", m.start(1), m.end(1)) for m in _DATE_OF_BIRTH.finditer(text)]
    spans += [("DATE_OF_BIRTH", m.start(), m.end()) for m in _BIRTH_YEAR_DATE.finditer(text)]
    return spans


def find_handles(text: str) -> list[Span]:
    """``@handles`` and links to social-media profiles or posts."""
    spans = [("HANDLE", m.start(), m.end()) for m in _HANDLE.finditer(text)]
    return spans + [("URL", m.start(), m.end()) for m in _SOCIAL_URL.finditer(text)]


def find_spelled_out(text: str) -> list[Span]:
    """``tomos at example dot com``; ``oh seven seven double oh ...`` (ten digits or more)."""
    spans = [("EMAIL", m.start(), m.end()) for m in _SPELLED_EMAIL.finditer(text)]
    for m in _SPELLED_RUN.finditer(text):
        digits, spelled = _digits(m.group())
        if digits >= _PHONE_DIGITS and spelled >= _SPELLED_WORDS:
            spans.append(("PHONE", m.start(), m.start() + len(m.group().rstrip(" ,.-\t\n"))))
    return spans


def _digits(run: str) -> tuple[int, int]:
    """How many digits the run spells, and how many of its words are number words."""
    count, spelled, repeat = 0, 0, 1
    for word in re.findall(r"[0-9]+|[^\W\d_]+", run.lower()):
        if word.isdigit():
            count += len(word) * repeat
            repeat = 1
        else:
            spelled += 1
            if word in _REPEATS:
                repeat = _REPEATS[word]
            else:
                count += repeat
                repeat = 1
    return count, spelled


def find_identifiers(text: str) -> list[Span]:
    """Every span this module finds."""
    return (find_ni_numbers(text) + find_vehicles(text) + find_dates_of_birth(text)
            + find_handles(text) + find_spelled_out(text))
