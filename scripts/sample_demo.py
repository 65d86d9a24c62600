"""The demo mentee's year, told as of DEMO_AS_OF: every person and organisation is fictional.

Maya Lindqvist, a senior analyst at Larkfield Logistics, goes from "I think I
need a mentor" (autumn 2025) through four informational interviews (questions
from the bank; the follow-ups she made are marked done), a written request
that got a kind no, a coffee with Helen Strand and an in-person ask, to nine
months of mostly monthly meetings with one summer drift and an autumn run of
meetings closer together than agreed (G6.3). Her agreement ends in February
2027: the workbook offers the closing conversation from mid-January.
"""

from __future__ import annotations

import datetime as dt
import random

from sample_folder import SampleFolder, day

MENTEE = "Maya Lindqvist"


def build(as_of: dt.date) -> SampleFolder:
    """The whole story, in the order it happened."""
    rng = random.Random("mentorkit-demo")
    f = SampleFolder(MENTEE, as_of)
    _profile(f)
    _goals(f)
    cands = _candidates(f)
    _interviews(f, cands)
    _requests(f, cands)
    f.add("agreements", candidate_id=cands["helen"], mentor_name="Helen Strand", start="2026-02-16",
          duration_months=12, meetings_per_month=1, scheduler="mentee")
    meetings = _meetings(f, rng)
    _actions(f, meetings)
    _feedback(f, meetings)
    _checkins(f)
    return f


def _profile(f: SampleFolder) -> None:
    f.add(
        "profile",
        career_goals="Move from senior analyst to leading a small analytics team within two to three years, "
                     "without leaving operations work behind.",
        skills="Presenting findings to executives; delegating work I would rather do myself; running a team "
               "meeting that ends with decisions.",
        knowledge="How analytics teams are organised and funded in logistics and healthcare; how other "
                  "companies decide which data projects get a budget.",
        alliances="Peers who lead data teams in other companies; the regional operations research "
                  "association; a contact in our finance department.",
        help_wanted="career; leadership; decisions",
        ideal_mentor="Someone I like and respect, a few steps ahead on a path like the one I want, who values "
                     "careful, honest work and says so when something is not good enough.",
        expectations="Monthly conversations for about a year, honest feedback on how I come across in "
                     "meetings, and a sounding board while I work towards a team lead role. Getting there is my "
                     "job; I want someone who has made the move to help me see what I am missing.",
    )


_GOALS = [
    dict(title="Lead an analytics team", area="career", weight=3, baseline_level=-1,
         description="Take on people leadership in analytics, first informally, then in title.",
         level_minus2="No leadership responsibility at all",
         level_minus1="Lead single projects now and then, with no one reporting to me",
         level_0="Lead a standing workstream with two analysts for six months",
         level_plus1="Act as team lead for a full quarter",
         level_plus2="Appointed team lead of the network-planning analysts",
         levels=[("2026-03-20", -1), ("2026-06-12", 0), ("2026-09-18", 0), ("2026-11-13", 1)]),
    dict(title="Present to the executive team with confidence", area="skill", weight=2, baseline_level=-2,
         description="Turn analysis into a short story with a clear ask, and handle hard questions calmly.",
         level_minus2="Avoid presenting; a manager presents my work",
         level_minus1="Present once, reading from the slides",
         level_0="Present twice a quarter with a clear recommendation",
         level_plus1="Asked back by executives to present follow-ups",
         level_plus2="Present a budget case that is approved",
         levels=[("2026-03-20", -2), ("2026-06-12", -1), ("2026-09-18", 0), ("2026-11-13", 1)]),
    dict(title="Build a peer network outside Larkfield", area="alliance", weight=1, baseline_level=-1,
         description="Know people who lead data teams elsewhere well enough to call them.",
         level_minus2="No contacts outside the company",
         level_minus1="Two or three contacts I have met once",
         level_0="Five people I could ask for advice",
         level_plus1="Speak at or co-organise one association meetup",
         level_plus2="A standing peer group that meets each quarter",
         levels=[("2026-03-20", -1), ("2026-06-12", 0), ("2026-09-18", 0), ("2026-11-13", 0)]),
    dict(title="Understand how analytics budgets are decided", area="knowledge", weight=1, baseline_level=-1,
         description="Learn how money for data work is argued for, approved and measured.",
         level_minus2="No idea who decides",
         level_minus1="Know who signs off, not how",
         level_0="Can explain our budget cycle and its criteria",
         level_plus1="Contributed to one budget proposal",
         level_plus2="Wrote a budget proposal that was approved",
         levels=[("2026-03-20", -1), ("2026-06-12", -1), ("2026-09-18", 0), ("2026-11-13", 0)]),
]


