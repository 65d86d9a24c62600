"""Acceptance checks of the fixed interfaces (DESIGN section 3) that no other test proves.

The CLI is driven as a user would drive it: `python -m mentorkit` in a subprocess, on tiny workbooks.
Clauses already proved elsewhere (gas_tscore, cadence, init, export csv, --help, import line numbers,
the summary's columns and values, roster refusal, cohort privacy) are not repeated here.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import sqlite3
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from mentorkit import Finding, Meeting, Workbook
from mentorkit.cadence import drift
from mentorkit.drafting import check_request
from mentorkit.screening import screen
from mentorkit.store import DB_NAME

CHART_NAMES = ["cumulative_meetings", "days_between_meetings", "follow_through", "gas_tscore", "meeting_cadence",
               "relationship_health"]


def mk(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the real command line in its own process."""
    env = {k: v for k, v in os.environ.items() if k != "MENTORKIT_WORKBOOK"}
    return subprocess.run([sys.executable, "-m", "mentorkit", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=timeout)


# -- Python: Finding, screen(mapping), check_request -------------------------------------------------------


def test_every_rule_returns_findings_with_guidance_severity_and_message():
    made = Finding("G2.3", "error", "not your manager")
    assert (made.guidance, made.severity, made.message) == ("G2.3", "error", "not your manager")
    found = (screen({"name": "A", "organization": "O", "same_organization": False, "relationship": "never_met",
                     "respect": 4, "values_fit": 4, "path_similarity": 4})
             + check_request("")
             + drift(None, [dt.date(2026, 1, 1)], as_of=dt.date(2026, 6, 1)).findings())
    assert found and all(isinstance(f, Finding) for f in found)
    for f in found:
        assert re.fullmatch(r"G\d\.\d+", f.guidance) and f.severity in ("error", "warning", "info") and f.message


MINIMAL = {"name": "Ada Quinn", "organization": "Elsewhere Ltd", "same_organization": False,
           "relationship": "acquaintance", "respect": 4, "values_fit": 4, "path_similarity": 4}


@pytest.mark.parametrize("relationship, same_org, expected", [
    ("current_manager", True, ("G2.3", "error")),
    ("supervisor_chain", True, ("G2.3", "error")),
    ("knows_well", False, ("G2.4", "error")),
    ("met_once", False, ("G3.1", "warning")),
    ("never_met", False, ("G3.1", "warning")),
    ("acquaintance", False, None),
])
def test_screen_a_mapping_with_exactly_the_listed_fields(relationship, same_org, expected):
    findings = screen({**MINIMAL, "relationship": relationship, "same_organization": same_org})
    serious = [(f.guidance, f.severity) for f in findings if f.severity in ("error", "warning")]
    assert serious == ([expected] if expected else [])
    if expected and expected[0] == "G3.1":
        message = next(f.message for f in findings if f.guidance == "G3.1").lower()
        assert "build the connection first" in message


POLITE = """Dear Maria,

I'm Sam, a data analyst at Northwind. My goal is to move into product management within two years, and I would
value your guidance on two things: how to build a case for a first product project, and which skills to sharpen first.

Would you consider mentoring me for six months, meeting once a month for an hour? I would set the agenda.

I'm not asking for a job or a referral, only your perspective.

Please take your time, and I will completely understand if the answer is no.

Sam"""


@pytest.mark.parametrize("change, expected", [
    (lambda t: t, set()),
    (lambda t: t.replace("once a month", "every week"), {"G4.2"}),
    (lambda t: t.replace("once a month", "twice a month"), {"G4.2"}),
    (lambda t: t.replace("I'm not asking for a job or a referral, only your perspective.",
                         "Could you also refer me for the open product role on your team?"), {"G4.3"}),
    (lambda t: t.replace("Please take your time, and I will completely understand if the answer is no.",
                         "I need an answer by Friday."), {"G4.4"}),
    (lambda t: t.replace("Please take your time, and I will completely understand if the answer is no.",
                         "I've already booked our first meeting for next Tuesday."), {"G4.4"}),
    (lambda t: t.replace("Please take your time, and I will completely understand if the answer is no.", ""),
     {"G4.4"}),  # polite, but no way offered to decline
], ids=["polite", "weekly", "twice-monthly", "asks-for-a-role", "deadline", "assumed-yes", "no-way-to-decline"])
def test_check_request_errors(change, expected):
    errors = {f.guidance for f in check_request(change(POLITE)) if f.severity == "error"}
    assert errors == expected


# -- CLI: errors, charts, report ----------------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ("charts", "{missing}", "--out", "{tmp}/c"),
    ("report", "{missing}", "--out", "{tmp}/r.html"),
    ("calendar", "{missing}", "--out", "{tmp}/c.ics"),
    ("export", "csv", "{missing}", "--out", "{tmp}/e"),
    ("import", "checkins", "{tmp}/none.csv", "--workbook", "{missing}"),
], ids=lambda a: a[0])
def test_errors_go_to_stderr_with_a_non_zero_exit(tmp_path, args):
    missing = tmp_path / "no-such-workbook"
    result = mk(*(a.format(missing=missing, tmp=tmp_path) for a in args))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("mentorkit: error:") and "Traceback" not in result.stderr
    assert "no-such-workbook" in result.stderr or "none.csv" in result.stderr


