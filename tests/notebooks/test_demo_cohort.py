"""`mentorkit demo --cohort`: the facilitator's first five minutes, run for real (papermill, real kernels).

The sample cohort (`scripts/sample_cohort.py`) was written with known
trajectories; the summary must find them: p03 and p04 drifting, p04 and p10
fading (their last check-in), p10 and the drifting pairs keeping under half of
their actions; p07 one-way and then let go by mutual agreement (ended well, so
excluded from the risk rules); p05 stalled (goals that never moved: no rule
flags it, the every-pair table shows it).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mentorkit.cli import main
from mentorkit.demo import run_notebooks
from mentorkit.resources import journey_notebooks
from mentorkit.sample import build_demo

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
AT_RISK = {"p03": ["drift", "low_follow_through"], "p04": ["drift", "fading", "low_follow_through"],
           "p10": ["fading", "low_follow_through"]}


def _plans() -> dict:
    scripts = ROOT / "scripts"
    sys.path.insert(0, str(scripts))
    try:
        spec = importlib.util.spec_from_file_location("sample_cohort_for_test", scripts / "sample_cohort.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its dataclasses look their module up
        spec.loader.exec_module(module)
        return module.PLANS
    finally:
        sys.modules.pop("sample_cohort_for_test", None)
        sys.path.remove(str(scripts))


def _tables(html: str) -> list[tuple[list[str], list[list[str]]]]:
    """(header, rows of cell texts) of every mentorkit table on the page."""
    found = []
    for table in re.findall(r'<table class="mentorkit-table">(.*?)</table>', html, flags=re.S):
        header = re.findall(r"<th(?:\s[^>]*)?>(.*?)</th>", table)
        rows = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>",
                                                                          table.split("<tbody>")[1])]
        found.append((header, rows))
    return found


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("demo") / "out"
    result = CliRunner().invoke(main, ["demo", "--cohort", "--out", str(out), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_the_sample_was_written_with_these_trajectories():
    plans = _plans()
    assert [p for p, plan in plans.items() if "drifting" in plan.trajectory] == ["p03", "p04"]
    assert [p for p, plan in plans.items() if "stalled" in plan.trajectory] == ["p05"]
    assert [p for p, plan in plans.items() if "one-way" in plan.trajectory] == ["p07"]
    assert plans["p07"].ending[1] == "let_go_mutual"


def test_one_command_prints_where_everything_is(demo):
    out, output = demo
    report = out / "cohort" / "report"
    for path in (out / "cohort" / "workbooks" / "roster.csv", report / "summary.csv",
                 report / "cohort_summary.html", report / "<participant_id>" / "report.ipynb"):
        assert str(path) in output, path
    assert "Pairs at risk as of 2026-11-15: p03, p04, p10" in output
    assert "mentorkit cohort run ROSTER --out DIR" in output


def test_every_participant_has_a_report_and_nothing_stray_is_left(demo):
    out, _ = demo
    report = out / "cohort" / "report"
    pids = [f"p{n:02d}" for n in range(1, 13)]
    assert sorted(p.name for p in report.iterdir()) == sorted(
        ["summary.csv", "cohort_summary.html", "cohort_summary.ipynb", *pids])
    for pid in pids:
        assert {p.name for p in (report / pid).iterdir()} == {"report.ipynb", "charts", "status.json"}, pid
        assert json.loads((report / pid / "status.json").read_text(encoding="utf-8"))["status"] == "ok"
    assert not list(out.rglob("*.log"))


def test_summary_csv_finds_the_pairs_the_sample_was_written_to_contain(demo):
    out, _ = demo
    with open(out / "cohort" / "report" / "summary.csv", newline="", encoding="utf-8") as fh:
        rows = {r["participant_id"]: r for r in csv.DictReader(fh)}
    assert {p for p, r in rows.items() if r["at_risk"] == "true"} == set(AT_RISK)
    for pid, rules in AT_RISK.items():
        assert [part.split(" (")[0] for part in rows[pid]["reasons"].split(";")] == rules, pid
    assert rows["p07"]["ending"] == "let_go_mutual" and rows["p07"]["at_risk"] == "false"


def test_the_summary_page_names_them_readably(demo):
    out, _ = demo
    html = (out / "cohort" / "report" / "cohort_summary.html").read_text(encoding="utf-8")
    assert "As of 2026-11-15, 12 pairs on the roster." in html
    for words in ("Read: 12.", "Failed: 0.", "Excluded: 1 (p07: let_go_mutual)", "At risk: 3 (p03, p04, p10)."):
        assert words in html, words
    (risk_header, risk_rows), (pairs_header, pairs_rows) = _tables(html)
    assert risk_header[:2] == ["pair", "why"] and pairs_header[0] == "pair"  # no index column
    assert {row[0]: [line.split(" (")[0] for line in re.split(r"<br\s*/?>", row[1])] for row in risk_rows} == AT_RISK
    for _, row in ((h, r) for h, rows in _tables(html) for r in rows):
        assert not any(cell.endswith("...") for cell in row)
    assert "drift (G5.5): 179 days since the last meeting" in html
    stalled = next(row for row in pairs_rows if row[0] == "p05")
    gas = stalled[pairs_header.index("GAS T-score, baseline to now")]
    start, now = gas.split(" to ")
    assert start == now  # stalled: the goals have not moved
    one_way = next(row for row in pairs_rows if row[0] == "p07")
    assert one_way[pairs_header.index("ended")] == "let_go_mutual" and one_way[1] == "no"
    assert "load_cohort" not in html  # exported without the code


def test_the_executed_summary_notebook_hides_its_code_and_keeps_its_parameters(demo):
    out, _ = demo
    nb = json.loads((out / "cohort" / "report" / "cohort_summary.ipynb").read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    tags = [c["metadata"].get("tags", []) for c in code]
    assert ["parameters"] in tags and any("injected-parameters" in t for t in tags)
    for cell, tag in zip(code, tags):
        if "parameters" not in tag and "injected-parameters" not in tag:
            assert cell["metadata"]["jupyter"]["source_hidden"] is True


def test_the_journey_demo_writes_kernel_output_only_to_the_log_asked_for(tmp_path):
    wb = build_demo(tmp_path / "workbook")
    first = [journey_notebooks()[0]]
    assert run_notebooks(wb, tmp_path / "plain", echo=lambda _: None, notebooks=first)
    assert [p.name for p in (tmp_path / "plain").iterdir()] == [first[0].name]
    log = tmp_path / "logs" / "kernels.txt"
    assert run_notebooks(wb, tmp_path / "logged", echo=lambda _: None, notebooks=first, log=log)
    assert [p.name for p in (tmp_path / "logged").iterdir()] == [first[0].name]
    assert log.is_file()
