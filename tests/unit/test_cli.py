"""The CLI core: init, export csv (spreadsheet-safe), and --help on every verb."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from mentorkit.cli import main
from mentorkit.model import RECORD_TYPES, ActionItem, Candidate, Goal, Meeting, Profile
from mentorkit.store import DB_NAME, Workbook


def run(*args: str):
    return CliRunner().invoke(main, list(args))


# -- init -----------------------------------------------------------------------

def test_init_creates_the_folder_and_its_parents(tmp_path):
    target = tmp_path / "deep" / "er" / "maya"
    result = run("init", str(target), "--name", "Maya Example")
    assert result.exit_code == 0, result.output
    assert "Maya Example" in result.stdout and (target / DB_NAME).is_file()
    assert Workbook.open(target).mentee_name == "Maya Example"


def test_init_refuses_a_non_empty_folder_and_leaves_it_alone(tmp_path):
    (tmp_path / "diary.txt").write_text("private")
    result = run("init", str(tmp_path), "--name", "Maya")
    assert result.exit_code == 1
    assert "refusing" in result.stderr and result.stderr.startswith("mentorkit: error:")
    assert [p.name for p in tmp_path.iterdir()] == ["diary.txt"]


def test_init_refuses_an_existing_workbook(tmp_path):
    assert run("init", str(tmp_path / "wb"), "--name", "Maya").exit_code == 0
    before = (tmp_path / "wb" / DB_NAME).read_bytes()
    assert run("init", str(tmp_path / "wb"), "--name", "Other").exit_code == 1
    assert (tmp_path / "wb" / DB_NAME).read_bytes() == before


def test_init_refuses_a_bad_name(tmp_path):
    result = run("init", str(tmp_path / "wb"), "--name", "  ")
    assert result.exit_code == 1 and "mentee_name" in result.stderr and not (tmp_path / "wb").exists()


# -- export csv -------------------------------------------------------------------

DANGEROUS = ["=SUM(A1:A9)", "+44 123", "-minus", "@import", "-1", "=1+1\nsecond line"]


@pytest.fixture
def risky_workbook(new_workbook) -> Workbook:
    new_workbook.set_profile(Profile(career_goals="=HYPERLINK(\"x\")", help_wanted=["career"]))
    new_workbook.add(Goal(title="=cmd|' /C calc'!A0", baseline_level=-1, weight=2.5, description="-1"))
    new_workbook.add(Candidate(name="@Ada", organization="+Acme", same_organization=True,
                               relationship="acquaintance", respect=5, values_fit=4, path_similarity=3))
    for n, text in enumerate(DANGEROUS, start=1):
        new_workbook.add(Meeting(date=f"2026-01-{n:02d}", duration_min=30, mode="video", notes=text,
                                 objectives="plain"))
    new_workbook.add(ActionItem(description="Draft", meeting_id=1, due="2026-02-01"))
    return new_workbook


@pytest.mark.parametrize("text", ["=a", "+a", "-a", "@a", "\ta", "\ra"])
def test_neutralise_prefixes_every_formula_start(text):
    from mentorkit.exporting import neutralise

    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["plain", "a=b", " =not first", "", "'quoted"])
def test_neutralise_leaves_other_text_alone(text):
    from mentorkit.exporting import neutralise

    assert neutralise(text) == text


def read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_export_writes_one_file_per_table_with_every_column(risky_workbook, tmp_path):
    out = tmp_path / "new" / "export"
    result = run("export", "csv", str(risky_workbook.path), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.csv" for t in RECORD_TYPES)
    for table, cls in RECORD_TYPES.items():
        with open(out / f"{table}.csv", newline="", encoding="utf-8") as fh:
            assert next(csv.reader(fh)) == list(cls.model_fields)


def test_export_neutralises_formula_text_and_keeps_numbers(risky_workbook, tmp_path):
    out = tmp_path / "export"
    assert run("export", "csv", str(risky_workbook.path), "--out", str(out)).exit_code == 0
    notes = [row["notes"] for row in read(out / "meetings.csv")]
    assert notes == ["'" + text for text in DANGEROUS]
    assert all(row["objectives"] == "plain" and row["duration_min"] == "30" for row in read(out / "meetings.csv"))
    goal = read(out / "goals.csv")[0]
    assert goal["title"] == "'=cmd|' /C calc'!A0" and goal["description"] == "'-1"
    assert goal["baseline_level"] == "-1" and goal["weight"] == "2.5" and goal["active"] == "true"
    assert goal["created_on"] == ""
    candidate = read(out / "candidates.csv")[0]
    assert candidate["name"] == "'@Ada" and candidate["organization"] == "'+Acme"
    assert candidate["same_organization"] == "true" and candidate["senior"] == "true"
    assert candidate["respect"] == "5"
    assert read(out / "profile.csv")[0]["career_goals"].startswith("'=")
    action = read(out / "actions.csv")[0]
    assert action["due"] == "2026-02-01" and action["meeting_id"] == "1" and action["done_on"] == ""


def test_export_then_import_round_trips_meetings(risky_workbook, tmp_path):
    out = tmp_path / "export"
    run("export", "csv", str(risky_workbook.path), "--out", str(out))
    rows = read(out / "meetings.csv")
    clean = tmp_path / "meetings.csv"
    with open(clean, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=Meeting.columns())
        writer.writeheader()
        writer.writerows({k: v for k, v in row.items() if k != "id"} for row in rows)
    target = Workbook.create(tmp_path / "copy", "Copy")
    result = run("import", "meetings", str(clean), "--workbook", str(target.path))
    assert result.exit_code == 0, result.output
    assert [m.date for m in target.records("meetings")] == [m.date for m in risky_workbook.records("meetings")]


def test_export_of_a_missing_workbook_fails_cleanly(tmp_path):
    result = run("export", "csv", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "no such workbook folder" in result.stderr


# -- help ----------------------------------------------------------------------------

def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield prefix + (name,)
        if isinstance(command, click.Group):
            yield from _commands(command, prefix + (name,))


VERBS = list(_commands(main))


def test_top_level_help_lists_every_verb():
    result = run("--help")
    assert result.exit_code == 0
    for name in ("init", "demo", "import", "export", "charts", "report", "calendar", "cohort"):
        assert name in result.stdout


@pytest.mark.parametrize("verb", VERBS, ids=" ".join)
def test_every_verb_has_help(verb):
    result = run(*verb, "--help")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Usage: ") and len(result.stdout) > 80


@pytest.mark.parametrize("kind", ["meetings", "candidates", "actions", "checkins"])
def test_import_help_documents_the_columns(kind):
    from mentorkit.importing import IMPORTERS

    text = " ".join(run("import", kind, "--help").stdout.split())
    for column in IMPORTERS[kind].columns():
        assert column in text
    assert "Exit codes: 0 done, 1 rejected input, 2 usage error" in text


def test_the_console_script_runs():
    result = subprocess.run([sys.executable, "-m", "mentorkit", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and "mentorkit" in result.stdout