def _goals(f: SampleFolder) -> None:
    for spec in _GOALS:
        spec = dict(spec)
        levels = spec.pop("levels")
        goal_id = f.add("goals", created_on="2025-11-20", **spec)
        for date, level in levels:
            note = "Baseline confirmed with Helen" if date == "2026-03-20" else "Quarterly review"
            f.add("goal_levels", goal_id=goal_id, date=date, level=level, note=note)


def _candidates(f: SampleFolder) -> dict[str, int]:
    ids = {}
    ids["tom"] = f.add(
        "candidates", name="Tom Becker", organization="Larkfield Logistics", same_organization=True,
        relationship="current_manager", respect=4, values_fit=4, path_similarity=3, role="Analytics Manager",
        found_via="my own manager", status="not_pursued",
        notes="Supportive, but he decides my rating and promotion, so he cannot be objective here.")
    ids["jana"] = f.add(
        "candidates", name="Jana Novak", organization="Larkfield Logistics", same_organization=True,
        relationship="knows_well", respect=5, values_fit=5, path_similarity=4, role="Senior Data Engineer",
        senior=False, found_via="close friend since my first job", status="not_pursued",
        notes="A friend first; she would tell me what I want to hear.")
    ids["rafael"] = f.add(
        "candidates", name="Rafael Ortiz", organization="Quayside Freight", same_organization=False,
        relationship="never_met", respect=4, values_fit=3, path_similarity=5, role="Director of Data",
        found_via="association member directory", connection_route="public_posts", status="researching",
        notes="Writes thoughtful posts on planning analytics. Comment on them before anything else.")
    ids["lin"] = f.add(
        "candidates", name="Lin Zhao", organization="Meridian Retail", same_organization=False,
        relationship="met_once", respect=4, values_fit=4, path_similarity=4, role="Head of Insights",
        found_via="spring operations conference", connection_route="event", status="interviewed",
        notes="One good talk; keep in touch before thinking of more.")
    ids["helen"] = f.add(
        "candidates", name="Helen Strand", organization="Brightwater Health", same_organization=False,
        relationship="acquaintance", respect=5, values_fit=5, path_similarity=4, role="VP Analytics",
        found_via="introduced by a former colleague, Omar", connection_route="introduction", status="mentor",
        notes="Built two analytics teams from scratch; direct and generous with time.")
    ids["david"] = f.add(
        "candidates", name="David Mensah", organization="Harbour & Vale Insurance", same_organization=False,
        relationship="acquaintance", respect=5, values_fit=4, path_similarity=4, role="Chief Data Officer",
        found_via="association board", connection_route="event", status="declined",
        notes="Said no kindly in January: too much on this year. Keep in touch.")
    ids["ana"] = f.add(
        "candidates", name="Ana Ferreira", organization="Kestrel Energy", same_organization=False,
        relationship="acquaintance", respect=3, values_fit=3, path_similarity=3, role="Analytics Lead",
        found_via="LinkedIn, via Jana", connection_route="introduction", status="interviewed",
        notes="Friendly, but our paths differ more than I thought.")
    return ids


# Questions from the workbook's bank (G3.3), a different handful for each talk, and one of her own.
_BANK = {
    "start": "Where did your working life begin, and what do you do now?",
    "turning": "What were the turning points between your first job and this one?",
    "expected": "Is this where you expected to be at this point? What surprised you?",
    "wish": "What do you wish someone had told you at my stage?",
    "week": "What does a typical day or week look like for you?",
    "hardest": "What is the hardest or least enjoyable part of it?",
    "who": "Who else would you suggest I talk to?",
}
_OWN = "What surprised you about leading a team?"


