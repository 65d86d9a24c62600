"""`mentorkit cohort collect`: received shares checked one by one; hostile ones refused by name, nothing written."""

from __future__ import annotations

import io
import os
import sqlite3
import stat
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from marked import DELETED, MARKER, bytes_hold, marked_workbook

from mentorkit.cli import main
from mentorkit.cohort.collect import Refusal, _copy_bounded, collect, participant_id
from mentorkit.cohort.roster import ID_PATTERN, read_roster
from mentorkit.share import share_workbook
from mentorkit.store import DB_NAME


@pytest.fixture(scope="module")
def shares(tmp_path_factory) -> Path:
    """Two clean shares made from marked workbooks, and the originals beside them."""
    root = tmp_path_factory.mktemp("received")
    for name in ("ana", "ben"):
        marked_workbook(root / "originals" / name)
        share_workbook(root / "originals" / name, root / name)
    return root


def zip_of(path: Path, entries: dict[str, bytes], *, links: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        for name in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "../../etc/passwd")
    return path


def db_bytes(shares: Path, name: str = "ana") -> bytes:
    return (shares / name / DB_NAME).read_bytes()


def quiet(*_args, **_kwargs) -> None:
    return None


def test_folders_and_zips_are_taken_into_a_cohort_with_a_roster(shares, tmp_path):
    top = zip_of(tmp_path / "ben-share.zip", {DB_NAME: db_bytes(shares, "ben")})
    nested = zip_of(tmp_path / "cy.zip", {"cy/" + DB_NAME: db_bytes(shares), "cy/exports/": b""})
    out = tmp_path / "cohort"
    result = collect([shares / "ana", top, nested], out, echo=quiet)
    assert result.refused == []
    assert [t.participant_id for t in result.taken] == ["ana", "ben-share", "cy"]
    roster = read_roster(out / "roster.csv")
    assert roster.ids == ["ana", "ben-share", "cy"]
    assert [p.workbook for p in roster.participants] == [(out / i).resolve() for i in roster.ids]
    assert bytes_hold(out, MARKER, DELETED) == []


def test_a_second_collection_adds_to_the_roster_and_refuses_an_id_taken(shares, tmp_path):
    out = tmp_path / "cohort"
    collect([shares / "ana"], out, echo=quiet)
    result = collect([shares / "ana", shares / "ben"], out, echo=quiet)
    assert [t.participant_id for t in result.taken] == ["ben"]
    assert "'ana' is already in" in result.refused[0].reason
    assert read_roster(out / "roster.csv").ids == ["ana", "ben"]


def refused_alone(source: Path, out: Path, **kwargs) -> str:
    """Collect one hostile source: it must be refused and leave nothing at all in `out`."""
    result = collect([source], out, echo=quiet, **kwargs)
    assert result.taken == [] and len(result.refused) == 1 and result.refused[0].source == source
    assert not out.exists(), "a refused source wrote something"
    return result.refused[0].reason


@pytest.mark.parametrize("entry", ["../evil/" + DB_NAME, "/srv/evil/" + DB_NAME, "a/../../" + DB_NAME,
                                   "..\\..\\" + DB_NAME, "C:/evil/" + DB_NAME])
def test_an_entry_escaping_the_folder_is_refused(shares, tmp_path, entry):
    archive = zip_of(tmp_path / "slip.zip", {entry: db_bytes(shares), "ok/readme.txt": b"hi"})
    reason = refused_alone(archive, tmp_path / "cohort")
    assert "escapes the folder" in reason and repr(entry) in reason
    assert not (tmp_path / "evil").exists() and not (tmp_path.parent / "evil").exists()


