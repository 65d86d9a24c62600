"""Step 1, introspection: the realism check on goals and expectations (G1.6) and what is still blank (G1.1 to G1.7).

A mentor shares experience and asks good questions; they are not a route to
a job offer, a promotion or an overnight change of career, and they do not
solve everything. `realism_check` reads what the mentee wrote and flags each
phrase that hands the outcome to the mentor, with a short reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

import pandas as pd

from .findings import Finding
from .language import negated, normalise
from .model import Goal, Profile

if TYPE_CHECKING:
    import pandas as pd

    from .store import Workbook

# Words that make a sentence about the mentor (or another person acting for the mentee).
_ABOUT_MENTOR = re.compile(r"\b(mentors?|mentor's|they|them|their|he|she|him|her|someone|somebody)\b", re.I)
_NUMBER = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|few|couple of|a couple of|\d+)"
_JOB_THING = (r"(?:jobs?|roles?|positions?|posts?|offers?|job offers?|interviews?|start|place|placement|contract"
              r"|training contract|work|gig|shifts?|"
              r"apprenticeship|internship|shortlist|seat|pupillage|residency|vacanc(?:y|ies)|openings?|promotions?"
              r"|grade|band \d|"
              r"secondment|headship|tenure|(?:leadership |graduate )?(?:programme|program|scheme))")
_HIRERS = (r"(?:hiring managers?|recruiters?|recruitment|talent|hr"
           r"|the (?:people|person|ones?) (?:doing|who do|in charge of) the hiring|"
           r"(?:people|anyone|someone|whoever) (?:who (?:is|are|'s) |that (?:is|are) )?(?:hiring|recruiting)"
           r"|the hiring|"
           r"headteachers?|partners|the panel|(?:selection|promotion|interview|review) (?:panel|board|committee)|"
           r"decision[- ]makers|executive chef|directors?|heads? of|"
           r"(?:people|person|those|whoever|the ones?|someone|anyone)\s+who\s+(?:\w+\s+){0,2}(?:decides?|makes?|hires?"
           r"|signs? off|"
           r"shortlists?|runs? the|sits? on)\b(?:\s+\w+){0,3}?\s*(?:promotions?|hiring|hires?|decisions?|jobs?|roles?"
           r"|panel|board)?)")


@dataclass(frozen=True)
class Pattern:
    """A phrase that hands the outcome to the mentor; `needs_mentor` limits it to sentences about the mentor."""

    kind: str
    regex: re.Pattern
    needs_mentor: bool
    reason: str


_JOB = (
    "A mentor is not a route to a job: asking for one strains the relationship before it starts. "
    "Keep the job search yours and ask for advice on how to run it."
)
_PROMOTION = (
    "A mentor cannot hand you a promotion. Make the goal the skills and results that would earn it, "
    "and ask for guidance on those."
)
_QUICK = (
    "A career change takes longer than a few weeks, and a mentor cannot shortcut it. "
    "Set a realistic horizon and steps you own."
)
_EVERYTHING = (
    "A mentor offers perspective, not answers to everything. Keep the decisions and the work yours; "
    "bring one or two specific questions to each meeting."
)


def _p(kind: str, pattern: str, needs_mentor: bool = False) -> Pattern:
    reason = {"job": _JOB, "promotion": _PROMOTION, "quick change": _QUICK, "everything": _EVERYTHING}[kind]
    return Pattern(kind, re.compile(pattern, re.I), needs_mentor, reason)


PATTERNS: tuple[Pattern, ...] = (
    # a promotion delivered by someone else
    _p("promotion", r"\b(?:get|make|have|see)s?\s+me\s+promoted\b|\bpromote\s+me\b"),
    _p("promotion", r"\b(?:sort(?:s|ing)?(?: out)?|arrange|secure|deliver|guarantee|fix"
                    r"|push(?:es|ing)? (?:through|for)|fight for|"
                    r"lobby for|get)\s+(?:me\s+)?(?:my|a|the)\s+(?:\w+\s+){0,2}(?:promotion|regrade|upgrade"
                    r"|pay rise|raise)\b"),
    _p("promotion", r"\bget\s+my\s+(?:grade|band|role|salary|pay)\s+(?:reviewed|raised|changed|upgraded)\b"),
    # a job, an interview, a referral, a good word, the mentor's network doing the work
    _p("job", r"\b(?:get|find|give|land|offer|secure|arrange|line up|set up|fix|sort|hand|win)s?\s+me\s+(?:up\s+)?"
              r"(?:a|an|the|my|some|any)?\s*(?:new\s+|first\s+|permanent\s+)?(?:[\w-]+\s+){0,2}?" + _JOB_THING + r"\b"),
    _p("job", r"\b(?:arrange|line up|set up|get|fix up|organi[sz]e)\s+(?:\w+\s+)?(?:interviews?|trial shifts?"
              r"|meetings with (?:\w+\s+)?"
              + _HIRERS + r")\s+for\s+me\b"),
    _p("job", r"\bhelp(?:s|ing)?\s+me\s+(?:to\s+)?(?:land|get|secure|find|win|obtain|bag"
              r"|snag)\s+(?:a|an|the|my|that)?\s*"
              r"(?:new\s+|first\s+|permanent\s+)?(?:[\w-]+\s+){0,2}?(?:job|role|position|post|offer|interview|place"
              r"|contract)\b"),
    _p("job", r"\b(?:hire|refer|recommend|vouch for|sponsor|nominate|endorse|shortlist|put forward|back|advocate for"
              r"|speak up for|"
              r"fight for|push for|take)\s+me\b(?!\s+(?:a|an|some|to)\s+(?:books?|resources?|reading"
              r"|courses?|through))"),
    _p("job", r"\bput(?:s|ting)?\s+(?:me|my name)\s+(?:forward|up)\b|\bpull(?:s|ing)?\s+(?:a few\s+|some\s+)?strings\b|"
              r"\bput(?:s|ting)?\s+me\s+in\s+front\s+of\b|\bhook\s+me\s+up\b|\bfast[- ]track\s+(?:me|my)\b|"
              r"\bget(?:s|ting)?\s+me\s+(?:hired|in|into|through the door|a foot)\b|"
              r"\b(?:my|a|the|their)\s+(?:ticket|way|route|path|in)\s+(?:in|into|to a job)\b"),
    _p("job", r"\b(?:put|putting|puts|say|saying|drop|have|give)\s+(?:in\s+)?a\s+(?:good\s+|kind\s+)?word\b"),
    _p("job", r"\b(?:pass|forward|send|circulate|share|show|hand|mention"
              r"|put)(?:s|ing|ed)?\s+(?:on\s+|along\s+|round\s+|around\s+)?"
              r"my\s+(?:name|cv|c\.v\.|r[eé]sum[eé]|details|profile|portfolio|application)\b"),
    _p("job", r"\bmy\s+(?:name|cv|r[eé]sum[eé])\s+(?:along|on|round|forward)\b|\b(?:send|circulate)\s+it\s+round\b"),
    _p("job", r"\b(?:introduce|connect|put)\s+me\s+(?:directly\s+)?(?:in touch\s+)?(?:to|with)\s+"
              r"(?:\w+\s+){0,3}?" + _HIRERS + r"\b"),
    _p("job", r"\b(?:keep|keeping)\s+(?:an\s+)?(?:eye|ear|eyes|ears)\s+(?:out|open)\b[^.;]{0,40}\b(?:openings?|vacanc"
              r"|roles?|jobs?|positions?)"),
    _p("job", r"\b(?:keep|bear|have)\s+me\s+in\s+mind\b|\bthink\s+of\s+me\s+(?:for|when|if)\b"),
    _p("job", r"\b(?:when|if|once|as soon as)\s+(?:a|an|any|something|anything)\s+(?:[\w-]+\s+){0,3}?"
              r"(?:comes|opens)\s+up\b", True),
    _p("job", r"\b(?:open(?:ing|s)?|opened)\s+doors?\b|\bfoot\s+in\s+the\s+door\b"
              r"|\bskip\s+the\s+(?:application|queue|line)\b"),
    _p("job", r"\b(?:their|his|her|my mentor's|the mentor's|a mentor's|mentor's)\s+(?:contacts|network"
              r"|connections|influence|"
              r"name|pull|clout|recommendation|word|backing|signature|seat on)\b[^.;]{0,50}\b(?:how|get|land|ticket"
              r"|carry|hired|in|"
              r"onto|job|role|there|through|weight|make|guarantee)\b"),
    _p("job", r"\b(?:use|using|uses)\s+(?:their|his|her)\s+(?:influence|contacts|network|connections|pull|clout"
              r"|position|seat)\b"),
    _p("job", r"\b(?:job|role|position|offer|hired|work"
              r"|employment)\b[^.;]{0,40}?\b(?:through|via|from|thanks to)\s+(?:my|a|the)\s+mentor(?:'s)?\b"),
    _p("job", r"\b(?:get|be)\s+hired\s+(?:at|by|into)\s+(?:my|the|their|his|her)\s+(?:mentor|mentor's)\b|"
              r"\bjoin\s+(?:my|the)\s+mentor's\s+(?:company|firm|team|practice|organi[sz]ation)\b|"
              r"\b(?:a|an)\s+(?:job|role|position|opening)\s+(?:at|in|on)\s+(?:their|his|her)\b"),
    _p("job", r"\b(?:speak|talk|have a word)\s+(?:to|with)\s+(?:my|the)\s+(?:manager|boss|head|director|panel"
              r"|board|partners?|"
              r"line manager)\b[^.;]{0,40}\b(?:and|to)\s+(?:get|make sure|ensure|push)\b"),
    _p("job", r"\b(?:get|put)s?\s+me\s+(?:onto|on|into)\s+(?:the|a|their)\s+(?:\w+\s+){0,2}(?:shortlist|programme"
              r"|program|scheme|"
              r"list|team|panel|rota)\b"),
    _p("job", r"\breferrals?\b|\bjob\s+offers?\b"
              r"|\b(?:a|an|the)\s+(?:job|role|position|interview)\b(?!\s+(?:about|with|of)\b)", True),
    _p("job", r"\b(?:mentor|mentor's|they|he|she|who)\s+(?:sits?|sitting|is|'s|being|are|'re)\s+on\s+the\s+(?:\w+\s+)?"
              r"(?:panel|board|committee)\b"),
    _p("job", r"\b(?:champion|chaperone|lobby\s+for|stick\s+up\s+for|go\s+to\s+bat\s+for|talk\s+me\s+up"
              r"|big\s+me\s+up)\s*(?:me|to)?\b(?!\s+(?:ideas|how))"),
    _p("job", r"\b(?:speak|talk|have\s+a\s+word|put\s+in\s+a\s+word|raise\s+it"
              r"|bring\s+(?:it|me)\s+up)\b[^.;]{0,50}\b(?:about|for|regarding)\s+"
              r"(?:me|my\s+(?:promotion|application|grade|band|regrade|case|role|job|move|candidacy|chances"
              r"|cv|name))\b"),
    _p("job", r"\bmy\s+name\s+(?:comes?\s+up|is\s+mentioned|gets?\s+mentioned|in\s+front\s+of"
              r"|on\s+(?:the|their)\s+(?:list|radar|desk))\b"
              r"|\b(?:get|put|keep)\s+(?:me|my\s+name)\s+(?:on\s+(?:the|their|people's)\s+radar|in\s+front\s+of"
              r"|noticed|seen)\b"),
    _p("job", r"\b(?:get|gets|getting)\s+me\s+(?:noticed|shortlisted|seen|considered|interviewed|spotted|picked"
              r"|selected|chosen)\b"
              r"|\b(?:consider|shortlist|notice|interview|pick|select|choose|fast-track)\s+me\s+(?:for|as)\b"
              r"|\benough\s+to\s+get\s+me\b|\bfoot\s+in\b"
              r"|\bhelp(?:s|ing)?\s+me\s+(?:to\s+)?get\s+(?:noticed|shortlisted|hired|promoted|interviewed|picked"
              r"|selected|spotted)\b"),
    _p("job", r"\b(?:word|name|recommendation|influence|say-?so|backing|opinion)\s+(?:carries|has|holds|will\s+carry"
              r"|would\s+carry|counts\s+for)\s+"
              r"(?:real\s+|a\s+lot\s+of\s+|some\s+|enough\s+)?(?:weight|sway|clout|influence)\b"),
    _p("job", r"\bon\s+my\s+behalf\b|\bput(?:s|ting)?\s+a\s+word\s+in\b|\btake\s+over\s+my\b"),
    _p("job", r"\b(?:introduc\w*|connect\w*|contacts|network"
              r"|connections)\b[^.;]{0,60}\b(?:get(?:s|ting)?\s+(?:me\s+)?hired|"
              r"(?:get|land|find|secure)\s+(?:me\s+)?(?:a|an)\s+(?:job|role|offer|position|post)"
              r"|into\s+(?:a|an)\s+(?:job|role|position))\b", True),
    _p("job", r"\b(?:ask|asking|get|getting|persuade|convince)\s+(?:their|his|her|the)\s+(?:colleagues|contacts|friends"
              r"|boss|manager|team|network)\s+to\s+"
              r"(?:consider|hire|interview|take\s+on|shortlist|look\s+at)\s+me\b"),
    _p("job", r"\b(?:rely|relying|depend|depending|count|counting|bank|banking)\s+on\s+(?:my\s+mentor's|their|his|her"
              r"|the\s+mentor's)\s+"
              r"(?:contacts|network|connections|influence|name|recommendation)\b"),
    _p("job", r"\b(?:find|get|give)s?\s+me\s+(?:something|anything)\s+(?:on|at|in|with)\s+(?:their|his|her)\b"),
    # a quick career change
    _p("quick change",
       r"\b(?:quick(?:ly)?|fast|rapid(?:ly)?|overnight|immediate(?:ly)?"
       r"|instant(?:ly)?)\s+(?:\w+\s+)?(?:career\s+)?(?:change|switch|"
       r"transition|move|pivot)"),
    _p("quick change",
       r"\b(?:change|switch|move|pivot|transition|go|jump|retrain|get)\w*\s+(?:\w+\s+){0,6}?(?:careers?|fields?"
       r"|industr(?:y|ies)|"
       r"professions?|into|to)\b[^.;]{0,50}?\b(?:in|within|by)\s+(?:just\s+|only\s+)?(?:the\s+next\s+)?"
       r"(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|few|a couple of|couple of"
       r"|\d+)\s+(?:days?|weeks?)|"
       r"(?:a|one|two|three|a couple of)\s+months?|(?:a\s+few\s+|just\s+|mere\s+)?(?:days|weeks)|next\s+(?:week|month)"
       r"|the\s+end\s+of\s+(?:the|this|next)\s+month)\b"),
    _p("quick change", r"\b(?:career|field|industry)\s+(?:change|switch)\s+overnight\b"),
    _p("quick change",
       r"\b(?:become|be|break\s+into|get\s+into|move\s+into|switch\s+(?:in)?to|transition\s+(?:in)?to|retrain\s+as"
       r"|start\s+(?:out\s+)?as|land|go\s+into|qualify\s+as)\b"
       r"[^.;]{0,50}?\b(?:in|within|by)\s+(?:just\s+|only\s+)?(?:the\s+end\s+of\s+(?:the|this|next)\s+month"
       r"|next\s+(?:week|month)|a\s+fortnight|"
       r"(?:a|one|two|three|four|five|six|a\s+few|a\s+couple\s+of|\d+)\s+(?:days?|weeks?)|(?:a|one)\s+month)\b"),
    # solving everything, deciding for the mentee
    _p("everything", r"\b(?:solve|fix|sort\s+out|handle|deal\s+with)\s+(?:all\s+(?:of\s+)?my\s+\w+|all\s+the\s+\w+"
                     r"|every\s+\w+|everything)"),
    _p("everything", r"\bsort\s+(?:my|the)\s+(?:career|life|future|problems?|mess|situation)\s+out\b"),
    _p("everything", r"\b(?:fix|sort\s+out|solve|rescue|turn\s+around|plan|map\s+out|run)\s+my\s+(?:career|life"
                     r"|problems|situation|"
                     r"job\s+search|prospects|future)\b(?!\s+(?:with|together|alongside))"),
    _p("everything", r"\b(?:solve|fix|sort\s+out|handle|deal\s+with|do|run|manage|write"
                     r"|make)\s+(?:\w+\s+){0,6}?for\s+me\b"),
    _p("everything", r"\b(?:tell|show)\s+me\s+(?:exactly\s+|just\s+|simply\s+)?(?:what\s+to\s+do"
                     r"|which\s+(?:\w+\s+)?(?:to\s+take|to\s+choose|to\s+pick|to\s+accept|I\s+should))\b"),
    _p("everything", r"\b(?:decide|choose|pick|tell\s+me)\s+(?:for\s+me\s+)?(?:which|what|where|whether)\s+"
                     r"(?:\w+\s+){0,3}?"
                     r"(?:jobs?|offers?|roles?|path|career|field|course|company|firm|move|direction|options?|work"
                     r"|working|next step)\b"
                     r"(?:\s+\w+){0,3}?\s+(?:I\s+should|to\s+(?:take|accept|choose|pick|follow|go for))\b"),
    _p("everything", r"\ball\s+the\s+answers\b|\b(?:decide|choose|pick)\s+for\s+me\b"
                     r"|\bmake\s+(?:the\s+|my\s+)?(?:\w+\s+)?(?:decisions?|choices?|calls?)\s+for\s+me\b"),
    _p("everything", r"\b(?:guarantee|ensure|make\s+sure)\s+(?:that\s+)?I\s+(?:get|land|become|am\s+promoted"
                     r"|pass|succeed)\b"),
    _p("everything", r"\b(?:counting|relying|depending)\s+on\s+(?:my|the|a)?\s*(?:mentor|them|him|her)\s+to\s+"
                     r"(?:make|get|deliver|sort|fix|ensure)\b"),
)
# Outcomes a mentee may expect to work on with a mentor's help (not hand over): "prepare my promotion case".
_MENTEE_OWNED = re.compile(
    r"\b(?:prepar\w*|practi[sc]\w*|rehears\w*|understand\w*|learn\w*|explain\w*|weigh\w*|review\w*|feedback"
    r"|advice|guidance|"
    r"how\b|what\b|which\b|think\w*|decid\w*|case|application|own|myself|plan\w*|build\w*|improv\w*|ready|portfolio|"
    r"questions?|share|informational|advertised|technique|sounding board|challenge|talk\w* (?:me )?through)\b",
    re.I,
)
# "A promotion by spring." as an expectation; not "getting there is my job" (the mentee's own).
_BARE_OUTCOME = re.compile(r"\b(?:(?:a|an|the)\s+)?(?<!\bmy )(?<!\bown )(?:promotion|job offer|new job|job|role"
                           r"|position|referral|"
                           r"interview)\b", re.I)

_SENTENCES = re.compile(r"(?<=[.!?;\n])\s+|\n+")
_KIND_WORDS = {
    "job": "a job or referral",
    "promotion": "a promotion",
    "quick change": "a quick career change",
    "everything": "solving everything",
}


def _handover(sentence: str, mentions_mentor: bool, about_mentor: bool) -> tuple[Pattern, re.Match] | None:
    """The first pattern that hands the outcome over in `sentence`, outside the reach of a negation."""
    text = normalise(sentence)
    for pattern in PATTERNS:
        if pattern.needs_mentor and not mentions_mentor:
            continue
        for match in pattern.regex.finditer(text):
            if negated(text, match.start()):
                continue
            if pattern.needs_mentor and _MENTEE_OWNED.search(text):
                continue
            return pattern, match
    if about_mentor and len(text.split()) <= 8 and not _MENTEE_OWNED.search(text):
        # an expectation that is only an outcome ("A promotion by spring") hands it over
        bare = _BARE_OUTCOME.search(text)
        if bare and not negated(text, bare.start()):
            kind = "promotion" if "promotion" in bare.group(0).lower() else "job"
            return next(p for p in PATTERNS if p.kind == kind), bare
    return None


def check_text(text: str, where: str, *, about_mentor: bool = False) -> list[Finding]:
    """The G1.6 findings for one piece of text; `about_mentor` says the whole text is about the mentor.

    One finding per sentence and kind, quoting the phrase that matched.
    """
    found: list[Finding] = []
    for sentence in (s.strip() for s in _SENTENCES.split(text or "")):
        if not sentence:
            continue
        mentions_mentor = about_mentor or bool(_ABOUT_MENTOR.search(sentence))
        hit = _handover(sentence, mentions_mentor, about_mentor)
        if hit:
            pattern, match = hit
            quote = sentence[match.start():match.end()].strip()
            found.append(Finding(
                "G1.6", "warning",
                f"{where} hands {_KIND_WORDS[pattern.kind]} to the mentor ('{quote}'). {pattern.reason}",
                subject=where,
                quote=quote,
            ))
    return found


def check_profile(profile: Profile) -> list[Finding]:
    """The realism check on the profile: career goals, the help wanted and, above all, the expectations."""
    found = check_text(profile.career_goals, "Your career goals")
    found += check_text(profile.expectations, "What you expect of a mentor", about_mentor=True)
    found += check_text(profile.ideal_mentor, "Your ideal mentor", about_mentor=True)
    return found


def check_goals(goals: Iterable[Goal]) -> list[Finding]:
    """The realism check on each goal's title, description and level descriptions."""
    found: list[Finding] = []
    for goal in goals:
        text = "\n".join(
            [goal.title, goal.description, goal.level_0, goal.level_plus1, goal.level_plus2]
        )
        found += check_text(text, f"Goal '{goal.title}'")
    return found


