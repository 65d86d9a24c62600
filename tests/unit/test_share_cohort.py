"""From the mentee's share to the facilitator's outputs: a real cohort run on collected shares.

Runs notebook 06 in kernels (slow): markers planted in every private field and the name, and a deleted
note, reach no byte of the cohort folder or of any output, and the summary equals the originals'.
"""

from __future__ import annotations

import json
import zipfile

import pytest
from click.testing import CliRunner
from marked import DELETED, MARKER, bytes_hold, marked_workbook

from mentorkit.cli import main
from mentorkit.share import share_workbook

pytestmark = pytest.mark.slow


def test_a_cohort_run_on_collected_shares_holds_no_private_byte_and_the_same_numbers(tmp_path):
    mentees = tmp_path / "mentees"
    originals = {name: marked_workbook(mentees / name).path for name in ("m1", "m2")}
    share_workbook(originals["m1"], tmp_path / "sent" / "m1")
    share_workbook(originals["m2"], tmp_path / "sent" / "m2")
    with zipfile.ZipFile(tmp_path / "sent" / "m2.zip", "w") as archive:  # one arrives as a zip file
        archive.write(tmp_path / "sent" / "m2" / "workbook.sqlite", "m2/workbook.sqlite")
    runner = CliRunner()
    cohort, out = tmp_path / "cohort", tmp_path / "out"
    took = runner.invoke(main, ["cohort", "collect", str(tmp_path / "sent" / "m1"), str(tmp_path / "sent" / "m2.zip"),
                                "--out", str(cohort)])
    assert took.exit_code == 0, took.output
    ran = runner.invoke(main, ["cohort", "run", str(cohort / "roster.csv"), "--out", str(out), "--jobs", "2",
                               "--as-of", "2026-11-15"])
    assert ran.exit_code == 0, ran.output
    for pid in originals:
        status = json.loads((out / pid / "status.json").read_text(encoding="utf-8"))
        assert status["status"] == "ok" and status["withheld"] == [], status  # the guard had nothing to find
        assert status["charts"]
    assert bytes_hold(cohort, MARKER, DELETED) == []
    assert bytes_hold(out, MARKER, DELETED) == []

    (mentees / "roster.csv").write_text("participant_id,workbook\nm1,m1\nm2,m2\n", encoding="utf-8")
    direct = runner.invoke(main, ["cohort", "summary", str(mentees / "roster.csv"), "--out", str(tmp_path / "o2"),
                                  "--as-of", "2026-11-15"])
    assert direct.exit_code == 0, direct.output
    assert (out / "summary.csv").read_bytes() == (tmp_path / "o2" / "summary.csv").read_bytes()
