"""The `mentorkit` command: a thin click layer over the library.

Each verb parses its arguments, calls one library function and reports.
Errors go to stderr with exit 1; usage errors exit 2 (click's own).
"""

from __future__ import annotations

import datetime as dt
import errno
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .dates import ISO_DATE, parse_date
from .errors import InputRejectedError, MentorkitError
from .execute import skip_iri_grammar
from .exiting import skip_final_collection
from .storage import os_storage_error


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"mentorkit: error: {message}", err=True)
    sys.exit(code)


class _Group(click.Group):
    """Turns mentorkit's own errors, and a file that cannot be used, into one line on stderr and exit 1.

    Anything else (a plain ValueError, KeyError, TypeError...) is a bug: it keeps its traceback.
    """

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except MentorkitError as exc:
            _fail(str(exc))
        except OSError as exc:
            message = _file_problem(exc)
            if message is None:
                raise
            _fail(message)


# What is wrong with a named file or folder (missing, refused, of the wrong kind, on a full or
# read-only disk), as opposed to an OSError that says nothing the user can act on.
_FILE_ERRNOS = frozenset({
    errno.ENOENT, errno.EACCES, errno.EPERM, errno.EISDIR, errno.ENOTDIR, errno.EEXIST, errno.ENOTEMPTY,
    errno.ENAMETOOLONG, errno.ELOOP, errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS,
})


def _file_problem(exc: OSError) -> str | None:
    """One line naming the file and what is wrong with it, or None when `exc` names no file."""
    if not exc.filename or exc.errno not in _FILE_ERRNOS:
        return None
    storage = os_storage_error(exc, Path(exc.filename))
    if storage is not None:  # a full disk or read-only storage, said plainly
        return str(storage)
    return f"{exc.filename}: {exc.strerror}" if exc.strerror else f"{exc.filename}: {exc}"


