"""Render the reliability suite's measured figures as the README table "What mentorkit guarantees".

    python scripts/guarantees_table.py [FIGURES_JSON] [--readme README.md]

Reads ``build/reliability-figures.json`` (written by ``pytest tests/reliability``)
and prints the Markdown table. With ``--readme`` it also replaces the table
between the ``<!-- guarantees:start -->`` and ``<!-- guarantees:end -->``
markers of that file. Exits 1 when the run that measured the figures had a
failing test or lost a record: such figures are no guarantee.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "build" / "reliability-figures.json"
START, END = "<!-- guarantees:start -->", "<!-- guarantees:end -->"
NOT_MEASURED = "not measured in this run"


def n(value: int | float) -> str:
    """A count with thousands separators."""
    return f"{value:,}"


def _load(figures: dict) -> str:
    load = figures.get("load", {})
    if not load:
        return NOT_MEASURED
    parts = []
    if load.get("process_writers"):
        parts.append(f"{n(load['process_records'])} records written at once by {load['process_writers']} processes")
    if load.get("kernel_writers"):
        parts.append(f"{n(load['kernel_records'])} by {load['kernel_writers']} real Jupyter kernels")
    locked = load.get("locked_errors", 0)
    return "; ".join(parts) + f"; {locked} \"database is locked\" errors reached a caller"


def _crashes(faults: dict) -> str:
    if not faults.get("sigkills"):
        return NOT_MEASURED
    return (f"{faults['sigkills_survived']} of {faults['sigkills']} SIGKILLs of a writer at random moments: each time "
            f"the workbook opened, passed SQLite's integrity check and held every confirmed write "
            f"({n(faults['sigkill_writes_confirmed'])} in all); no transaction was left half written")


def _corrupt(faults: dict) -> str:
    if not faults.get("corrupt_files"):
        return NOT_MEASURED
    return (f"{faults['corrupt_refused']} of {faults['corrupt_files']} damaged or foreign files (truncated at "
            f"{faults.get('corrupt_truncations', '?')} points, "
            f"random bytes, scrambled pages, a newer schema, a SQLite file that is not a workbook, an empty file, a "
            f"folder in its place...) refused with a clear error by `Workbook.open`, `export csv` and `import`; "
            f"{faults['corrupt_unchanged']} of {faults['corrupt_files']} left byte-for-byte unchanged")


def _hostile(hostile: dict) -> str:
    if not hostile:
        return NOT_MEASURED
    parts = []
    if hostile.get("import_files"):
        parts.append(f"{n(hostile['import_files'])} generated CSV files ({n(hostile['import_rows'])} rows) through the "
                     f"4 importers, {n(hostile['import_files_rejected'])} of them rejected, plus "
                     f"{n(hostile.get('header_files', 0))} with a broken header or no content")
    if hostile.get("records"):
        parts.append(f"{n(hostile['records'])} generated records for the {hostile['record_types']} record types "
                     f"({n(hostile['records_rejected'])} rejected)")
    return ("; ".join(parts) + ". Every rejection named the line and the field and left the workbook byte-for-byte "
            "unchanged; every accepted row read back exactly as validated")


def _output(output: dict) -> str:
    if not output:
        return NOT_MEASURED
    parts = []
    if output.get("csv_text_cells_checked"):
        parts.append(f"CSV export: {n(output['csv_text_cells_checked'] + output.get('csv_random_cells_checked', 0))} "
                     f"text cells in {output['csv_text_columns']} text columns, none starting a formula "
                     f"({n(output['csv_formulas_neutralised'])} neutralised)")
    if output.get("html_outputs_checked"):
        parts.append(f"HTML: {output['html_payloads']} planted markup payloads in every text field, "
                     f"{output['html_outputs_checked']} outputs (report, agreement, notebook panels and forms), "
                     f"no live tag")
    if output.get("roster_paths_tried"):
        parts.append(f"rosters: {n(output['roster_paths_tried'])} generated workbook paths (links, `..`, absolute), "
                     "none outside the roster's folder accepted")
    if output.get("cohort_private_fields_planted"):
        parts.append(f"cohort summary: none of {output['cohort_private_fields_planted']} private fields planted "
                     "reached it")
    return "; ".join(parts)


def _full_disk(storage: dict) -> str:
    if not storage.get("full_disk_writes"):
        return NOT_MEASURED
    writes = storage["full_disk_writes"]
    refused = storage.get("full_disk_refused", writes)
    text = (f"{writes} writes attempted on a full disk (a small tmpfs filled up: "
            f"{', '.join(storage.get('full_disk_kinds', []))}), {refused} of them refused"
            + (", the others saved whole" if refused < writes else ""))
    if storage.get("size_limit_writes"):
        text += (f"; {storage['size_limit_writes']} refused under a file-size limit "
                 f"({', '.join(storage.get('size_limit_kinds', []))})")
    return (text + ". Every refusal said the disk was full (or the limit reached) and where: exit 1 and one line "
            "on the command line, \"Not saved\" in the form's status line, no traceback. Records lost: "
            f"**{storage.get('records_lost', 0)}** of {n(storage.get('records_confirmed', 0))} saved; the workbook "
            "opened after every refusal, and saved again once there was room")


def _read_only(storage: dict) -> str:
    if not storage.get("read_only_workbooks"):
        return NOT_MEASURED
    return (f"{storage['read_only_workbooks']} workbooks on a read-only remount or in a read-only file (closed "
            "cleanly; with frames in the log and its index; with frames and no index; an older schema; a "
            f"read-only file in a writable folder): {n(storage.get('read_only_reads', 0))} reads served (tables, "
            "charts, report, CSV export and backup to another folder, cohort summary equal to the one read "
            f"before, cohort run); {storage.get('read_only_writes_refused', 0)} writes refused as read-only; "
            "none called damaged, not a byte changed")


def _lost(durability: dict) -> str:
    if "confirmed_writes" not in durability:
        return NOT_MEASURED
    return f"**{durability['lost_writes']}** of {n(durability['confirmed_writes'])} confirmed writes"


def render(figures: dict) -> str:
    """The Markdown table, with a line saying when and where it was measured."""
    faults = figures.get("faults", {})
    rows = [
        ("Load held", _load(figures), "`test_concurrency.py`"),
        ("Faults survived: crashes", _crashes(faults), "`test_crashes.py`"),
        ("Faults survived: damaged files", _corrupt(faults), "`test_corrupt_files.py`"),
        ("Hostile inputs tried", _hostile(figures.get("hostile", {})), "`test_hostile_input.py`"),
        ("Output safety", _output(figures.get("output", {})), "`test_output_safety.py`"),
        ("Storage full", _full_disk(figures.get("storage", {})), "`test_storage.py`"),
        ("Read-only workbooks read", _read_only(figures.get("storage", {})), "`test_storage.py`"),
        ("Records lost", _lost(figures.get("durability", {})), "all of the above"),
    ]
    lines = ["| guarantee | measured in the last run | test (`tests/reliability/`) |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    tests = figures.get("tests", {})
    outcome = ", ".join(f"{count} {kind}" for kind, count in sorted(tests.items())) or "no tests"
    lines += ["", f"Measured by `pytest tests/reliability` on {figures.get('generated_at', '?')[:10]}: {outcome} in "
                  f"{figures.get('duration_s', '?')} s (mentorkit {figures.get('mentorkit', '?')}, Python "
                  f"{figures.get('python', '?')}, SQLite {figures.get('sqlite', '?')}, "
                  f"{figures.get('platform', '?')})."]
    return "\n".join(lines)


def problems(figures: dict) -> list[str]:
    """Why these figures are no guarantee: failing tests, lost records."""
    found = []
    bad = {k: v for k, v in figures.get("tests", {}).items() if k not in ("passed", "skipped") and v}
    if bad:
        found.append(f"the run had {bad}")
    if figures.get("storage", {}).get("records_lost"):
        found.append(f"{figures['storage']['records_lost']} saved records were lost on a full disk")
    if figures.get("durability", {}).get("lost_writes"):
        found.append(f"{figures['durability']['lost_writes']} confirmed writes were lost")
    if figures.get("load", {}).get("locked_errors"):
        found.append("a 'database is locked' error reached a caller")
    return found


def replace_in_readme(readme: Path, table: str) -> None:
    text = readme.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{readme}: no {START} ... {END} markers to put the table between")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    readme.write_text(f"{head}{START}\n{table}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("figures", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--readme", type=Path, help="replace the table between the markers of this file")
    args = parser.parse_args(argv)
    try:
        figures = json.loads(args.figures.read_text(encoding="utf-8"))
    except FileNotFoundError:
        print(f"{args.figures}: not found; run `pytest tests/reliability` first", file=sys.stderr)
        return 2
    table = render(figures)
    print(table)
    found = problems(figures)
    for problem in found:
        print(f"guarantees_table: {problem}", file=sys.stderr)
    if args.readme and NOT_MEASURED in table:
        found.append("some figures were not measured (run the whole of tests/reliability); README left as it was")
        print(f"guarantees_table: {found[-1]}", file=sys.stderr)
    if args.readme and not found:
        replace_in_readme(args.readme, table)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
