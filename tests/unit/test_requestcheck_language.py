"""The request check on the phrasings people actually use: each case changes one sentence of a good draft.

A good base draft passes with no error; each case swaps in one phrasing and
says which points must then be errors (an empty set: none). The phrasings
come from the issue that asked the coach to read real writing, and from
ordinary variations of them.
"""

from __future__ import annotations

import pytest

from mentorkit.drafting import check_request, durations, frequencies
from mentorkit.requestcheck import placeholders

BASE = """Dear Dr Mensah,

I'm Grace Adeyemi, a staff nurse on the renal ward at Northgate Hospital. {goal}

{plan}

{pace}

{job}

{room}

Best wishes,
Grace"""

PARTS = {
    "goal": "I'm working towards becoming a clinical nurse specialist in dialysis.",
    "plan": "I'd especially value your view on building a teaching programme for new starters and on leading audits.",
    "pace": "Would you consider mentoring me for six months, meeting once a month for an hour?",
    "job": "I'm not asking for a job or a referral, only your perspective.",
    "room": "Please don't feel obliged; a no is completely fine, and there is no rush.",
}


def draft(**change: str) -> str:
    return BASE.format(**{**PARTS, **change})


def errors(text: str) -> set[str]:
    return {f.guidance for f in check_request(text) if f.severity == "error"}


def test_the_base_draft_passes_without_a_remark():
    assert check_request(draft()) == []


@pytest.mark.parametrize("pace, expected", [
    ("Could we meet every four to six weeks until the end of the year?", set()),
    ("Could we meet twice a quarter for the rest of the year?", set()),
    ("Roughly monthly, for six months, would suit me.", set()),
    ("I'd suggest an hour once a month until I finish my MBA next June.", set()),
    ("Would you mentor me over the next nine months, a call every month or so?", set()),
    ("Would you mentor me for the rest of the academic year, meeting every six weeks?", set()),
    ("Ten or so sessions over the year would be plenty.", set()),
    ("Could we meet every couple of weeks for six months?", {"G4.2"}),
    ("Could we meet a couple of times a month for six months?", {"G4.2"}),
    ("Could we meet fortnightly for six months?", {"G4.2"}),
    ("Could we meet every Tuesday until the summer?", {"G4.2"}),
    ("Could we meet once a month?", {"G4.2"}),  # no duration
    ("Would you mentor me for six months?", {"G4.2"}),  # no cadence
    ("Could we meet monthly for the next two years?", {"G4.2"}),
    ("Could we meet monthly, for as long as you'll have me?", {"G4.2"}),
    ("Rather than weekly calls, could we meet once a month for six months?", set()),
])
def test_cadence_and_duration_in_words_ranges_and_events(pace, expected):
    assert errors(draft(pace=pace)) == expected


def test_every_few_weeks_is_a_warning_not_an_error():
    found = check_request(draft(pace="Could we meet every few weeks for six months?"))
    assert [(f.guidance, f.severity) for f in found] == [("G4.2", "warning")]


@pytest.mark.parametrize("job, expected", [
    ("I'm not asking for a job, but if you hear of an opening, please think of me.", {"G4.3"}),
    ("I'm not after a role. That said, would you mind passing my CV to your head of nursing?", {"G4.3"}),
    ("Could you put in a good word with the recruitment team?", {"G4.3"}),
    ("Do you know anyone who is hiring?", {"G4.3"}),
    ("I'd love an introduction to the hiring managers on your unit.", {"G4.3"}),
    ("", {"G4.3"}),  # never says it is not a job request
    ("To be clear, this isn't a job request: I'm happy at Northgate and staying.", set()),
    ("I'm not looking for a job, a role or a reference.", set()),
    ("I'm not asking for work with your trust.", set()),
])
def test_a_job_request_is_read_through_negation_and_politeness(job, expected):
    assert errors(draft(job=job)) == expected


@pytest.mark.parametrize("plan", [
    "I'd especially value your view on our referral network with local GPs and on briefing recruiters for the ward.",
    "I work with hiring managers every week, and I'd value your view on running interviews for my own team.",
])
def test_referrals_and_hiring_managers_as_part_of_the_job_are_not_job_asks(plan):
    assert errors(draft(plan=plan)) == set()


def test_work_for_you_about_timing_is_room_to_decline_not_a_job_ask():
    text = draft(room="Totally fine if the timing doesn't work for you.")
    assert errors(text) == set()


@pytest.mark.parametrize("room, expected", [
    ("Please don't feel obliged.", set()),
    ("A no is completely fine.", set()),
    ("If it's a no, no hard feelings at all.", set()),
    ("Do say if it's not for you.", set()),
    ("I look forward to hearing from you.", {"G4.4"}),
    ("Could you let me know by Friday so I can plan? A no is fine.", {"G4.4"}),
    ("I've put a placeholder in your calendar for our first chat. A no is fine.", {"G4.4"}),
    ("I've told my manager you'll be mentoring me. A no is fine.", {"G4.4"}),
    ("You're the only one who can help me. A no is fine.", {"G4.4"}),
])
def test_room_to_decline_and_pressure(room, expected):
    assert errors(draft(room=room)) == expected


