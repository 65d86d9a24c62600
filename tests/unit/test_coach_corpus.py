"""The coach's writing checks held to their measured figures on the labelled corpus (tests/corpus).

The floors are what `make eval` measured when they were set: a change that
makes the request check (G4.1 to G4.5) or the realism check (G1.6) agree
less with the labels fails here. The held-out split was never read while
tuning; its floors are lower where its figures are.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "corpus"))

import scoring  # noqa: E402

# split: (each point's agreement, good drafts with an error, G1.6 agreement)
FLOORS = {
    "tune": ({"G4.1": 0.99, "G4.2": 0.99, "G4.3": 0.99, "G4.4": 0.99, "G4.5": 0.98}, 1, 0.99),
    "holdout": ({"G4.1": 0.94, "G4.2": 0.94, "G4.3": 0.94, "G4.4": 0.97, "G4.5": 0.96}, 7, 0.92),
}


@pytest.fixture(scope="module", params=scoring.SPLITS)
def split(request):
    return request.param, scoring.score_requests(scoring.load("requests", request.param))


def test_the_corpus_is_big_and_varied_enough():
    drafts = scoring.load("requests", "tune") + scoring.load("requests", "holdout")
    statements = scoring.load("statements", "tune") + scoring.load("statements", "holdout")
    assert len(drafts) >= 150 and len(statements) >= 100
    assert len(scoring.load("requests", "holdout")) * 3 >= len(drafts)  # at least a third held out
    assert len(scoring.load("statements", "holdout")) * 3 >= len(statements)
    good = [d for d in drafts if all(d[p.replace(".", "_")] == "ok" for p in scoring.POINTS) and not d["placeholders"]]
    assert 0.3 < len(good) / len(drafts) < 0.6
    assert {d["english"] for d in drafts} == {"british", "american"}
    assert len({d["profession"] for d in drafts}) >= 8
    for point in scoring.POINTS:
        assert sum(d[point.replace(".", "_")] == "violation" for d in drafts) >= 5, point


def test_each_point_agrees_with_the_labels_at_least_as_well_as_measured(split):
    name, scores = split
    floors, _, _ = FLOORS[name]
    for point, floor in floors.items():
        assert scores.points[point].agreement >= floor, (name, point, scores.points[point])


def test_good_drafts_get_no_more_errors_than_measured(split):
    name, scores = split
    assert len(scores.good_with_error) <= FLOORS[name][1], scores.good_with_error


def test_every_placeholder_is_caught_and_none_invented(split):
    _, scores = split
    assert scores.placeholders_caught == scores.placeholders > 0
    assert scores.placeholder_false == []


@pytest.mark.parametrize("name", scoring.SPLITS)
def test_the_realism_check_agrees_with_the_labels(name):
    score = scoring.score_statements(scoring.load("statements", name))
    assert score.agreement >= FLOORS[name][2], (score.false_errors, score.misses) if name == "tune" else score.agreement


def test_eval_prints_both_splits():
    text = scoring.report("holdout", details=False)
    assert "agreement" in text and "G1.6" in text and "placeholders caught" in text