def test_links_are_refused_in_archives_folders_and_as_the_source(shares, tmp_path):
    archive = zip_of(tmp_path / "link.zip", {DB_NAME: db_bytes(shares)}, links=("exports/passwd",))
    assert "is a link" in refused_alone(archive, tmp_path / "c1")
    folder = tmp_path / "linked"
    folder.mkdir()
    (folder / DB_NAME).write_bytes(db_bytes(shares))
    os.symlink("/etc/passwd", folder / "exports")
    assert "holds a link (exports)" in refused_alone(folder, tmp_path / "c2")
    os.symlink(shares / "ana", tmp_path / "alias")
    assert "a link" in refused_alone(tmp_path / "alias", tmp_path / "c3")
    only_db = tmp_path / "dblink"
    only_db.mkdir()
    os.symlink(shares / "ana" / DB_NAME, only_db / DB_NAME)
    assert "holds a link (workbook.sqlite)" in refused_alone(only_db, tmp_path / "c4")


def test_archives_past_the_stated_size_are_refused(shares, tmp_path):
    data = db_bytes(shares)
    archive = zip_of(tmp_path / "big.zip", {DB_NAME: data})
    limit = archive.stat().st_size - 1
    assert "past the limit" in refused_alone(archive, tmp_path / "c1", max_bytes=limit)
    # small on disk, large once unpacked: the declared sizes are summed before anything is unpacked
    bomb = zip_of(tmp_path / "bomb.zip", {DB_NAME: data, "padding.bin": b"\0" * (4 * len(data))})
    assert bomb.stat().st_size < 2 * len(data)
    assert "add up to" in refused_alone(bomb, tmp_path / "c2", max_bytes=3 * len(data))
    folder_limit = len(data) - 1
    assert "past the limit" in refused_alone(shares / "ana", tmp_path / "c3", max_bytes=folder_limit)


def test_unpacking_stops_at_the_limit_whatever_an_archive_declares(tmp_path):
    with pytest.raises(Refusal, match="unpacks past"):
        _copy_bounded(io.BytesIO(b"x" * 5000), tmp_path / "out", 4096)
    _copy_bounded(io.BytesIO(b"x" * 4096), tmp_path / "ok", 4096)
    assert (tmp_path / "ok").stat().st_size == 4096


def test_a_share_with_text_in_a_private_field_is_refused_by_field(shares, tmp_path):
    tampered = tmp_path / "tampered"
    share_workbook(shares / "ana", tampered)
    conn = sqlite3.connect(tampered / DB_NAME)
    conn.execute("UPDATE meetings SET notes = 'she said the reorg is coming' WHERE id = 1")
    conn.commit()
    conn.close()
    reason = refused_alone(tampered, tmp_path / "c1")
    assert "meetings.notes (1)" in reason and "reorg" not in reason
    archive = zip_of(tmp_path / "t.zip", {DB_NAME: (tampered / DB_NAME).read_bytes()})
    assert "meetings.notes" in refused_alone(archive, tmp_path / "c2")


def test_a_whole_workbook_sent_instead_of_a_share_is_refused(shares, tmp_path):
    reason = refused_alone(shares / "originals" / "ana", tmp_path / "cohort")
    assert reason.startswith("not marked as a share") and "meta.mentee_name" in reason
    assert MARKER not in reason


