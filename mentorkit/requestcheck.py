"""The mentoring-request checker: reads a draft the way a busy mentor would (G4.1 to G4.5).

`check_request(text)` (re-exported by `mentorkit.drafting`, where the fixed
interface lives) returns one error `Finding` per missing or broken point, with
the offending phrase in `Finding.quote`. The rules read ordinary phrasing
("fortnightly", "every other month", "over the next year") rather than
keywords, and they skip a phrase the writer negated ("rather than weekly",
"I'm not asking for a job or a referral").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .findings import Finding

_F = re.IGNORECASE

# -- numbers and the small grammar of time -----------------------------------------

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "a couple of": 2, "couple of": 2, "three": 3,
    "a few": 3, "few": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "eighteen": 18, "twenty-four": 24, "twenty four": 24,
    "thirty-six": 36, "several": 3, "half a": 0.5,
}
NUM = r"(?:\d{1,3}|a couple of|couple of|a few|half a|twenty[- ]four|thirty-six|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|eighteen|several|single|an|a)"
_MONTHS = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"


def _number(text: str) -> float:
    text = text.strip().lower().replace("-", " ")
    if text.isdigit():
        return float(text)
    return float(_NUMBER_WORDS.get(text, _NUMBER_WORDS.get(text.replace(" ", "-"), 1)))


# -- negation: a phrase inside "I'm not asking for ..." or "rather than weekly" does not count --

_CLAUSE_BREAK = re.compile(r"[.;:!?()\n]|\s[-\u2013\u2014]\s|\bbut\b|\bhowever\b|\bthough\b|\balthough\b", _F)
_NEGATION = re.compile(
    r"\b(?:not|never|no|nor|without|rather than|instead of|less often than|fewer than)\b|n't\b", _F
)
_NOT_NEGATION = re.compile(r"\bno (?:more|longer) than\s*$", _F)


def _clause_before(text: str, start: int) -> str:
    """The part of the clause that precedes position `start`."""
    head = text[:start]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    return head[breaks[-1].end():] if breaks else head


def _negated(text: str, start: int) -> bool:
    before = _clause_before(text, start)
    if _NOT_NEGATION.search(before):
        return False
    return bool(_NEGATION.search(before))


def _sentence_around(text: str, start: int, end: int) -> str:
    """The whole sentence (or bullet line) holding the span `start:end`."""
    head = text[:start]
    cut = max(head.rfind(". "), head.rfind("? "), head.rfind("! "), head.rfind("\n"))
    ends = [i for i in (text.find(". ", end), text.find("? ", end), text.find("! ", end), text.find("\n", end)) if i >= 0]
    return text[cut + 1:min(ends) if ends else len(text)]


def _sentence_of(text: str, start: int) -> str:
    """The sentence (or bullet line) holding position `start`, up to that position."""
    head = text[:start]
    cut = max(head.rfind(". "), head.rfind("? "), head.rfind("! "), head.rfind("\n"))
    return head[cut + 1:]


def _normalise(text: str) -> str:
    """Straighten curly quotes, keeping every character's position (quotes index the original)."""
    return text.translate(str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}))


# -- G4.2: how often -----------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """A phrase found in the draft, where it is, and what it says in numbers."""

    start: int
    end: int
    phrase: str
    value: float  # meetings per month, or months of duration (inf for open-ended)
    ambiguous: bool = False


def _n(m: re.Match) -> float:
    word = m.group("n").lower()
    return {"once": 1.0, "twice": 2.0, "two or three": 3.0}.get(word, _number(word) if word else 1.0)


