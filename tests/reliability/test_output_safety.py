"""Output safety: what mentorkit writes cannot turn a user's text against the person who opens it.

- CSV export: no cell of any text column of any table starts a spreadsheet formula.
- HTML (the report, the agreement, the notebook panels and forms): user text is
  text, never markup; a planted tag, attribute or script never comes out live.
- Cohort rosters: a workbook path never leads outside the roster's folder
  (links followed) unless allowed; a refused roster runs and writes nothing.
- Cohort summary: no text a mentee wrote reaches it.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mentorkit import Workbook
from mentorkit.exporting import FORMULA_STARTS, export_csv
from mentorkit.frames import column_kinds
from mentorkit.model import PRIVATE_TEXT, RECORD_TYPES, Record

from .helpers import folder_fingerprint, run_cli
from .strategies import HOSTILE_TEXT, shape

AS_OF = dt.date(2026, 6, 30)
TOKEN = "mkxss"
PAYLOADS = [
    f'=HYPERLINK("http://example.invalid","{TOKEN}")',
    f"+{TOKEN}<b>bold</b>",
    f"-1+<{TOKEN}>",
    f"@SUM(1)<script>{TOKEN}()</script>",
    f"<img src=x onerror={TOKEN}()>",
    f'"><{TOKEN} a="1">',
    f"'><{TOKEN}>",
    f"</textarea></title></style><{TOKEN}>",
    f"&lt;{TOKEN}&gt; looks escaped &amp; is not",
    f"\u202e<{TOKEN}>\u202c right to left",
    f"={TOKEN} \u05e9\u05dc\u05d5\u05dd",
    f"-{TOKEN}",
]
# What each record needs besides its text, to be valid; references point at the first record of a table.
BASE: dict[str, dict] = {
    "profile": {},
    "goals": {"weight": 2.0, "baseline_level": -1},
    "goal_levels": {"goal_id": 1, "date": "2026-03-01", "level": 0},
    "candidates": {"same_organization": False, "relationship": "acquaintance", "respect": 4, "values_fit": 4,
                   "path_similarity": 3},
    "interviews": {"date": "2026-02-01", "candidate_id": 1, "flow": 4, "star": True},
    "requests": {"candidate_id": 1, "sent_on": "2026-02-20", "outcome": "accepted", "outcome_on": "2026-03-01"},
    "agreements": {"candidate_id": 1, "start": "2026-03-01", "meetings_per_month": 1},
    "meetings": {"date": "2026-04-01", "duration_min": 45, "mode": "video"},
    "actions": {"meeting_id": 1, "due": "2026-05-01"},
    "feedback": {"date": "2026-04-01", "meeting_id": 1},
    "checkins": {"date": "2026-05-01", **{k: 4 for k in ("value_to_me", "value_to_mentor", "interest",
                                                         "encouragement", "connection", "candour",
                                                         "wish_to_continue")}},
    "mentor_checkins": {"date": "2026-05-01", **{k: 4 for k in ("value_to_mentor", "value_to_mentee", "interest",
                                                                "connection", "candour", "wish_to_continue")}},
}


def text_fields(cls: type[Record]) -> list[str]:
    """The fields that hold free text (not a fixed choice): where a user's words go."""
    return [n for n, k in column_kinds(cls).items() if k == "text" and shape(cls, n).choices is None]


def hostile_record(table: str, k: int) -> Record:
    """Record `k` of a table: its text fields take the payloads in turn (the one profile takes formulas only)."""
    cls = RECORD_TYPES[table]
    pool = [p for p in PAYLOADS if p.startswith(FORMULA_STARTS)] if table == "profile" else PAYLOADS
    values = dict(BASE[table])
    for j, name in enumerate(text_fields(cls)):
        values[name] = pool[(k + j) % len(pool)]
    return cls.parse(values)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Workbook:
    """A workbook whose every text field of every table holds a formula or markup, the name included."""
    wb = Workbook.create(tmp_path_factory.mktemp("hostile") / "wb", f"<{TOKEN}>Ana & \"Bo\" '{TOKEN}'")
    assert set(BASE) == set(RECORD_TYPES), "a new table: give it a BASE entry"
    for table in RECORD_TYPES:
        if table == "profile":
            wb.set_profile(hostile_record(table, 0))
        else:
            wb.add_many(hostile_record(table, k) for k in range(len(PAYLOADS)))
    return wb