def _interviews(f: SampleFolder, c: dict[str, int]) -> None:
    talks = [
        ("David Mensah", "david", "2025-11-27", 15, 5, True, ("start", "turning", "wish"),
         "Leading analysts is mostly about choosing problems. Learn the budget cycle early.", None),
        ("Helen Strand", "helen", "2025-12-09", 20, 5, True, ("start", "expected", "week", "own"),
         "She moved from operations into analytics leadership too. Suggested presenting small wins often.", None),
        ("Ana Ferreira", "ana", "2025-12-15", 10, 3, False, ("week", "hardest", "who"),
         "Her team is mostly engineers; less overlap with my plans than expected.", "2026-02-17"),
        ("Lin Zhao", "lin", "2026-04-22", 10, 4, False, ("turning", "week", "wish"),
         "Retail insights teams sit with marketing; interesting contrast to logistics.", "2026-06-25"),
    ]
    for person, key, date, minutes, flow, star, picks, takeaways, followed in talks:
        talk = day(date)
        questions = "\n".join(_OWN if p == "own" else _BANK[p] for p in picks)
        f.add("interviews", person=person, candidate_id=c[key], date=talk, duration_min=minutes,
              questions=questions, takeaways=takeaways, flow=flow, star=star,
              thanked_on=talk + dt.timedelta(days=1), connection_sent=key != "ana",
              follow_up_on=talk + dt.timedelta(days=61), followed_up_on=followed)
    # G3.7: a brief coffee with Helen, to feel out how they get on before any request
    f.add("interviews", person="Helen Strand", candidate_id=c["helen"], date="2026-01-21", duration_min=40,
          kind="coffee", questions="How do you like to work with people you advise?",
          takeaways="She likes people who come with a question and leave with an action. Easy to talk to.",
          flow=5, star=True, thanked_on="2026-01-21", connection_sent=True, follow_up_on="2026-03-21")


_DECLINED_TEXT = (
    "Dear David,\n\nThank you again for the talk in November; your point about choosing problems has stayed "
    "with me. I am a senior analyst at Larkfield Logistics and I want to grow into leading an analytics team "
    "over the next two or three years. I would value a mentor who has made that move.\n\nWould you consider "
    "meeting me for an hour once a month for a year? I would come with an agenda each time and take care of "
    "the scheduling. I am not asking for a job or an introduction, only your perspective.\n\nI know your time "
    "is precious, so please feel free to say no, and take whatever time you need to think it over.\n\n"
    "Best regards,\nMaya")


def _requests(f: SampleFolder, c: dict[str, int]) -> None:
    f.add("requests", candidate_id=c["david"], drafted_on="2026-01-08", sent_on="2026-01-12",
          text=_DECLINED_TEXT, outcome="declined", outcome_on="2026-01-19",
          notes="Kind no: too much on this year. Offered a coffee in the summer.")
    f.add("requests", candidate_id=c["helen"], drafted_on="2026-01-28", sent_on="2026-02-03", channel="in_person",
          outcome="accepted", outcome_on="2026-02-09",
          notes="Asked over lunch after her team's open day (G4.7), with the plan on one page: monthly, a year, "
                "not a job. She wanted to sleep on it; yes by email on 9 February, video by default.")


# date, minutes, mode, objectives, notes, gave back
_MEETINGS = [
    ("2026-02-20", 60, "video", "Agree how we work; walk through my four goals",
     "Agreed the ground rules. Helen asked which goal matters most: leading a team.", ""),
    ("2026-03-20", 50, "video", "Review goal levels; plan my first executive presentation",
     "Baselines set. She suggested one page, one ask, and a rehearsal with a sceptic.",
     "Sent her the route-planning paper she asked about"),
    ("2026-04-17", 45, "in_person", "Debrief the presentation; delegation",
     "Presentation went fine but ran long. Delegation: write down what only I can do.", ""),
    ("2026-05-15", 60, "video", "Check-in on the relationship; budget cycle",
     "First check-in. Helen explained how her budget is argued each autumn.",
     "Introduced her to our warehouse simulation lead"),
    ("2026-06-12", 45, "video", "Acting lead offer: should I take it?",
     "Weighed the offer; decided to accept the workstream lead role.", ""),
    ("2026-08-21", 40, "phone", "Catch up after the summer; restart the cadence",
     "Ten weeks since the last meeting. We booked the rest of the year in advance.", ""),
    ("2026-09-18", 60, "in_person", "Quarterly goal review; peer network",
     "Goals reviewed. She suggested the association's autumn meetup as a speaking slot.",
     "Shared our dataset of anonymised delivery times for her team's benchmark"),
    ("2026-10-09", 50, "video", "Preparing the budget proposal",
     "Walked through my draft proposal. Too much detail, not enough on outcomes.", ""),
    ("2026-10-30", 45, "video", "Meetup talk rehearsal",
     "Rehearsed the talk. Cut two slides; start with the story of the Friday backlog.", ""),
    ("2026-11-13", 60, "video", "Check-in; plan the last three months",
     "Second half of the agreement: focus on the team lead application and on ending well.",
     "Recommended two candidates for her open analyst role"),
]


