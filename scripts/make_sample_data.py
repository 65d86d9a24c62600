"""Write mentorkit's sample data into `data/` as readable CSV files, deterministically.

    python scripts/make_sample_data.py          # rewrite data/demo and data/cohort
    python scripts/make_sample_data.py --check  # exit 1 if data/ differs from what would be written

`data/demo/` is one fictional mentee's year (see `sample_demo.py`);
`data/cohort/` holds twelve fictional participants on known trajectories (see
`sample_cohort.py`) and `participants.csv`, which lists their folders (not a
roster: `mentorkit.sample.build_cohort` turns the folders into workbooks and
writes a roster for them). Each folder has one CSV per table, named
after the table, with an `id` column, plus `meta.csv` (key,value). Every record
goes through mentorkit's models while it is generated. Nothing depends on
today's date: the story is told as of `mentorkit.sample.DEMO_AS_OF`.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from sample_cohort import PLANS  # noqa: E402
from sample_cohort import build as build_participant  # noqa: E402
from sample_demo import build as build_demo_story  # noqa: E402
from sample_folder import render_csv  # noqa: E402

from mentorkit.sample import DEMO_AS_OF  # noqa: E402

DATA = HERE.parent / "data"
PARTS = ("demo", "cohort")


def expected_files() -> dict[str, str]:
    """Every file the script owns, relative to data/, mapped to its text."""
    files = {f"demo/{name}": text for name, text in build_demo_story(DEMO_AS_OF).files().items()}
    roster = []
    for pid, plan in PLANS.items():
        folder = build_participant(pid, plan, DEMO_AS_OF)
        _check_plan(pid, plan, folder)
        files.update({f"cohort/{pid}/{name}": text for name, text in folder.files().items()})
        roster.append([pid, pid])
    files["cohort/participants.csv"] = render_csv(["participant_id", "folder"], roster)
    return files


def _check_plan(pid: str, plan, folder) -> None:
    """The trajectories the cohort summary is meant to find must really be in the data."""
    actions = folder.tables["actions"]
    if plan.fixed_actions:
        due = [a for a in actions if a.due and a.due <= DEMO_AS_OF]
        done = [a for a in due if a.status == "done"]
        if len(due) < 4 or len(done) * 2 >= len(due):
            raise AssertionError(f"{pid}: expected >= 4 due actions and follow-through under half")
    if len(folder.tables["meetings"]) != len(plan.meetings):
        raise AssertionError(f"{pid}: meetings do not match the plan")


def current_files() -> dict[str, str]:
    found = {}
    for part in PARTS:
        root = DATA / part
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    found[path.relative_to(DATA).as_posix()] = path.read_text(encoding="utf-8", errors="replace")
    return found


def write(files: dict[str, str]) -> None:
    """Replace data/demo and data/cohort with exactly `files` (nothing else in data/ is touched)."""
    for part in PARTS:
        if (DATA / part).exists():
            shutil.rmtree(DATA / part)
    for rel, text in files.items():
        path = DATA / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="Exit 1 if data/ differs from what would be written.")
    args = parser.parse_args(argv)
    files = expected_files()
    if args.check:
        current = current_files()
        differ = sorted(k for k in files.keys() | current.keys() if files.get(k) != current.get(k))
        if differ:
            print(f"data/ is out of date ({len(differ)} file(s) differ), e.g. {', '.join(differ[:5])}; "
                  "run: python scripts/make_sample_data.py", file=sys.stderr)
            return 1
        print(f"data/ is up to date ({len(files)} files)")
        return 0
    write(files)
    print(f"Wrote {len(files)} files under {DATA.name}/ (demo and a cohort of {len(PLANS)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
