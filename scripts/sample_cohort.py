"""A sample cohort of twelve fictional mentees, each on a known trajectory, as of DEMO_AS_OF.

Each participant is generated from a `Plan` and a random generator seeded by
their id, so the files are the same on every run and every machine.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from sample_folder import SampleFolder, day

D = dt.timedelta


@dataclass(frozen=True)
class Plan:
    """What happens to one participant: the facts the cohort summary should find."""

    trajectory: str
    start: str | None  # agreement start; None: no agreement yet
    per_month: float = 1.0
    meetings: tuple[str, ...] = ()  # explicit meeting dates
    follow_through: float = 0.85  # share of due actions done
    goals: str = "rise"  # rise, flat, dip_rise
    checkins: tuple[tuple[str, tuple[int, ...]], ...] = ()
    request: str = "accepted"  # accepted, pending
    declined_first: bool = False
    fixed_actions: tuple[tuple[str, str], ...] = field(default=())  # (due, status), for an exact follow-through
    ending: tuple[str, str] | None = None  # (ended_on, how): the closing conversation was held


def every(first: str, days: int, until: str, *, jitter: int = 3, seed: str = "") -> tuple[str, ...]:
    """Meeting dates from `first` roughly every `days` days up to `until`, with a little jitter."""
    rng = random.Random(f"cadence-{seed}-{first}")
    out, current, end = [], day(first), day(until)
    while current <= end:
        out.append(current.isoformat())
        current += D(days=days + rng.randint(-jitter, jitter))
    return tuple(out)


GOOD = (5, 4, 4, 5, 4, 4, 5)
OK = (4, 3, 3, 4, 3, 3, 4)
FLAT = (3, 3, 3, 3, 3, 3, 3)

PLANS: dict[str, Plan] = {
    "p01": Plan("steady", "2026-01-12", meetings=every("2026-01-16", 30, "2026-11-10", seed="p01"),
                follow_through=0.9, checkins=(("2026-04-10", OK), ("2026-07-10", GOOD), ("2026-10-09", GOOD))),
    "p02": Plan("steady, twice a month", "2026-03-02", per_month=2,
                meetings=every("2026-03-05", 15, "2026-11-12", jitter=2, seed="p02"), follow_through=0.85,
                checkins=(("2026-06-01", GOOD), ("2026-09-01", GOOD))),
    "p03": Plan("drifting after a few meetings", "2026-02-09",
                meetings=("2026-02-12", "2026-03-13", "2026-04-14", "2026-05-20"), follow_through=0.6,
                checkins=(("2026-05-20", OK),)),
    "p04": Plan("drifting with a long gap", "2026-04-06",
                meetings=("2026-04-09", "2026-05-12", "2026-06-10", "2026-08-31"), follow_through=0.7,
                checkins=(("2026-06-10", OK), ("2026-08-31", (3, 3, 3, 3, 2, 3, 3)))),
    "p05": Plan("stalled goals", "2026-01-19", meetings=every("2026-01-22", 31, "2026-11-06", seed="p05"),
                follow_through=0.7, goals="flat",
                checkins=(("2026-04-20", FLAT), ("2026-07-20", FLAT), ("2026-10-20", FLAT))),
    "p06": Plan("a decline, then a success", "2026-01-05",
                meetings=("2026-01-08", "2026-02-09", "2026-03-10", "2026-04-09", "2026-06-01", "2026-07-02",
                          "2026-08-03", "2026-09-02", "2026-10-01", "2026-11-02"),
                follow_through=0.75, goals="dip_rise",
                checkins=(("2026-04-09", (4, 4, 4, 4, 4, 4, 4)), ("2026-07-02", (2, 3, 3, 2, 2, 3, 3)),
                          ("2026-10-01", (5, 4, 5, 5, 5, 4, 5)))),
    "p07": Plan("one-way, then ended", "2026-01-19",
                meetings=("2026-01-22", "2026-02-24", "2026-03-25", "2026-04-28", "2026-05-28", "2026-06-30",
                          "2026-08-04", "2026-09-10"),
                follow_through=0.8, goals="rise",
                checkins=(("2026-04-28", (4, 2, 3, 3, 3, 3, 4)), ("2026-06-30", (4, 1, 2, 3, 2, 3, 2)),
                          ("2026-09-10", (3, 1, 2, 2, 1, 2, 1))),
                ending=("2026-09-24", "let_go_mutual")),
    "p08": Plan("just starting: request sent", None, request="pending", declined_first=True),
    "p09": Plan("just starting: first meeting", "2026-10-19", meetings=("2026-10-26",)),
    "p10": Plan("low follow-through", "2026-03-02", meetings=every("2026-03-06", 30, "2026-11-05", seed="p10"),
                checkins=(("2026-06-05", OK), ("2026-09-04", (3, 3, 3, 3, 3, 2, 3))),
                fixed_actions=(("2026-04-03", "done"), ("2026-05-01", "open"), ("2026-06-05", "dropped"),
                               ("2026-07-03", "open"), ("2026-08-07", "done"), ("2026-09-04", "open"),
                               ("2026-10-02", "open"), ("2026-11-27", "open"))),
    "p11": Plan("mixed: a gap, then back", "2026-02-02",
                meetings=("2026-02-05", "2026-03-05", "2026-04-07", "2026-06-02", "2026-07-01", "2026-07-30",
                          "2026-09-03", "2026-10-01", "2026-10-29"),
                follow_through=0.6, goals="rise", checkins=(("2026-05-05", OK), ("2026-08-04", OK),
                                                            ("2026-11-03", GOOD))),
    "p12": Plan("mixed: no written agreement", None,
                meetings=("2026-06-04", "2026-07-09", "2026-08-20", "2026-09-24", "2026-10-29"),
                follow_through=0.7, declined_first=True, checkins=(("2026-09-24", OK),)),
}

FIRST = ["Amara", "Bruno", "Chiara", "Dev", "Elif", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kofi", "Lena",
         "Mateo", "Nadia", "Oskar", "Priya"]
LAST = ["Achterberg", "Bianchi", "Castell", "Dunmore", "Eskildsen", "Fairbanks", "Galloway", "Halvorsen",
        "Iwasaki", "Juarez", "Kowalczyk", "Lindgren", "Moreau", "Nakamura", "Okonkwo", "Petrov"]
ORGS = ["Fernhill Transit", "Copperleaf Bank", "Stonebridge Labs", "Alder Civic Trust", "Saltmarsh Media",
        "Brightwater Health", "Quayside Freight", "Harbour & Vale Insurance"]
GOAL_POOL = [
    ("Lead a project end to end", "career"), ("Speak up in senior meetings", "skill"),
    ("Learn how the board sets strategy", "knowledge"), ("Build allies in other departments", "alliance"),
    ("Move into product management", "career"), ("Negotiate my workload", "skill"),
    ("Understand the funding landscape", "knowledge"), ("Find peers in my profession", "alliance"),
]
OBJECTIVES = ["Review progress on my goals", "Prepare a difficult conversation", "Plan the next quarter",
              "Talk through a decision about a new role", "Feedback on a draft proposal",
              "How to say no to extra work", "Build a network in a new field"]
NOTES = ["Useful session; agreed next steps.", "We went deep on one topic and ran out of time.",
         "Mentor shared how they handled a similar choice.", "Short meeting; mostly updates.",
         "Left with two concrete ideas to try."]
ACTIONS = ["Draft a one-page plan", "Ask a colleague for feedback", "Read the article we discussed",
           "Book a coffee with a peer", "Write up the decision options", "Practise the opening of the talk",
           "Send a summary of the meeting"]


def build(pid: str, plan: Plan, as_of: dt.date) -> SampleFolder:
    """One participant's folder, generated from their plan and a generator seeded by their id."""
    rng = random.Random(f"mentorkit-cohort-{pid}")
    index = int(pid[1:]) - 1
    name = f"{FIRST[index % len(FIRST)]} {LAST[(index * 5) % len(LAST)]}"
    f = SampleFolder(name, as_of)
    anchor = plan.start or (plan.meetings[0] if plan.meetings else "2026-11-02")
    first_contact = day(anchor) - D(days=75)  # research and interviews begin about ten weeks earlier
    f.add("profile", career_goals="Grow into a role with more responsibility within two years.",
          skills="Presenting, prioritising, giving feedback.", knowledge="How decisions are made above my level.",
          alliances="Peers in other teams and organisations.",
          help_wanted=rng.sample(["career", "decisions", "results", "capacity", "leadership", "guidance"], 2),
          ideal_mentor="Someone a few steps ahead whom I respect.",
          expectations="Honest advice once a month and someone to think decisions through with.")
    _goals(f, rng, plan, first_contact, as_of)
    mentor_id = _candidates_and_requests(f, rng, plan, first_contact)
    if plan.start:
        f.add("agreements", candidate_id=mentor_id, mentor_name=f.tables["candidates"][mentor_id - 1].name,
              start=plan.start, duration_months=12, meetings_per_month=plan.per_month,
              **(dict(ended_on=plan.ending[0], ending=plan.ending[1],
                      closing_notes="Closing conversation held; thanked them and agreed to keep in touch.")
                 if plan.ending else {}))
    meetings = [f.add("meetings", date=d, duration_min=rng.choice((30, 45, 45, 60)),
                      mode=rng.choice(("video", "video", "in_person", "phone")), objectives=rng.choice(OBJECTIVES),
                      notes=rng.choice(NOTES), gave_back=rng.choice(("", "", "Shared an article they asked about")))
                for d in plan.meetings]
    _actions(f, rng, plan, meetings, as_of)
    for m_id, date in zip(meetings, plan.meetings):
        if rng.random() < 0.35:
            f.add("feedback", date=date, meeting_id=m_id, kind=rng.choice(("praise", "suggestion", "critical")),
                  text="Feedback noted during the meeting.")
    for date, scores in plan.checkins:
        names = ("value_to_me", "value_to_mentor", "interest", "encouragement", "connection", "candour",
                 "wish_to_continue")
        f.add("checkins", date=date, comment="", **dict(zip(names, scores)))
    return f


