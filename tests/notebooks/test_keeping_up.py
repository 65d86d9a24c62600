"""The journey keeps up with the mentee's life: notebooks 00 to 06 run unattended, on the sample and on a new
workbook, and no next step or reminder is stale (a follow-up done, an answered request, an agreement recorded)."""

from __future__ import annotations

import pytest

from mentorkit.sample import DEMO_AS_OF

pytestmark = pytest.mark.slow
AS_OF = DEMO_AS_OF.isoformat()
ALL = ["00_start_here", "01_introspection", "02_candidate_research", "03_informational_interviews",
       "04_request_drafting", "05_meetings_and_evaluation", "06_progress_charts"]
STALE_ON_THE_SAMPLE = [
    "Time to get back in touch with Ana",  # marked done in February
    "Time to get back in touch with Lin",  # marked done in June
    "You barely know Lin Zhao",  # they talked in April (G3.1 settled)
    "agree the plan together and record the agreement",  # the agreement is recorded
    "ask the next person",  # she has a mentor
    "'get me promoted'",  # her expectations keep the outcome hers
]


@pytest.mark.parametrize("name", ALL)
def test_each_notebook_on_the_sample_has_no_stale_step(name, run_notebook, demo_workbook, nb_text):
    nb = run_notebook(name, workbook=demo_workbook.path, interactive=False, as_of=AS_OF)
    text = nb_text(nb)
    assert "Traceback" not in text
    for stale in STALE_ON_THE_SAMPLE:
        assert stale not in text, stale


@pytest.mark.parametrize("name", ALL)
def test_each_notebook_on_a_new_workbook_suggests_only_the_first_steps(name, run_notebook, new_workbook, nb_text):
    nb = run_notebook(name, workbook=new_workbook.path, interactive=False, as_of=AS_OF)
    text = nb_text(nb)
    assert "Traceback" not in text
    for stale in ("Time to get back in touch", "said yes", "Prepare your next meeting", "days since your last",
                  "closing conversation", "agreement is recorded"):
        assert stale not in text, stale
    assert sum(new_workbook.count(t) for t in ("goals", "interviews", "requests", "meetings", "agreements")) == 0


def test_00_on_the_sample_lists_the_pace_and_nothing_done(run_notebook, demo_workbook, nb_text):
    text = nb_text(run_notebook("00_start_here", workbook=demo_workbook.path, interactive=False, as_of=AS_OF))
    assert "G6.3" in text and "more often than your agreement" in text
    assert "Prepare your next meeting" in text


def test_04_on_the_sample_waits_no_days_for_answered_requests(run_notebook, demo_workbook, nb_text):
    nb = run_notebook("04_request_drafting", workbook=demo_workbook.path, interactive=False, as_of=AS_OF)
    text = nb_text(nb)
    assert "agreement is recorded" in text
    for bad in ("days waiting 3", "321", "307"):  # Jan and Feb requests, long answered
        assert bad not in text
    assert "sleep on it" in text and "G4.7" in text  # the in-person talking points


def test_05_on_the_sample_drafts_the_thanks_and_offers_no_closing_yet(run_notebook, demo_workbook, nb_text):
    text = nb_text(run_notebook("05_meetings_and_evaluation", workbook=demo_workbook.path, interactive=False,
                                as_of=AS_OF))
    assert "Thank-you after a meeting (G5.6)" in text and "Dear Helen" in text
    assert "Continued-interest note (G5.6)" in text
    assert "The agreed term runs until 16 Feb 2027" in text and "For the closing conversation" not in text
    assert "G5.10" in text and "G6.3" in text


def test_past_the_term_the_start_page_and_05_offer_the_closing(run_notebook, demo_workbook, nb_text):
    after = "2027-02-20"
    start = nb_text(run_notebook("00_start_here", workbook=demo_workbook.path, interactive=False, as_of=after))
    assert "The agreed term ended on 16 Feb 2027" in start and "closing conversation" in start
    five = nb_text(run_notebook("05_meetings_and_evaluation", workbook=demo_workbook.path, interactive=False,
                                as_of=after))
    assert "For the closing conversation" in five and "never ask for it" in five
    from mentorkit.closing import record_ending
    from mentorkit.store import Workbook

    record_ending(Workbook.open(demo_workbook.path), "continuing_informally", __import__("datetime").date(2027, 2, 18))
    later = nb_text(run_notebook("00_start_here", workbook=demo_workbook.path, interactive=False, as_of=after))
    assert "ended on 2027-02-18" in later and "closing conversation" not in later


GUIDANCE_COUNTS = {1: 10, 2: 9, 3: 9, 4: 8, 5: 11, 6: 5}  # the 52 points of the guidance catalogue
STEP_NOTEBOOKS = {1: ["01_introspection"], 2: ["02_candidate_research"], 3: ["03_informational_interviews"],
                  4: ["04_request_drafting"], 5: ["05_meetings_and_evaluation"],
                  6: ["05_meetings_and_evaluation", "06_progress_charts"]}


@pytest.mark.parametrize("step", sorted(GUIDANCE_COUNTS))
def test_every_guidance_point_is_taught_in_its_steps_notebook(step):
    import json
    import re
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "notebooks"
    prose = ""
    for name in STEP_NOTEBOOKS[step]:
        cells = json.loads((folder / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
        prose += "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    missing = [f"G{step}.{i}" for i in range(1, GUIDANCE_COUNTS[step] + 1)
               if not re.search(rf"\bG{step}\.{i}\b(?!\d)", prose)]
    assert not missing, f"not taught in {STEP_NOTEBOOKS[step]}: {missing}"
    assert sum(GUIDANCE_COUNTS.values()) == 52