def pdf_text(path: Path) -> list[str]:
    """The text runs of a matplotlib PDF, in the order drawn (its content streams are zlib-compressed)."""
    runs = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", path.read_bytes(), re.S):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            continue
        for array in re.findall(rb"\[(.*?)\]\s*TJ", content, re.S):
            runs.append(b"".join(re.findall(rb"\((.*?)(?<!\\)\)", array)).decode("latin-1"))
    return runs


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_charts_of_an_empty_workbook_write_every_chart_saying_so(new_workbook, tmp_path, fmt):
    out = tmp_path / "charts"
    result = mk("charts", new_workbook.path, "--out", out, "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{name}.{fmt}" for name in CHART_NAMES)
    for path in out.iterdir():
        data = path.read_bytes()
        if fmt == "png":
            assert data.startswith(b"\x89PNG\r\n\x1a\n")
        elif fmt == "svg":
            assert "Not enough data" in data.decode("utf-8"), path.name  # matplotlib keeps each text as a comment
        else:
            assert any("Not enough data" in run for run in pdf_text(path)), path.name


def test_pdf_report_is_headed_with_the_mentee_name(tmp_path):
    wb = Workbook.create(tmp_path / "wb", "Rosalind Example")
    wb.add(Meeting(date=dt.date(2026, 3, 1), duration_min=30, mode="video"))
    out = tmp_path / "report.pdf"
    result = mk("report", wb.path, "--out", out, "--as-of", "2026-04-01")
    assert result.returncode == 0, result.stderr
    assert pdf_text(out)[0] == "Rosalind Example"  # the first thing drawn on the first page


# -- CLI: import ----------------------------------------------------------------------------------------------