def _as_of(_ctx, _param, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        day = parse_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    if day is None:  # blank text is not a date either
        raise click.BadParameter(f"{value!r} is not {ISO_DATE}")
    return day


WORKBOOK = click.argument("workbook", type=click.Path(path_type=Path))
AS_OF = click.option("--as-of", callback=_as_of, metavar="DATE", help="Count days up to this date (default today).")


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mentorkit")
def main() -> None:
    """mentorkit: a workbook for finding a mentor and running the relationship well.

    Your data stays in your workbook folder, on your machine.
    """
    skip_iri_grammar()  # this process is mentorkit's own: papermill, when a command needs it, in 0.4 s, not 1.5 s
    skip_final_collection()  # and it exits without collecting what its imports built (0.2 s after a cohort run)


@main.command()
@WORKBOOK
@click.option("--name", required=True, help="The mentee's name, shown in reports (never in cohort outputs).")
def init(workbook: Path, name: str) -> None:
    """Create a new workbook folder WORKBOOK (and missing parents).

    Refuses a folder that already holds anything.
    """
    from .store import Workbook

    wb = Workbook.create(workbook, name)
    click.echo(f"Created the workbook of {wb.mentee_name} in {wb.path}")


def _import_help(kind: str) -> str:
    from .importing import IMPORTERS

    cls = IMPORTERS[kind]
    required = cls.required_columns()
    optional = [c for c in cls.columns() if c not in required]
    return (
        f"Import {kind} from CSV into --workbook.\n\n"
        f"\b\nRequired columns: {', '.join(required)}\n"
        f"Optional columns: {', '.join(optional)}\n\n"
        "All or nothing by default: a bad row rejects the file, every bad line (the header is line 1) "
        "and field is named on stderr, and the workbook is left unchanged. With --skip-invalid the good "
        "rows are imported and the bad ones written beside the input as <name>.rejects.csv "
        "(the original columns plus `line` and `error`).\n\n"
        "Exit codes: 0 done, 1 rejected input, 2 usage error."
    )


class _ImportCommand(click.Command):
    """An import verb whose help names its CSV columns, read from the records' models only when shown."""

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        self.kind = kind
        super().__init__(*args, **kwargs)

    @property
    def help(self) -> str:
        return _import_help(self.kind)

    @help.setter
    def help(self, _value: str | None) -> None:
        """Set by click from the function's docstring; the columns are read when the help is shown."""


@main.group("import", cls=_Group)
def import_() -> None:
    """Import meetings, candidates, actions or check-ins from CSV, or a mentor's check-in answer."""


def _make_import(kind: str):
    @click.argument("csv_file", metavar="CSV", type=click.Path(path_type=Path, dir_okay=False))
    @click.option("--workbook", "workbook", required=True, type=click.Path(path_type=Path), help="The workbook folder.")
    @click.option("--skip-invalid", is_flag=True,
                  help="Import the good rows; write the bad ones to <name>.rejects.csv.")
    def command(csv_file: Path, workbook: Path, skip_invalid: bool) -> None:
        from .importing import import_csv

        try:
            result = import_csv(workbook, kind, csv_file, skip_invalid=skip_invalid)
        except InputRejectedError as exc:
            _fail(str(exc))
        click.echo(f"Imported {result.imported} {kind} from {csv_file} into {workbook}")
        if result.rejected:
            click.echo(
                f"Skipped {len(result.rejected)} bad row(s); see {result.rejects_path}",
                err=True,
            )
            for row in result.rejected:
                click.echo(f"  {row}", err=True)

    return import_.command(kind, cls=_ImportCommand, kind=kind)(command)


for _kind in ("meetings", "candidates", "actions", "checkins"):
    _make_import(_kind)


@import_.command("mentor-checkin")
@click.argument("answer_file", metavar="FILE", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--workbook", "workbook", required=True, type=click.Path(path_type=Path), help="The workbook folder.")
def import_mentor_checkin(answer_file: Path, workbook: Path) -> None:
    """Import the answer your mentor sent back from their check-in page (`mentorkit checkin-page`).

    The file (or a text file holding the copied line) must answer a page this
    workbook made for the current relationship and pass its checksum; a
    damaged, changed or foreign answer is refused and nothing is written.
    A second answer to the same page replaces the first.

    Exit codes: 0 done, 1 rejected input, 2 usage error.
    """
    from .mentoranswer import import_file

    try:
        result = import_file(workbook, answer_file)
    except InputRejectedError as exc:
        _fail(str(exc))
    click.echo(f"{result} into {workbook}")


@main.group(cls=_Group)
def export() -> None:
    """Export a workbook's tables."""


@export.command("csv")
@WORKBOOK
@click.option("--out", required=True, type=click.Path(path_type=Path, file_okay=False), help="Folder to write into.")
def export_csv_cmd(workbook: Path, out: Path) -> None:
    """Write one <table>.csv per table (meetings.csv, goals.csv, ...) into --out.

    Spreadsheet-safe: a text cell starting with = + - @, a tab or a carriage
    return gets a leading '; numbers stay numbers; booleans are true/false.
    """
    from .exporting import export_csv

    paths = export_csv(workbook, out)
    click.echo(f"Wrote {len(paths)} tables to {out}")


@main.command()
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("build/demo"),
              show_default=True, help="Folder for the demo's workbook and outputs.")
@click.option("--cohort", is_flag=True,
              help="Facilitators: build the sample cohort's workbooks and run `cohort run` on them (into OUT/cohort).")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="With --cohort: parallel processes (default: the number of cores).")