_TIMES = rf"(?P<n>once|twice|two or three|{NUM})(?:(?: |-)?(?:times|x))?"
_UNITS = r"(?:(?:\d+[- ]minutes?|one[- ]hour|half[- ]hour|hour[- ]long|short|quick|brief)[- ])?(?:meetings?|calls?|sessions?|chats?|conversations?|coffees?|catch-?ups?)"
# (pattern, meetings per month); a callable computes it from the match; None marks an ambiguous word.
_FREQUENCIES: list[tuple[re.Pattern, object]] = [
    (re.compile(r"\b(?:bi-?weekly|fortnightly|every fortnight|once a fortnight|each fortnight|"
                r"every (?:two|2|other|second) weeks?)\b", _F), 2.15),
    (re.compile(r"\bbi-?monthly\b", _F), None),
    (re.compile(r"\b(?:every (?:six|6) months|semi-?annually)\b", _F), 1 / 6),
    (re.compile(r"\b(?:daily|every (?:single )?day|each day|every weekday)\b", _F), 30.0),
    (re.compile(r"\b(?:weekly|every (?:single )?week|each week|once (?:a|per|every) week)\b", _F), 4.3),
    (re.compile(rf"\b{_TIMES} (?:a|per|each|every) week\b", _F), lambda m: 4.3 * _n(m)),
    (re.compile(rf"\b(?P<n>{NUM}) {_UNITS} (?:a|per|each|every) week\b", _F), lambda m: 4.3 * _n(m)),
    (re.compile(r"\bevery (?P<n>\d+|three|four|five|six|seven|eight) weeks\b", _F), lambda m: 30.0 / (7 * _n(m))),
    (re.compile(r"\bevery (?P<n>\d+) days\b", _F), lambda m: 30.0 / max(_n(m), 1.0)),
    (re.compile(r"\b(?:twice monthly|semi-?monthly)\b", _F), 2.0),
    (re.compile(rf"\b{_TIMES} (?:a|per|each|every) month\b", _F), _n),
    (re.compile(rf"\b(?P<n>{NUM}) {_UNITS} (?:a|per|each|every) month\b", _F), _n),
    (re.compile(r"\b(?:monthly|every month|each month|once monthly|"
                r"(?:an|one|half an) hour (?:a|per|each|every) month|\d+ minutes (?:a|per|each|every) month)\b", _F), 1.0),
    (re.compile(r"\bevery (?:other|second|two|2) months?\b", _F), 0.5),
    (re.compile(r"\b(?:quarterly|once (?:a|per|every) quarter|every quarter|each quarter|every (?:three|3) months)\b", _F), 1 / 3),
    (re.compile(rf"\b{_TIMES} (?:a|per|each|every) year\b", _F), lambda m: _n(m) / 12),
    (re.compile(r"\b(?:annually|yearly)\b", _F), 1 / 12),
]
_MEETING_WORDS = re.compile(
    r"\b(?:meet|meeting|meetings|met|call|calls|chat|chats|talk|talks|session|sessions|catch[- ]up|coffee|"
    r"conversation|conversations|check[- ]in|speak|connect|hour|minutes|mentoring|mentor|mentorship|relationship|"
    r"arrangement|agreement|commitment|commit|trial|try|review|together)\b", _F
)


def _about_meeting(sentence: str, cadence_ok: bool = True) -> bool:
    """Does this sentence talk about the meetings (and not, say, a goal's horizon or a past job)?"""
    return bool(_MEETING_WORDS.search(sentence) or (cadence_ok and frequencies(sentence)))


def frequencies(text: str) -> list[Mention]:
    """Every cadence phrase in `text` as meetings per month (`bi-monthly` is marked ambiguous)."""
    text = _normalise(text)
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for pattern, value in _FREQUENCIES:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            if value is None:
                found.append(Mention(m.start(), m.end(), m.group(0), 1.0, ambiguous=True))
            else:
                per_month = value(m) if callable(value) else float(value)
                found.append(Mention(m.start(), m.end(), m.group(0), per_month))
    return sorted(found, key=lambda x: x.start)


# -- G4.2: for how long --------------------------------------------------------------