# -- CSV export ------------------------------------------------------------------------------------


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_csv_export_neutralises_formulas_in_every_text_column(hostile, tmp_path, figures):
    out = tmp_path / "export"
    run = run_cli("export", "csv", str(hostile.path), "--out", str(out))
    assert run.returncode == 0, run.stderr
    cells = neutralised = 0
    for table, cls in RECORD_TYPES.items():
        rows = read_csv(out / f"{table}.csv")
        stored = hostile.records(table) if table != "profile" else [hostile.profile]
        assert len(rows) == len(stored)
        kinds = column_kinds(cls)
        for row, record in zip(rows, stored):
            for name, kind in kinds.items():
                cell, value = row[name], getattr(record, name)
                if kind in ("text", "list"):
                    cells += 1
                    assert not cell.startswith(FORMULA_STARTS), f"{table}.{name}: {cell!r} would run as a formula"
                    text = ";".join(value) if kind == "list" else value
                    if text.startswith(FORMULA_STARTS):
                        neutralised += 1
                        assert cell == "'" + text
                    else:
                        assert cell == text
                elif kind in ("int", "float") and value is not None:
                    assert float(cell) == value, f"{table}.{name}: a number must stay a number ({cell!r})"
        for name in text_fields(cls):
            assert any(r[name].startswith("'") for r in rows), f"{table}.{name} never held a formula"
    figures.add("output", "csv_text_cells_checked", cells)
    figures.add("output", "csv_formulas_neutralised", neutralised)
    figures.set("output", "csv_text_columns", sum(len(text_fields(c)) for c in RECORD_TYPES.values()))


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(table=st.sampled_from([t for t in RECORD_TYPES if t != "profile"]), data=st.data())
def test_no_exported_text_cell_starts_a_formula(table, data, tmp_path_factory, figures):
    cls = RECORD_TYPES[table]
    name = data.draw(st.sampled_from(text_fields(cls)))
    prefix = data.draw(st.sampled_from(["", *FORMULA_STARTS, " =", "\u00a0+", "\t-"]))
    text = prefix + data.draw(HOSTILE_TEXT)
    try:
        record = cls.parse({**BASE[table], name: text})
    except ValueError:
        return  # refused by the validator: nothing to export
    folder = tmp_path_factory.mktemp("formula")
    wb = Workbook.create(folder / "wb", "Formula Test")
    for needed in ("candidates", "goals", "meetings"):  # what the BASE references point at
        wb.add(hostile_record(needed, 1))
    wb.add(record)
    export_csv(wb, folder / "out")
    row = read_csv(folder / "out" / f"{table}.csv")[-1]
    figures.add("output", "csv_random_cells_checked", 1)
    assert not row[name].startswith(FORMULA_STARTS), f"{row[name][:40]!r} would run as a formula"
    value = getattr(record, name)
    assert row[name] == ("'" + value if value.startswith(FORMULA_STARTS) else value)


# -- HTML ------------------------------------------------------------------------------------------


