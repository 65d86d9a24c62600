"""The request checker on real-world drafts (G4.1 to G4.5), the phrase readers, and the templates."""

from __future__ import annotations

import datetime as dt

import pytest

from mentorkit import Candidate, Goal, Interview, Profile, RecordNotFoundError
from mentorkit.drafting import DRAFTS, check_request, draft, durations, frequencies

# -- twenty realistic drafts; each test asserts exactly which guidance IDs raise errors ------------

GOOD_1 = """Dear Maria,

Thank you again for the coffee last month; your story about moving from the lab into product management has stayed \
with me.

I'm Sam Okafor, a data analyst at Northwind for the past three years. My goal is to move into a product role within \
two years, and I would value your guidance specifically on two things: how to build a case for a first product \
project, and which skills I should sharpen first.

Would you consider being my mentor for six months? I'm thinking of one hour once a month, at a time that suits you; I \
would set the agenda and send notes afterwards.

To be clear, I'm not asking for a job or a referral, only your perspective.

I know your time is precious, so please take a few days to think it over, and I'll completely understand if the answer \
is no.

Best wishes,
Sam"""

GOOD_2 = """Hi Daniel,

My name is Lena and I lead a small support team at Brightwave. I hope to grow into a head-of-operations role, and I'd \
love your advice on the areas where you made that jump: hiring, budgeting and managing managers.

My plan would be to meet monthly over the next year, 45 minutes by video. This is not a request for a job; I'm happy \
at Brightwave and simply want to learn from your experience.

There is no rush at all, and no worries if not: whatever you decide, I'm grateful for the talk we had.

Lena"""

GOOD_3 = """Dear Dr. Ahmed,

I'm a second-year postdoc in computational biology, and I'm working to become an independent investigator. I'm writing \
to ask whether you would be willing to mentor me for 12 months.

Specifically, I'd like guidance on writing my first grant and on choosing between academic and industry paths. I'd \
suggest meeting every other month, for an hour, with me preparing the agenda.

I am not looking for a position in your lab, just your counsel.

Please feel free to say no if your schedule is full; take all the time you need.

Kind regards,
Priya"""

GOOD_4 = """Hello Tom,

I'm Jo, a junior designer at Atlas. My aim is to lead design on a product within two years.

Would you be open to a mentoring relationship for six months, meeting once a month? In particular I'd like your \
feedback on my portfolio and help to plan how I present design decisions to engineers.

I'm not asking for a role at your company. If now isn't a good time, I'd completely understand.

Jo"""

GOOD_5 = """Hi Ana,
I've been a project coordinator at Helix for two years and I'd like to grow into programme management.
Would you consider mentoring me? Here is my plan:
- one 30-minute call a month, for a year
- topics: stakeholder maps, running steering committees, and handling escalations
I'm not job hunting; this is about learning from how you work.
Take your time, and it's fine to decline.
Thanks, Marco"""

BAD_WEEKLY = """Hi Chris,

I'm Alex, a backend engineer at Quanta. I want to become a staff engineer, and I'd like your guidance specifically on \
system design reviews.

Could we meet every week for the next six months? I'm not asking for a job, just advice.

No pressure at all; take your time to think about it.

Alex"""

BAD_BIWEEKLY_NO_DURATION = """Dear Helen,

My name is Ravi and I work as an accountant at Fenwick. I hope to become a finance director one day, and I'd value \
your advice on two topics: leading audits and presenting to a board.

Would you be willing to be my mentor, with a bi-weekly call of 30 minutes?

To be clear, I'm not asking for a job. Please feel free to say no.

Ravi"""

BAD_JOB = """Dear Mr. Lindqvist,

I'm Eva, a marketing associate at Polar. I'm hoping to move into brand strategy, and I'd welcome your advice on \
building a portfolio, in particular on campaign case studies.

Would you consider mentoring me once a month for six months? Also, if there are any open roles on your team, I'd be \
grateful if you could refer me.

Take all the time you need to decide, and no worries if not.

Eva"""

BAD_PRESSURE = """Hi Fatima,

I'm Noah, a nurse at St. Mary's, and my goal is to become a clinical educator. I'd love your guidance specifically on \
designing training sessions.

I'd like us to meet once a month for a year. I'm not asking for a job at your hospital.

I need an answer by Friday, because I've already booked a room for our first session next Tuesday.

Noah"""