@click.option("--log", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Append the notebook kernels' own output to this file (default: not kept).")
def demo(out: Path, cohort: bool, jobs: int | None, log: Path | None) -> None:
    """Run the workbook's main job on the shipped sample mentee and say where the outputs are.

    With --cohort, a facilitator's job instead: the sample cohort's workbooks and
    roster are built under OUT/cohort/workbooks, `cohort run` runs on them as of
    the sample's date into OUT/cohort/report (summary.csv, cohort_summary.html,
    a report per participant), and the paths are printed. Exit 1 if any
    participant failed.
    """
    if cohort:
        from .cohort.demo import run_cohort_demo

        if log is not None:
            click.echo("--log: a cohort run keeps each kernel's last lines in the participant's status.json "
                       "when it fails; no log file is written", err=True)
        if run_cohort_demo(out, echo=click.echo, jobs=jobs, warn=_warn, progress=_progress_bar).failed:
            sys.exit(1)
        return
    if jobs is not None:
        raise click.BadParameter("only with --cohort", param_hint="--jobs")
    from .demo import run_demo

    run_demo(out, echo=click.echo, log=log)


@main.command()
@WORKBOOK
@click.option("--out", required=True, type=click.Path(path_type=Path, file_okay=False), help="Folder for the charts.")
@click.option("--format", "fmt", type=click.Choice(["png", "svg", "pdf"]), default="png", show_default=True)
@AS_OF
def charts(workbook: Path, out: Path, fmt: str, as_of: dt.date | None) -> None:
    """Write every chart of WORKBOOK into --out; a chart without enough data says so in the figure."""
    from .charts import export_all
    from .store import Workbook

    paths = export_all(Workbook.open(workbook), out, fmt, as_of=as_of)
    click.echo(f"Wrote {len(paths)} charts to {out}")


@main.command()
@WORKBOOK
@click.option("--out", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="FILE.pdf (multi-page) or FILE.html (self-contained, inline SVG).")
@AS_OF
def report(workbook: Path, out: Path, as_of: dt.date | None) -> None:
    """Write a progress report headed with the mentee's name, as PDF or HTML."""
    from .report import write_report
    from .store import Workbook

    if out.suffix.lower() not in (".pdf", ".html"):
        raise click.BadParameter("must end in .pdf or .html", param_hint="--out")
    path = write_report(Workbook.open(workbook), out, as_of=as_of)
    click.echo(f"Wrote the report to {path}")


@main.command("checkin-page")
@WORKBOOK
@click.option("--out", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="FILE.html to write and send to your mentor.")
@click.option("--date", "on", callback=_as_of, metavar="DATE", help="The check-in's date (default today).")
def checkin_page(workbook: Path, out: Path, on: dt.date | None) -> None:
    """Write a check-in page for your mentor: one HTML file they open and fill in, offline (G6.1, G6.2).

    It shows your first name, the date and the questions, and makes no request
    of any kind. Your mentor sends back a small file or a line of text; import
    it with `mentorkit import mentor-checkin` or in notebook 05.
    """
    from .mentorpage import make_page
    from .store import Workbook

    path = make_page(Workbook.open(workbook), out, on)
    click.echo(f"Wrote the check-in page to {path}: send it to your mentor")


@main.command()
@WORKBOOK
@click.option("--out", required=True, type=click.Path(path_type=Path, dir_okay=False), help="FILE.ics to write.")
@AS_OF
def calendar(workbook: Path, out: Path, as_of: dt.date | None) -> None:
    """Write planned meetings, follow-up reminders and action due dates as an iCalendar file.

    Planned meetings run at the agreed cadence from the agreement's start (without
    one: monthly from the last meeting, for 12 months). UIDs are stable across
    runs, so importing a newer file updates events instead of duplicating them.
    """
    from .ics import write_calendar
    from .store import Workbook

    path = write_calendar(Workbook.open(workbook), out, as_of=as_of)
    click.echo(f"Wrote the calendar to {path}")


@main.command()
@WORKBOOK
@click.option("--out", required=True, type=click.Path(path_type=Path),
              help="The new workbook folder to write; must not exist.")
def backup(workbook: Path, out: Path) -> None:
    """Copy WORKBOOK into the new workbook folder --out, safely even while it is open in a notebook.

    The copy is consistent (SQLite's online backup: every saved change, none half
    made) and opens like any workbook; restoring is opening it. Refuses an --out
    that exists. The exports/ folder is left out: make exports again from the copy.
    """
    from .backup import backup_workbook

    path = backup_workbook(workbook, out)
    click.echo(f"Backed up {workbook} to {path}")


@main.command()
@WORKBOOK
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="The new folder to write the share into; must not exist.")
@click.option("--preview", is_flag=True, help="Show what would be withheld and what a facilitator would see; "
                                                "write nothing.")
@AS_OF
def share(workbook: Path, out: Path | None, preview: bool, as_of: dt.date | None) -> None:
    """Write a metrics-only copy of WORKBOOK for a facilitator into the new folder --out.

    Every private text field and your name are emptied (or become a neutral label
    such as "goal 1" where a field may not be empty); only dates, numbers and
    choices remain. The share is a new file, so no deleted note survives in it.
    Prints what was withheld, by table and field, never the words. --preview shows
    it first and writes nothing (--as-of: the date its summary row counts to).
    """
    from . import share as sharing

    if preview == (out is not None):
        raise click.UsageError("give either --out FOLDER (write the share) or --preview (write nothing)")
    if preview:
        click.echo(str(sharing.preview(workbook, as_of=as_of)))
        return
    assert out is not None  # no --preview means --out, checked above
    result = sharing.share_workbook(workbook, out)
    click.echo(f"Wrote the share of {workbook} to {result.path} (metrics only). Withheld:")
    for line in result.withheld.lines():
        click.echo(line)


