"""The small grammar the coach reads with: sentences, clauses, the reach of a negation, numbers in words.

The writing checks (the request check, G4.x, and the realism check, G1.6)
judge what a sentence *does*: asks for a job, proposes a pace, leaves room
for a no. To do that without a language model they need a few facts about
ordinary English that keyword lists miss:

- where a sentence and a clause end, so that "I'm not asking for a job,
  but if you hear of an opening, think of me" is read as two clauses, the
  second one un-negated;
- how far a "not" reaches ("not a job, a role or a referral" covers the
  list; it stops at "but", "and I", a full stop);
- numbers written as words and ranges ("four to six", "a couple of",
  "once or twice").

Every function keeps character positions, so a remark can quote the
writer's own words exactly.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

_F = re.IGNORECASE

# -- normalising without moving anything -------------------------------------------------------

_SAME_LENGTH = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
    "\u00a0": " ", "\u2011": "-", "\u2010": "-", "\u2032": "'",
})


def normalise(text: str | None) -> str:
    """Curly quotes, dashes and no-break spaces made plain, one character for one (positions stay valid)."""
    return (text or "").translate(_SAME_LENGTH)


@dataclass(frozen=True)
class Span:
    """A stretch of the text, by position."""

    start: int
    end: int
    text: str


# -- sentences -----------------------------------------------------------------------------------

_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Dr|Mr|Mrs|Ms|Mx|Prof|St|Sr|Jr|Rev|Hon|Capt|Lt|Col|Sgt|Ave|Rd|No|vs|etc|approx|dept|Inc|Ltd|Co|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z]|\be\.g|\bi\.e|\bp\.m|\ba\.m)\.$"
)
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?=\s)|\n\s*\n|\n(?=\s*(?:[-*\u2022>]|\d+[.)])\s)|\n")


def sentences(text: str) -> list[Span]:
    """The sentences (and bullet lines) of `text`, in order; abbreviations such as "Dr." do not end one."""
    return list(_sentences(text))


@lru_cache(maxsize=16)
def _sentences(text: str) -> tuple[Span, ...]:
    out: list[Span] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.group(0).startswith(".") and _ABBREVIATIONS.search(text[max(0, m.start() - 8):m.start() + 1]):
            continue
        _add_span(out, text, start, m.end())
        start = m.end()
    _add_span(out, text, start, len(text))
    return tuple(out)


def _add_span(out: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Span(start, end, text[start:end]))


def sentence_at(text: str, position: int) -> Span:
    """The sentence that holds `position`."""
    spans = _sentences(text)
    i = bisect_right(_starts(text), position) - 1
    if i >= 0 and spans[i].start <= position < spans[i].end:
        return spans[i]
    return Span(position, position, "")


@lru_cache(maxsize=16)
def _starts(text: str) -> list[int]:
    return [span.start for span in _sentences(text)]


# -- clauses and the reach of a negation ------------------------------------------------------

_SUBJECTS = r"(?:I|I'm|I'd|I've|I'll|we|we're|we'd|you|you're|you'd|it|it's|this|that|they|he|she|there|my|our)"
_CLAUSE_BREAK = re.compile(
    r"[;:()]|\s-\s|,?\s+(?:but|yet|though|although|however|whereas|except|so that|because|since)\b|"
    rf",\s+(?:and|so|as|while|which|who|when|if|unless)\b|\s+and\s+(?={_SUBJECTS}\b)|,\s+(?={_SUBJECTS}\b)",
    _F,
)
NEGATOR = re.compile(
    r"\b(?:not|never|no|nor|none|neither|without|nothing|hardly|rather than|instead of|as opposed to|other than|"
    r"less often than|fewer than)\b|n't\b|\bno longer\b", _F
)
_SHORT_REACH = re.compile(r"rather than|instead of|as opposed to|other than|less often than|fewer than", _F)
_NOT_A_NEGATION = re.compile(
    r"\bno (?:more|later|fewer|less|longer) than\b|\bnot only\b|\bno doubt\b|\bnot least\b|\bif not\b|"
    r"\bno matter\b|\bnothing but\b|\bnot sure\b",
    _F,
)


_CLAUSE_REACH = 400  # characters; a longer run without a break is read in pieces, which keeps the check linear


def clause_start(text: str, position: int) -> int:
    """Where the clause holding `position` begins (within its sentence)."""
    sentence = sentence_at(text, position)
    begin = max(sentence.start if sentence.text else 0, position - _CLAUSE_REACH)
    head = text[begin:position]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    return begin + breaks[-1].end() if breaks else begin


def clause_at(text: str, position: int) -> Span:
    """The clause holding `position`: from the last break before it to the next break or sentence end."""
    start = clause_start(text, position)
    sentence = sentence_at(text, position)
    end = min(sentence.end if sentence.text else len(text), position + _CLAUSE_REACH)
    tail = _CLAUSE_BREAK.search(text, position, end)
    if tail:
        end = tail.start()
    return Span(start, end, text[start:end])


def negated(text: str, position: int) -> bool:
    """Is the word at `position` inside the reach of a negation earlier in its clause?

    "I'm not asking for a job or a referral": "referral" is negated. "I'm not
    asking for a job, but if you hear of an opening": "opening" is not.
    """
    head = text[clause_start(text, position):position]
    cleaned = _NOT_A_NEGATION.sub(" ", head)
    found = list(NEGATOR.finditer(cleaned))
    if not found:
        return False
    last = found[-1]
    if _SHORT_REACH.fullmatch(last.group(0)):
        # "rather than weekly calls, could we meet monthly": the contrast covers a phrase, not the clause
        between = cleaned[last.end():]
        return "," not in between and len(between.split()) <= 4
    return True


# -- numbers in words -----------------------------------------------------------------------------

_WORD_VALUES = {
    "a": 1, "an": 1, "one": 1, "single": 1, "once": 1, "two": 2, "twice": 2, "pair of": 2, "couple of": 2,
    "a couple of": 2, "a pair of": 2, "three": 3, "thrice": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "eighteen": 18, "twenty": 20, "twenty-four": 24, "thirty": 30,
    "thirty-six": 36, "forty-five": 45, "sixty": 60, "ninety": 90, "half a": 0.5, "half an": 0.5,
    "a dozen": 12, "dozen": 12,
}
# Quantities that are not a number: read as a typical value, and marked vague.
VAGUE_VALUES = {"a few": 3, "few": 3, "several": 4, "a handful of": 5, "handful of": 5, "some": 3, "many": 6}
# The readings a vague quantity allows: "every few weeks" is every two to four weeks.
VAGUE_RANGES = {3: (2.0, 4.0), 4: (3.0, 6.0), 5: (3.0, 6.0), 6: (5.0, 10.0)}

_NUMBER_WORDS = sorted(list(_WORD_VALUES) + list(VAGUE_VALUES), key=len, reverse=True)
NUMBER = (r"(?:\d+(?:\.\d+)?|"
          + "|".join(re.escape(w).replace(r"\ ", r"\s+").replace(r"\-", r"[- ]?") for w in _NUMBER_WORDS)
          + r")")
# "four to six", "4-6", "one or two", "two or three"
RANGE = rf"(?:{NUMBER}(?:\s*(?:-|to|or|and)\s*{NUMBER})?)"


@dataclass(frozen=True)
class Quantity:
    """A number read from words: its lowest and highest value (a range), and whether it was vague."""

    low: float
    high: float
    vague: bool = False

    @property
    def mid(self) -> float:
        return (self.low + self.high) / 2


def number_value(word: str) -> tuple[float, bool] | None:
    """One number word or numeral as (value, vague), or None when it is not a number."""
    key = re.sub(r"[\s-]+", " ", word.strip().lower())
    if re.fullmatch(r"\d+(?:\.\d+)?", key):
        return float(key), False
    for table, vague in ((_WORD_VALUES, False), (VAGUE_VALUES, True)):
        for name, value in table.items():
            if re.sub(r"[\s-]+", " ", name) == key:
                return float(value), vague
    return None


_RANGE_PARTS = re.compile(rf"^(?P<a>{NUMBER})(?:\s*(?:-|to|or|and)\s*(?P<b>{NUMBER}))?$", _F)


def quantity(phrase: str) -> Quantity | None:
    """A number or a range written in words or digits: "six", "4-6", "four to six", "once or twice"."""
    m = _RANGE_PARTS.match(phrase.strip())
    if not m:
        return None
    first = number_value(m.group("a"))
    if first is None:
        return None
    if not m.group("b"):
        if first[1]:
            low, high = VAGUE_RANGES.get(int(first[0]), (first[0], first[0]))
            return Quantity(low, high, True)
        return Quantity(first[0], first[0], first[1])
    second = number_value(m.group("b"))
    if second is None:
        return Quantity(first[0], first[0], first[1])
    low, high = sorted((first[0], second[0]))
    return Quantity(low, high, first[1] or second[1])


def words(pattern: str) -> re.Pattern:
    """A case-insensitive pattern bounded by word edges."""
    return re.compile(rf"\b(?:{pattern})\b", _F)


def first_unnegated(pattern: re.Pattern, text: str, start: int = 0, end: int | None = None) -> re.Match | None:
    """The first match of `pattern` in `text[start:end]` that no negation in its clause reaches."""
    for m in pattern.finditer(text, start, len(text) if end is None else end):
        if not negated(text, m.start()):
            return m
    return None