def realism_check(workbook: "Workbook") -> list[Finding]:
    """G1.6 over the whole workbook: the profile and every active goal."""
    goals = [g for g in workbook.records("goals") if g.active]
    return check_profile(workbook.profile) + check_goals(goals)


# What each part of the profile asks (step 1), and the field that answers it.
PROFILE_PROMPTS: tuple[tuple[str, str, str], ...] = (
    ("G1.1", "career_goals", "the career goals you want to reach"),
    ("G1.2", "skills", "the skills you want to build"),
    ("G1.3", "knowledge", "the organisations or fields you want to learn about"),
    ("G1.4", "alliances", "the partnerships and alliances you hope to form"),
    ("G1.5", "help_wanted", "the kind of help you want"),
    ("G1.7", "ideal_mentor", "the mentor you are looking for"),
)


def profile_gaps(profile: Profile) -> list[Finding]:
    """An info note for each part of step 1 left blank, so the mentee sees what is still to think through."""
    return [
        Finding(gid, "info", f"Not written yet: {prompt}.", subject=field)
        for gid, field, prompt in PROFILE_PROMPTS
        if not getattr(profile, field)
    ]


def goal_gaps(goals: Iterable[Goal]) -> list[Finding]:
    """An info note for each active goal whose attainment levels are not all described
    (they make progress measurable)."""
    found = []
    for goal in goals:
        if not goal.active:
            continue
        missing = [
            label for label, text in (
                ("-2", goal.level_minus2), ("-1", goal.level_minus1), ("0", goal.level_0),
                ("+1", goal.level_plus1), ("+2", goal.level_plus2),
            ) if not text
        ]
        if missing:
            found.append(Finding(
                "G1.1", "info",
                f"Goal '{goal.title}': describe what level {', '.join(missing)} would look like, "
                "so you can tell later how far you got.",
                subject=goal.title,
            ))
    return found


def introspection_summary(workbook: "Workbook") -> list[Finding]:
    """Everything step 1 has to say: the realism check first, then what is still blank."""
    goals = workbook.records("goals")
    found = realism_check(workbook) + profile_gaps(workbook.profile) + goal_gaps(goals)
    if not goals:
        found.append(Finding("G1.1", "info", "No goals yet: write one or two goals that stay yours to reach."))
    return found


def profile_frame(profile: Profile) -> "pd.DataFrame":
    """The profile as question and answer, one row per part of step 1 (G1.1 to G1.5, G1.7, and expectations)."""
    rows = []
    for gid, field, prompt in (*PROFILE_PROMPTS, ("G1.6", "expectations", "what you expect of a mentor")):
        value = getattr(profile, field)
        if isinstance(value, list):
            value = ", ".join(v.replace("_", " ") for v in value)
        rows.append({"guidance": gid, "question": prompt[:1].upper() + prompt[1:], "your answer": value or "(not yet)"})
    return pd.DataFrame(rows, columns=["guidance", "question", "your answer"])