class _Markup(HTMLParser):
    """Collects what a browser would treat as markup: tag names, attribute names, script text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


def injected(html_text: str) -> list[str]:
    """Everything the planted payloads managed to turn into live markup; [] when all of it stayed text."""
    parser = _Markup()
    parser.feed(html_text)
    parser.close()
    live = [f"<{t}>" for t in parser.tags if TOKEN in t]
    live += [f"attribute {a}" for a in parser.attributes if TOKEN in a or a.startswith("onerror")]
    live += [f"script {s[:40]!r}" for s in parser.scripts if TOKEN in s]
    return live


def shows_user_text(html_text: str) -> bool:
    parser = _Markup()
    parser.feed(html_text)
    return any(TOKEN in t for t in parser.text)


def _outputs(wb: Workbook, tmp_path: Path) -> dict[str, str]:
    """Every piece of HTML mentorkit makes from a workbook."""
    from mentorkit import agreement, journey, report
    from mentorkit.forms import RecordForm, findings_view, frame_view
    from mentorkit.screening import screen_all

    path = report.write_report(wb, tmp_path / "report.html", as_of=AS_OF)
    out = {
        "report (HTML file)": path.read_text(encoding="utf-8"),
        "agreement (HTML page)": agreement.to_html(wb),
        "agreement (notebook panel)": agreement.to_html_fragment(wb),
        "journey (notebook output)": journey.journey(wb, AS_OF)._repr_html_(),
        "screening findings (notebook panel)": findings_view(screen_all(wb))._repr_html_(),
    }
    for table in RECORD_TYPES:
        if table != "profile":
            out[f"{table} form table"] = RecordForm(wb, table).table.value
            out[f"{table} frame view"] = frame_view(wb.table(table))._repr_html_()
    return out


def test_user_text_stays_text_in_every_html_output(hostile, tmp_path, figures):
    outputs = _outputs(hostile, tmp_path)
    live = {where: found for where, html_text in outputs.items() if (found := injected(html_text))}
    shown = [where for where, html_text in outputs.items() if shows_user_text(html_text)]
    figures.add("output", "html_outputs_checked", len(outputs))
    figures.set("output", "html_payloads", len(PAYLOADS))
    assert live == {}
    # the payloads must really have been shown, or the check above proved nothing
    assert {"report (HTML file)", "agreement (HTML page)", "journey (notebook output)"} <= set(shown)
    assert len(shown) >= len(outputs) - 3, f"user text is missing from {sorted(set(outputs) - set(shown))}"
    from mentorkit.agreement import to_markdown

    assert f"<{TOKEN}" not in to_markdown(hostile), "the agreement's Markdown carries live markup"


# -- cohort roster paths ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cohort_tree(tmp_path_factory) -> Path:
    """root/cohort (the roster's folder) with workbooks a and sub/b, root/outside_wb, and links both ways."""
    root = tmp_path_factory.mktemp("paths")
    cohort = root / "cohort"
    for folder in (cohort / "a", cohort / "sub" / "b", root / "outside_wb"):
        Workbook.create(folder, "Path Test")
    (cohort / "link_out").symlink_to(root / "outside_wb")
    (cohort / "link_in").symlink_to(cohort / "a")
    (cohort / "dirlink_out").symlink_to(root)
    (cohort / "dirlink_in").symlink_to(cohort / "sub")
    (cohort / "sub" / "up").symlink_to(Path(".."))
    (cohort / "loop").symlink_to(cohort / "loop")
    (cohort / "db_out").symlink_to(root / "outside_wb" / "workbook.sqlite")
    return root


SEGMENTS = ["..", ".", "a", "sub", "b", "up", "link_out", "link_in", "dirlink_out", "dirlink_in", "outside_wb",
            "cohort", "nonexistent", "workbook.sqlite", "db_out", "loop", "~", "x" * 300, "a\x00b", " ", "é"]


def _inside(path: str, folder: Path) -> bool | None:
    """Where the OS would go: True inside `folder`, False outside, None when it is no usable path at all."""
    try:
        real = os.path.realpath(os.path.join(folder, os.path.expanduser(path)))
    except (ValueError, OSError):
        return None
    return Path(real).is_relative_to(folder)


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(parts=st.lists(st.sampled_from(SEGMENTS), min_size=1, max_size=5), absolute=st.booleans())
@example(parts=["x" * 300, "workbook.sqlite"], absolute=False)
@example(parts=["dirlink_out", "outside_wb", "workbook.sqlite"], absolute=False)
@example(parts=["sub", "up", "up", "outside_wb"], absolute=True)
@example(parts=["loop"], absolute=False)
@example(parts=["a\x00b"], absolute=False)
def test_roster_paths_stay_inside_the_roster_folder(parts, absolute, cohort_tree, figures):
    from mentorkit.cohort.roster import RosterError, read_roster

    folder = (cohort_tree / "cohort").resolve()
    path = "/".join(parts)
    if absolute:
        path = str(cohort_tree / "cohort" / path)
    roster = cohort_tree / "cohort" / "roster.csv"
    with open(roster, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["participant_id", "workbook"], ["p1", path]])
    inside = _inside(path.strip(), folder)  # the roster strips its cells
    figures.add("output", "roster_paths_tried", 1)
    try:
        checked = read_roster(roster)
    except RosterError as exc:
        assert exc.problems and all(p.startswith("line 2:") for p in exc.problems), str(exc)
        for problem in exc.problems:
            if "outside the roster's folder" in problem:
                assert inside is False, f"{path!r} is inside yet was refused as outside"
            else:  # a NUL byte, a link loop, an empty cell: refused for what it is
                assert "not a usable path" in problem or "is empty" in problem, problem
        return
    assert inside is True, f"{path!r} leads outside the roster's folder and was accepted"
    (participant,) = checked.participants
    assert participant.workbook.resolve().is_relative_to(folder)


def test_a_refused_roster_runs_nothing_and_writes_nothing(cohort_tree, tmp_path, figures):
    roster = cohort_tree / "cohort" / "refused.csv"
    roster.write_text("participant_id,workbook\nok1,a\nout1,link_out\nout2,../outside_wb\n", encoding="utf-8")
    before = folder_fingerprint(cohort_tree)
    for verb in ("summary", "run"):
        out = tmp_path / verb
        run = run_cli("cohort", verb, str(roster), "--out", str(out), "--as-of", "2026-06-30")
        assert run.returncode == 2, run.stderr
        assert "line 3" in run.stderr and "line 4" in run.stderr and "Traceback" not in run.stderr
        assert not out.exists(), f"cohort {verb} wrote output for a refused roster"
        figures.add("output", "rosters_refused", 1)
    assert folder_fingerprint(cohort_tree) == before


# -- cohort summary privacy --------------------------------------------------------------------------


def test_no_mentee_text_reaches_the_cohort_summary(hostile, tmp_path, figures):
    import shutil

    from mentorkit.cohort import summarise_cohort

    cohort = tmp_path / "cohort"
    for pid in ("m1", "m2"):
        shutil.copytree(hostile.path, cohort / pid, ignore=shutil.ignore_patterns("*-shm", "*-wal"))
    roster = cohort / "roster.csv"
    roster.write_text("participant_id,workbook\nm1,m1\nm2,m2\n", encoding="utf-8")
    result = summarise_cohort(roster, tmp_path / "out", as_of=AS_OF, echo=lambda _m: None)
    assert result.failed == []
    text = result.csv.read_text(encoding="utf-8")
    private = {f"{t}.{c}" for t, cols in PRIVATE_TEXT.items() for c in cols}
    figures.add("output", "cohort_private_fields_planted", len(private) + 1)
    assert TOKEN not in text, "a mentee's own words reached the cohort summary"
    assert "Ana" not in text, "the mentee's name reached the cohort summary"