@main.command()
@click.argument("dest", type=click.Path(path_type=Path, file_okay=False))
def notebooks(dest: Path) -> None:
    """Copy the journey notebooks (00 to 06) and cohort_summary into DEST.

    A file already in DEST is never replaced. Each copy records the mentorkit
    version it came from in its metadata.
    """
    from .workspace import copy_notebooks

    result = copy_notebooks(dest)
    click.echo(f"Copied {len(result.copied)} notebooks into {dest}")
    for path in result.kept:
        click.echo(f"  kept your {path.name} (already there; not replaced)")


WORKBOOK_OPTIONAL = click.argument("workbook", type=click.Path(path_type=Path), default=Path("my-workbook"))
PORT = click.option("--port", type=click.IntRange(1, 65535), default=None,
                    help="Port on 127.0.0.1 (default: Jupyter's usual one when free, else any free one).")
NO_BROWSER = click.option("--no-browser", is_flag=True, help="Print the address; do not open a browser.")
NAME = click.option("--name", default=None, help="The mentee's name, for a new workbook (asked when not given).")


def _interactive() -> bool:
    """True when someone can answer a question on the terminal."""
    return sys.stdin.isatty()


def _workspace(workbook: Path, name: str | None):
    """Open or create the workbook (asking for the name on a terminal), then prepare its workspace."""
    from .workspace import open_or_create, prepare_workspace

    ask = (lambda: click.prompt("No workbook there yet. Your name (it heads your reports)")) \
        if _interactive() else None
    wb, created = open_or_create(workbook, name, ask)
    if created:
        click.echo(f"Created the workbook of {wb.mentee_name} in {wb.path}")
    elif name and name.strip() != wb.mentee_name:
        click.echo(f"--name ignored: {wb.path} is already the workbook of {wb.mentee_name}", err=True)
    update = prepare_workspace(wb.path)
    click.echo(f"Notebooks in {update.folder} (beside the workbook, never inside it)")
    for label, paths in (("copied", update.copied), ("updated (you had not changed them)", update.updated)):
        if paths:
            click.echo(f"  {label}: {', '.join(p.name for p in paths)}")
    for path in update.offered:
        click.echo(f"  a newer notebook is offered beside yours: {path.name} (yours is unchanged)")
    return wb, update.folder


@main.command()
@WORKBOOK_OPTIONAL
@NAME
@PORT
@NO_BROWSER
@click.option("--allow-root", is_flag=True, help="Let JupyterLab run as root (containers).")
def lab(workbook: Path, name: str | None, port: int | None, no_browser: bool, allow_root: bool) -> None:
    """Open JupyterLab on the journey for WORKBOOK (default: ./my-workbook).

    On first use, creates the workbook (with --name, or asks) and a workspace
    folder with the notebooks beside it, WORKBOOK-notebooks. Notebooks you have
    changed are never replaced; newer ones are offered beside them. Listens on
    127.0.0.1 only; the printed address carries the access token.
    """
    from .servers import lab_command, run_server

    wb, folder = _workspace(workbook, name)
    command = lab_command(folder, wb.path, port=port, open_browser=not no_browser, allow_root=allow_root)
    click.echo(f"JupyterLab for {wb.mentee_name}: {command.url}\n(Ctrl-C stops it)")
    sys.exit(run_server(command))


@main.command()
@WORKBOOK_OPTIONAL
@NAME
@PORT
@NO_BROWSER
def app(workbook: Path, name: str | None, port: int | None, no_browser: bool) -> None:
    """Serve the journey for WORKBOOK as an app with Voila: forms and outputs, no code.

    Needs the app extra: pip install 'mentorkit[app]'. Uses the same workspace
    as `mentorkit lab`. Listens on 127.0.0.1 only.
    """
    from .servers import app_command, require_voila, run_server

    require_voila()  # before anything is created
    wb, folder = _workspace(workbook, name)
    command = app_command(folder, wb.path, port=port, open_browser=not no_browser)
    click.echo(f"The mentorkit app for {wb.mentee_name}: {command.url}\n(Ctrl-C stops it)")
    sys.exit(run_server(command))