_UNIT = r"(?:weeks?|months?|years?)"
_DURATIONS: list[re.Pattern] = [
    re.compile(rf"\b(?:for|over|during|across|within|spanning|lasting|of)\s+(?:about\s+|around\s+|roughly\s+|"
               rf"approximately\s+|up to\s+|at most\s+|just\s+|only\s+|maybe\s+|perhaps\s+)?(?:the\s+)?"
               rf"(?:next\s+|coming\s+|following\s+|first\s+)?(?P<n>{NUM})\s+(?P<u>{_UNIT})\b", _F),
    re.compile(rf"\b(?:over|for|during|across|within|in)\s+the\s+(?:next|coming|following)\s+(?:(?P<n>{NUM})\s+)?(?P<u>{_UNIT})\b", _F),
    re.compile(rf"\b(?P<n>{NUM})[- ](?P<u>months?|years?)(?:[- ]long)?\s+(?:period|commitment|relationship|programme|"
               rf"program|trial|arrangement|mentorship|mentoring|engagement|term|basis|pilot)\b", _F),
    re.compile(r"\b(?:a\s+)?(?P<u>year|month|twelve[- ]month|six[- ]month)[- ]?long\b", _F),
    re.compile(rf"\b(?:until|till|through|to)\s+(?:the\s+end\s+of\s+)?(?:{_MONTHS}|the summer|the spring|the autumn|the fall|"
               rf"the winter|the year|year[- ]end|the end of the year)\b", _F),
    re.compile(rf"\b(?P<n>{NUM})\s+(?P<u>months?)\b(?!\s+(?:ago|in|at|into|later))", _F),
    re.compile(r"\b(?P<n>a)\s+(?P<u>year)\b(?!\s+(?:ago|later|older|from now))", _F),
    re.compile(rf"\b(?P<n>{NUM})\s+(?:sessions|meetings|conversations|calls)\b(?!\s+(?:a|per|each|every)\b)", _F),
]
_NOT_DURATION_BEFORE = re.compile(r"\b(?:last|past|previous|recent|once|twice|times|per|every|each|in|than|after)\s+$", _F)
_OPEN_ENDED = re.compile(
    r"\b(?:indefinitely|open[- ]ended|on an ongoing basis|for years(?: to come)?|for the foreseeable future|"
    r"for as long as (?:possible|you(?:'re| are) willing|it takes)|forever|lifelong|for life|permanently|"
    r"long[- ]term (?:relationship|mentor(?:ship|ing)?|arrangement|commitment|basis))\b", _F
)


def durations(text: str) -> list[Mention]:
    """Every stated length of the relationship, in months (inf for an open-ended one; 0 when unknown)."""
    text = _normalise(text)
    masked = list(text)
    for mention in frequencies(text):  # "twice a year" is a cadence, not a duration
        masked[mention.start:mention.end] = " " * (mention.end - mention.start)
    plain = "".join(masked)
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, months: float) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(Mention(start, end, text[start:end], months))

    for m in _OPEN_ENDED.finditer(plain):
        if not _negated(plain, m.start()):
            add(m.start(), m.end(), float("inf"))
    for pattern in _DURATIONS:
        for m in pattern.finditer(plain):
            if _NOT_DURATION_BEFORE.search(plain[max(0, m.start() - 12):m.start()]):
                continue
            groups = m.groupdict()
            unit = (groups.get("u") or "").lower()
            n = _number(groups["n"]) if groups.get("n") else 1.0
            if unit.startswith("twelve"):
                months = 12.0
            elif unit.startswith("six"):
                months = 6.0
            elif unit.startswith("year"):
                months = 12.0 * n
            elif unit.startswith("month"):
                months = n
            elif unit.startswith("week"):
                months = n / 4.3
            else:
                months = 0.0  # "until June", "six sessions": bounded, length not computed
            add(m.start(), m.end(), months)
    return sorted(found, key=lambda x: x.start)


# -- the other rules' phrase books -----------------------------------------------------------

