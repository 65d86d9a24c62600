"""Cohort runs end to end: papermill in processes, failures, re-runs, Dask, and privacy.

These run real kernels, so they keep to a few participants and two jobs.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner
from nbformat.v4 import new_code_cell, new_notebook

from mentorkit import (ActionItem, Agreement, Candidate, CheckIn, Feedback, Goal, GoalLevel, Interview, Meeting,
                       Profile, Request, Workbook)
from mentorkit.cli import main
from mentorkit.cohort import run_cohort
from mentorkit.model import PRIVATE_TEXT, MentorCheckIn
from mentorkit.cohort.runner import ENGINE_FRESH, ENGINE_WARM, Task, inputs_fingerprint, report_notebook, run_participant
from mentorkit.sample import DEMO_AS_OF

pytestmark = pytest.mark.slow
AS_OF = DEMO_AS_OF.isoformat()
MARKER = "QZXPRIVATEMARKER"


@pytest.fixture(scope="module")
def sample_cohort(tmp_path_factory) -> Path:
    from mentorkit.sample import build_cohort

    return build_cohort(tmp_path_factory.mktemp("sample") / "cohort")


def small_roster(sample_cohort: Path, rows: str, name: str = "small.csv") -> Path:
    roster = sample_cohort.with_name(name)
    roster.write_text("participant_id,workbook\n" + rows, encoding="utf-8")
    return roster


def statuses(out: Path) -> dict[str, dict]:
    return {p.parent.name: json.loads(p.read_text()) for p in sorted(out.glob("*/status.json"))}


def test_sample_cohort_end_to_end_and_a_rerun_skips(sample_cohort, tmp_path):
    roster = small_roster(sample_cohort, "p03,p03\np08,p08\np11,p11\n")
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(main, ["cohort", "run", str(roster), "--out", str(out), "--jobs", "2", "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    found = statuses(out)
    assert sorted(found) == ["p03", "p08", "p11"]
    for pid, status in found.items():
        assert status["status"] == "ok" and status["error"] is None and status["withheld"] == []
        assert (out / pid / "report.ipynb").is_file()
        assert status["charts"] and all((out / pid / c).is_file() for c in status["charts"])
        nb = nbformat.read(out / pid / "report.ipynb", as_version=4)
        injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
        assert "metrics_only = True" in injected.source and f'as_of = "{AS_OF}"' in injected.source
    with open(out / "summary.csv", newline="", encoding="utf-8") as fh:
        rows = {r["participant_id"]: r for r in csv.DictReader(fh)}
    assert rows["p03"]["at_risk"] == "true" and "drift (G5.5)" in rows["p03"]["reasons"]
    assert rows["p08"]["days_since_last"] == "" and rows["p08"]["meetings"] == "0"
    html = (out / "cohort_summary.html").read_text(encoding="utf-8")
    assert "Pairs at risk" in html and "p03" in html
    assert "load_cohort" not in html  # exported without the code
    from nbconvert import HTMLExporter

    cold = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    assert html == cold.from_filename(str(out / "cohort_summary.ipynb"))[0]  # the same page as a direct conversion

    (out / "cohort_summary.html").unlink()
    again = runner.invoke(main, ["cohort", "run", str(roster), "--out", str(out), "--jobs", "2", "--as-of", AS_OF])
    assert again.exit_code == 0, again.output
    assert "Skipping 3 participant(s)" in again.output
    assert statuses(out) == found  # untouched
    assert "Pairs at risk" in (out / "cohort_summary.html").read_text(encoding="utf-8")  # nobody ran, the summary did


def failing_notebook(folder: Path) -> Path:
    """A small report stand-in: fails in its second code cell for workbooks named 'bad'."""
    nb = new_notebook(cells=[
        new_code_cell('workbook = ""\ninteractive = True\nas_of = ""\ncharts_dir = ""\nmetrics_only = False',
                      metadata={"tags": ["parameters"]}),
        new_code_cell("from pathlib import Path\nPath(charts_dir).mkdir(parents=True, exist_ok=True)\n"
                      "(Path(charts_dir) / 'n.txt').write_text(as_of)\nprint('ran', Path(workbook).name)\n"
                      "print('summary.csv already there:', (Path(charts_dir).parents[1] / 'summary.csv').is_file())"),
        new_code_cell("if Path(workbook).name == 'bad':\n    raise ValueError('no luck for this one')"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "stand_in.ipynb"
    nbformat.write(nb, path)
    return path


def test_failures_are_recorded_and_the_others_still_run(tmp_path):
    root = tmp_path / "cohort"
    for name in ("good", "bad", "also_good"):
        Workbook.create(root / name, name)
    (root / "broken").mkdir()
    (root / "broken" / "workbook.sqlite").write_text("not a database at all " * 20)
    roster = root / "roster.csv"
    roster.write_text("participant_id,workbook\ngood,good\nbad,bad\nmissing,nowhere\nbroken,broken\n"
                      "also_good,also_good\n", encoding="utf-8")
    notebook = failing_notebook(tmp_path)
    out = tmp_path / "out"

    warnings: list[str] = []
    result = run_cohort(roster, out, jobs=2, as_of=DEMO_AS_OF, notebook=notebook, engine=ENGINE_FRESH,
                        echo=lambda _: None, warn=warnings.append, html=False)

    assert sorted(result.failed) == ["bad", "broken", "missing"]
    err = "\n".join(warnings)
    up_front = err.index("cannot run")
    assert err.index("missing:", up_front) < err.index("3 of 5 participant(s) failed")
    assert "broken:" in err[up_front:]
    found = statuses(out)
    assert found["good"]["status"] == found["also_good"]["status"] == "ok"
    assert (out / "good" / "charts" / "n.txt").read_text() == AS_OF
    # summary.csv needs only the workbooks: it is written before the reports run
    assert "summary.csv already there: True" in (out / "good" / "report.ipynb").read_text(encoding="utf-8")
    bad = found["bad"]["error"]
    assert bad["kind"] == "cell" and bad["ename"] == "ValueError" and bad["evalue"] == "no luck for this one"
    assert bad["cell_index"] is not None and bad["execution_count"] == 4  # after the injected parameters
    assert (out / "bad" / "report.ipynb").is_file()  # the failed notebook is kept, with its traceback
    assert found["missing"]["error"]["kind"] == found["broken"]["error"]["kind"] == "workbook"

    # a re-run runs only what failed (and, with force, everything)
    again = run_cohort(roster, out, jobs=2, as_of=DEMO_AS_OF, notebook=notebook, engine=ENGINE_FRESH,
                       echo=lambda _: None, html=False)
    assert sorted(again.ran) == ["bad"] and sorted(again.skipped) == ["also_good", "good"]
    forced = run_cohort(roster, out, jobs=2, as_of=DEMO_AS_OF, notebook=notebook, engine=ENGINE_FRESH, force=True,
                        echo=lambda _: None, html=False)
    assert sorted(forced.ran) == ["also_good", "bad", "good"]
    # another as-of date is another report: nothing is skipped
    later = run_cohort(roster, out, jobs=2, as_of=dt.date(2026, 12, 1), notebook=notebook, engine=ENGINE_FRESH,
                       echo=lambda _: None, html=False)
    assert sorted(later.ran) == ["also_good", "bad", "good"]


def test_a_summary_page_that_cannot_be_written_is_reported_and_the_reports_stand(sample_cohort, tmp_path):
    """The page is exported by the run's last job: its failure reaches the facilitator like the notebook's."""
    roster = small_roster(sample_cohort, "p08,p08\n", name="one.csv")
    out = tmp_path / "out"
    (out / "cohort_summary.html").mkdir(parents=True)  # a folder where the page goes
    result = CliRunner().invoke(main, ["cohort", "run", str(roster), "--out", str(out), "--jobs", "2",
                                       "--as-of", AS_OF])
    assert result.exit_code == 1, result.output
    page = out / "cohort_summary.html"
    assert (f"the cohort summary failed: its page was not written: {page}: is a folder, not a file"
            in result.output), result.output
    assert "Traceback" not in result.output and page.is_dir()
    assert statuses(out)["p08"]["status"] == "ok"
    assert "Pairs at risk" in (out / "cohort_summary.ipynb").read_text(encoding="utf-8")  # it ran; only the page failed


def test_a_failing_summary_notebook_is_reported_and_no_page_is_exported(tmp_path):
    from mentorkit.cohort.run import SummaryJob, export_in_worker, render_in_worker

    job = SummaryJob(str(tmp_path / "no_roster.csv"), str(tmp_path), AS_OF, False, ENGINE_FRESH, ())
    executed = render_in_worker(job)
    assert executed["html"] is None and "no_roster.csv" in executed["error"]
    assert "cohort_summary.ipynb" in executed["error"]  # where to read the traceback
    assert export_in_worker(executed) == executed
    assert not (tmp_path / "cohort_summary.html").exists()


def test_a_kernel_that_will_not_start_is_tried_twice(tmp_path, monkeypatch):
    import mentorkit.cohort.runner as runner

    wb = Workbook.create(tmp_path / "wb", "K")
    notebook = failing_notebook(tmp_path)
    monkeypatch.setattr(runner, "KERNEL_NAME", "no-such-kernel-here")
    task = Task("k1", str(wb.path), str(tmp_path / "out" / "k1"), str(notebook), AS_OF, ENGINE_FRESH, (),
                inputs_fingerprint(wb.path, notebook, AS_OF))
    status = run_participant(task)
    assert status.status == "failed"
    assert status.error is not None and status.error.kind == "kernel" and status.attempts == 2


def test_dask_local_cluster_runs_the_same_work(sample_cohort, tmp_path):
    distributed = pytest.importorskip("distributed")
    roster = small_roster(sample_cohort, "p01,p01\np07,p07\n", "dask.csv")
    out = tmp_path / "out"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None) as cluster:
        result = run_cohort(roster, out, scheduler=cluster.scheduler_address, as_of=DEMO_AS_OF,
                            echo=lambda _: None, html=False)
    assert result.failed == []
    found = statuses(out)
    assert sorted(found) == ["p01", "p07"] and all(s["status"] == "ok" for s in found.values())
    for pid in found:
        text = (out / pid / "report.ipynb").read_text(encoding="utf-8")
        assert str(out / pid / "charts") in text  # the worker's folder was rewritten to this one
        assert all((out / pid / c).is_file() for c in found[pid]["charts"])
    assert (out / "summary.csv").read_text().count("\n") == 3


def marked_workbook(folder: Path) -> Workbook:
    """A workbook with the marker in every private text field, and enough data to draw every chart."""
    def t(label: str) -> str:
        return f"{MARKER} {label}"

    wb = Workbook.create(folder, t("mentee name"))
    day = dt.date(2026, 3, 2)
    wb.set_profile(Profile(career_goals=t("career"), skills=t("skills"), knowledge=t("knowledge"),
                           alliances=t("alliances"), ideal_mentor=t("ideal"), expectations=t("expect"),
                           help_wanted=["career"]))
    cid = wb.add(Candidate(name=t("cand"), organization=t("org"), same_organization=False, relationship="acquaintance",
                           respect=4, values_fit=4, path_similarity=3, role=t("role"), found_via=t("via"),
                           notes=t("cnotes")))
    wb.add(Interview(person=t("person"), candidate_id=cid, date=day, questions=t("q"), takeaways=t("take")))
    wb.add(Request(candidate_id=cid, text=t("req"), notes=t("rnotes"), sent_on=day, outcome="accepted", outcome_on=day))
    wb.add(Agreement(candidate_id=cid, mentor_name=t("mentor"), start=day, confidentiality=t("conf"),
                     progress_recording=t("rec"), closing_notes=t("closing")))
    meeting_ids = wb.add_many([Meeting(date=day + dt.timedelta(days=30 * i), duration_min=45, mode="video",
                                       objectives=t(f"obj{i}"), notes=t(f"note{i}"), gave_back=t(f"gave{i}"))
                               for i in range(6)])
    wb.add_many([ActionItem(description=t(f"act{i}"), meeting_id=meeting_ids[i],
                            due=day + dt.timedelta(days=30 * i + 14), status="done" if i % 2 else "open",
                            done_on=day + dt.timedelta(days=30 * i + 10) if i % 2 else None) for i in range(5)])
    wb.add(Feedback(date=day, meeting_id=meeting_ids[0], text=t("fb"), response=t("resp")))
    goals = [wb.add(Goal(title=t(f"goal{i}"), description=t("desc"), weight=1, baseline_level=-1, created_on=day,
                         level_minus2=t("m2"), level_minus1=t("m1"), level_0=t("l0"), level_plus1=t("p1"),
                         level_plus2=t("p2"))) for i in range(2)]
    wb.add_many([GoalLevel(goal_id=g, date=day + dt.timedelta(days=60 + 30 * i), level=i, note=t("lvl"))
                 for i, g in enumerate(goals)])
    wb.add_many([CheckIn(date=day + dt.timedelta(days=90 + 60 * i), value_to_me=4, value_to_mentor=4 - i, interest=4,
                         encouragement=4, connection=3, candour=4, wish_to_continue=4 - 2 * i, comment=t(f"c{i}"))
                 for i in range(2)])
    wb.add(MentorCheckIn(page_id="page-1", date=day + dt.timedelta(days=150), value_to_mentor=4, value_to_mentee=3,
                         interest=4, connection=4, candour=4, wish_to_continue=4, comment=t("mentor's comment")))
    conn = sqlite3.connect(wb.db_path)
    try:
        for table, columns in PRIVATE_TEXT.items():
            for column in columns:
                hits = conn.execute(f"SELECT count(*) FROM {table} WHERE {column} LIKE ?", (f"%{MARKER}%",)).fetchone()
                assert hits[0], f"the marker is missing from {table}.{column}"
    finally:
        conn.close()
    return wb


def test_no_private_text_reaches_any_cohort_output(tmp_path):
    root = tmp_path / "cohort"
    marked_workbook(root / "m1")
    marked_workbook(root / "m2")
    roster = root / "roster.csv"
    roster.write_text("participant_id,workbook\nm1,m1\nm2,m2\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["cohort", "run", str(roster), "--out", str(out), "--jobs", "2",
                                       "--as-of", "2026-11-15"])
    assert result.exit_code == 0, result.output
    assert MARKER not in result.output
    files = [p for p in out.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"summary.csv", "cohort_summary.html", "cohort_summary.ipynb", "report.ipynb",
                                       "status.json"}
    assert any(p.suffix == ".png" for p in files)
    for path in files:
        assert MARKER.encode() not in path.read_bytes(), f"{path.relative_to(out)} carries a mentee's own words"
    for status in statuses(out).values():
        assert status["status"] == "ok"
        assert status["withheld"] == [], "the report notebook printed private text; the guard had to withhold it"


def test_warm_and_fresh_kernels_give_the_same_report(sample_cohort, tmp_path):
    """The pre-warmed engine is the default because its executed notebook is the fresh kernel's, output for output."""
    from mentorkit.cohort.zygote import COUNTS, close_zygotes, preload_for

    notebook = report_notebook()
    workbook = sample_cohort.parent / "p07"
    results = {}
    try:
        for engine in (ENGINE_FRESH, ENGINE_WARM):
            out = tmp_path / engine / "p07"
            preload = tuple(preload_for(notebook)) if engine == ENGINE_WARM else ()
            task = Task("p07", str(workbook), str(out), str(notebook), AS_OF, engine, preload, {})
            forked = COUNTS["forked"]
            assert run_participant(task).ok
            assert COUNTS["forked"] == forked + (engine == ENGINE_WARM)  # the warm kernel came from the zygote
            nb = nbformat.read(out / "report.ipynb", as_version=4)
            text = json.dumps([(c.get("execution_count"), c.get("outputs")) for c in nb.cells])
            results[engine] = (text.replace(str(tmp_path / engine), "OUT"),
                               {p.name: p.read_bytes() for p in sorted((out / "charts").iterdir())})
    finally:
        close_zygotes()
    assert results[ENGINE_WARM][1] == results[ENGINE_FRESH][1]
    assert results[ENGINE_WARM][0] == results[ENGINE_FRESH][0]
    shutil.rmtree(tmp_path / ENGINE_WARM)


def test_cohort_summary_notebook_on_a_cohort_with_nothing_logged(tmp_path, run_notebook, nb_text):
    for name in ("n1", "n2"):
        Workbook.create(tmp_path / name, name)
    roster = tmp_path / "roster.csv"
    roster.write_text("participant_id,workbook\nn1,n1\nn2,n2\n", encoding="utf-8")
    nb = run_notebook("cohort_summary", roster=roster, as_of="2026-11-15", out=tmp_path / "figures")
    text = nb_text(nb)
    assert "As of 2026-11-15, 2 pairs on the roster." in text and "At risk: 0." in text
    assert "No pair is at risk as of this date." in text
    assert "Traceback" not in text
    assert len(list((tmp_path / "figures").glob("cohort_*.png"))) == 4