def test_files_that_are_not_workbooks_are_refused(shares, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    assert "not a workbook folder or a zip" in refused_alone(text, tmp_path / "c1")
    fake = zip_of(tmp_path / "fake.zip", {DB_NAME: b"SQLite format 3\x00" + b"\0" * 200})
    assert "not a mentorkit workbook" in refused_alone(fake, tmp_path / "c2")
    foreign = tmp_path / "foreign.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    other = zip_of(tmp_path / "other.zip", {DB_NAME: foreign.read_bytes()})
    assert "not a mentorkit workbook" in refused_alone(other, tmp_path / "c3")
    empty = zip_of(tmp_path / "empty.zip", {"readme.txt": b"no workbook"})
    assert "no workbook.sqlite inside" in refused_alone(empty, tmp_path / "c4")
    two = zip_of(tmp_path / "two.zip", {"a/" + DB_NAME: db_bytes(shares), "b/" + DB_NAME: db_bytes(shares)})
    assert "holds 2 workbooks" in refused_alone(two, tmp_path / "c5")
    broken = tmp_path / "broken.zip"
    broken.write_bytes(zip_of(tmp_path / "whole.zip", {DB_NAME: db_bytes(shares)}).read_bytes()[:-30])
    assert refused_alone(broken, tmp_path / "c6")
    assert "no such file" in refused_alone(tmp_path / "missing", tmp_path / "c7")
    nothing = tmp_path / "empty-folder"
    nothing.mkdir()
    assert "no workbook.sqlite inside" in refused_alone(nothing, tmp_path / "c8")


def test_the_good_are_taken_beside_the_refused(shares, tmp_path):
    slip = zip_of(tmp_path / "slip.zip", {"../" + DB_NAME: db_bytes(shares)})
    out = tmp_path / "cohort"
    result = collect([slip, shares / "ana", shares / "originals" / "ben", shares / "ben"], out, echo=quiet)
    assert [t.participant_id for t in result.taken] == ["ana", "ben"]
    assert [r.source.name for r in result.refused] == ["slip.zip", "ben"]
    assert sorted(p.name for p in out.iterdir()) == ["ana", "ben", "roster.csv"]


def test_participant_ids_from_names_follow_the_roster_rules():
    assert participant_id(Path("ana-share.zip")) == "ana-share"
    assert participant_id(Path("-rm -rf.zip")) == "rm_-rf"
    assert participant_id(Path("Zoë O'Neil")) == "Zo_O_Neil"
    assert participant_id(Path("---.zip")) == "participant"
    assert all(ID_PATTERN.fullmatch(participant_id(Path(n))) for n in ("a" * 99, "é.zip", " ", "-_-x"))


def test_cli_collect_reports_each_source_and_exits_1_when_any_was_refused(shares, tmp_path):
    runner = CliRunner()
    out = tmp_path / "cohort"
    good = runner.invoke(main, ["cohort", "collect", str(shares / "ana"), "--out", str(out)])
    assert good.exit_code == 0, good.output
    assert "took" in good.output and "roster" in good.output
    bad = runner.invoke(main, ["cohort", "collect", str(shares / "originals" / "ben"), str(shares / "ben"),
                               "--out", str(out), "--max-mb", "50"])
    assert bad.exit_code == 1
    assert "refused" in bad.output and "not marked as a share" in bad.output and MARKER not in bad.output
    assert read_roster(out / "roster.csv").ids == ["ana", "ben"]
    summary = runner.invoke(main, ["cohort", "summary", str(out / "roster.csv"), "--out", str(tmp_path / "s"),
                                   "--as-of", "2026-11-15"])
    assert summary.exit_code == 0, summary.output
    assert bytes_hold(tmp_path / "s", MARKER, DELETED) == [] and bytes_hold(out, MARKER, DELETED) == []


def test_a_share_whose_rows_break_the_rules_is_refused(shares, tmp_path):
    dangling = tmp_path / "dangling"
    share_workbook(shares / "ana", dangling)
    conn = sqlite3.connect(dangling / DB_NAME)  # foreign keys are off in a plain connection
    conn.execute("INSERT INTO goal_levels (goal_id, date, level) VALUES (99, '2026-05-01', 1)")
    conn.commit()
    conn.close()
    assert "refer to nothing (first: goal_levels" in refused_alone(dangling, tmp_path / "c1")
    loose = tmp_path / "loose"
    share_workbook(shares / "ana", loose)
    conn = sqlite3.connect(loose / DB_NAME)
    conn.executescript("""
        PRAGMA writable_schema = ON;
        UPDATE sqlite_master SET sql = replace(sql, 'CHECK (weight > 0)', '') WHERE name = 'goals';
    """)
    conn.close()
    conn = sqlite3.connect(loose / DB_NAME)
    conn.execute("UPDATE goals SET weight = -5 WHERE id = 1")
    conn.commit()
    conn.close()
    assert "breaks the workbook's rules" in refused_alone(loose, tmp_path / "c2")