_GUIDANCE = re.compile(
    r"\b(?:guidance|advice|advise|counsel|perspective|perspectives|insights?|feedback|sounding board|coach(?:ing)?|"
    r"help (?:me )?(?:with|to|on|in|think|navigate|prepare|build|develop|improve|understand|figure|get better|sharpen|plan)|"
    r"learn(?:ing)? (?:from|how|about)|your (?:views?|take|thoughts|experience|input|help) (?:on|of|with|in)|"
    r"support (?:me )?(?:in|with|as)|talk (?:through|over)|work through|mentor(?:ing)? me (?:on|in|with|through))\b", _F
)
_SPECIFIC = re.compile(
    r"\b(?:specifically|in particular|particularly|concretely|focus(?:ed|ing)? on|the areas?|topics?|such as|"
    r"for example|for instance|e\.g\.|my plan|a plan|the plan|plan is|an agenda|"
    r"(?:two|three|four|a few|\d) (?:things|areas|topics|questions|skills|goals|points|themes)|"
    r"priorit(?:y|ies)|I(?:'d| would) like (?:us )?to (?:work on|cover|focus|discuss|talk about|look at|get better at))\b", _F
)
_LIST = re.compile(r"\w[^,.;:?!]*,[^.;:?!]+\band\b\s+\w", _F)  # "how you hired, how you budgeted, and how you..."
_BULLETS = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+\S", re.MULTILINE)
_VAGUE = re.compile(
    r"\b(?:pick your brain|any advice|general advice|anything you (?:can|could|might) (?:offer|share|tell me)|"
    r"whatever you (?:can|could|think)|some advice|help me out|see where it goes|advice on my career|"
    r"help with my career|career advice|just chat)\b", _F
)
_JOB_ASKS = re.compile(
    r"\b(?:(?:refer|recommend|hire|sponsor|promote) me\b|referrals?\b|(?:put|say) in a (?:good )?word|"
    r"consider(?:ed)? me for|be considered for|"
    r"(?:jobs?|roles?|positions?|vacanc(?:y|ies)|openings?|opportunit(?:y|ies)|internships?) (?:at|in|on|with|within) "
    r"(?:your|the) (?:team|company|firm|group|department|organi[sz]ation|org|business|office)|"
    r"(?:open|any|available) (?:roles?|positions?|jobs?|vacanc(?:y|ies)|openings?|headcount)|"
    r"help(?:ing)? me (?:get|land|find|secure|obtain) (?:a|an|the|my next|my first)? ?(?:new )?(?:job|role|position|promotion|offer)|"
    r"(?:get|land|find|secure) me (?:a|an) (?:job|role|position|interview|offer)|hiring manager|recruiters?\b|"
    r"job (?:opening|offer)s?|(?:are|is) (?:you|your team|your company|your firm|\w+) hiring|get(?:ting)? me promoted|"
    r"work for you)", _F
)
_NOT_A_JOB = re.compile(
    r"(?:\b(?:not|never|no longer)\b|n't\b)\s+(?:\w+\s+){0,3}?(?:asking|looking|seeking|after|hoping|here|requesting|"
    r"a request|about|angling|job[- ]hunting|searching|interested)\b.{0,100}?\b(?:jobs?|roles?|positions?|referrals?|"
    r"employment|openings?|vacanc(?:y|ies)|hire|hiring|work(?:ing)? for you|opportunit(?:y|ies)|job[- ]hunting)"
    r"|\bno (?:jobs?|roles?|referrals?|positions?|job requests?)\b"
    r"|\b(?:not|n't)\s+(?:\w+\s+){0,2}?(?:a|an)?\s*(?:job|employment|referral|recruiting) (?:request|ask|inquiry|enquiry|application)"
    r"|\bnot (?:job[- ]hunting|looking to (?:move|change|leave))", _F
)
_DEADLINE = re.compile(
    r"\b(?:by (?:this |next )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|"
    r"end of (?:the )?(?:day|week|month)|the end of (?:the |this |next )?(?:day|week|month)|eod|eow|next week|"
    rf"(?:the )?\d{{1,2}}(?:st|nd|rd|th)?(?: of {_MONTHS})?|{_MONTHS} \d{{1,2}})|"
    r"(?:as soon as possible|asap|urgent(?:ly)?|right away|immediately|straight away)|"
    r"I need (?:an answer|a reply|a response|to hear back|to know|you to (?:answer|reply|confirm|decide))|"
    r"please (?:reply|respond|confirm|answer|let me know|get back to me) (?:by|before|within|today|tomorrow)|"
    r"within (?:\d+|24|48|twenty[- ]four|forty[- ]eight) hours|deadline|no later than)\b", _F
)
_ASSUMED_YES = re.compile(
    r"\b(?:when we start|once we (?:start|begin|get started|kick off)|when we begin|"
    r"I(?:'ve| have) (?:already )?(?:booked|scheduled|reserved|blocked|set up|sent (?:you )?(?:an?|the) (?:calendar )?invit)|"
    r"I(?:'ll| will) (?:send|book|schedule|put) (?:you )?(?:an?|the|our)? ?(?:calendar )?(?:invite|invitation|meeting|first session)|"
    r"our first (?:meeting|session|call) (?:will be|is (?:on|at|set)|is booked)|see you (?:on|next|at|then)|"
    r"look(?:ing)? forward to (?:working with you|our first|our sessions|our meetings|starting|having you as my mentor)|"
    r"(?:put|pencilled|penciled|added) (?:a |an )?(?:tentative )?(?:slot|hold|meeting|invite|session) (?:in|into|to) your (?:calendar|diary)|"
    r"since you(?:'ve| have) agreed|thanks? (?:you )?for agreeing|I(?:'m| am) sure you(?:'ll| will) (?:say yes|agree|accept)|"
    r"you(?:'ll| will) be (?:a great|my) mentor|as my mentor,? you will)\b", _F
)
_GUILT = re.compile(
    r"\b(?:the only (?:person|one) who can|counting on you|(?:don't|do not) let me down|won't take no|"
    r"(?:can't|cannot|please don't|don't) say no|you owe me|it would mean everything)\b", _F
)
_ROOM = re.compile(
    r"\b(?:no pressure|no obligation|no worries if not|no rush|no hurry|(?:completely|totally|entirely|fully)? ?understand if|"
    r"(?:I'd|I would|I will|I'll) (?:completely |totally |fully )?understand|if (?:you're|you are) (?:too busy|not able|unable|not available)|"
    r"if (?:now|this) (?:isn't|is not) (?:a good|the right) time|feel free to (?:say no|decline|pass)|"
    r"(?:happy|fine|okay|ok|alright) if (?:not|the answer is no|you decline|you can't)|say no|saying no|decline|"
    r"take (?:your|some|all the) time|take a few days|think (?:it|this) over|think about it|sleep on it|"
    r"in your own time|whenever (?:suits|works|you have)|if you(?:'d| would) (?:rather|prefer) not|"
    r"if it doesn't (?:suit|work)|not the right time|whatever you decide|either way|"
    r"(?:don't|do not|no) need (?:to )?(?:an answer|to (?:reply|answer|decide|respond)) (?:right away|immediately|now|straight away|soon|today))\b",
    _F,
)
_WHO = re.compile(
    r"\b(?:my name is|I(?:'m| am) (?:a|an|the|currently|now|part of|on the|in the|working|based|responsible|leading|studying|in my)\b|"
    r"I work(?:ed)? (?:as|at|in|on|for|with)\b|I(?:'ve| have) (?:been|spent|worked|led|built|managed)\b|I joined\b|"
    r"I lead\b|I manage\b|I run\b|I study\b|I recently\b|I currently\b|\bas an? (?:[\w-]+ ){1,3}(?:at|in|with|for)\b)", _F
)
_WHO_NAME = re.compile(r"\bI(?:'m| am) [A-Z][A-Za-z'-]+")  # "I'm Priya": case matters here
_ACHIEVE = re.compile(
    r"\b(?:my (?:main |long-term |career |primary |big )?(?:goals?|aims?|ambitions?|aspirations?|objectives?)\b|"
    r"(?:hope|hoping|aim|aiming|plan|planning|want|intend|working|trying|looking) to (?:become|grow|move|build|develop|"
    r"lead|get better|improve|learn|transition|step|strengthen|prepare|make|take|launch|sharpen|deepen|master|reach|"
    r"earn|be ready|switch|broaden)|"
    r"I(?:'d| would) (?:like|love) to (?:become|grow|move|build|develop|lead|get better|improve|transition|step|"
    r"strengthen|prepare|be ready|sharpen|deepen|learn)|what I hope to (?:achieve|gain|get)|hoping to achieve|working towards?)", _F
)
_ASK = re.compile(
    r"\b(?:mentor|mentoring|mentorship|would you (?:be willing|consider|be open|be up for|mind|have time)|"
    r"(?:I'm|I am) (?:writing|reaching out) to ask|I(?:'d| would) like to ask|would it be possible|"
    r"(?:would|could|can) (?:you|we)|I(?:'d| would) (?:suggest|propose)|my plan|I propose)\b", _F
)