def _meetings(f: SampleFolder, rng: random.Random) -> list[int]:
    ids = []
    for date, minutes, mode, objectives, notes, gave in _MEETINGS:
        ids.append(f.add("meetings", date=date, duration_min=minutes + rng.choice((0, 0, 5)), mode=mode,
                         objectives=objectives, notes=notes, gave_back=gave))
    return ids


def _actions(f: SampleFolder, m: list[int]) -> None:
    rows = [
        (0, "Write down what success looks like for each goal", "mentee", "2026-03-13", "done", "2026-03-10"),
        (0, "Send Helen the route-planning paper", "mentee", "2026-03-06", "done", "2026-03-02"),
        (1, "Draft a one-page version of the quarterly review", "mentee", "2026-04-10", "done", "2026-04-08"),
        (1, "Rehearse the presentation with a sceptical colleague", "mentee", "2026-04-14", "done", "2026-04-13"),
        (2, "List the tasks only I can do, and delegate two others", "mentee", "2026-05-08", "done", "2026-05-11"),
        (2, "Share an example of her team's budget case", "mentor", "2026-05-15", "done", "2026-05-15"),
        (3, "Ask finance for last year's budget calendar", "mentee", "2026-06-05", "done", "2026-06-24"),
        (4, "Write the first-month plan for the workstream", "mentee", "2026-06-30", "done", "2026-06-29"),
        (4, "Read the book on first-time managers Helen lent me", "mentee", "2026-07-31", "dropped", None),
        (5, "Book the remaining meetings of the year", "mentee", "2026-08-28", "done", "2026-08-24"),
        (6, "Submit a talk proposal to the association meetup", "mentee", "2026-10-01", "done", "2026-09-29"),
        (6, "Introduce Maya to a peer at Quayside Freight", "mentor", "2026-11-27", "open", None),
        (7, "Rewrite the budget proposal around outcomes", "mentee", "2026-10-28", "done", "2026-10-27"),
        (8, "Send the meetup slides to Helen", "mentee", "2026-11-06", "open", None),
        (9, "Draft the team lead application", "mentee", "2026-12-04", "open", None),
    ]
    for index, description, owner, due, status, done_on in rows:
        extra = {}
        if description.startswith("Ask finance"):  # renegotiated a week before the date, as G5.4 asks
            extra = dict(renegotiated_on="2026-05-29", renegotiated_due="2026-06-26")
        f.add("actions", meeting_id=m[index], description=description, owner=owner, due=due, status=status,
              done_on=done_on, **extra)


def _feedback(f: SampleFolder, m: list[int]) -> None:
    rows = [
        (1, "suggestion", "Lead with the ask; the data can follow.", "Rewrote the opening slide."),
        (2, "critical", "You answered questions nobody asked and ran ten minutes over.",
         "Hard to hear. I now time every rehearsal."),
        (4, "praise", "Taking the workstream was a well-reasoned decision.", ""),
        (5, "critical", "Two months without a meeting suggests this is not a priority for you.",
         "Fair. We booked every remaining date the same day."),
        (7, "critical", "The proposal is too detailed; executives will not read page three.",
         "Cut it to two pages around outcomes."),
        (8, "praise", "The Friday backlog story is a strong opening.", ""),
    ]
    for index, kind, text, response in rows:
        f.add("feedback", date=_MEETINGS[index][0], meeting_id=m[index], kind=kind, text=text, response=response)


def _checkins(f: SampleFolder) -> None:
    rows = [
        ("2026-05-15", (4, 3, 4, 4, 4, 3, 5), "Useful already; I should bring more to the table for Helen."),
        ("2026-08-21", (3, 3, 3, 4, 3, 4, 4), "The summer gap hurt our rhythm; both of us want to restart."),
        ("2026-11-13", (5, 4, 5, 5, 4, 5, 5), "Best quarter so far. Helen says she learns from our talks too."),
    ]
    names = ("value_to_me", "value_to_mentor", "interest", "encouragement", "connection", "candour",
             "wish_to_continue")
    for date, scores, comment in rows:
        f.add("checkins", date=date, comment=comment, **dict(zip(names, scores)))
