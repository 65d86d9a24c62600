"""Notebooks 04 and 05: unattended runs (papermill, interactive=False) on the sample and on a new workbook, with
results worked out here from the sample's CSV files; and their forms driven headlessly, cell by cell."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import nbformat
import pytest

from mentorkit import Candidate, Goal
from mentorkit.drafting import check_request
from mentorkit.sample import DEMO_AS_OF

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "demo"
AS_OF = DEMO_AS_OF.isoformat()
RATINGS = ("value_to_me", "value_to_mentor", "interest", "encouragement", "connection", "candour", "wish_to_continue")


def read(table):
    with open(DEMO / f"{table}.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def tagged(nb, tag) -> str:
    """The plain text of every output of the cell tagged `tag`."""
    for cell in nb["cells"]:
        if tag in cell.get("metadata", {}).get("tags", []):
            parts = []
            for out in cell.get("outputs", []):
                assert out.get("output_type") != "error", out
                text = out.get("text") or out.get("data", {}).get("text/markdown") or out.get("data", {}).get(
                    "text/plain", "")
                parts.append(text if isinstance(text, str) else "".join(text))
            return "\n".join(parts)
    raise AssertionError(f"no cell tagged {tag!r}")


def no_errors(nb) -> None:
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", out
            assert "Traceback" not in str(out.get("text", ""))


# -- unattended runs ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Both notebooks, run once each on a copy of the sample and on a brand-new workbook."""
    import shutil

    import papermill as pm

    from mentorkit import Workbook
    from mentorkit.sample import build_demo

    base = tmp_path_factory.mktemp("part2")
    build_demo(base / "demo")
    Workbook.create(base / "empty", "New Mentee")
    out = {}
    for book in ("demo", "empty"):
        for name in ("04_request_drafting", "05_meetings_and_evaluation"):
            target = base / f"{name}.{book}.ipynb"
            pm.execute_notebook(str(ROOT / "notebooks" / f"{name}.ipynb"), str(target), kernel_name="python3",
                                parameters={"workbook": str(base / book), "interactive": False, "as_of": AS_OF},
                                cwd=str(ROOT / "notebooks"), progress_bar=False)
            out[name[:2], book] = nbformat.read(target, as_version=4)
    shutil.rmtree(base / "demo")
    return out


@pytest.mark.slow
def test_04_on_the_sample(runs):
    nb = runs["04", "demo"]
    no_errors(nb)
    requests = read("requests")
    accepted = [r for r in requests if r["outcome"] == "accepted"]
    mentor = next(c["name"] for c in read("candidates") if c["id"] == accepted[-1]["candidate_id"])
    step = tagged(nb, "next-step")
    assert f"{mentor} said yes" in step
    for r in requests:
        assert r["outcome"] in step
    check = tagged(nb, "request-check")
    # the drafted request still holds template text (no about_me given): the check names it as an error
    assert 'Template text is still in the draft: "[your role]"' in check
    for r in requests:  # each saved request gets the checker's own verdict
        if r["text"].strip():
            errors = [f for f in check_request(r["text"]) if f.severity == "error"]
            verdict = "passes the check" if not errors else f"{len(errors)} point(s) to fix"
            assert f"Saved request #{r['id']}: {verdict}" in check
    agreement = read("agreements")[-1]
    text = tagged(nb, "agreement")
    assert agreement["mentor_name"] in text and "once a month" in text
    assert f"{agreement['duration_months']} months" in text and "no blame" in text


@pytest.mark.slow
def test_05_on_the_sample_flags_the_summer_gap_and_recommends(runs, demo_workbook):
    nb = runs["05", "demo"]
    no_errors(nb)
    days = sorted({dt.date.fromisoformat(m["date"]) for m in read("meetings")})
    per_month = float(read("agreements")[-1]["meetings_per_month"])
    limit = 1.5 * 30 / per_month
    flagged = [(a, b) for a, b in zip(days, days[1:]) if (b - a).days > limit]
    assert len(flagged) == 1  # the sample's one long gap, worked out from meetings.csv
    drift = tagged(nb, "drift")
    a, b = flagged[0]
    assert f"A gap of {(b - a).days} days, from {a:%d %b %Y} to {b:%d %b %Y}" in drift
    assert f"{(DEMO_AS_OF - days[-1]).days} days since your last meeting" in drift
    assert f"{limit:g} days is flagged" in drift

    last = {k: int(v) for k, v in read("checkins")[-1].items() if k in RATINGS}
    one_way = abs(last["value_to_me"] - last["value_to_mentor"]) >= 2 or last["value_to_mentor"] <= 2
    health = sum(last.values()) / 7
    assert not one_way and health >= 3 and last["wish_to_continue"] > 2
    recommendation = tagged(nb, "recommendation")
    assert "Recommendation: Continue (G6.1, G6.2)" in recommendation
    assert f"Health {health:.1f} of 5" in recommendation

    from mentorkit.progress import follow_through

    kept = follow_through(demo_workbook.table("actions"), DEMO_AS_OF)
    assert f"{kept.kept} of {kept.due} due actions kept" in tagged(nb, "follow-through")
    critical = sum(1 for f in read("feedback") if f["kind"] == "critical")
    assert f"{critical} critical" in tagged(nb, "feedback")
    prep = tagged(nb, "prep-sheet")
    assert "Prep sheet for the next meeting" in prep and read("meetings")[-1]["notes"] in prep
    assert "GAS T-score now" in tagged(nb, "goal-progress")