def _warn(message: str) -> None:
    """A cohort run's failure line on stderr, clear of the progress bar."""
    from tqdm import tqdm

    tqdm.write(message, file=sys.stderr)


def _progress_bar(total: int, description: str) -> Any:
    """The bar on stderr that counts a cohort run's finished participants."""
    from tqdm import tqdm

    return tqdm(total=total, desc=description, unit="participant", file=sys.stderr, mininterval=0.5,
                dynamic_ncols=True)


@main.group(cls=_Group)
def cohort() -> None:
    """Facilitators: run and summarise a cohort of mentees from a roster CSV."""


ROSTER = click.argument("roster", type=click.Path(path_type=Path, dir_okay=False))
ALLOW_OUTSIDE = click.option("--allow-outside", is_flag=True,
                             help="Accept workbook paths that resolve outside the roster's folder.")


@cohort.command("run")
@ROSTER
@click.option("--out", required=True, type=click.Path(path_type=Path, file_okay=False), help="Output folder.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Parallel processes (default: the number of cores).")
@click.option("--scheduler", metavar="ADDR", default=None,
              help="Run on this Dask distributed scheduler (mentorkit[dask]).")
@AS_OF
@click.option("--force", is_flag=True, help="Run participants again even when their outputs are complete.")
@ALLOW_OUTSIDE
def cohort_run(roster: Path, out: Path, jobs: int | None, scheduler: str | None, as_of: dt.date | None,
               force: bool, allow_outside: bool) -> None:
    """Run each participant's report notebook with papermill, then write the cohort summary.

    ROSTER is a CSV with the columns participant_id,workbook (paths relative to the
    roster's folder). Writes OUT/<participant_id>/ (the executed notebook, charts/,
    status.json) and OUT/summary.csv. Exit 1 if any participant failed; exit 2 for
    a roster that is refused before anything runs.
    """
    from .cohort import RosterError, run_cohort

    try:
        result = run_cohort(roster, out, jobs=jobs, scheduler=scheduler, as_of=as_of, force=force,
                            allow_outside=allow_outside, echo=click.echo, warn=_warn, progress=_progress_bar)
    except RosterError as exc:
        _fail(str(exc), code=2)
    if result.failed:
        sys.exit(1)


@cohort.command("summary")
@ROSTER
@click.option("--out", required=True, type=click.Path(path_type=Path, file_okay=False), help="Output folder.")
@AS_OF
@ALLOW_OUTSIDE
def cohort_summary(roster: Path, out: Path, as_of: dt.date | None, allow_outside: bool) -> None:
    """Aggregate the cohort into OUT/summary.csv (metrics only, no mentee text)."""
    from .cohort import RosterError, summarise_cohort

    try:
        result = summarise_cohort(roster, out, as_of=as_of, allow_outside=allow_outside, echo=click.echo,
                                  warn=_warn)
    except RosterError as exc:
        _fail(str(exc), code=2)
    if result.failed:
        sys.exit(1)


@cohort.command("collect")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="The cohort folder: one folder per share, and roster.csv.")
@click.option("--max-mb", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Refuse a share or archive past this size in MB (default 100).")
def cohort_collect(sources: tuple[Path, ...], out: Path, max_mb: float | None) -> None:
    """Take received shares (folders or zip files) into the cohort folder --out, with a roster.

    Each SOURCE is checked first and refused by name when it is a link, not a
    workbook, not a clean share (private text or the name in it), an archive with
    an entry leaving its folder, or past the size limit; nothing is written for
    it. The others are copied fresh into --out/<id>/ and added to
    --out/roster.csv, the id taken from the source's name. Exit 1 if any was refused.
    """
    from .cohort.collect import MAX_BYTES, collect

    limit = MAX_BYTES if max_mb is None else int(max_mb * 2**20)
    result = collect(list(sources), out, max_bytes=limit, echo=click.echo)
    if result.taken:
        click.echo(f"{len(result.taken)} share(s) in {out}; roster: {result.roster}")
    if result.refused:
        sys.exit(1)


if __name__ == "__main__":
    main()