def _goals(f: SampleFolder, rng: random.Random, plan: Plan, first: dt.date, as_of: dt.date) -> None:
    reviews = [day(d) for d in ("2026-03-31", "2026-06-30", "2026-09-30", "2026-11-10")]
    started = day(plan.start) if plan.start else (day(plan.meetings[0]) if plan.meetings else as_of)
    reviews = [r for r in reviews if r >= started + D(days=30)]
    for title, area in rng.sample(GOAL_POOL, rng.choice((2, 3))):
        baseline = rng.choice((-1, -1, -2))
        goal_id = f.add("goals", title=title, area=area, weight=rng.choice((1, 1, 2, 3)), baseline_level=baseline,
                        level_minus2="Not started", level_minus1="First steps taken", level_0="The expected result",
                        level_plus1="Better than expected", level_plus2="Much better than expected",
                        created_on=first)
        level = baseline
        for step, date in enumerate(reviews):
            if plan.goals == "rise":
                level = min(2, level + rng.choice((0, 1, 1)))
            elif plan.goals == "dip_rise":
                level = -2 if step < 2 else min(2, level + 2)
            f.add("goal_levels", goal_id=goal_id, date=date, level=level, note="")


def _candidates_and_requests(f: SampleFolder, rng: random.Random, plan: Plan, first: dt.date) -> int:
    others = rng.sample(["current_manager", "knows_well", "never_met", "met_once", "acquaintance"], 2)
    for relationship in others:
        f.add("candidates", name=f"{rng.choice(FIRST)} {rng.choice(LAST)}", organization=rng.choice(ORGS),
              same_organization=relationship in ("current_manager", "knows_well"), relationship=relationship,
              respect=rng.randint(2, 5), values_fit=rng.randint(2, 5), path_similarity=rng.randint(1, 5),
              status="not_pursued" if relationship in ("current_manager", "knows_well") else "researching")
    declined = None
    if plan.declined_first:
        declined = f.add("candidates", name=f"{rng.choice(FIRST)} {rng.choice(LAST)}", organization=rng.choice(ORGS),
                         same_organization=False, relationship="acquaintance", respect=4, values_fit=4,
                         path_similarity=4, status="declined")
    mentor = f.add("candidates", name=f"{rng.choice(FIRST)} {rng.choice(LAST)}", organization=rng.choice(ORGS),
                   same_organization=False, relationship="acquaintance", respect=rng.randint(4, 5),
                   values_fit=rng.randint(4, 5), path_similarity=rng.randint(3, 5),
                   status="mentor" if plan.request == "accepted" else "asked", connection_route="introduction")
    for offset, cand in ((0, declined), (12, mentor)):
        if cand is None:
            continue
        date = first + D(days=offset)
        f.add("interviews", person=f.tables["candidates"][cand - 1].name, candidate_id=cand, date=date,
              duration_min=rng.choice((10, 15, 20)), flow=rng.randint(3, 5), star=True,
              thanked_on=date + D(days=1), connection_sent=True, follow_up_on=date + D(days=60))
    if declined:
        sent = first + D(days=30)
        f.add("requests", candidate_id=declined, drafted_on=sent - D(days=3), sent_on=sent, outcome="declined",
              outcome_on=sent + D(days=6), text="A monthly meeting for a year; not asking for a job; a no is fine.")
    sent = first + D(days=45)
    outcome = {"outcome": "accepted", "outcome_on": sent + D(days=5)} if plan.request == "accepted" else {}
    f.add("requests", candidate_id=mentor, drafted_on=sent - D(days=2), sent_on=sent,
          text="A monthly meeting for a year; not asking for a job; a no is fine.", **outcome)
    return mentor


def _actions(f: SampleFolder, rng: random.Random, plan: Plan, meetings: list[int], as_of: dt.date) -> None:
    if plan.fixed_actions:
        for n, (due, status) in enumerate(plan.fixed_actions):
            m_index = min(n, len(meetings) - 1)
            f.add("actions", description=ACTIONS[n % len(ACTIONS)], meeting_id=meetings[m_index], due=due,
                  status=status, done_on=due if status == "done" else None)
        return
    for m_id, date in zip(meetings, plan.meetings):
        for _ in range(rng.choice((1, 1, 2))):
            due = day(date) + D(days=rng.choice((14, 21, 28)))
            fields = {}
            if due > as_of:
                status = "open"
            elif rng.random() < plan.follow_through:
                status, fields = "done", {"done_on": due - D(days=rng.randint(0, 4))}
            else:
                status = rng.choice(("open", "open", "dropped", "renegotiated"))
                if status == "renegotiated":
                    fields = {"renegotiated_on": due - D(days=2), "renegotiated_due": due + D(days=21)}
            f.add("actions", description=rng.choice(ACTIONS), meeting_id=m_id, due=due, status=status, **fields)
