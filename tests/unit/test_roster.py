"""The cohort roster: checked whole before anything runs (DESIGN section 3, exit 2)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from mentorkit import Workbook
from mentorkit.cli import main
from mentorkit.cohort.roster import RosterError, probe, read_roster, workbook_problem


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path) -> Path:
    root = tmp_path / "programme"
    Workbook.create(root / "wb" / "ana", "Ana")
    Workbook.create(root / "wb" / "ben", "Ben")
    return root


def test_reads_ids_and_resolves_paths_against_the_roster_folder(folder, monkeypatch, tmp_path):
    roster = write(folder / "roster.csv",
                   "\ufeffparticipant_id,workbook,mentor\np-01,wb/ana,x\n\n P_02 ,wb/ben/workbook.sqlite,y\n")
    monkeypatch.chdir(tmp_path)  # relative paths are the roster's, not the current folder's
    checked = read_roster(Path("programme") / "roster.csv")
    assert checked.ids == ["p-01", "P_02"]
    assert checked.participants[0].workbook == (folder / "wb" / "ana").resolve()
    assert checked.participants[1].workbook == (folder / "wb" / "ben").resolve()  # the file names its folder
    assert [p.line for p in checked.participants] == [2, 4]
    assert roster.exists()


def test_every_bad_id_is_named_by_line_at_once(folder):
    roster = write(folder / "roster.csv", "participant_id,workbook\n"
                   "ok,wb/ana\n"
                   "has space,wb/ana\n"
                   "../up,wb/ana\n"
                   ",wb/ana\n"
                   "ok,wb/ben\n"
                   "OK,wb/ben\n"
                   f"{'x' * 65},wb/ben\n"
                   "dot.ted,wb/ben\n")
    with pytest.raises(RosterError) as caught:
        read_roster(roster)
    text = "\n".join(caught.value.problems)
    for line in (3, 4, 5, 6, 7, 8, 9):
        assert f"line {line}:" in text
    assert "line 2:" not in text
    assert "repeated the one on line 2" in text
    assert "differs only in case" in text


def test_missing_columns_and_empty_rosters_are_refused(folder):
    with pytest.raises(RosterError, match="missing column"):
        read_roster(write(folder / "a.csv", "id,path\np1,wb/ana\n"))
    with pytest.raises(RosterError, match="no participants"):
        read_roster(write(folder / "b.csv", "participant_id,workbook\n"))
    with pytest.raises(RosterError, match="empty"):
        read_roster(write(folder / "c.csv", ""))
    with pytest.raises(RosterError, match="no such file"):
        read_roster(folder / "nope.csv")
    with pytest.raises(RosterError, match="workbook is empty"):
        read_roster(write(folder / "d.csv", "participant_id,workbook\np1,\n"))


def test_paths_leaving_the_folder_are_refused_unless_allowed(folder, tmp_path):
    outside = tmp_path / "elsewhere" / "wb"
    Workbook.create(outside, "Cy")
    os.symlink(outside, folder / "wb" / "link")
    roster = write(folder / "roster.csv", f"participant_id,workbook\n"
                   f"a,../elsewhere/wb\nb,wb/link\nc,{outside}\nd,wb/../wb/ana\ne,{folder / 'wb' / 'ben'}\n")
    with pytest.raises(RosterError) as caught:
        read_roster(roster)
    problems = caught.value.problems
    assert [p.split(":")[0] for p in problems] == ["line 2", "line 3", "line 4"]  # links are followed
    assert all("outside the roster's folder" in p for p in problems)
    checked = read_roster(roster, allow_outside=True)
    assert checked.participants[1].workbook == outside.resolve()


def test_probe_names_missing_and_unreadable_workbooks_without_writing(folder):
    (folder / "wb" / "broken").mkdir()
    write(folder / "wb" / "broken" / "workbook.sqlite", "this is not a database" * 10)
    damaged = folder / "wb" / "damaged"
    Workbook.create(damaged, "Di")
    data = (damaged / "workbook.sqlite").read_bytes()
    (damaged / "workbook.sqlite").write_bytes(data[:100] + b"\x00" * (len(data) - 100))
    roster = write(folder / "roster.csv", "participant_id,workbook\n"
                   "good,wb/ana\ngone,wb/none\nbroken,wb/broken\ndamaged,wb/damaged\n")
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}
    found = probe(read_roster(roster))
    assert sorted(found) == ["broken", "damaged", "gone"]
    assert found["gone"].startswith("missing")
    assert found["broken"].startswith("unreadable")
    assert found["damaged"].startswith("unreadable")
    assert workbook_problem(folder / "wb" / "ana") is None
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file() and p in before} == before


@pytest.mark.parametrize("verb", ["run", "summary"])
def test_cli_exits_2_and_runs_nothing_for_a_refused_roster(folder, tmp_path, verb):
    roster = write(folder / "roster.csv", "participant_id,workbook\na b,wb/ana\nc,../../x\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["cohort", verb, str(roster), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "line 2" in result.output and "line 3" in result.output
    assert not out.exists()


@pytest.mark.parametrize("pid", ["-x", "--help", "-1", "-"])
def test_an_id_starting_with_a_dash_is_refused_by_line(folder, pid):
    """A leading '-' is a formula to a spreadsheet opening summary.csv (and an option to a shell)."""
    roster = write(folder / "roster.csv", f"participant_id,workbook\nok-1,wb/ana\n{pid},wb/ben\n")
    with pytest.raises(RosterError) as caught:
        read_roster(roster)
    assert caught.value.problems == [caught.value.problems[0]] and caught.value.problems[0].startswith("line 3:")
    assert "starts with '-'" in caught.value.problems[0]


def test_dashes_inside_an_id_are_fine(folder):
    roster = write(folder / "roster.csv", "participant_id,workbook\na-1,wb/ana\nb--,wb/ben\n")
    assert read_roster(roster).ids == ["a-1", "b--"]


@pytest.mark.parametrize("verb", ["run", "summary"])
def test_cli_exits_2_for_an_id_starting_with_a_dash(folder, tmp_path, verb):
    roster = write(folder / "roster.csv", "participant_id,workbook\n-cmd,wb/ana\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["cohort", verb, str(roster), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "line 2" in result.output and "starts with '-'" in result.output
    assert not out.exists()
