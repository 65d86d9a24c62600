"""The shipped sample data: generated deterministically, loaded through validation, telling its story."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mentorkit.demo import next_step, run_demo, summary_lines
from mentorkit.errors import InputRejectedError, WorkbookExistsError
from mentorkit.sample import DEMO_AS_OF, build_cohort, build_demo, build_workbook, data_dir, load_folder, read_meta
from mentorkit.store import DB_NAME, Workbook

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "make_sample_data.py"
DEMO_COUNTS = {"profile": 1, "goals": 4, "goal_levels": 16, "candidates": 7, "interviews": 5, "requests": 2,
               "agreements": 1, "meetings": 10, "actions": 15, "feedback": 6, "checkins": 3}


def test_the_committed_data_is_what_the_script_writes():
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout


def _script_module():
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        spec = importlib.util.spec_from_file_location("make_sample_data", SCRIPT)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(SCRIPT.parent))


def test_check_notices_an_edited_a_missing_and_an_extra_file(tmp_path, monkeypatch):
    script = _script_module()
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    monkeypatch.setattr(script, "DATA", copy)
    assert script.main(["--check"]) == 0
    meetings = copy / "demo" / "meetings.csv"
    meetings.write_text(meetings.read_text().replace("2026-02-20", "2026-02-21"))
    assert script.main(["--check"]) == 1
    assert script.main([]) == 0 and script.main(["--check"]) == 0
    (copy / "cohort" / "p01" / "stray.csv").write_text("x\n")
    (copy / "demo" / "goals.csv").unlink()
    assert script.main(["--check"]) == 1
    script.main([])
    assert not (copy / "cohort" / "p01" / "stray.csv").exists() and (copy / "demo" / "goals.csv").exists()


def test_generation_is_deterministic():
    script = _script_module()
    assert script.expected_files() == script.expected_files()


# -- the demo mentee ------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Workbook:
    return build_demo(tmp_path_factory.mktemp("sample") / "demo")


def test_build_demo_loads_every_table(demo):
    assert demo.mentee_name == read_meta(data_dir() / "demo")["mentee_name"]
    assert {table: demo.count(table) for table in DEMO_COUNTS} == DEMO_COUNTS
    assert read_meta(data_dir() / "demo")["as_of"] == DEMO_AS_OF.isoformat()
    assert demo.integrity_check() == "ok"


def test_demo_story_has_what_the_guidance_checks_need(demo):
    profile = demo.profile
    assert all([profile.career_goals, profile.skills, profile.knowledge, profile.alliances, profile.help_wanted,
                profile.ideal_mentor])
    assert "promoted" not in profile.expectations  # a year in, her expectations keep the outcome hers (G1.6)
    candidates = demo.records("candidates")
    assert {"current_manager", "knows_well", "never_met", "met_once"} <= {c.relationship for c in candidates}
    assert {"mentor", "declined"} <= {c.status for c in candidates}
    mentor = next(c for c in candidates if c.status == "mentor")
    assert not mentor.same_organization and mentor.senior
    requests = sorted(demo.records("requests"), key=lambda r: r.sent_on)
    assert [r.outcome for r in requests] == ["declined", "accepted"]
    assert [r.channel for r in requests] == ["written", "in_person"] and not requests[1].text  # G4.7
    assert demo.agreement.candidate_id == mentor.id and demo.agreement.meetings_per_month == 1
    interviews = demo.records("interviews")
    assert all(55 <= (i.follow_up_on - i.date).days <= 65 for i in interviews)
    assert sum(i.followed_up_on is not None for i in interviews) == 2  # follow-ups marked done (G3.5)
    assert [i.person for i in interviews if i.kind == "coffee"] == ["Helen Strand"]  # a coffee first (G3.7)
    from mentorkit.interviews import question_bank

    bank = question_bank(demo)
    assert (bank.loc[bank["source"] == "bank", "times_asked"] > 0).sum() >= 6  # questions from the bank (G3.3)
    dates = sorted(m.date for m in demo.records("meetings"))
    gaps = [(b - a).days for a, b in zip(dates, dates[1:])]
    assert max(gaps) > 1.5 * 30 and dates[-1] <= DEMO_AS_OF
    actions = demo.records("actions")
    assert {"open", "done", "dropped"} <= {a.status for a in actions}
    assert any(a.status == "open" and a.due < DEMO_AS_OF for a in actions)  # overdue
    moved = [a for a in actions if a.renegotiated_on is not None]
    assert len(moved) == 1 and all(a.renegotiated_on < a.due and (a.renegotiated_due - a.due).days <= 31
                                   and a.done_on <= a.renegotiated_due for a in moved)  # renegotiated in time, kept
    assert "critical" in {f.kind for f in demo.records("feedback")}
    assert all(levels for levels in [demo.records("goal_levels")])


def test_demo_workbook_tables_are_typed(demo):
    meetings = demo.table("meetings")
    assert str(meetings["date"].dtype).startswith("datetime64") and len(meetings) == 10


def test_build_demo_refuses_a_folder_holding_something_else(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(WorkbookExistsError):
        build_demo(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_build_demo_on_an_existing_sample_opens_it(demo):
    again = build_demo(demo.path)
    assert again.count("meetings") == 10


# -- loading text folders ---------------------------------------------------------------

def test_load_folder_names_file_line_and_field_and_saves_nothing(tmp_path):
    folder = tmp_path / "text"
    shutil.copytree(data_dir() / "demo", folder)
    lines = (folder / "actions.csv").read_text().splitlines()
    lines[3] = lines[3].replace(",mentee,", ",boss,")
    (folder / "actions.csv").write_text("\n".join(lines) + "\n")
    wb = Workbook.create(tmp_path / "wb", "Test")
    with pytest.raises(InputRejectedError) as info:
        load_folder(folder, wb)
    assert info.value.path.name == "actions.csv" and info.value.rows[0].line == 4
    assert "line 4: owner:" in str(info.value)
    assert all(wb.count(t) == 0 for t in DEMO_COUNTS)


def test_load_folder_names_a_broken_reference(tmp_path):
    folder = tmp_path / "text"
    shutil.copytree(data_dir() / "demo", folder)
    text = (folder / "feedback.csv").read_text().splitlines()
    fields = next(csv.reader([text[2]]))
    fields[2] = "99"  # meeting_id
    text[2] = ",".join(f'"{f}"' for f in fields)
    (folder / "feedback.csv").write_text("\n".join(text) + "\n")
    wb = Workbook.create(tmp_path / "wb", "Test")
    with pytest.raises(InputRejectedError, match=r"line 3: meeting_id: refers to nothing"):
        load_folder(folder, wb)
    assert wb.count("meetings") == 0


def test_build_workbook_replaces_only_sample_workbooks(tmp_path):
    target = tmp_path / "wb"
    first = build_workbook(data_dir() / "demo", target)
    first.add(first.records("meetings")[0].model_copy(update={"id": None}))
    assert build_workbook(data_dir() / "demo", target, replace=True).count("meetings") == 10
    with pytest.raises(WorkbookExistsError):
        build_workbook(data_dir() / "demo", target)  # replace not asked for
    own = Workbook.create(tmp_path / "own", "Someone")
    before = own.db_path.read_bytes()
    with pytest.raises(WorkbookExistsError):
        build_workbook(data_dir() / "demo", own.path, replace=True)
    assert own.db_path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


# -- the cohort -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cohort(tmp_path_factory) -> Path:
    return build_cohort(tmp_path_factory.mktemp("cohort") / "out")


def test_build_cohort_writes_a_roster_of_workbooks(cohort):
    with open(cohort, newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 12 and list(rows[0]) == ["participant_id", "workbook"]
    assert len({r["participant_id"] for r in rows}) == len(rows)
    for row in rows:
        assert not Path(row["workbook"]).is_absolute()
        wb = Workbook.open(cohort.parent / row["workbook"])
        assert wb.count("goals") >= 2


def _follow_through(wb: Workbook) -> tuple[int, int]:
    due = [a for a in wb.records("actions") if a.due and a.due <= DEMO_AS_OF and a.status != "renegotiated"]
    return sum(a.status == "done" for a in due), len(due)


def test_cohort_trajectories_are_in_the_data(cohort):
    out = cohort.parent
    open_ = lambda pid: Workbook.open(out / pid)  # noqa: E731

    def last_meeting_gap(pid: str) -> int:
        return (DEMO_AS_OF - max(m.date for m in open_(pid).records("meetings"))).days

    assert last_meeting_gap("p01") <= 30  # steady
    assert last_meeting_gap("p03") > 90  # drifting
    assert open_("p08").count("meetings") == 0 and open_("p09").count("meetings") == 1  # just starting
    levels = open_("p05").records("goal_levels")
    goals = {g.id: g.baseline_level for g in open_("p05").records("goals")}
    assert all(lv.level == goals[lv.goal_id] for lv in levels)  # stalled
    checkins = sorted(open_("p07").records("checkins"), key=lambda c: c.date)  # one-way, then ended (G6.4)
    assert checkins[-1].value_to_mentor <= 2 and checkins[-1].wish_to_continue < checkins[0].wish_to_continue
    six = sorted(open_("p06").records("checkins"), key=lambda c: c.date)
    assert six[1].value_to_me < six[0].value_to_me < six[2].value_to_me  # a decline, then a success
    done, due = _follow_through(open_("p10"))
    assert due >= 4 and done / due < 0.5
    done, due = _follow_through(open_("p01"))
    assert done / due >= 0.5


def test_no_shipped_file_is_a_roster_that_cohort_run_would_fail_on():
    """The sample cohort ships as text folders; its list is participants.csv, not named or shaped like a roster."""
    shipped = list(data_dir().rglob("*.csv"))
    assert not [p for p in shipped if p.name == "roster.csv"]
    for path in shipped:
        header = path.read_text(encoding="utf-8").splitlines()[0]
        assert header != "participant_id,workbook", path
    listed = (data_dir() / "cohort" / "participants.csv").read_text(encoding="utf-8").splitlines()
    assert listed[0] == "participant_id,folder" and len(listed) == 13
    assert all((data_dir() / "cohort" / line.split(",")[1] / "meta.csv").is_file() for line in listed[1:])


def test_a_participants_list_of_another_shape_is_refused(tmp_path):
    from mentorkit.sample import SampleDataError, read_participants

    bad = tmp_path / "participants.csv"
    bad.write_text("participant_id,workbook\np01,p01\n", encoding="utf-8")
    with pytest.raises(SampleDataError, match="participant_id,folder"):
        read_participants(bad)


def test_build_cohort_can_run_again(cohort):
    assert build_cohort(cohort.parent) == cohort


def test_cohort_text_uses_the_same_as_of():
    for meta in (data_dir() / "cohort").glob("p*/meta.csv"):
        assert read_meta(meta.parent)["as_of"] == DEMO_AS_OF.isoformat()


# -- the demo job ----------------------------------------------------------------------

def test_run_demo_prints_the_summary_and_where_outputs_are(tmp_path):
    lines: list[str] = []
    run_demo(tmp_path / "out", echo=lines.append, notebooks=[])  # the notebooks: tests/notebooks
    text = "\n".join(lines)
    for heading in ("Goals", "Candidate shortlist", "Meetings so far", "Open actions", "Next suggested step",
                    "Outputs"):
        assert heading in text
    assert "10 meetings, from 2026-02-20 to 2026-11-13" in text and "OVERDUE" in text
    assert "baseline -1, latest +1" in text and "Helen Strand" in text
    assert str(tmp_path / "out" / "workbook") in text
    assert (tmp_path / "out" / "workbook" / DB_NAME).is_file()
    lines.clear()
    run_demo(tmp_path / "out", echo=lines.append, notebooks=[])  # a second run rebuilds the demo workbook
    assert Workbook.open(tmp_path / "out" / "workbook").count("meetings") == 10


def test_demo_jobs_is_only_for_the_cohort_demo(tmp_path):
    from click.testing import CliRunner

    from mentorkit.cli import main

    result = CliRunner().invoke(main, ["demo", "--out", str(tmp_path / "out"), "--jobs", "2"])
    assert result.exit_code == 2 and "only with --cohort" in result.output
    assert not (tmp_path / "out").exists()


def test_demo_help_offers_the_cohort_and_the_log():
    from click.testing import CliRunner

    from mentorkit.cli import main

    text = CliRunner().invoke(main, ["demo", "--help"]).output
    assert "--cohort" in text and "--log" in text and "--out" in text


def test_run_demo_refuses_to_replace_anything_but_a_demo_workbook(tmp_path):
    own = Workbook.create(tmp_path / "out" / "workbook", "Someone real")
    before = own.db_path.read_bytes()
    with pytest.raises(WorkbookExistsError):
        run_demo(tmp_path / "out", echo=lambda line: None)
    assert own.db_path.read_bytes() == before


def test_summary_of_an_empty_workbook_is_friendly(new_workbook):
    text = "\n".join(summary_lines(new_workbook, dt.date(2026, 1, 1)))
    assert "No goals yet" in text and "No candidates yet" in text and "No meetings yet" in text
    assert "notebook 02" in next_step(new_workbook, dt.date(2026, 1, 1))


def test_next_step_flags_drift_past_one_and_a_half_intervals(demo):
    later = dt.date(2027, 2, 1)
    copy = build_workbook(data_dir() / "demo", demo.path.parent / "drift")
    for action in copy.records("actions"):
        if action.status in ("open", "renegotiated"):
            copy.update(action.model_copy(update={"status": "dropped"}))
    assert "(G5.5)" in next_step(copy, later)
    assert "(G5.1)" in next_step(copy, DEMO_AS_OF)