def _first(pattern: re.Pattern, text: str, *, negatable: bool = True, conditional_ok: bool = False):
    """The first match of `pattern` that the writer did not negate (nor make conditional, if asked)."""
    for m in pattern.finditer(text):
        if negatable and _negated(text, m.start()):
            continue
        if conditional_ok and re.search(r"\b(?:if|should you|were you to)\b", _sentence_of(text, m.start()), _F):
            continue
        return m
    return None


def check_request(text: str) -> list[Finding]:
    """Check a mentoring-request draft against G4.1 to G4.5: one error per missing or broken point."""
    raw = text or ""
    text = _normalise(raw)
    out: list[Finding] = []

    def err(gid: str, message: str, m: re.Match | Mention | None = None, severity: str = "error") -> None:
        quote = raw[m.start:m.end] if isinstance(m, Mention) else (raw[m.start():m.end()] if m else "")
        if quote and quote not in message:
            message += f' Found: "{quote}".'
        out.append(Finding(gid, severity, message, subject="request", quote=quote))

    # G4.1: a plan, and the kind of guidance wanted
    guidance = _GUIDANCE.search(text)
    specific = _SPECIFIC.search(text) or len(_BULLETS.findall(text)) >= 2 or any(
        _LIST.search(_sentence_around(text, m.start(), m.end())[len(_sentence_of(text, m.start())):])
        for m in _GUIDANCE.finditer(text)
    )
    if not guidance:
        err("G4.1", "Says nothing about the kind of guidance you want: name it (advice on a decision, "
                    "feedback on a plan, help preparing for a step).")
    if not specific:
        vague = _VAGUE.search(text)
        err("G4.1", "No specific plan: say what exactly you hope to work on together, for example two or three "
                    "topics or the first thing you would bring." + (" A vague ask is easy to decline." if vague else ""),
            vague)

    # G4.2: at most monthly, for a stated time of a year or less
    freqs = frequencies(text)
    about = [f for f in freqs if _about_meeting(_sentence_around(text, f.start, f.end), cadence_ok=False)]
    relevant = about or freqs
    too_often = [f for f in relevant if f.value > 1.1 and not f.ambiguous and not _negated(text, f.start)]
    for f in too_often[:1]:
        err("G4.2", f"'{f.phrase}' asks for more than one meeting a month; ask for once a month or less.", f)
    if not relevant:
        err("G4.2", "Does not say how often you would meet: propose once a month (or less).")
    for f in relevant:
        if f.ambiguous:
            err("G4.2", f"'{f.phrase}' can mean twice a month or every two months: say 'once a month' or "
                        "'every other month' instead.", f, severity="warning")
    spans = [d for d in durations(text) if _about_meeting(_sentence_around(text, d.start, d.end))]
    bounded = [d for d in spans if d.value != float("inf")]
    too_long = [d for d in bounded if d.value > 12]
    open_ended = [d for d in spans if d.value == float("inf")]
    if too_long:
        err("G4.2", f"'{too_long[0].phrase}' is longer than a year; propose a year or less and review then.", too_long[0])
    elif open_ended and not bounded:
        err("G4.2", f"'{open_ended[0].phrase}' leaves the commitment open-ended; propose a year or less.", open_ended[0])
    elif not bounded:
        err("G4.2", "No duration stated: say for how long, a year at most (for example 'for six months').")

    # G4.3: not a job request, said plainly
    ask = next((m for m in _JOB_ASKS.finditer(text) if not _NOT_A_JOB.search(_clause_before(text, m.end()))), None)
    if ask:
        err("G4.3", "Asks for a job, a role or a referral: a mentor is not a route to a job; "
                    "ask for guidance only, and say so.", ask)
    elif not _NOT_A_JOB.search(text):
        err("G4.3", "Does not say plainly that you are not asking for a job; say it, so they can relax.")

    # G4.4: no pressure, no assumed yes, room for a no and time to think
    deadline = _first(_DEADLINE, text)
    if deadline:
        err("G4.4", "Puts a deadline on the answer: give them time to think it over.", deadline)
    assumed = _first(_ASSUMED_YES, text, conditional_ok=True)
    if assumed:
        err("G4.4", "Assumes a yes before they have said it: ask, and let them decide.", assumed)
    guilt = _GUILT.search(text)
    if guilt:
        err("G4.4", "Pressures them: leave them free to say no.", guilt)
    if not _first(_ROOM, text):
        err("G4.4", "Offers no way to decline and no time to think: say a no is fine and there is no rush.")

    # G4.5: who you are, what you hope to achieve, what you ask of them
    if not (_WHO.search(text) or _WHO_NAME.search(text)):
        err("G4.5", "Does not say who you are: a line on your name, role and where you work.")
    if not _ACHIEVE.search(text):
        err("G4.5", "Does not say what you hope to achieve: one or two sentences on your goal.")
    if not (_ASK.search(text) or freqs):
        err("G4.5", "Does not outline what you ask of them: say you are asking them to mentor you, and how.")
    return sorted(out, key=lambda f: f.guidance)
