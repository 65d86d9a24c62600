"""The mentoring-request checker: reads a draft the way a busy mentor would (G4.1 to G4.5).

`check_request(text)` (re-exported by `mentorkit.drafting`, where the fixed
interface lives) returns `Finding`s whose severity a coach would stand
behind:

- **error**: the draft plainly breaks a point or leaves it out (no cadence,
  no duration, more than monthly, a job asked for, no plain "not a job"
  line, a deadline or an assumed yes, no room for a no), or still holds
  template text such as "[your role]";
- **warning**: a likely problem the checker cannot be sure of ("bi-monthly",
  "every few weeks", only a hint that a no would be fine);
- **info**: a suggestion (offer time to think it over).

Each remark quotes the writer's phrase (`Finding.quote`, verbatim) and says
what to change. The rules read sentences and clauses rather than keywords
(`mentorkit.language`): a phrase inside the reach of a negation does not
count ("I'm not asking for a job or a referral"), while a clause after "but"
is read afresh ("..., but if you hear of an opening, think of me" asks for
one). Cadences and durations are read by `mentorkit.timephrases` in words,
digits and ranges. The measured agreement with a labelled corpus of drafts
is in the README; `make eval` prints it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable

from .findings import Finding, Severity
from .language import NEGATOR, Span, clause_at, negated, normalise, sentence_at, words
from .timephrases import Mention, durations, frequencies

__all__ = ["check_request", "durations", "frequencies", "placeholders", "PLACEHOLDER_SUBJECT",
           "MAX_MEETINGS_PER_MONTH", "MAX_MONTHS"]

_F = re.IGNORECASE

MAX_MEETINGS_PER_MONTH = 1.0  # G4.2: at most one meeting a month
MAX_MONTHS = 12.0  # G4.2: a year or less
# A stated pace counts as more than monthly past these (every four weeks is 1.07 a month: monthly).
_TOO_OFTEN_LOW = 1.1  # even the least frequent reading of the phrase is over this: an error
_TOO_OFTEN_MID = 1.3  # a range whose middle is over this ("once or twice a month"): an error
PLACEHOLDER_SUBJECT = "placeholder"  # Finding.subject of a leftover template placeholder


@dataclass
class _Draft:
    """The draft as written (`raw`, for quotes) and normalised (`text`, for reading); positions agree."""

    raw: str
    text: str

    def quote(self, start: int, end: int) -> str:
        return self.raw[start:end].strip()


Report = Callable[..., None]


# -- placeholders left from a template ---------------------------------------------------------

_PLACEHOLDER = re.compile(
    r"\[(?!\d+\])[^\[\]\n]{1,60}\](?!\()"  # [your role], [Mentor name]; not [1] or a Markdown link
    r"|\{\{?\s*[A-Za-z_][\w .'-]{0,40}\}?\}"  # {name}, {{ mentor_name }}
    r"|<(?![/!])(?![^<>\n]*(?:@|://|\bwww\.))[A-Za-z][\w .'-]{0,40}>"  # <company>, not an address or a tag
    r"|\b(?:X{2,}|INSERT [A-Z][A-Z ]+|NAME HERE|TBC|TBD)\b|_{3,}"
)
_HTML_TAG = re.compile(r"^<(?:b|i|u|p|br|em|strong|div|span|ul|ol|li|a|hr)\b", _F)


def placeholders(text: str) -> list[Span]:
    """Template text left in a draft: "[your role]", "{name}", "<company>", "XXX", "____"."""
    text = text or ""
    return [Span(m.start(), m.end(), m.group(0)) for m in _PLACEHOLDER.finditer(text)
            if not _HTML_TAG.match(m.group(0))]


def _check_placeholders(d: _Draft, report: Report) -> None:
    for span in placeholders(d.raw):
        report("G4.5", "error", f'Template text is still in the draft: "{span.text}". Replace it with your own '
               "words before you send it.", span.start, span.end, subject=PLACEHOLDER_SUBJECT)


# -- G4.1: a plan, as specific as you can --------------------------------------------------------

_HELP_NOUN = (r"(?:views?|perspectives?|thoughts|take|advice|input|guidance|help|insights?|feedback|counsel|experience|"
              r"wisdom|steer|pointers|tips|ideas|opinion|eye|read|reflections|support|expertise|lens|sense|mentoring|"
              r"mentorship|coaching)")
_FOCUS = re.compile(
    rf"\b(?:{_HELP_NOUN})\s+(?:on|about|with|around|regarding|in|into|for|re|as I|while I|when it comes to)\b"
    r"|\bhelp(?:ing)?\s+(?:me\s+|us\s+)?(?:with|on|to|think|navigate|prepare|build|develop|improve|understand|figure|"
    r"get better|sharpen|plan|work out|decide|learn|weigh|make sense|shape|structure|frame|approach|tackle|handle|"
    r"manage|move|grow|step|find my way|avoid|set)\b"
    r"|\blearn(?:ing)?\s+(?:from\s+you\s+)?(?:how|about|more about|what|why|the ropes|from how|from your)\b"
    r"|\b(?:talk(?:ing)?|think(?:ing)?|work(?:ing)?|go(?:ing)?|walk(?:ing)?)\s+(?:through|over)\b"
    r"|\b(?:discuss|cover|focus(?:ed|ing)? on|explore|unpack|dig into|look at|work on|get better at|improve (?:at|my)|"
    r"understand how|hear how|hear about|ask you about|questions? (?:about|on|around)|compare notes on)\b"
    r"|\b(?:topics?|areas?|themes?|things|questions|priorities|skills|goals|points|challenges"
    r"|issues)\b[^.?!\n]{0,40}\b(?:are|is|include|would be|I'd bring|I would bring|I have in mind)\b"
    r"|\b(?:get|take)\s+out\s+of\s+(?:it|this|our|the|these)\b"
    r"|\b(?:a\s+)?(?:clearer|better|firmer|real)\s+(?:sense|understanding|grasp|handle|picture|idea)\s+of\b"
    r"|\bclarity\s+(?:on|about|around)\b"
    r"|\b(?:struggl\w+|wrestl\w+|grappl\w+|stuck|trouble|difficulty|difficulties|hard time|challenges?|weak(?:ness|er)?"
    r"|gaps?)\s+(?:with|on|in|at|is|are|around)\b"
    r"|\b(?:talk|chat|hear|ask(?: you)?|think|learn)\s+(?:more\s+)?about\b|\bbounce\s+(?:ideas|things)\s+off\b"
    r"|\bsounding\s+board\s+(?:for|on|as|while)\b"
    r"|\btest\s+(?:my|our|the|a)\s+\w+(?:\s+\w+)?\s+(?:on|with|against)\b"
    r"|\bsecond\s+(?:pair\s+of\s+eyes|opinion)\s+on\b"
    r"|\b(?:bring|cover|discuss|raise|focus on|ask about|explore)\s+(?:two|three|four|a few|a couple of|a handful of"
    r"|\d)\s+(?:main\s+|specific\s+)?(?:things|topics|areas|questions|themes|issues|challenges)\b"
    r"|\b(?:specifically|in particular|particularly|especially|chiefly|mainly|above all|notably|concretely|namely|"
    r"for example|for instance|such as|e\.g\.)\b",
    _F,
)
_VAGUE = re.compile(
    r"\b(?:pick (?:your|ur) brains?|any (?:advice|tips|wisdom|guidance|thoughts|pointers)|"
    r"general (?:advice|guidance|chat|catch[- ]ups?)|some (?:general )?advice"
    r"|whatever (?:you (?:can|could|think|like)|comes up)|"
    r"see where it (?:goes|takes us|leads)|advice on my career|help with my career|career advice|just (?:chat|talk)|"
    r"anything you (?:can|could|might) (?:offer|share|tell me)|learn from you(?: in general)?|help me out|"
    r"get to know you|chat about (?:life|things|stuff)|about (?:life|things|stuff) in general)\b",
    _F,
)
_VAGUE_OBJECT_WORDS = {
    "my", "your", "the", "a", "an", "some", "any", "and", "or", "of", "to", "in", "on", "for", "with", "about", "me",
    "career", "careers", "things", "thing", "stuff", "anything", "everything", "something", "life", "future", "general",
    "generally", "development", "growth", "progress", "journey", "path", "professional", "personal", "work", "job",
    "it", "this", "that", "all", "whatever", "overall", "options", "next", "steps", "step", "direction", "where",
    "going", "i'm", "am", "i", "is", "how", "what", "sort", "kind", "kinds", "general", "area", "areas", "field",
    "matters", "issues", "topics", "questions", "more", "much", "as", "you", "can", "could", "would", "be", "think",
    "have", "might", "like", "from", "experience", "advice", "guidance", "help", "really", "just", "so",
    "figure", "figuring", "sort", "sorting", "out", "along", "way", "bits", "journey", "story", "background",
    "yours", "generally", "sometime", "sometimes", "soon", "often", "occasionally", "now", "then", "life", "lives",
    "time", "times", "day", "days", "world", "industry", "sector", "path", "paths",
}
_BULLET = re.compile(r"^\s*(?:[-*\u2022>]|\d+[.)]|[a-z][.)])\s+\S", re.MULTILINE)


def _specific_focus(d: _Draft) -> re.Match | None:
    """The first phrase that names what to work on, followed by something more than 'my career'."""
    for m in _FOCUS.finditer(d.text):
        if negated(d.text, m.start()):
            continue
        clause = clause_at(d.text, m.end())
        tail = d.text[m.end():max(clause.end, min(len(d.text), m.end() + 60))]
        tail = re.split(r"[.?!\n]|\b(?:whenever|when|if|because|since|while|once|so that)\b", tail)[0]
        if re.match(r"\s*(?:whatever|anything|everything|things|stuff|life"
                    r"|my career(?: in general)?\s*$|general)\b", tail, _F):
            continue
        content = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]+", tail.lower())[:12] if w not in _VAGUE_OBJECT_WORDS]
        if len(content) >= 2 or (content and len(content[0]) > 5):
            return m
    return None


def _check_plan(d: _Draft, report: Report) -> None:
    if len(_BULLET.findall(d.text)) >= 2 or _specific_focus(d):
        return
    vague = _VAGUE.search(d.text)
    report("G4.1", "error", "No specific plan: say what exactly you hope to work on together and the kind of "
           "guidance you want, for example two or three topics or the first question you would bring."
           + (" A general ask is easy to decline." if vague else ""), *(vague.span() if vague else (0, 0)))


# -- G4.2: at most monthly, for a year or less ----------------------------------------------------

_MEETING_WORDS = words(
    r"meet|meets|meeting|meetings|call|calls|chat|chats|talk|talks|session|sessions|catch[- ]?ups?|coffees?|"
    r"conversations?|check[- ]?ins?|speak|hour|hours|minutes|mins|mentor|mentoring|mentorship|mentee|relationship|"
    r"arrangement|agreement|commitment|trial|pilot|review|together|connect|sit down|zoom|teams|video|phone|lunch|"
    r"period|programme|program|run|try|basis|frequency|cadence|schedule|rhythm|touch base|one-to-ones?|1:1s?"
)
_PROPOSAL = words(
    r"could we|can we|would you|could you|might we|shall we|should we|we could|we might|we can|I'd suggest"
    r"|I would suggest|"
    r"I suggest|I propose|I'd propose|I(?:'m| am) (?:thinking|proposing|suggesting|hoping|imagining|picturing)"
    r"|I was thinking|"
    r"I had in mind|perhaps|maybe|how about|what about|ideally|something like|happy to|I'd like us|I would like us|"
    r"I'd love to|I would love to|I'd like|I would like|would it|if you|my plan|the plan|the idea|I'd keep|I'd aim"
    r"|I would aim|to start|"
    r"at most|no more than|up to|would be|I'd ask|I am asking|I'm asking|asking for|I'd hope|I hope|wondering|wondered"
)
_WORK_CONTEXT = re.compile(
    r"\b(?:my|his|her|their|our)\s+(?:\w+\s+){0,1}(?:team|teams|manager|boss|supervisor|line manager|colleagues"
    r"|department|ward|"
    r"unit|students|class|pupils|clients|patients|staff|crew|site|office|sprints?|stand-?ups?|huddles?|rota|shifts?|"
    r"reports?|newsletter|clinics?|board|committee|union|chapter|branch|lab|group|course|classes|lectures|seminars|"
    r"practice|firm|company|hospital|trust|church|club|rotations?|on-?call)\b(?!\s+year)"
    r"|\b(?:I|we)\s+(?:currently\s+|already\s+|also\s+)?(?:run|lead|host|chair|teach|attend|facilitate|publish|write|"
    r"send|deliver|coordinate|organi[sz]e|hold|work|do|visit|see|report|present|cover|supervise|manage|train|ran|led|"
    r"hosted|attended|used to|have been|'ve been|was|were)\b",
    _F,
)
_GOAL_HORIZON = re.compile(
    r"\b(?:to (?:become|be|move|step|reach|get|make|lead|land|qualify|run|open|launch|start|take on"
    r"|transition|progress|"
    r"switch|grow|apply|convert|build|set up|own|buy|earn|finish|complete|join|return|retire|change|go)"
    r"|be ready|goal|aim|"
    r"aiming|ambition|promoted|promotion|by then|plan to|hope to|hoping to|want to|like to|love to|working towards?|"
    r"moving towards?|I'll be|I will be|role|position|career|dream|one day|eventually|someday)\b",
    _F,
)
_RELATIONSHIP_WORDS = words(
    r"meet|meeting|meetings|call|calls|sessions?|chats?|catch[- ]?ups?|conversations?|check[- ]?ins?|mentor|mentoring|"
    r"mentorship|relationship|arrangement|agreement|commitment|trial|pilot|together|try|basis|"
    r"speak|talk|talks|connect|coffees?|lunch(?:es)?|touch base|catch up|check in"
)


_AFTER_PACE_WORDS = {
    "meeting", "meetings", "call", "calls", "chat", "chats", "session", "sessions", "catch", "catchup", "catchups",
    "coffee", "coffees", "conversation", "conversations", "check", "checkin", "checkins", "video", "zoom", "teams",
    "phone", "lunch", "lunches", "basis", "one", "mentoring", "meetup", "meetups", "walk", "walks", "hour", "slot",
    "for", "to", "or", "and", "at", "in", "on", "with", "by", "over", "until", "till", "if", "would", "is", "are",
    "then", "ish", "so", "as", "perhaps", "maybe", "ideally", "from", "through", "during", "across", "via", "online",
    "face", "virtually", "remotely", "in-person", "person", "is", "be", "works", "suits", "sounds", "seems", "the",
    "after", "before", "starting", "afterwards", "thereafter", "instead", "rather", "but", "which", "that",
}


def _about_meetings(d: _Draft, m: Mention) -> bool:
    """Is this cadence about the meetings being proposed (not the writer's job, not a goal)?"""
    clause = clause_at(d.text, m.start)
    after = d.text[m.end:m.end + 25].lower()
    if re.match(r"\s*(?:team|staff|ward|board|committee|department|stand|huddle|report|newsletter|clinic|rota|shift|"
                r"sprint|deadline|target|budget|review of|planning|all-hands|class|lecture|seminar|service|round|audit|"
                r"column|post|blog|podcast|webinar|volunteer)", after):
        return False
    if _WORK_CONTEXT.search(clause.text) and not _PROPOSAL.search(clause.text):
        return False
    if " " not in m.phrase.strip():  # "a daily briefing", "weekly sprints": a word that describes something else
        following = re.match(r"[\s-]*([a-z]+)", after)
        if following and following.group(1) not in _AFTER_PACE_WORDS:
            return False
    before = d.text[max(0, m.start - 8):m.start].lower()
    if re.search(r"\b(?:the|my|their|his|her|its|your)\s+$", before) or (
            re.search(r"\bour\s+$", before) and not re.match(r"\s*(?:meetings|calls|sessions|chats|catch)", after)):
        return False  # "the monthly S&OP meeting": something that exists already, not a proposal
    return True  # in a request, a pace said outside the writer's job is the pace proposed


def _about_relationship(d: _Draft, m: Mention) -> bool:
    """Is this duration the length of the mentoring (not a career so far, nor a goal's horizon)?

    Read in its clause first: "I hope to apply for a lectureship within eighteen
    months, and I'd be grateful if you would mentor me until June" gives the
    mentoring until June; the eighteen months belong to the goal.
    """
    sentence = sentence_at(d.text, m.start)
    clause = clause_at(d.text, m.start)
    around = clause.text.replace(m.phrase, " ")
    relationship = list(_RELATIONSHIP_WORDS.finditer(d.text, clause.start, clause.end))
    if relationship:
        before = [r for r in relationship if r.end() <= m.start]
        between = d.text[before[-1].end():m.start] if before else d.text[m.end:relationship[0].start()]
        return not _GOAL_HORIZON.search(between)
    if _GOAL_HORIZON.search(clause.text) or (
            _WORK_CONTEXT.search(clause.text) and not _MEETING_WORDS.search(clause.text)):
        return False
    if _PROPOSAL.search(around) or any(sentence.start <= f.start < sentence.end for f in frequencies(d.text)):
        return True
    return bool(_RELATIONSHIP_WORDS.search(sentence.text))


def _check_pace(d: _Draft, report: Report) -> None:
    said = [f for f in frequencies(d.text) if not negated(d.text, f.start)]
    paces = [f for f in said if _about_meetings(d, f)]
    if not paces:
        report("G4.2", "error", "Does not say how often you would meet: propose once a month or less "
               "(for example 'an hour once a month').")
    too_often = [f for f in paces if not f.ambiguous and (f.lowest > _TOO_OFTEN_LOW
                                                          or (not f.vague and f.value > _TOO_OFTEN_MID))]
    for f in too_often[:1]:
        report("G4.2", "error", f"'{f.phrase}' is more than one meeting a month: ask for once a month or less; "
               "they can always offer more.", f.start, f.end)
    if not too_often:
        for f in paces:
            if f.ambiguous:
                report("G4.2", "warning", f"'{f.phrase}' can mean twice a month or every two months: say 'once a "
                       "month' or 'every other month' instead.", f.start, f.end)
                break
            if f.highest > _TOO_OFTEN_LOW:
                report("G4.2", "warning", f"'{f.phrase}' may mean more than one meeting a month: say 'once a month' "
                       "or less, so the commitment is clear.", f.start, f.end)
                break

    said_spans = [s for s in durations(d.text) if not negated(d.text, s.start)]
    spans = [s for s in said_spans if _about_relationship(d, s)]
    if not spans:  # "I want to get stronger at X over the next six months, and I'd love you to mentor me"
        spans = [s for s in said_spans if s.value <= MAX_MONTHS
                 and _RELATIONSHIP_WORDS.search(sentence_at(d.text, s.start).text)]
    bounded = [s for s in spans if not math.isinf(s.value)]
    too_long = [s for s in bounded if s.value > MAX_MONTHS + 0.5]
    open_ended = [s for s in spans if math.isinf(s.value)]
    if too_long:
        s = too_long[0]
        report("G4.2", "error", f"'{s.phrase}' is longer than a year: propose a year or less, and review "
               "together then.", s.start, s.end)
    elif open_ended and not bounded:
        s = open_ended[0]
        report("G4.2", "error", f"'{s.phrase}' leaves the commitment open-ended: propose a set time of a year "
               "or less (for example 'for six months, then we see').", s.start, s.end)
    elif not bounded:
        report("G4.2", "error", "No duration: say for how long, a year at most (for example 'for six months' "
               "or 'until the end of the year').")


# -- G4.3: not a job, said plainly --------------------------------------------------------------------

_JOB = (r"(?:jobs?|roles?|positions?|posts?|vacanc(?:y|ies)|openings?|internships?|headcount|job opportunit(?:y|ies)"
        r"|(?:a |any )?opening|slots?|shifts?|contracts?)")
_ORG = (r"(?:team|company|firm|group|department|dept|organi[sz]ation|org|business|office|practice|school|hospital|"
        r"trust|lab|agency|studio|unit|ward|side|end|place|shop|council|authority|network|division|bank|fund|chambers|"
        r"university|faculty|charity|board|store|site|kitchen|restaurant|hotel|workshop|yard|crew)")
_JOB_ASKS = re.compile(
    # refer me, recommend me for, hire me, put me forward
    r"\b(?:refer(?:ring)?|recommend(?:ing)?|hire|hiring|sponsor(?:ing)?|nominat(?:e|ing)|shortlist(?:ing)?"
    r"|vouch(?:ing)? for|"
    r"endors(?:e|ing)|put(?:ting)? (?:me )?forward|consider(?:ing)?)\s+me\b(?!\s+(?:a|an|some|any|one|two|three|good"
    r"|useful)?\s*"
    r"(?:books?|resources?|reading|courses?|podcasts?|tools?|articles?|papers?|people to (?:read|follow)))"
    # a good word
    r"|\b(?:put|putting|say|saying|drop|dropping|have|having|give"
    r"|giving)\s+(?:in\s+)?a\s+(?:good|kind|quick|positive)\s+word\b"
    r"|\bput(?:ting)?\s+in\s+a\s+word\b"
    # pass my CV along
    r"|\b(?:pass(?:ing)?|forward(?:ing)?|send(?:ing)?|shar(?:e|ing)|circulat(?:e|ing)|show(?:ing)?|hand(?:ing)?"
    r"|mention(?:ing)?|put(?:ting)?)"
    r"\s+(?:on\s+|along\s+)?my\s+(?:name|cv|c\.v\.|r[eé]sum[eé]|details|profile|portfolio|application)\b"
    r"|\bmy\s+(?:name|cv|c\.v\.|r[eé]sum[eé]|application)\s+(?:along|on|forward)\b"
    # introduce me to hiring managers, connect me with recruiters
    r"|\b(?:introduc(?:e|ing)|connect(?:ing)?|put(?:ting)? me in touch)\s+(?:me\s+)?(?:to|with)\s+(?:\w+\s+){0,3}?"
    r"(?:hiring managers?|recruiters?|recruitment|talent (?:team|acquisition|partners?)|hr\b"
    r"|people (?:who are |who're |that are )?(?:hiring|recruiting)|"
    r"anyone (?:who is |who's )?(?:hiring|recruiting)|whoever (?:is )?hiring|the hiring)"
    # keep me in mind, think of me, if anything comes up
    r"|\b(?:keep|have|bear)\s+me\s+in\s+mind\b|\bthink\s+of\s+me\b"
    r"|\bremember\s+me\b(?=[^.?!\n]{0,40}(?:role|job|opening|position|vacanc|opportunit|hiring))"
    r"|\b(?:let me know|tell me|give me a (?:heads[- ]up|shout|nudge)|send (?:it|them|anything) my way|keep an eye out|"
    r"keep (?:your|an) ears? open|pass (?:it|them) on|hear (?:of|about)|flag|point me)\b[^.?!\n]{0,60}"
    rf"\b(?:{_JOB}|anything (?:comes|opens|coming|opening) up|(?:anyone|someone|people) (?:is |are )?hiring)\b"
    r"|\b(?:if|should|when|whenever)\s+(?:you\s+)?(?:hear|come across|know|see|spot|learn)\s+(?:of|about)?\s*"
    rf"(?:an?|any)\s+(?:\w+\s+){{0,2}}(?:{_JOB})\b"
    r"|\b(?:if|should|when)\s+anything\s+(?:comes|opens)\s+up\s+(?:on|in|at|within)\s+your\b"
    # open roles on your team, a job at your firm, are you hiring
    rf"|\b(?:any|open|available|upcoming|future|vacant|current)\s+(?:\w+\s+)?(?:roles?|positions?|jobs?|vacanc(?:y|ies)"
    rf"|openings?|opportunities|headcount|posts?)\b"
    rf"(?=[^.?!\n]{{0,40}}\b(?:your|you)\b)"
    r"|\b(?:an?|the)\s+(?:\w+\s+)?(?:job|role|position|post|opening|internship|place|vacancy"
    rf"|seat)\s+(?:at|in|on|with|within|into)\s+your\s+(?:\w+\s+)?{_ORG}\b"
    r"|\b(?:are|is)\s+(?:you|your\s+(?:\w+\s+)?" + _ORG + r")\s+(?:currently\s+|still\s+"
                                                          r"|by any chance\s+)?(?:hiring|recruiting|taking on)\b"
    r"|\b(?:be|get|being)\s+considered\s+for\b|\bfoot\s+in\s+the\s+door\b"
    r"|\b(?:a|an)\s+(?:job\s+)?interview\s+(?:at|with|for)\s+(?:your|the\s+role|the\s+position|a\s+role)\b"
    r"|\bjob\s+interview\b"
    r"|\bhelp(?:ing)?\s+me\s+(?:to\s+)?(?:get|land|find|secure|obtain|win)\s+(?:a|an|the|my next|my first|that)?\s*"
    r"(?:new\s+|permanent\s+|full[- ]time\s+)?(?:job|role|position|post|offer|interview|promotion|place)\b"
    r"|\b(?:get|land|find|secure|offer)\s+me\s+(?:a|an)\s+(?:\w+\s+)?(?:job|role|position|interview|offer|post|place)\b"
    r"|\bto\s+work\s+(?:for|at)\s+(?:you\b|your\b)|\bjoin(?:ing)?\s+your\s+(?:\w+\s+)?" + _ORG + r"\b"
    r"|\b(?:an?\s+)?(?:employee\s+|internal\s+|job\s+)?referral\s+(?:to|for|into|at)\s+(?:a|an|the|your|any)?\s*(?:\w+"
    r"\s+)?(?:job|role|position|team|company|firm|opening|vacancy|interview|programme|scheme|post)\b"
    r"|\b(?:employee|job)\s+referral\b"
    r"|\b(?:act|serve|be|being|acting)\s+as\s+(?:a|my)\s+(?:referee|reference)\b"
    r"|\bbe\s+(?:a|my)\s+(?:referee|reference)\b"
    r"|\bwrit(?:e|ing)\s+(?:me\s+)?(?:a|an)\s+(?:\w+\s+)?(?:reference|recommendation"
    r"|letter of (?:support|recommendation))\b"
    r"|\b(?:grateful|glad|thankful)\s+(?:for|of)\s+(?:a|an|your)\s+(?:\w+\s+)?(?:reference|recommendation|referral"
    r"|endorsement)\b"
    r"|\b(?:a|an)\s+(?:\w+\s+)?(?:reference|recommendation)\s+(?:for|when I apply|to support my application)\b"
    r"|\b(?:an\s+)?intros?\s+(?:to|with)\s+(?:your\s+|the\s+|a\s+)?(?:\w+\s+)?(?:recruiters?|hiring|hr\b|talent)"
    r"|\b(?:know|hear of|heard of)\s+(?:of\s+)?(?:anyone|anybody|someone|people"
    r"|any (?:firms?|companies|teams|practices|places))\s+(?:who(?:'s| is| are)\s+|that(?:'s| is| are)\s+)?(?:hiring"
    r"|recruiting|taking (?:people )?on|looking for (?:staff|people|someone))\b"
    r"|\b(?:if|should|when|whenever|in case)\b[^.?!\n]{0,60}\b(?:comes?|opens?|coming|opening|crops?)\s+up\b"
    r"[^.?!\n]{0,30}\b(?:at|in|on|within|with)\s+your\b"
    r"|\bin case you (?:come across|hear of|see|know of|spot)\b"
    r"|\banything (?:that )?(?:might|could|would) be a (?:good )?fit\b"
    r"|\b(?:attach\w*|enclos\w*|includ\w*)\s+(?:\w+\s+){0,2}(?:cv|c\.v\.|r[eé]sum[eé])\b"
    r"|\b(?:cv|c\.v\.|r[eé]sum[eé])\s+(?:is\s+)?(?:attached|enclosed|below)\b"
    r"|\ba (?:quick |good |kind )?word with\b[^.?!\n]{0,40}\b(?:about|for) me\b",
    _F,
)
_NOT_A_JOB_WORDS = re.compile(
    r"\b(?:job[- ]hunting|job[- ]seeking|job[- ]search(?:ing)?|jobs?|roles?|positions?|posts?|employment|openings?"
    r"|vacanc(?:y|ies)|referrals?|hire|hired|hiring|job[- ]hunting|"
    r"job[- ]seeking|job search|recruit\w*|interviews?|(?:a|any) (?:good )?word|opportunit(?:y|ies)|my cv|"
    r"work(?:ing)? for you|move|moving|leave|leaving|change (?:jobs|roles|employers?)|employer|foot in the door|"
    r"in the market|sponsorship|offers?|placement|(?:looking for|seeking|after) work|work (?:with|for|at) (?:your|you)"
    r"|letters?|references?|recommendations?|search committees?|introductions?|"
    r"connect me|put me forward|vouch|favou?rs?|good word|word)\b",
    _F,
)
_SEEKING = re.compile(
    r"\b(?:ask|asks|asking|look|looking|seek|seeking|after|hoping|request|requesting|angling|hunt|hunting"
    r"|search|searching|"
    r"interested|want|wanting|expect|expecting|need|needing|pursu\w+|chasing|fishing|in the market|writing|here|"
    r"(?:this|it|that|my (?:request|message|note|email|ask))(?:'s|\s+is|\s+isn't|\s+was|\s+wasn't)|plan(?:ning)? to|"
    r"intend(?:ing)? to|trying to|mean(?:t)? to|about|for)\b",
    _F,
)
_NOT_A_JOB_FIXED = re.compile(
    r"\b(?:a\s+)?(?:jobs?|roles?|positions?|referrals?|employment"
    r"|openings?)\s+(?:is|are|isn't|aren't|is not|are not)\s+"
    r"(?:not\s+)?(?:what|why)\s+I\b"
    r"|\b(?:rather than|instead of|as opposed to|other than|more than)\s+(?:a|an|any)?\s*(?:new\s+)?(?:job|role"
    r"|position|referral|opening|introduction)"
    r"|\b(?:has|have|had)\s+nothing\s+to\s+do\s+with\s+(?:a|an|any|my)?\s*(?:job|jobs|hiring|employment|roles?"
    r"|recruitment)"
    r"|\bpurely\s+(?:about|for)\s+(?:learning|development|advice|guidance|growth)"
    r"|\b(?:happy|settled|content)\s+(?:in|at|with)\s+my\s+(?:current\s+)?(?:role|job|position|post|team"
    r"|organi[sz]ation|company|school|trust)\b[^.?!\n]{0,60}\bnot\b",
    _F,
)


def _not_a_job_line(d: _Draft) -> bool:
    """Does the draft say plainly that it is not a job request ("I'm not asking for a job", "no referral needed")?"""
    if _NOT_A_JOB_FIXED.search(d.text):
        return True
    for m in _NOT_A_JOB_WORDS.finditer(d.text):
        if not negated(d.text, m.start()):
            continue
        head = d.text[clause_at(d.text, m.start()).start:m.start()]
        negators = list(NEGATOR.finditer(head))
        opening = head[:negators[-1].start()] if negators else ""
        # "I'm not asking for a job"; "Not a job ask"
        if _SEEKING.search(head + m.group(0)) or not opening.strip(" \t\n-*:!,\"'"):
            return True
    return False


def _check_not_a_job(d: _Draft, report: Report) -> None:
    ask = next((m for m in _JOB_ASKS.finditer(d.text) if not negated(d.text, m.start())), None)
    if ask:
        report("G4.3", "error", "Asks for a job, a role, a referral or a word on your behalf: a mentor is not a "
               "route to a job. Take this out, and ask for guidance only.", *ask.span())
    elif not _not_a_job_line(d):
        report("G4.3", "error", "Does not say plainly that you are not asking for a job: add a line such as "
               "'I'm not asking for a job or a referral', so they can relax.")


# -- G4.4: no pressure, no assumed yes, room for a no --------------------------------------------------

_WHEN = (r"(?:(?:this|next|coming)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed"
         r"|thurs?|fri)\b"
         r"|tomorrow|tonight|today|the weekend"
         r"|(?:the\s+)?(?:end|close) of (?:the |this |next )?(?:day|week|month|play|business)|"
         r"eod|eow|cob|close of business|next week|this week|the \d{1,2}(?:st|nd|rd|th)?"
         r"|\d{1,2}(?:st|nd|rd|th)?(?: of)? "
         r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun"
         r"|jul|aug|sept?|oct|nov|dec)|"
         r"(?:january|february|march|april|may|june|july|august|september|october|november"
         r"|december) \d{1,2}(?:st|nd|rd|th)?|"
         r"\d{1,2}/\d{1,2}|midday|noon|then|that point|that date|the time (?:I|we)|\d{1,2}(?::\d\d)?\s*(?:am|pm)"
         r"|(?:\d+|twenty[- ]four|forty[- ]eight|two|three|a few|a couple of) (?:hours|days|working days"
         r"|business days)")
_DEADLINE = re.compile(
    r"\b(?:let me know|hear back|hear from you|reply|respond|response|answer|decision|decide|confirm|confirmation|"
    r"get back to me|come back to me|know|your thoughts|a yes|a no|sign off|sign up|commit)\b[^.?!\n]{0,50}?"
    rf"\b(?:by|before|no later than|within|until|at the latest by)\s+(?:{_WHEN})"
    r"|\b(?:let me know|reply|respond|answer|confirm|get back to me|hear back|decide)\s+(?:\w+\s+){0,3}?(?:today"
    r"|tomorrow|tonight|this week|asap)\b"
    r"|\b(?:as soon as possible|asap|a\.s\.a\.p\.?|urgent(?:ly)?|right away|straight away|immediately|time[- ]sensitive"
    r"|at your earliest convenience)\b"
    r"|\bI need (?:an answer|a reply|a response|a decision|to hear back|to know"
    r"|you to (?:answer|reply|confirm|decide|let me know))\b"
    r"|\bdeadline\b"
    r"|\b(?:need|have|got)\s+to\s+(?:submit|name|register|confirm|nominate|put down|list|lock in"
    r"|finali[sz]e)\s+(?:\w+\s+){0,2}mentor(?:'s)?\b[^.?!\n]{0,40}\bby\b"
    r"|\b(?:need|must)\s+(?:to\s+)?(?:have|find|secure|confirm|get)\s+(?:a|my)\s+mentor\s+(?:\w+\s+){0,2}by\b",
    _F,
)
_ASSUMED_DONE = re.compile(
    # actions already taken as if the answer were yes
    r"\bI(?:'ve| have)\s+(?:already\s+|gone ahead and\s+|also\s+)?(?:taken the liberty of\s+(?:sending|putting"
    r"|pencilling|penciling|adding|booking|"
    r"scheduling|blocking|reserving|setting up|arranging|creating|telling|letting|listing|naming)|sent|put|pencilled"
    r"|penciled|added|booked|"
    r"scheduled|blocked|reserved|set up|arranged|created|made|dropped|popped|placed|entered|registered|signed|listed|"
    r"named|nominated|put down|told|informed|let|mentioned to)\b[^.?!\n]{0,60}?\b(?:invites?|invitations?|placeholders?"
    r"|holds?|slots?|"
    r"meetings?|sessions?|rooms?|tables?|booking|appointments?|calendars?|diar(?:y|ies)|you as my mentor|your name|"
    r"manager|boss|supervisor|hr|the programme|the program|that you|you(?:'ll| will| are|'re| have| agreed))\b"
    r"|\b(?:sent|added|put|popped|dropped)\s+(?:you\s+)?(?:an?\s+)?(?:calendar\s+|diary\s+|meeting\s+"
    r"|tentative\s+)?(?:invite|invitation|placeholder|hold)\b"
    r"|\b(?:since|now that|as)\s+you(?:'ve| have)\s+agreed\b|\bthanks?\s+(?:you\s+)?(?:so much\s+)?for\s+agreeing\b"
    r"|\b(?:told|informed|let)\s+(?:my\s+\w+|everyone|hr|the team)\s+(?:know\s+)?(?:that\s+)?you"
    r"(?:'ll| will|'re| are| have)\b",
    _F,
)
_ASSUMED_FUTURE = re.compile(
    r"\b(?:when|once)\s+we\s+(?:start|begin|get started|kick off|get going)\b"
    r"|\bour\s+first\s+(?:meeting|session|call|chat|catch[- ]?up)\s+(?:will be"
    r"|is (?:on|at|set|booked|scheduled)|is next)\b"
    r"|\bsee you\s+(?:on|next|at|then)\b"
    r"|\blook(?:ing)?\s+forward\s+to\s+(?:working with you|our first|our sessions|our meetings"
    r"|our (?:monthly )?(?:calls|chats)|starting|"
    r"having you as my mentor|you(?:r)? (?:being|mentoring) me|our mentoring|getting started|beginning)\b"
    r"|\bI(?:'ll| will)\s+(?:go ahead and\s+)?(?:send|book|schedule|put|set up|pop"
    r"|drop)\s+(?:you\s+)?(?:an?|the|our)?\s*(?:calendar\s+|diary\s+)?"
    r"(?:invite|invitation|meeting|first session|room|time|slot|placeholder|hold)\b"
    r"|\b(?:excited|can't wait|cannot wait|thrilled)\s+to\s+(?:get started|start|begin|work with you|have you as"
    r"|kick off)\b"
    r"|\bI(?:'m| am)\s+sure\s+you(?:'ll| will)\s+(?:say yes|agree|accept|help|be happy to|want to)\b"
    r"|\bas\s+my\s+mentor,?\s+you(?:'ll| will)\b|\byou(?:'ll| will)\s+be\s+(?:a great|my)\s+mentor\b",
    _F,
)
_CONDITIONAL = re.compile(r"\b(?:if|should you|were you to|assuming|provided"
                          r"|once you(?:'ve| have)? (?:agree|said yes|confirm)|"
                          r"if and when|in case|unless|whether|would|should|happy to|I'd be glad)\b", _F)
_GUILT = re.compile(
    r"\b(?:the only (?:person|one) (?:who|that) can|counting on you|(?:don't|do not) let me down|won't take no|"
    r"(?:can't|cannot|please don't|don't) say no|you owe me|I really need this"
    r"|I(?:'d| would) be (?:devastated|crushed|lost)|"
    r"(?:since|as|because) you (?:helped|mentored|mentor|agreed to mentor)\s+\w+[^.?!\n]{0,40}\bI(?:'m| am) sure\b|"
    r"everyone (?:says|tells me) you (?:always )?(?:say yes|help)|you(?:'re| are) my (?:only|last) (?:hope|option)|"
    r"I(?:'ve| have) no one else)\b",
    _F,
)
_ROOM = re.compile(
    r"\b(?:no|zero|without any|not any)\s+(?:pressure|obligation|expectation|hard feelings|offen[cs]e taken"
    r"|problem if not|worries if not|"
    r"worries at all if|bother if not|stress)\b"
    r"|\b(?:don't|do not|never|please don't|please do not|shouldn't"
    r"|should not)\s+feel\s+(?:at all\s+|any\s+)?(?:obliged|obligated|pressured|"
    r"pressure|bad|guilty|awkward|you have to|you must|under any|any obligation|obligation|any pressure)\b"
    r"|\b(?:a|the answer is|it's a|it is a|if it's a|if it is a|if the answer is)\s+no\b"
    r"|\bno\s+is\s+(?:a\s+)?(?:\w+\s+)?(?:fine|ok|okay|understandable|acceptable|answer|alright|welcome)\b"
    r"|\bfeel free to\s+(?:say no|decline|pass|turn (?:this|me|it) down|ignore|say so|let me know if not)\b"
    r"|\b(?:say(?:ing)?|answer(?:ing)?)\s+no\b|\bdeclin(?:e|ing)\b|\bturn(?:ing)? (?:this|me|it) down\b"
    r"|\bpass on (?:this|it)\b"
    r"|\b(?:I(?:'d| would| will|'ll)|I'd|I)\s+(?:completely |totally |fully |entirely |of course |absolutely |truly "
    r"|really |quite )?understand\b"
    r"|\b(?:completely|totally|fully|entirely|perfectly|quite)\s+understand(?:able)?\b|\bunderstand if\b"
    r"|\bif\s+(?:you(?:'re| are)?|your)\s+(?:\w+\s+){0,2}(?:can't|cannot|unable|not able|too busy|at capacity"
    r"|stretched|swamped|"
    r"not in a position|don't have (?:the )?(?:time|capacity|bandwidth|space|room)|aren't able|not available"
    r"|unavailable|would rather not|'d rather not|prefer not|decide not|not keen|not interested|have to say no"
    r"|need to say no|say no|decline)\b"
    r"|\b(?:happy|fine|okay|ok|alright|all right|good|cool|no problem|totally fine|completely fine|absolutely fine"
    r"|perfectly fine)\s+if\s+"
    r"(?:not|the answer is no|it's a no|you (?:can't|cannot|decline|say no|pass|don't|aren't|are not|'d rather not"
    r"|would rather not|need to say no|have to say no))\b"
    r"|\bif\s+(?:now|this|the timing|it)\s+(?:\w+\s+)?(?:isn't|is not|doesn't|does not|won't|will not|is)\s+(?:\w+\s+)?"
    r"(?:work|suit|right|good|a good time|the right time|possible|feasible|a fit|manageable|realistic|a no)\b"
    r"|\bwhatever you decide\b|\beither way\b|\bif\s+not,?\s+(?:no|that's|that is|I|I'll|I completely|I totally)\b"
    r"|\bnot\s+(?:the\s+)?right\s+(?:time|moment)\b|\b(?:should|if)\s+you\s+(?:prefer|rather|decide)\s+not\b"
    r"|\b(?:only|just)\s+if\s+(?:you|it)\s+(?:have|has|feel|feels|want|suits|works|are|'re)\b"
    r"|\bno\s+(?:need|obligation)\s+to\s+(?:say yes|agree|accept|reply|respond)\b|\bfree to say\b"
    r"|\bif\s+(?:it|this|that|now)(?:'s| is)\s+(?:not\s+(?:something|for you|possible|a fit|convenient|a good time"
    r"|the right time|doable|feasible)|too much|bad timing)\b"
    r"|\bno (?:worries|problem|bother|stress)(?: at all)?\b|\bI (?:totally |completely |fully )?get it\b"
    r"|\b(?:it's|it is) (?:absolutely |totally |completely )?(?:fine|ok|okay) (?:to|if)\b",
    _F,
)
_WEAK_ROOM = re.compile(
    r"\bif\s+you\s+(?:have|had|can spare|could spare|find)\s+(?:the\s+)?(?:time|capacity|bandwidth|space|room"
    r"|availability|energy)\b"
    r"|\bif\s+you(?:'re| are)\s+(?:able|willing|open to (?:it|this|the idea)|interested|up for it|happy to)\b"
    r"|\bI\s+know\s+(?:you(?:'re| are)|your time is)\s+(?:very\s+|really\s+|incredibly\s+|extremely\s+)?(?:busy"
    r"|precious|limited|stretched|in demand)\b"
    r"|\b(?:if|whenever)\s+(?:it|that)\s+(?:suits|works)\b",
    _F,
)
_TIME_TO_THINK = re.compile(
    r"\b(?:take|taking)\s+(?:your|all the|as much|as long|some|any|a few days|a week|whatever)\b"
    r"|\bno\s+(?:rush|hurry|urgency|deadline|time pressure)\b"
    r"|\bthink\s+(?:it|this|things)\s+over\b|\bthink\s+about\s+(?:it|this)\b|\bsleep\s+on\s+it\b"
    r"|\bmull\s+(?:it|this)\s+over\b"
    r"|\bin\s+your\s+own\s+(?:time|good time)\b|\bwhenever\s+(?:suits|works|you\s+(?:have|can|get|are))\b"
    r"|\bwhen(?:ever)?\s+you\s+have\s+a\s+moment\b"
    r"|\bno\s+need\s+to\s+(?:reply|answer|respond|decide)\s+(?:right away|straight away|now|immediately|soon"
    r"|quickly|today)\b"
    r"|\bthere(?:'s| is)\s+no\s+(?:rush|hurry|deadline)\b|\bat\s+your\s+(?:leisure|convenience)\b"
    r"|\btime\s+to\s+(?:think|consider|decide|mull)\b",
    _F,
)


def _check_no_pressure(d: _Draft, report: Report) -> None:
    deadline = next((m for m in _DEADLINE.finditer(d.text) if not negated(d.text, m.start())
                     and not re.search(r"\b(?:no|not|without)\s+(?:a"
                                       r"\s+)?deadline", d.text[max(0, m.start() - 12):m.end()], _F)), None)
    if deadline:
        report("G4.4", "error", "Puts a time limit on their answer: take it out and let them answer in their own "
               "time.", *deadline.span())
    assumed = next((m for m in _ASSUMED_DONE.finditer(d.text) if not negated(d.text, m.start())), None)
    if assumed is None:
        assumed = next((m for m in _ASSUMED_FUTURE.finditer(d.text) if not negated(d.text, m.start())
                        and not _CONDITIONAL.search(d.text[sentence_at(d.text, m.start()).start:m.start()])), None)
    if assumed:
        report("G4.4", "error", "Takes the yes for granted before they have given it: ask, and let them decide "
               "(no invitation, booking or announcement until they agree).", *assumed.span())
    guilt = _GUILT.search(d.text)
    if guilt:
        report("G4.4", "error", "Puts pressure on them: leave them free to say no without feeling bad.", *guilt.span())
    room = next((m for m in _ROOM.finditer(d.text) if not _is_pressure(d.text, m)), None)
    if room is None:
        weak = _WEAK_ROOM.search(d.text)
        if weak:
            report("G4.4", "warning", "Only hints that they may say no: say it plainly, for example 'a no is "
                   "completely fine'.", *weak.span())
        else:
            report("G4.4", "error", "Offers no way to decline: say plainly that a no is fine, for example "
                   "'please don't feel obliged'.")
    if not _TIME_TO_THINK.search(d.text) and not deadline:
        report("G4.4", "info", "You could offer time to think it over ('no rush at all'); a considered yes is "
               "worth more than a quick one.")


def _is_pressure(text: str, m: re.Match) -> bool:
    """A "no" inside pressure ("please don't say no", "won't take no") is no room to decline."""
    head = text[max(0, m.start() - 25):m.start()].lower()
    return bool(re.search(r"(?:don't|do not|can't|cannot|won't|never|please don't|hope you don't"
                          r"|not)\s*(?:\w+\s+)?$", head)
                and re.match(r"(?:say(?:ing)?|answer(?:ing)?)\s+no|declin", m.group(0), _F))


# -- G4.5: who you are, what you hope to achieve, what you ask ------------------------------------------

_WHO = re.compile(
    r"\b(?:my name is|my name's|this is [A-Z]|I(?:'m| am) (?:a|an|the|currently|now|part of|on the|in the|in my"
    r"|working|based|"
    r"responsible|leading|studying|training|completing|doing|finishing|starting|one of|head|lead|senior"
    r"|junior|principal|"
    r"deputy|assistant|associate|chief|\w+ing)\b|"
    r"I work(?:ed)?\s+(?:as|at|in|on|for|with|within|across|alongside)\b"
    r"|I(?:'ve| have) (?:been|spent|worked|led|built|managed|taught|run|nursed|practised|practiced)\b|"
    r"I joined\b|I lead\b|I manage\b|I run\b|I teach\b|I study\b|I own\b|I coordinate\b|I supervise\b|I head\b"
    r"|I recently\b|"
    r"I currently\b|I qualified\b|I trained\b|I started\b|I retrained\b|I moved\b"
    r"|\bas an? (?:[\w-]+ ){1,3}(?:at|in|with|for|on)\b|"
    r"we met (?:at|in|during|through|last|when)|you may remember me|you might remember me|we spoke"
    r"|we talked|I was the)",
    _F,
)
_WHO_NAME = re.compile(r"\b(?:I'm|I am|It's|it's|This is|this is)\s+[A-Z][a-z'-]+\b(?!\s+"
                       r"(?:to|that|because|about|for|in|on|at)\b)")
_SIGN_OFF = re.compile(
    r"(?:^|\n)\s*(?:best|best wishes|best regards|kind regards|warm regards|regards|thanks|thank you|many thanks"
    r"|thanks again|"
    r"cheers|warmly|sincerely|yours sincerely|yours|all the best|with thanks|gratefully|with gratitude"
    r"|take care|talk soon|"
    r"respectfully|with appreciation|warm wishes)[,.!]?\s*\n+\s*[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+)*\s*$"
    r"|(?:^|\n)\s*[-\u2013\u2014]\s*[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+)?\s*$"
    r"|(?:^|\n)\s*(?:thanks|thank you|cheers|best)[,!]?\s+[A-Z][a-z'-]+\s*$",
    _F,
)
_ACHIEVE = re.compile(
    r"\b(?:my (?:main |long-term |longer-term |career |primary |big |next |real |ultimate |immediate |own )?(?:goals?"
    r"|aims?|ambitions?|aspirations?|"
    r"objectives?|hopes?|plans?|target|next step|focus|priority)\b"
    r"|(?:hope|hoping|aim|aiming|plan|planning|want|wanting|intend|intending|working|trying|looking|keen"
    r"|eager|preparing|"
    r"determined|ready|motivated|excited|committed|setting out|gearing up|getting ready)\s+to\s+(?:\w+\s+)?(?:become"
    r"|grow|move|build|develop|lead|get|improve|"
    r"learn|transition|step|strengthen|prepare|make|take|launch|sharpen|deepen|master|reach|earn|be|switch"
    r"|broaden|apply|"
    r"qualify|specialise|specialize|progress|advance|set up|start|open|run|understand|establish|return|pivot|shift|"
    r"publish|win|secure|finish|complete|change|expand|branch|train|go|work|write|found|scale|manage|teach|contribute|"
    r"pursue|explore|tackle|handle|grow into|find)"
    r"|(?:'d|would) (?:like|love)(?:,[^,.?!\n]{1,40},)? to (?!(?:meet|ask|chat|talk"
    r"|have (?:you|a (?:call|chat|coffee|conversation|meeting|word|quick))|hear|know|set up|speak|thank|invite"
    r"|book|grab|buy|"
    r"arrange|suggest|propose|learn from you|get your|pick|follow up|check|see if|see whether|request"
    r"|reach out|introduce|"
    r"share|send|come|visit|say|start by|keep|stay|mention|put"
    r"|set up (?:a |an )?(?:call|meeting|time|chat|session))\b)\w+"
    r"|\b(?:work|working|worked)\s+(?:my way\s+)?towards?\b|\bas I (?:work|move|prepare|build|step|grow|transition)\b"
    r"|(?:aim|aiming|hope|hoping|plan|planning|intend|intending|want|wanting|trying|preparing|keen"
    r"|eager)(?:,[^,.?!\n]{1,40},)? to (?!(?:meet|ask|chat|talk|hear|speak|thank|invite|book|learn from you"
    r"|(?:have|find|get) (?:a|you as (?:a|my)) mentor)\b)\w+"
    r"|I (?:want|hope|aim|plan|intend|need|wish|mean) to\b|what I hope to (?:achieve|gain|get|learn)|hoping to achieve|"
    r"working towards?|moving (?:towards?|into)|heading (?:towards?|into)|looking (?:to|towards?)\b|aspir(?:e|ing) to|"
    r"my hope is|the next step (?:for me|in my career)|next step in my|where I want to (?:be|go|get)"
    r"|in the next (?:\w+ ){0,2}years?,? I|"
    r"(?:within|in) (?:the next )?(?:\w+ )(?:years?|months?),? I(?:'d| would| want| hope)|"
    r"I(?:'m| am) (?:working|moving|preparing|building|transitioning|studying|training|applying|retraining"
    r"|gearing up) (?:on|toward|towards|for|into|to)|"
    r"I(?:'m| am) (?:going for|up for|applying for|in the running for|considering|exploring|weighing)|"
    r"so that I can|so I can|to help me (?:become|grow|move|step|get|build|develop|prepare|lead|make)|"
    r"I(?:'ve| have) been (?:asked|chosen|selected|appointed|given the chance) to (?:lead|run|take on|set up|build"
    r"|launch|head|deliver|develop|design|manage)|"
    r"I(?:'m| am) (?:due|set|about|going|scheduled|expected) to (?:lead|run|take on|start|set up|build|launch|head|step"
    r"|move|qualify)|"
    r"I(?:'m| am) \w+ing (?:my|our|a|an|the) (?:first|new|own)\b)\b",
    _F,
)
_ASK = re.compile(
    r"\b(?:mentor|mentors|mentoring|mentorship|mentee|would you (?:be willing|consider|be open|be up for|mind"
    r"|have (?:the )?time|"
    r"be interested|be happy|like to)|(?:I'm|I am) (?:writing|reaching out|getting in touch|emailing"
    r"|messaging) (?:to ask|because|to see|"
    r"in the hope)|I(?:'d| would) like to ask|would it be possible|(?:would|could|can|might) (?:you|we)"
    r"|I(?:'d| would) (?:suggest|propose)|"
    r"my plan|I propose|I(?:'m| am) asking|I wondered|I was wondering|I'm wondering|I am wondering|I wonder|would you|"
    r"I(?:'d| would) (?:love|like|value|welcome|appreciate|be grateful|be glad)|are you open|is that something|"
    r"how would you feel|open to)\b",
    _F,
)


_PLACE = re.compile(
    r"\b(?:at|with|for|in|on|within|from|across|of)\s+(?:(?:the\s+|a\s+|an\s+)?[A-Z][\w&'.-]*"
    r"|(?:the|a|an)\s+(?:[a-z-]+\s+){0,2}"
    + _ORG + r")\b"
    r"|\b(?:[A-Z][\w&'.-]+\s+){1,4}(?:Council|Trust|School|College|University|Hospital|Ltd|LLP|Inc|Police|Service"
    r"|Bank|Group)\b"
)
_CLOSINGS = re.compile(r"^(?:best|best wishes|regards|kind regards|warm regards|thanks|thank you|many thanks|cheers|"
                       r"warmly|sincerely|yours|all the best|take care|hiya|hi|hello|dear)\b", _F)


def _introduced(d: _Draft) -> bool:
    """Does the writer say who they are: a name, or their role and where they do it?"""
    if _WHO_NAME.search(d.text) or re.search(r"\bmy name(?: is|'s)\b", d.text, _F):
        return True
    lines = [line.strip() for line in d.text.strip().splitlines() if line.strip()]
    if len(lines) >= 2:
        last = re.sub(r"^[-\u2013\u2014~]\s*", "", lines[-1]).rstrip(".,!")
        if re.fullmatch(r"[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}", last) and not _CLOSINGS.match(last):
            return True
        if re.fullmatch(r"(?:thanks|thank you|cheers|best|regards)[,!]?\s+[A-Z][a-z'-]+", lines[-1], _F):
            return True
    for m in _WHO.finditer(d.text):
        if _PLACE.search(sentence_at(d.text, m.start()).text):
            return True
    return False


def _check_who_and_what(d: _Draft, report: Report) -> None:
    if not _introduced(d):
        report("G4.5", "error", "Does not say who you are: add a line with your name, your role and where you work.")
    if not _ACHIEVE.search(d.text):
        report("G4.5", "error", "Does not say what you hope to achieve: add a sentence or two on your goal "
               "(for example 'I'm working towards leading a team within two years').")
    if not (_ASK.search(d.text) or frequencies(d.text)):
        report("G4.5", "error", "Does not outline what you ask of them: say you are asking them to mentor you, "
               "and how (how often, for how long).")


# -- the check --------------------------------------------------------------------------------------

_RULES = (_check_placeholders, _check_plan, _check_pace, _check_not_a_job, _check_no_pressure, _check_who_and_what)
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def check_request(text: str | None) -> list[Finding]:
    """Check a mentoring-request draft against G4.1 to G4.5.

    An error for each point the draft plainly breaks or leaves out, and for
    each template placeholder left in it; a warning where the checker is not
    sure; an info suggestion. Each quotes the phrase at fault where there is one.
    """
    raw = text or ""
    plain = normalise(raw)
    for span in placeholders(plain):  # template text says nothing about the writer
        plain = plain[:span.start] + " " * (span.end - span.start) + plain[span.end:]
    d = _Draft(raw, plain)
    out: list[Finding] = []

    def report(guidance: str, severity: Severity, message: str, start: int = 0, end: int = 0, *,
               subject: str = "request") -> None:
        quote = d.quote(start, end) if end > start else ""
        if quote and f'"{quote}"' not in message and f"'{quote}'" not in message:
            message += f' Found: "{quote}".'
        out.append(Finding(guidance, severity, message, subject=subject, quote=quote))

    for rule in _RULES:
        rule(d, report)
    return sorted(out, key=lambda f: (f.guidance, _SEVERITY_ORDER[f.severity]))