def test_a_mere_if_you_have_time_is_a_warning():
    found = check_request(draft(room="If you have the time, I'd be grateful."))
    assert ("G4.4", "warning") in {(f.guidance, f.severity) for f in found}
    assert "G4.4" not in errors(draft(room="If you have the time, I'd be grateful."))


@pytest.mark.parametrize("plan, expected", [
    ("I'd especially value your view on handover design and on escalation.", set()),
    ("The two things I'd bring are rota planning and difficult conversations with families.", set()),
    ("Could I pick your brain sometime?", {"G4.1"}),
    ("I'd love some general advice on my career.", {"G4.1"}),
    ("I'd be grateful for help with whatever comes up along the way.", {"G4.1"}),
    ("What I'm hoping to get out of it: a clearer sense of how to price my work.", set()),
    ("I'm struggling with delegation and with saying no to my director.", set()),
    ("Mostly I'd want to talk about negotiating my first consultancy contracts.", set()),
    ("Having someone to bounce ideas off as I build the new service would be invaluable.", set()),
    ("I'd like some support as I figure things out.", {"G4.1"}),
    ("I'd love to hear about your journey.", {"G4.1"}),
    ("Could we chat about career stuff generally, whenever suits?", {"G4.1"}),
])
def test_a_plan_in_any_words(plan, expected):
    assert errors(draft(plan=plan)) == expected


@pytest.mark.parametrize("goal, expected", [
    ("I'm moving toward a clinical educator role.", set()),
    ("I'd like, in the longer run, to specialise in transplant care.", set()),
    ("I've been asked to lead our move to a new dialysis protocol next year.", set()),
    ("", {"G4.5"}),
])
def test_a_goal_in_any_words(goal, expected):
    assert errors(draft(goal=goal)) == expected


def test_placeholders_are_errors_that_name_them():
    text = draft(goal="I'm [your role] at [your organisation], hoping to {goal}.")
    named = {f.quote for f in check_request(text) if f.subject == "placeholder" and f.severity == "error"}
    assert named == {"[your role]", "[your organisation]", "{goal}"}


@pytest.mark.parametrize("text, expected", [
    ("Hello <company> team", ["<company>"]), ("Dear {first_name},", ["{first_name}"]), ("XXX", ["XXX"]),
    ("Write to me at <grace@example.org>", []), ("See [1] and [the guide](http://example.org)", []),
    ("<b>bold</b>", []),
])
def test_what_counts_as_a_placeholder(text, expected):
    assert [s.text for s in placeholders(text)] == expected


def test_each_remark_quotes_the_writers_own_words_and_says_what_to_change():
    text = draft(pace="Could we meet every couple of weeks for the long haul?")
    for f in check_request(text):
        assert f.quote in text and f.message.endswith(".")
    quotes = {f.quote for f in check_request(text)}
    assert "every couple of weeks" in quotes


@pytest.mark.parametrize("phrase, low, high", [
    ("every four to six weeks", 30 / 42, 30 / 28), ("once or twice a month", 1, 2), ("twice a quarter", 2 / 3, 2 / 3),
    ("every other week", 30 / 14, 30 / 14), ("three or four times a year", 0.25, 1 / 3),
])
def test_ranges_keep_their_low_and_high_readings(phrase, low, high):
    (m,) = frequencies(f"Could we meet {phrase}?")
    assert m.lowest == pytest.approx(low, rel=0.01) and m.highest == pytest.approx(high, rel=0.01)


@pytest.mark.parametrize("phrase", [
    "until the end of the year", "for the rest of the academic year", "until I finish my MBA",
    "over the next nine months", "until my probation ends", "through the spring term",
])
def test_bounded_durations_in_words(phrase):
    found = durations(f"Could you mentor me {phrase}?")
    assert len(found) == 1 and found[0].value <= 12


# -- hostile input: any text gives findings whose quotes are the writer's own words ------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_WORDS = st.sampled_from([
    "not", "a", "job", "every", "two", "weeks", "for", "months", "until", "I", "finish", "[your role]", "{name}",
    "<company>", "no", "pressure", "by", "Friday", "refer", "me", "once", "month", "mentor", ",", ".", "\n",
    "\u2019", "\u2014", "but", "if", "you", "hear", "of", "an", "opening", "twice", "quarter", "rather than",
])


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=400), st.lists(_WORDS, max_size=80).map(" ".join)))
def test_any_text_gives_well_formed_findings(text):
    for f in check_request(text):
        assert f.severity in ("error", "warning", "info") and f.guidance.startswith("G4.")
        assert f.quote in text and f.message
