"""How often and for how long, read from ordinary phrasing (the two halves of G4.2).

`frequencies(text)` finds every cadence ("every four to six weeks", "twice a
quarter", "a couple of times a month", "fortnightly", "roughly monthly") as
meetings per month, with the lowest and highest reading of a range.
`durations(text)` finds every stated length ("for six months", "until the
end of the year", "for the rest of the academic year", "until I finish my
MBA", "indefinitely") in months: `inf` for open-ended, 0 for a bound whose
length cannot be computed ("until June").

Neither decides whether a phrase is about the mentoring: the request check
does that from the sentence around it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from .language import NUMBER, RANGE, normalise, quantity, sentence_at

_F = re.IGNORECASE

DAYS_PER_MONTH = 30.0
UNIT_DAYS = {  # a month counts 30 days; quarters, terms and years count in months
    "day": 1.0, "week": 7.0, "half term": 45.0, "half-term": 45.0, "fortnight": 14.0, "month": 30.0, "quarter": 90.0,
    "term": 90.0,
    "semester": 150.0, "half-year": 180.0, "half year": 180.0, "six months": 180.0, "year": 360.0,
}
_UNIT = r"(?:days?|weeks?|fortnights?|months?|quarters?|half[- ]terms?|terms?|semesters?|half[- ]years?|years?)"
_MONTHS = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
           r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)")
_SEASONS = r"(?:spring|summer|autumn|fall|winter|christmas|easter|the holidays|new year|year[- ]end)"


@dataclass(frozen=True)
class Mention:
    """A phrase found in the draft, where it is, and what it says in numbers.

    `value` is meetings per month (a cadence) or months (a duration); `low`
    and `high` bound a range ("every four to six weeks"). `ambiguous` marks
    a word with two readings ("bi-monthly"); `vague` a quantity that is not
    a number ("every few weeks").
    """

    start: int
    end: int
    phrase: str
    value: float
    ambiguous: bool = False
    low: float | None = None
    high: float | None = None
    vague: bool = False

    @property
    def lowest(self) -> float:
        return self.value if self.low is None else self.low

    @property
    def highest(self) -> float:
        return self.value if self.high is None else self.high


def _unit_days(word: str) -> float:
    word = re.sub(r"[\s-]+", " ", word.lower()).rstrip("s")
    return UNIT_DAYS.get(word, UNIT_DAYS.get(word.rstrip("s"), 30.0))


# -- how often ------------------------------------------------------------------------------------

_HEDGE = (r"(?:(?:about|around|roughly|approximately|approx\.?|maybe|perhaps|say|something like|at most|no more than"
          r"|up to|ideally|just|only|probably)\s+)?")
_MEETING_NOUN = (r"(?:(?:\d+|thirty|forty[- ]five|sixty|ninety|half[- ]an?|an?"
                 r"|one)[- ](?:minutes?|mins?|hours?)[- ]?(?:long\s+)?\s*|"
                 r"(?:short|quick|brief|informal|virtual|online|in[- ]person|video|phone|zoom|teams|coffee|lunch"
                 r"|hour[- ]long|one[- ]to[- ]one|1:1)\s+)*"
                 r"(?:meetings?|calls?|sessions?|chats?|conversations?|coffees?|catch[- ]?ups?|check[- ]?ins?"
                 r"|meet[- ]?ups?|lunch(?:es)?|walks?|one[- ]to[- ]ones?|1:1s?)")
_MEETING_NOUN = rf"{_MEETING_NOUN}(?:\s*(?:or|and|/)\s*{_MEETING_NOUN})?"
_PER = r"(?:a|per|each|every|an|in a|in an)"

# (pattern, how to read it): "every" = interval, "times" = count per unit, or a fixed (low, high, ambiguous).
_CADENCE: list[tuple[re.Pattern, object]] = [
    # every four to six weeks, once every ten days, every other month, every couple of weeks, every week
    (re.compile(rf"\b(?:(?:once|one time)\s+)?(?:every|each)\s+(?P<other>other\s+|second\s+|alternate\s+)?"
                rf"(?P<n>{RANGE}\s+)?(?:or so\s+)?(?P<u>{_UNIT})\b(?:\s+or so)?", _F), "every"),
    # twice a quarter, a couple of times a month, 2x a month, once or twice a month, three or four times a year
    (re.compile(rf"\b{_HEDGE}(?P<n>{RANGE}|once|twice|thrice)(?:\s*(?:times?|x)|(?<=once)|(?<=twice)|(?<=thrice))"
                rf"(?:\s+or so)?\s+{_PER}\s+(?P<u>{_UNIT})\b", _F), "times"),
    # one 30-minute call a month, two sessions per quarter, an hour a month
    (re.compile(rf"\b(?P<n>{RANGE})\s+{_MEETING_NOUN}\s+{_PER}\s+(?P<u>{_UNIT})\b", _F), "times"),
    # a handful of times over the year, six sessions over the next six months
    (re.compile(rf"\b(?P<n>{RANGE})(?:\s+or\s+so)?\s+(?:times|{_MEETING_NOUN})\s+(?:over|across|during|in|throughout"
                r"|within)\s+(?:the\s+|this\s+|a\s+)?"
                rf"(?:next\s+|coming\s+|following\s+)?(?P<m>{RANGE}\s+)?(?P<u>{_UNIT})\b", _F), "spread"),
    (re.compile(rf"\b(?P<n>one|two|three|four|\d)\s+(?:a|per|each|every)\s+(?P<u>{_UNIT})\b", _F), "times"),
    (re.compile(rf"\b(?P<n>an?|one|half an?)\s+hour\s+{_PER}\s+(?P<u>{_UNIT})\b", _F), "once"),
    (re.compile(rf"\b(?P<n>\d+|thirty|forty[- ]five|sixty|ninety)\s+min(?:ute)?s\s+{_PER}"
                rf"\s+(?P<u>{_UNIT})\b", _F), "once"),
    # once a month, once a fortnight (said without "times")
    (re.compile(r"\b(?:bi-?weekly|fortnightly|twice[- ]weekly|semi-?weekly)\b", _F), (2.15, 2.15, False)),
    (re.compile(r"\b(?:every|each)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend)\b"
                r"|\bon\s+(?:mondays|tuesdays|wednesdays|thursdays|fridays"
                r"|saturdays|sundays)\b", _F), (4.3, 4.3, False)),
    (re.compile(r"\bbi-?monthly\b", _F), (0.5, 2.0, True)),
    (re.compile(r"\b(?:twice[- ]monthly|semi-?monthly|bi-?mensual)\b", _F), (2.0, 2.0, False)),
    (re.compile(r"\b(?:daily|nightly)\b", _F), (30.0, 30.0, False)),
    (re.compile(r"\b(?:weekly|week-?by-?week)\b", _F), (4.3, 4.3, False)),
    (re.compile(r"\b(?:monthly|month-?to-?month)(?:-ish)?\b", _F), (1.0, 1.0, False)),
    (re.compile(r"\b(?:quarterly|termly)\b", _F), (1 / 3, 1 / 3, False)),
    (re.compile(r"\b(?:semi-?annually|semi-?annual|half-?yearly|bi-?annually"
                r"|bi-?annual)\b", _F), (1 / 6, 1 / 6, False)),
    (re.compile(r"\b(?:annually|yearly|annual)\b", _F), (1 / 12, 1 / 12, False)),
]


def _cadence_value(m: re.Match, how: object) -> tuple[float, float, bool, bool]:
    """(low, high) meetings per month, ambiguous, vague."""
    if isinstance(how, tuple):
        low, high, ambiguous = how
        return low, high, ambiguous, False
    days = _unit_days(m.group("u"))
    n = (m.groupdict().get("n") or "").strip()
    q = quantity(n) if n else None
    if how == "every":
        if n and q is None:
            return 0.0, 0.0, False, False
        factor = 2.0 if m.group("other") else 1.0
        low_n, high_n = (q.low, q.high) if q else (1.0, 1.0)
        return (DAYS_PER_MONTH / (high_n * days * factor), DAYS_PER_MONTH / (low_n * days * factor),
                False, bool(q and q.vague))
    if how == "spread":
        over = quantity((m.group("m") or "").strip()) if m.group("m") else None
        span = days * (over.mid if over else 1.0)
        if q is None:
            return 0.0, 0.0, False, False
        return (q.low * DAYS_PER_MONTH / span, q.high * DAYS_PER_MONTH / span, False,
                q.vague or bool(over and over.vague))
    if how == "once":
        return DAYS_PER_MONTH / days, DAYS_PER_MONTH / days, False, False
    if q is None:
        return 0.0, 0.0, False, False
    return q.low * DAYS_PER_MONTH / days, q.high * DAYS_PER_MONTH / days, False, q.vague


def frequencies(text: str) -> list[Mention]:
    """Every cadence phrase in `text` as meetings per month (a range keeps its low and high)."""
    return list(_frequencies(normalise(text)))


@lru_cache(maxsize=8)
def _frequencies(text: str) -> tuple[Mention, ...]:
    found: list[Mention] = []
    taken = bytearray(len(text))  # positions already read as part of a phrase
    for pattern, how in _CADENCE:
        for m in pattern.finditer(text):
            if any(taken[m.start():m.end()]):
                continue
            low, high, ambiguous, vague = _cadence_value(m, how)
            if high <= 0:
                continue
            taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
            value = 1.0 if ambiguous else (low + high) / 2
            found.append(Mention(m.start(), m.end(), m.group(0), value, ambiguous, low, high, vague))
    return tuple(sorted(found, key=lambda x: x.start))


# -- for how long ---------------------------------------------------------------------------------

_LEAD = (r"(?:about\s+|around\s+|roughly\s+|approximately\s+|up to\s+|at most\s+|no more than\s+|just\s+|only\s+|"
         r"maybe\s+|perhaps\s+|say\s+|an initial\s+|a trial of\s+|a first\s+)?")
_SPAN_WORDS = (r"(?:period|commitment|relationship|programme|program|trial|arrangement|mentorship|mentoring|engagement"
               r"|term|basis|pilot|run|stint|experiment|block|cycle|window|partnership)")
_BOUNDED_PERIOD = (r"(?:(?:academic|school|financial|fiscal|calendar|training|program(?:me)?|college|university"
                   r"|uni|teaching|"
                   r"foundation|first|second|final|current|clinical|placement|spring|summer|autumn|fall|winter|lent|"
                   r"michaelmas|easter|hilary|trinity|next|coming|this|growing|busy|build|project|sales|tax)\s+)*"
                   r"(?:year|term|semester|quarter|placement|rotation|apprenticeship|course|programme"
                   r"|program|residency|"
                   r"fellowship|internship|probation|season|cohort|project|secondment|contract)")
_LIFE_EVENT = (r"(?:finish|complete|qualify|graduate|pass|sit|submit|defend|start|begin|take up|move|return|go on|"
               r"wrap up|get through|reach|am through|'m through|'m done|am done|finish up)")

_DURATION: list[tuple[re.Pattern, str]] = [
    # for six months, over the next nine months, for the next couple of years, over the coming year
    (re.compile(rf"\b(?:for|over|during|across|within|spanning|lasting|through|throughout|in)\s+{_LEAD}(?:the\s+)?"
                rf"(?:next|coming|following|first|initial|upcoming)\s+(?:(?P<n>{RANGE})\s+)?"
                rf"(?P<u>{_UNIT})\b", _F), "count"),
    (re.compile(rf"\b(?:for|over|during|across|spanning|lasting|of)\s+{_LEAD}"
                rf"(?P<n>{RANGE})\s+(?P<u>{_UNIT})\b", _F), "count"),
    # a six-month trial, a 12-month programme, a year-long mentorship
    (re.compile(rf"\b(?P<n>{RANGE})[- ](?P<u>months?|years?|weeks?|terms?)(?:[- ]long)?\s+(?:\w+"
                rf"\s+)?{_SPAN_WORDS}\b", _F), "count"),
    (re.compile(r"\b(?:a|one)\s+(?P<u>year|month|term|semester)[- ]long\b", _F), "one"),
    (re.compile(r"\b(?:a|one|the)\s+(?P<u>year|term|semester|quarter)\s+(?:of\s+)?(?:monthly\s+)?(?:meetings|sessions"
                r"|conversations|calls|mentoring)\b", _F), "one"),
    # until the end of the year, until June, through the spring, till Christmas
    (re.compile(rf"\b(?:until|till|til|through|thru|up to|to"
                rf"|into)\s+(?:around\s+|about\s+)?(?:the\s+)?(?:end\s+of\s+|close\s+of\s+)?(?:the\s+|this\s+|next\s+)?"
                rf"(?:{_MONTHS}\b|{_SEASONS}\b|(?:academic\s+|school\s+|financial\s+|calendar\s+)?year\b"
                r"|(?:spring|summer|autumn|fall|winter)\s+term\b|term\b|semester\b)", _F), "bound"),
    # for the rest of the academic year, for the remainder of my placement, this school year
    (re.compile(r"\b(?:for|over|during|through|across)\s+(?:the\s+)?(?:rest|remainder|balance|duration|length"
                rf"|course)\s+of\s+(?:the|this|my|our)\s+{_BOUNDED_PERIOD}\b", _F), "bound"),
    (re.compile(r"\b(?:during|through|throughout|over|for|across"
                rf"|in)\s+(?:the\s+|this\s+|my\s+|our\s+)?(?:current\s+)?{_BOUNDED_PERIOD}\b", _F), "bound"),
    (re.compile(r"\b(?:this|the coming|next)\s+(?:academic\s+|school\s+|financial\s+|fiscal\s+|calendar\s+"
                r"|training\s+)?(?:year|term|semester|season)\b", _F), "bound"),
    (re.compile(r"\b(?:until|till|til|through|thru|to|into"
                r"|up to)\s+(?:the\s+)?(?:end|close|start|beginning)\s+of\s+(?:the\s+|this\s+|next\s+|our\s+|my\s+)?"
                r"(?:\w+\s+){0,2}"
                r"(?:year|term|semester|season|quarter|month|placement|rotation|course|programme|program|project"
                r"|contract|secondment|training|apprenticeship)\b", _F), "bound"),
    (re.compile(r"\b(?:until|till|til|up until|up to)\s+(?:then|that point|that date"
                r"|that time|the end)\b", _F), "bound"),
    (re.compile(r"\bbetween\s+now\s+and\s+(?:the\s+)?\w+", _F), "bound"),
    # over the next two terms, for two terms
    # until I finish my MBA, until I qualify, until my exams are over
    (re.compile(r"\b(?:until|till|til|up until|up to when)\s+(?:I|I've|I'm|I have|we|my|our|the|this|you|it"
                r"|she|he|they)\b", _F), "bound"),
    (re.compile(rf"\bbefore\s+(?:I|I've|I'm|I have|we)\s+(?:\w+\s+){{0,1}}{_LIFE_EVENT}\b", _F), "bound"),
    (re.compile(r"\b(?:until|till|til|up until|through)\s+(?:my|the)\s+(?:\w+\s+){0,2}(?:exams?|finals|qualification"
                r"|degree|mba|"
                r"course|apprenticeship|training|rotation|residency|probation|placement|dissertation|thesis"
                r"|viva|boards|"
                r"certification|secondment|maternity leave|deadline|launch|review|programme|program)\b", _F), "bound"),
    # six sessions, a handful of conversations (a total, not a rate)
    (re.compile(rf"\b(?P<n>{NUMBER}(?:\s*(?:-|to|or)\s*{NUMBER})?)\s+(?:\w+\s+)?(?:sessions|meetings|conversations"
                r"|calls|chats|"
                rf"catch[- ]?ups|coffees|check[- ]?ins)\b(?!\s+(?:a|per|each|every|an)\s)", _F), "sessions"),
    # bare "six months", "a year" in a sentence about the mentoring
    (re.compile(rf"\b(?P<n>{RANGE})\s+(?P<u>months?|years?|weeks?|terms?)\b(?!\s+(?:ago|later|in|at|into|of|older"
                r"|before|since|experience))", _F), "count"),
]
_NOT_DURATION_BEFORE = re.compile(
    r"\b(?:last|past|previous|recent|once|twice|times|per|every|each|than|after|since|ago|spent|been|worked|"
    r"first|almost|nearly|over|under|about)\s+$", _F)
_PAST_AROUND = re.compile(
    r"\b(?:I've been|I have been|I've spent|I have spent|I've worked|I have worked|I spent|I worked"
    r"|I was (?:a|an|the|at|in|on)|I've had|"
    r"I have had|I've led|I've run|I've managed|I joined|I started|ago|in the (?:last|past)|over the (?:last|past)|"
    r"for the (?:last|past)|experience)\b", _F)
_OPEN_ENDED = re.compile(
    r"\b(?:indefinitely|open[- ]ended(?:ly)?|on an ongoing basis|ongoing|for years(?: to come)?"
    r"|for (?:the )?foreseeable future|"
    r"for as long as (?:\w+\s+){0,4}?(?:possible|willing|have me|'ll have me|want me|need me|like|wish|can|are able|"
    r"it takes|useful|helpful|it helps|it works|we both|you like|you want|you(?:'re| are) happy|makes sense|valuable"
    r"|it's working)|"
    r"as long as (?:it(?:'s| is) (?:useful|helpful|working|valuable)|you(?:'re| are) (?:willing|happy|up for it)"
    r"|we both (?:find it|want)|it (?:helps|works|makes sense))|"
    r"for the long (?:haul|term|run)|forever|lifelong|for life|permanently|no (?:fixed )?end date|without an end date|"
    r"long[- ]term (?:relationship|mentor(?:ship|ing)?|arrangement|commitment|basis|partnership)|over the years|"
    r"for the next (?:several|many) years|in perpetuity|open-?ended)\b", _F)


def _months(m: re.Match, how: str) -> tuple[float, float]:
    """(low, high) months for a duration match."""
    groups = m.groupdict()
    if how == "bound":
        return 0.0, 0.0
    if how == "sessions":
        return 0.0, 0.0
    unit = (groups.get("u") or "month").lower()
    per_unit = _unit_days(unit) / DAYS_PER_MONTH
    if unit.startswith("year"):
        per_unit = 12.0
    if how == "one":
        return per_unit, per_unit
    n = (groups.get("n") or "").strip()
    q = quantity(n) if n else None
    low, high = (q.low, q.high) if q else (1.0, 1.0)
    if q is None and n and n.lower() not in ("", "a", "an"):
        return 0.0, 0.0
    return low * per_unit, high * per_unit


_SPREAD = re.compile(r"\s(?:over|across|during|in|throughout|within)\s", _F)


def durations(text: str) -> list[Mention]:
    """Every stated length of the relationship, in months (inf for open-ended; 0 for a bound of unknown length)."""
    return list(_durations(normalise(text)))


@lru_cache(maxsize=8)
def _durations(text: str) -> tuple[Mention, ...]:
    masked = list(text)
    for mention in _frequencies(text):  # "twice a year" is a cadence, not a duration
        spread = _SPREAD.search(mention.phrase)  # but "six sessions over six months" holds one
        end = mention.start + spread.start() if spread else mention.end
        masked[mention.start:end] = " " * (end - mention.start)
    plain = "".join(masked)
    found: list[Mention] = []
    taken = bytearray(len(text))

    def add(start: int, end: int, low: float, high: float) -> None:
        if any(taken[start:end]):
            return
        taken[start:end] = b"\x01" * (end - start)
        found.append(Mention(start, end, text[start:end], (low + high) / 2, low=low, high=high))

    for m in _OPEN_ENDED.finditer(plain):
        add(m.start(), m.end(), math.inf, math.inf)
    for pattern, how in _DURATION:
        for m in pattern.finditer(plain):
            if _NOT_DURATION_BEFORE.search(plain[max(0, m.start() - 12):m.start()]):
                continue
            if how == "count" and _PAST_AROUND.search(plain[sentence_at(plain, m.start()).start:m.end() + 12]):
                continue
            low, high = _months(m, how)
            add(m.start(), m.end(), low, high)
    return tuple(sorted(found, key=lambda x: x.start))