@pytest.mark.slow
def test_both_on_a_new_workbook_say_nothing_here_yet(runs):
    n04, n05 = runs["04", "empty"], runs["05", "empty"]
    no_errors(n04)
    no_errors(n05)
    assert "No candidates yet" in tagged(n04, "next-step")
    assert "[their first name]" in tagged(n04, "request-draft")
    assert "No agreement recorded yet" in tagged(n04, "agreement")
    assert "Nothing here yet" in tagged(n05, "prep-sheet")
    assert "No meetings logged yet" in tagged(n05, "drift")
    assert "no action is due yet" in tagged(n05, "follow-through")
    assert "Not yet (G6.1)" in tagged(n05, "recommendation")


@pytest.mark.parametrize("name", ["04_request_drafting", "05_meetings_and_evaluation"])
def test_committed_without_outputs_and_with_literal_parameters(name):
    nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    assert nb.metadata.kernelspec.name == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    params = code[0]
    assert "parameters" in params.metadata.get("tags", [])
    namespace: dict = {}
    exec(params.source, namespace)  # literals only: nothing to import or compute
    assert {"workbook": "", "interactive": True, "as_of": ""}.items() <= namespace.items()


# -- the forms, driven headlessly by running the notebook's cells in this process -----------------


def run_cells(name: str, **params) -> dict:
    """Execute a notebook's code cells here, with `params` overriding the parameters cell; return the namespace."""
    nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    namespace: dict = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        exec(compile(cell.source, f"{name}:{cell.get('id', '')}", "exec"), namespace)
        if "parameters" in cell.metadata.get("tags", []):
            namespace.update(params)
    return namespace


@pytest.fixture
def fresh(tmp_path):
    from mentorkit import Workbook

    wb = Workbook.create(tmp_path / "wb", "Ada <b>Lovelace</b>")
    wb.add(Goal(title="Lead a small team", description="Lead two people on one project", weight=2))
    wb.add(Candidate(name="Grace Hopper", organization="Navy", same_organization=False, relationship="acquaintance",
                     respect=5, values_fit=5, path_similarity=4))
    return wb


def test_04_forms_draft_check_save_and_export(fresh, capsys):
    ns = run_cells("04_request_drafting", workbook=str(fresh.path), as_of="2026-03-01", interactive=True,
                   about_me="a platform engineer at Analytical Engines")
    request = ns["request"]  # the notebook's RequestStep, shared by its cells
    composer, form = request.composer, request.request_form
    assert "Dear Grace" in composer.text.value and "platform engineer" in composer.text.value
    composer.text.value = composer.text.value.replace("meeting once a month", "meeting every week")
    assert "G4.2" in composer.check_panel.value and "every week" in composer.check_panel.value
    composer.use_button.click()
    assert form.inputs["text"].value == composer.text.value
    assert form.inputs["candidate_id"].value == fresh.records("candidates")[0].id
    form.inputs["sent_on"].value = dt.date(2026, 3, 1)
    form.save_button.click()
    saved = fresh.records("requests")
    assert len(saved) == 1 and "every week" in saved[0].text and saved[0].outcome == "pending"

    form.select(saved[0].id)
    form.inputs["outcome"].value = "accepted"
    form.inputs["outcome_on"].value = dt.date(2026, 3, 4)
    form.update_button.click()
    assert fresh.get("requests", saved[0].id).outcome == "accepted"

    ns = run_cells("04_request_drafting", workbook=str(fresh.path), as_of="2026-03-05", interactive=True)
    agreement_form = ns["request"].agreement_form
    assert agreement_form.inputs["mentor_name"].value == "Grace Hopper"  # from the accepted request
    agreement_form.inputs["meetings_per_month"].value = 2.0
    agreement_form.save_button.click()
    assert fresh.agreement is not None and fresh.agreement.meetings_per_month == 2
    panel = agreement_form._live[0][1].value
    assert "G4.2" in panel and "twice a month" in panel and "&lt;b&gt;Lovelace" in panel
    exporter = ns["request"].agreement_export
    exporter.buttons["html"].click()
    page = (fresh.exports_dir / "agreement.html").read_text(encoding="utf-8")
    assert "<b>Lovelace" not in page and "&lt;b&gt;Lovelace&lt;/b&gt;" in page
    assert "Wrote" in exporter.status.value