BAD_VAGUE = """Hey Jamie!

Big fan of your posts. Could I pick your brain sometime? Would love to be mentored by you.

Thanks!"""

BAD_ASSUMED = """Dear Kofi,

I'm Ines, a software tester at Orbit, and I want to move into test automation leadership. I'd like your advice on \
building an automation strategy, specifically for a team of five.

When we start, I thought we could meet monthly for six months. I'm not looking for a job, only your perspective. I'll \
send a calendar invite for the first Monday of next month.

Ines"""

BAD_TWICE_A_MONTH_LONG = """Dear Grace,

I'm Leo, a policy officer at the city council, and I want to move into a leadership position in public health. I would \
appreciate your guidance on two areas: stakeholder negotiation and writing policy briefs.

Would you mentor me for two years, meeting twice a month? I'm not after a job, just your experience.

Please take your time, and it's completely fine to say no.

Leo"""

BAD_NO_INTRO = """Dear Sofia,

Would you be my mentor? I'd like your advice on public speaking, in particular on keynote structure.
Once a month for six months would be ideal. I'm not asking for a job. There's no rush: take your time.

Thanks"""

BAD_FORTNIGHTLY_INDEFINITE = """Hello Bruno,

I'm Mei, a teacher at Riverside High. I hope to become a head of department, and I'd like your help with two things in \
particular: timetabling and leading a team of teachers.

Would you be willing to mentor me, meeting fortnightly, indefinitely? I'm not looking for a position at your school. \
Feel free to decline.

Mei"""

BAD_ASAP_NO_ROOM = """Hi Oliver,

I'm Dara, an operations analyst at Kestrel. My goal is to become an operations manager. I'd welcome your guidance \
specifically on lean process improvement.

Could we meet once a month over the next year? I'm not asking for a job. Please reply as soon as possible.

Dara"""

GOOD_NEGATED_WEEKLY = """Dear Rosa,

I'm Ken, a civil engineer at Span & Co., and my goal is to become a chartered engineer next year. I'd like your advice \
specifically on the chartership review and on project write-ups.

Rather than weekly calls, I'd suggest meeting once a month for six months. I'm not asking for a job, a role, or a \
referral.

Please take a few days to think about it; I'd understand if it isn't the right time.

Ken"""

BAD_HIRING_MANAGER = """Dear Paul,

I'm Zoe, a graduate chemist. I hope to build a career in formulation science, and I'd value your guidance on two \
topics: lab skills that matter in industry and how to choose a first employer.

Would you be willing to mentor me monthly for six months? Could you also introduce me to your hiring manager? I'm not \
looking for a favour.

Take your time; it's fine to say no.

Zoe"""

BAD_UNSURE_ROLES = """Dear Anika,

I'm Felix, a UX researcher at Lumen, and I hope to grow into a research lead. I'd like your advice specifically on \
planning a research roadmap.

Would you consider mentoring me once a month for six months? I'm not sure if your team has any open roles, but I'd \
love to be considered for one.

Please take your time, and feel free to say no.

Felix"""

GOOD_QUARTERLY = """Dear Ms. Ito,

I'm Hana, a junior lawyer at Crane LLP. My goal is to specialise in competition law, and I would value your \
perspective in particular on choosing cases and on writing for judges.

Would you be willing to mentor me for a year, meeting quarterly for lunch? I'm not asking for a job or a referral.

Please don't feel any obligation; take as long as you like to think about it.

Hana"""

BAD_NO_JOB_LINE = """Dear Victor,

I'm Amir, a sales engineer at Tessel. I want to become a solutions architect, and I'd like your advice specifically on \
two things: whiteboard design sessions and certification choices.

Would you consider mentoring me once a month for six months? No pressure at all, and I'd understand if it's not the \
right time.

Amir"""

BAD_NO_PLAN = """Dear Claire,

I'm Tom, an engineer at Vale Robotics, and I hope to grow into an engineering manager. Would you be willing to mentor \
me once a month for six months? Any advice would be wonderful.

I'm not asking for a job. Take your time, and feel free to say no.

Tom"""


