"""The participant status: a typed record whose status.json stays byte for byte what scripts read."""

import json

import pytest

from mentorkit.cohort.status import ParticipantStatus, RunError

FAILED_BEFORE_THE_NOTEBOOK = {
    "participant_id": "p1", "status": "failed", "as_of": "2026-03-01", "notebook": None, "charts": [],
    "engine": "mentorkit", "started_at": "2026-03-01T10:00:00+00:00", "finished_at": "2026-03-01T10:00:00+00:00",
    "timings": {"seconds": 0.0, "attempts": 0},
    "error": {"kind": "workbook", "cell_index": None, "execution_count": None, "ename": "WorkbookUnavailable",
              "evalue": "gone"},
    "withheld": [], "inputs": {"as_of": "2026-03-01"},
}
RAN = {
    **FAILED_BEFORE_THE_NOTEBOOK, "status": "ok", "notebook": "report.ipynb", "charts": ["charts/gas.svg"],
    "timings": {"seconds": 3.2, "attempts": 1, "notebook_seconds": 2.9}, "error": None,
    "withheld": [{"file": "charts/x.txt", "action": "redacted", "fields": ["goals.description"]}],
}


@pytest.mark.parametrize("data", [FAILED_BEFORE_THE_NOTEBOOK, RAN])
def test_to_json_writes_what_was_read_keys_in_order(data, tmp_path):
    path = tmp_path / "status.json"
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    status = ParticipantStatus.from_json(path)
    assert status.to_json() == path.read_text(encoding="utf-8")
    assert ParticipantStatus.from_json(data) == status


def test_fields_are_typed():
    status = ParticipantStatus.from_json(FAILED_BEFORE_THE_NOTEBOOK)
    assert not status.ok and status.error == RunError("workbook", "WorkbookUnavailable", "gone")
    assert ParticipantStatus.from_json(RAN).ok and ParticipantStatus.from_json(RAN).notebook_seconds == 2.9


def test_a_kernel_failure_keeps_its_log_line():
    error = RunError("kernel", "KernelStartError", "no kernel", log="")
    assert list(error.to_dict()) == ["kind", "cell_index", "execution_count", "ename", "evalue", "log"]


def test_something_else_is_refused():
    with pytest.raises(ValueError, match="not a participant status"):
        ParticipantStatus.from_json({"status": "ok"})
