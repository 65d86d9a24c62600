"""Run mentorkit's benchmarks and print one table: `python benchmarks/run.py` (what `make bench` calls).

Every `benchmarks/bench_*.py` module exposes `run() -> list[dict]`; each dict
is one result with at least `name`, `measured` (text shown as is), `goal`
(text) and `met` (True, False or None when there is no goal), and optionally
`ratio` (a float: the measurement over its reference, such as pandas' import
time, or over the goal itself for a plain time limit). Results are printed, never asserted: speed is measured here,
not in the test suite.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def discover(only: list[str] | None = None) -> list[Path]:
    """The bench_*.py modules beside this file, sorted, optionally filtered by name."""
    found = sorted(HERE.glob("bench_*.py"))
    if only:
        found = [p for p in found if any(word in p.stem for word in only)]
    return found


def load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_module(path: Path) -> list[dict]:
    """Run one module; a module that fails becomes one result that says so."""
    try:
        results = load(path).run()
    except Exception as exc:  # a broken benchmark must not hide the others
        traceback.print_exc()
        return [{"name": path.stem, "measured": f"failed: {type(exc).__name__}: {exc}", "goal": "", "met": False}]
    for result in results:
        result.setdefault("module", path.stem)
    return results


def _verdict(met) -> str:
    return {True: "meets goal", False: "MISSES goal", None: ""}[met]


def format_table(results: list[dict]) -> str:
    """A plain-text table: benchmark, measured, ratio, goal, verdict."""
    header = ("benchmark", "measured", "ratio", "goal", "verdict")
    rows = [(r["name"], str(r.get("measured", "")),
             "" if r.get("ratio") is None else f"{r['ratio']:.2f}", str(r.get("goal", "")), _verdict(r.get("met")))
            for r in results]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    line = lambda row: "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip()  # noqa: E731
    return "\n".join([line(header), line(tuple("-" * w for w in widths)), *(line(row) for row in rows)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run mentorkit's benchmarks (bench_*.py) and print a table.")
    parser.add_argument("only", nargs="*", help="Run only modules whose name contains one of these words.")
    parser.add_argument("--json", type=Path, help="Also write the results to this JSON file.")
    args = parser.parse_args(argv)
    modules = discover(args.only)
    if not modules:
        print("no benchmarks found", file=sys.stderr)
        return 1
    print(f"mentorkit benchmarks on Python {platform.python_version()}, {platform.machine()}, "
          f"{time.strftime('%Y-%m-%d %H:%M')}\n")
    results = []
    for path in modules:
        started = time.perf_counter()
        print(f"running {path.stem} ...", flush=True)
        results.extend(run_module(path))
        print(f"  done in {time.perf_counter() - started:.1f} s", flush=True)
    print()
    print(format_table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