CASES = {
    # name: (draft, the IDs that must raise errors, a phrase that must be quoted or None)
    "good, after a coffee, six months monthly": (GOOD_1, set(), None),
    "good, monthly over the next year": (GOOD_2, set(), None),
    "good, every other month for 12 months": (GOOD_3, set(), None),
    "good, short and specific": (GOOD_4, set(), None),
    "good, a bullet-list plan": (GOOD_5, set(), None),
    "good, 'rather than weekly' is negated": (GOOD_NEGATED_WEEKLY, set(), None),
    "good, quarterly for a year": (GOOD_QUARTERLY, set(), None),
    "weekly": (BAD_WEEKLY, {"G4.2"}, "every week"),
    "bi-weekly and no duration": (BAD_BIWEEKLY_NO_DURATION, {"G4.2"}, "bi-weekly"),
    "asks for a referral to open roles": (BAD_JOB, {"G4.3"}, "open roles"),
    "deadline and an assumed yes": (BAD_PRESSURE, {"G4.4"}, "I need an answer"),
    "a vague 'pick your brain'": (BAD_VAGUE, {"G4.1", "G4.2", "G4.3", "G4.4", "G4.5"}, "pick your brain"),
    "when we start, a calendar invite": (BAD_ASSUMED, {"G4.4"}, "When we start"),
    "twice a month for two years": (BAD_TWICE_A_MONTH_LONG, {"G4.2"}, "for two years"),
    "no introduction, no goal, only time to think": (BAD_NO_INTRO, {"G4.4", "G4.5"}, None),
    "fortnightly, indefinitely": (BAD_FORTNIGHTLY_INDEFINITE, {"G4.2"}, "indefinitely"),
    "asap, no room for a no": (BAD_ASAP_NO_ROOM, {"G4.4"}, "as soon as possible"),
    "asks to meet the hiring manager": (BAD_HIRING_MANAGER, {"G4.3"}, "hiring manager"),
    "'not sure if' is no disclaimer": (BAD_UNSURE_ROLES, {"G4.3"}, "be considered for"),
    "says nothing about jobs": (BAD_NO_JOB_LINE, {"G4.3"}, None),
    "no specific plan": (BAD_NO_PLAN, {"G4.1"}, "Any advice"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_real_drafts_raise_exactly_the_expected_ids(name):
    text, expected, quote = CASES[name]
    findings = check_request(text)
    assert {f.guidance for f in findings if f.severity == "error"} == expected, [str(f) for f in findings]
    if quote is not None:
        assert any(quote in f.quote for f in findings), [f.quote for f in findings]
    for f in findings:
        assert f.quote in text  # a quote is always a verbatim phrase of the draft (or empty)
        assert f.message


def test_at_least_fifteen_drafts_some_passing_some_failing():
    assert len(CASES) >= 15
    assert sum(1 for _, ids, _ in CASES.values() if not ids) >= 5
    assert sum(1 for _, ids, _ in CASES.values() if ids) >= 10


def test_each_finding_names_its_id_and_what_is_missing():
    findings = check_request(BAD_VAGUE)
    messages = {f.guidance: [] for f in findings}
    for f in findings:
        messages[f.guidance].append(f.message.lower())
    assert any("guidance" in m for m in messages["G4.1"])
    assert any("how often" in m for m in messages["G4.2"]) and any("duration" in m for m in messages["G4.2"])
    assert any("not asking for a job" in m for m in messages["G4.3"])
    assert any("decline" in m for m in messages["G4.4"])
    assert any("who you are" in m for m in messages["G4.5"])


def test_pressure_quotes_every_offending_phrase():
    quotes = {f.quote for f in check_request(BAD_PRESSURE) if f.guidance == "G4.4"}
    assert "I need an answer" in quotes and any(q.startswith("I've already booked") for q in quotes)


def test_curly_apostrophes_are_read_and_quoted_verbatim():
    text = GOOD_1.replace("I'm", "I\u2019m").replace("I'll", "I\u2019ll") + "\nI\u2019ve already booked a room."
    findings = check_request(text)
    assert [f.quote for f in findings if f.guidance == "G4.4"] == ["I\u2019ve already booked a room"]


def test_an_ambiguous_bimonthly_is_a_warning_not_an_error():
    text = GOOD_1.replace("once a month", "bi-monthly")
    findings = check_request(text)
    assert [(f.severity, f.quote) for f in findings] == [("warning", "bi-monthly")]


def test_a_conditional_start_is_not_an_assumed_yes():
    text = GOOD_1 + "\nIf you agree, when we start I would send my goals first."
    assert not [f for f in check_request(text) if f.severity == "error"]


def test_empty_text_misses_every_point():
    assert {f.guidance for f in check_request("")} == {"G4.1", "G4.2", "G4.3", "G4.4", "G4.5"}
    assert check_request(None) == check_request("")


# -- the phrase readers -----------------------------------------------------------------------


@pytest.mark.parametrize("phrase, per_month", [
    ("every week", 4.3), ("weekly", 4.3), ("twice a week", 8.6), ("three times a week", 12.9),
    ("twice a month", 2.0), ("2x a month", 2.0), ("two calls a month", 2.0), ("a few times a month", 3.0),
    ("bi-weekly", 2.15), ("biweekly", 2.15), ("fortnightly", 2.15), ("every two weeks", 2.15),
    ("every other week", 2.15), ("every 10 days", 3.0), ("every three weeks", 30 / 21),
    ("once a month", 1.0), ("monthly", 1.0), ("every month", 1.0), ("one 30-minute call a month", 1.0),
    ("an hour a month", 1.0), ("every 4 weeks", 30 / 28), ("every other month", 0.5), ("every six weeks", 30 / 42),
    ("quarterly", 1 / 3), ("once a quarter", 1 / 3), ("every six months", 1 / 6), ("twice a year", 1 / 6),
])
def test_frequencies_read_real_phrasing(phrase, per_month):
    found = frequencies(f"Could we meet {phrase}?")
    assert [m.phrase for m in found] == [phrase]
    assert found[0].value == pytest.approx(per_month, rel=0.01)


@pytest.mark.parametrize("phrase, months", [
    ("for six months", 6), ("for 6 months", 6), ("over the next year", 12), ("over the next 12 months", 12),
    ("12 months", 12), ("a year", 12), ("for a year", 12), ("a six-month trial", 6),
    ("a year-long mentorship", 12), ("for two years", 24), ("for 18 months", 18), ("until June", 0),
    ("indefinitely", float("inf")), ("a long-term mentorship", float("inf")),
])
def test_durations_read_real_phrasing(phrase, months):
    found = durations(f"Could we meet monthly, {phrase}?")
    assert len(found) == 1 and found[0].value == months
    assert found[0].phrase in phrase


@pytest.mark.parametrize("text", [
    "In the last 12 months I led two projects.", "I joined a year ago.", "We could meet twice a year.",
    "I have 5 years of experience.", "My long-term goal is to lead.",
])
def test_what_is_not_a_duration(text):
    assert durations(text) == []


def test_goal_horizons_are_not_the_relationship_length():
    text = GOOD_1.replace("I'm Sam Okafor", "I'm Sam Okafor, and within two years I want to lead a team.\nI'm Sam")
    assert not [f for f in check_request(text) if f.severity == "error"]


# -- templates ---------------------------------------------------------------------------------


@pytest.fixture
def talked(new_workbook):
    wb = new_workbook
    wb.set_profile(Profile(career_goals="Move into product management within two years",
                           help_wanted=["career", "decisions"]))
    wb.add(Goal(title="Lead a product discovery", description="Run one discovery end to end.", weight=2))
    cid = wb.add(Candidate(name="Maria Lopez", organization="Acme", same_organization=False,
                           relationship="acquaintance", respect=5, values_fit=4, path_similarity=5,
                           role="Head of Product", found_via="a product meetup"))
    wb.add(Interview(person="Maria Lopez", candidate_id=cid, date=dt.date(2026, 3, 2),
                     takeaways="Small bets beat big plans. Also: write things down."))
    return wb, cid


def test_every_kind_renders_without_gaps(talked):
    wb, cid = talked
    for kind in DRAFTS:
        text = draft(wb, kind, dt.date(2026, 4, 1), candidate_id=cid)
        assert text.startswith("Subject: ")
        assert "{{" not in text and "None" not in text


def test_the_request_template_passes_its_own_checker(talked):
    wb, cid = talked
    text = draft(wb, "mentoring_request", dt.date(2026, 4, 1), candidate_id=cid,
                 about_me="a data analyst at Northwind")
    assert "Dear Maria" in text and "2 March 2026" in text and "small bets beat big plans" in text
    assert "Lead a product discovery" in text
    assert check_request(text) == []


def test_an_empty_workbook_gives_placeholders_that_the_checker_flags(new_workbook):
    text = draft(new_workbook, "mentoring_request", dt.date(2026, 4, 1))
    assert "[their first name]" in text and "[your role]" in text
    findings = check_request(text)
    named = {f.quote for f in findings if f.subject == "placeholder"}
    assert {"[your role]", "[your organisation]", "[their first name]"} <= named  # each is an error naming it
    assert all(f.severity == "error" for f in findings if f.subject == "placeholder")
    assert {f.guidance for f in findings} == {"G4.1", "G4.5"}  # the plan and the goal are still placeholders


def test_overrides_replace_context_values(talked):
    wb, cid = talked
    text = draft(wb, "interview_ask", dt.date(2026, 4, 1), candidate_id=cid, minutes=5)
    assert "5 minutes" in text and "a product meetup" in text


def test_unknown_kind_or_candidate_is_a_clear_error(new_workbook):
    with pytest.raises(ValueError, match="kind"):
        draft(new_workbook, "love_letter", dt.date(2026, 4, 1))
    with pytest.raises(RecordNotFoundError, match="no candidate with id 99"):
        draft(new_workbook, "mentoring_request", dt.date(2026, 4, 1), candidate_id=99)


# -- the composer widget (headless) -------------------------------------------------------------


def test_composer_fills_checks_as_you_type_and_only_checks_requests(talked):
    pytest.importorskip("ipywidgets")
    from mentorkit.forms.composer import DraftComposer

    wb, cid = talked
    used = []
    composer = DraftComposer(wb, dt.date(2026, 4, 1), candidate_id=cid, about_me="an analyst at Northwind",
                             on_use=lambda text, who: used.append((text, who)))
    assert "All five points are covered" in composer.check_panel.value
    composer.text.value += "\nI need an answer by Friday."
    assert "G4.4" in composer.check_panel.value and "I need an answer" in composer.check_panel.value
    composer.use_button.click()
    assert used == [(composer.text.value, cid)]
    composer.kind.value = "meeting_thanks"  # switching kind refills; thank-you notes are not requests
    assert composer.text.value.startswith("Subject: Thank you") and composer.check_panel.value == ""
    composer.candidate.value = None
    composer.kind.value = "mentoring_request"
    assert "[their first name]" in composer.text.value


# -- drafts speak to the person; drafts where they are used ------------------------------------------


def test_request_and_follow_up_drafts_turn_the_takeaway_to_the_person(demo_workbook):
    import datetime as dt

    from mentorkit.drafting import draft

    helen = next(c.id for c in demo_workbook.records("candidates") if c.name == "Helen Strand")
    # Helen's latest talk before 20 Jan is the December interview: "She moved from operations ..."
    for kind in ("mentoring_request", "follow_up"):
        text = draft(demo_workbook, kind, dt.date(2026, 1, 10), candidate_id=helen)
        assert "you moved from operations" in text and "she moved" not in text.lower()


def test_follow_up_drafts_list_only_open_follow_ups_and_keep_up_with_their_news(demo_workbook):
    import datetime as dt

    from mentorkit.drafting import follow_up_drafts
    from mentorkit.interviews import mark_followed_up

    due = follow_up_drafts(demo_workbook, dt.date(2026, 2, 15))
    people = [talk.person for talk, _ in due]
    assert "Ana Ferreira" in people  # due 14 Feb, not yet marked done on 15 Feb
    text = dict((t.person, d) for t, d in due)["Ana Ferreira"]
    assert "Dear Ana" in text and "your team is mostly engineers" in text and "I also saw [" in text  # G3.8
    ana = next(t for t, _ in due if t.person == "Ana Ferreira")
    mark_followed_up(demo_workbook, ana.id, dt.date(2026, 2, 15))
    assert "Ana Ferreira" not in [t.person for t, _ in follow_up_drafts(demo_workbook, dt.date(2026, 2, 15))]


def test_ask_drafts_go_to_candidates_not_yet_talked_with(demo_workbook):
    import datetime as dt

    from mentorkit.drafting import ask_drafts

    asks = ask_drafts(demo_workbook, dt.date(2026, 11, 15), about_me="a senior analyst at Larkfield Logistics")
    assert [c.name for c, _ in asks] == ["Rafael Ortiz"]  # the others: talked with, ruled out, or your mentor
    assert "Dear Rafael" in asks[0][1] and "10 minutes" in asks[0][1]