def test_import_rejects_file_is_named_after_the_input_and_exit_codes(new_workbook, tmp_path):
    source = tmp_path / "from-my-diary.csv"
    source.write_text("date,duration_min,mode,notes\n"
                      "2026-01-05,45,In_Person,\n2026-01-06,-5,video,bad\n", encoding="utf-8")
    rejected = mk("import", "meetings", source, "--workbook", new_workbook.path)
    assert rejected.returncode == 1 and "line 3: duration_min:" in rejected.stderr
    assert Workbook.open(new_workbook.path).count("meetings") == 0
    usage = mk("import", "meetings", source)  # no --workbook
    assert usage.returncode == 2
    done = mk("import", "meetings", source, "--workbook", new_workbook.path, "--skip-invalid")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
        "from-my-diary.csv", "from-my-diary.rejects.csv"]
    with open(tmp_path / "from-my-diary.rejects.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["date"], r["duration_min"], r["line"]) for r in rows] == [("2026-01-06", "-5", "3")]
    assert rows[0]["error"].startswith("duration_min:")
    assert [m.mode for m in Workbook.open(new_workbook.path).records("meetings")] == ["in_person"]


def test_an_import_into_a_busy_workbook_waits_and_does_not_fail(new_workbook, tmp_path):
    source = tmp_path / "meetings.csv"
    source.write_text("date,duration_min,mode\n2026-02-01,30,phone\n", encoding="utf-8")
    holder = sqlite3.connect(new_workbook.path / DB_NAME, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the workbook
    env = {k: v for k, v in os.environ.items() if k != "MENTORKIT_WORKBOOK"}
    proc = subprocess.Popen([sys.executable, "-m", "mentorkit", "import", "meetings", str(source), "--workbook",
                             str(new_workbook.path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            proc.wait(timeout=5)  # still waiting for the lock, not failed
    finally:
        holder.execute("COMMIT")
        holder.close()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert Workbook.open(new_workbook.path).count("meetings") == 1


# -- CLI: demo -------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_demo_out_runs_the_main_job_and_says_where_the_outputs_are(tmp_path):
    out = tmp_path / "new" / "demo"
    result = mk("demo", "--out", out, timeout=600)
    assert result.returncode == 0, result.stderr
    for name in ("workbook", "notebooks", "charts", "progress_report.pdf", "progress_report.html",
                 "mentoring.ics"):
        assert (out / name).exists(), name
        assert str(out / name) in result.stdout
    notebooks = sorted((out / "notebooks").glob("*.ipynb"))
    assert len(notebooks) >= 7
    for path in notebooks:  # executed: every code cell ran, none raised
        cells = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
        assert all(c["execution_count"] for c in cells), path.name
        assert not any(o.get("output_type") == "error" for c in cells for o in c["outputs"]), path.name
    assert "Maya Lindqvist" in (out / "progress_report.html").read_text(encoding="utf-8")
    assert not list(out.rglob("*.log"))  # the kernels' output goes to a log file only with --log FILE


# -- CLI: cohort -------------------------------------------------------------------------------------------------


def small_cohort(root: Path) -> Path:
    """One participant with a meeting, one whose workbook does not exist."""
    wb = Workbook.create(root / "a1", "Alpha Privatename")
    wb.add(Meeting(date=dt.date(2026, 1, 1), duration_min=30, mode="video", notes="Alpha's private note"))
    roster = root / "roster.csv"
    roster.write_text("participant_id,workbook\na1,a1\ngone,nowhere\n", encoding="utf-8")
    return roster


@pytest.mark.slow
def test_cohort_run_reports_the_missing_one_up_front_runs_the_other_and_exits_1(tmp_path):
    roster = small_cohort(tmp_path / "programme")
    out = tmp_path / "out"
    result = mk("cohort", "run", roster, "--out", out, "--jobs", "1", "--as-of", "2026-03-01")
    assert result.returncode == 1, result.stderr
    err = result.stderr
    assert "gone" in err.splitlines()[0] + err.splitlines()[1]  # reported before anything ran
    assert (out / "a1" / "report.ipynb").is_file() and (out / "a1" / "charts").is_dir()
    status = json.loads((out / "a1" / "status.json").read_text())
    assert status["status"] == "ok" and status["as_of"] == "2026-03-01"
    with open(out / "summary.csv", newline="", encoding="utf-8") as fh:
        rows = {r["participant_id"]: r for r in csv.DictReader(fh)}
    assert rows["a1"]["days_since_last"] == "59" and rows["a1"]["meetings"] == "1"
    for path in [p for p in out.rglob("*") if p.is_file()]:
        assert b"Privatename" not in path.read_bytes() and b"private note" not in path.read_bytes(), path
    assert "Privatename" not in result.stdout + result.stderr

    forced = mk("cohort", "run", roster, "--out", out, "--jobs", "1", "--as-of", "2026-03-01", "--force")
    assert forced.returncode == 1
    again = json.loads((out / "a1" / "status.json").read_text())
    assert again["started_at"] >= status["started_at"] and again["inputs"] == status["inputs"]
    assert "Skipping" not in forced.stdout


def test_cohort_summary_counts_days_to_today_by_default(tmp_path):
    roster = small_cohort(tmp_path / "programme")
    result = mk("cohort", "summary", roster, "--out", tmp_path / "out")
    today = dt.date.today()  # the command's own default: computed outside analysis code
    assert result.returncode == 1 and "gone" in result.stderr
    with open(tmp_path / "out" / "summary.csv", newline="", encoding="utf-8") as fh:
        rows = {r["participant_id"]: r for r in csv.DictReader(fh)}
    days = (today - dt.date(2026, 1, 1)).days
    assert rows["a1"]["days_since_last"] in (str(days), str(days - 1))  # the run may straddle midnight
    assert float(rows["a1"]["gap_ratio"]) == pytest.approx(int(rows["a1"]["days_since_last"]) / 30, abs=1e-3)
    assert rows["a1"]["at_risk"] in ("true", "false")
    assert all(v == "" for k, v in rows["gone"].items() if k != "participant_id")


@pytest.mark.parametrize("rows, line, allowed", [
    ("a1,a1\na1,a1\n", "line 3", False),  # a repeated id
    ("a1,../outside\n", "line 2", True),  # a workbook outside the roster's folder
])
def test_cohort_roster_refused_whole_with_exit_2(tmp_path, rows, line, allowed):
    Workbook.create(tmp_path / "outside", "Outsider")
    small_cohort(tmp_path / "programme")
    roster = tmp_path / "programme" / "refused.csv"
    roster.write_text("participant_id,workbook\n" + rows, encoding="utf-8")
    out = tmp_path / "out"
    refused = mk("cohort", "summary", roster, "--out", out, "--as-of", "2026-03-01")
    assert refused.returncode == 2 and line in refused.stderr and not out.exists()
    if allowed:
        accepted = mk("cohort", "summary", roster, "--out", out, "--as-of", "2026-03-01", "--allow-outside")
        assert accepted.returncode == 0, accepted.stderr
        assert (out / "summary.csv").read_text(encoding="utf-8").splitlines()[1].startswith("a1,0,")
