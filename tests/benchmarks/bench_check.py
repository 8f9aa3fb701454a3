"""Benchmark: `publication check`, and the loading every build starts with, at a given number of records.

Not a test (pytest collects test_*.py only). Run it from the repository root on a quiet machine:

    .venv/bin/python tests/benchmarks/bench_check.py 1000 10000 [--runs 3]

For each size N it makes a project in a temp folder with N evidence records (bench_build.make_project: the
default evidence and clones of it) and runs, each in a fresh process and `--runs` times:

- `python -m publication check --root <project>` as an editor runs it, start-up included: wall time, CPU
  time (user and system) and peak memory (the process's maximum resident set size);
- `load_publication` alone, timed inside the process after the imports: what `mkdocs build` spends
  reading and checking the records (with `beside=True`, as the build and `check` load: past
  load.FEWEST_FILES_BESIDE files, half of them are parsed in a second process).

It prints each run, then the median of each figure, with the machine's load average before and after (the
machine is shared: wall time moves with the load, CPU time much less). Nothing here is timed in the tests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import make_project, run  # noqa: E402  (a sibling script, not a package)

# `load_publication` timed inside a fresh process: imports first (untimed), then the loading alone.
_LOAD_ONLY = """
import sys, time
from pathlib import Path
from publication.load import load_publication
started = time.perf_counter()
result = load_publication(Path(sys.argv[1]), beside=True)
print(f"{time.perf_counter() - started:.4f} {len(result.problems)}")
"""


def load_average() -> str:
    """The machine's load average over 1, 5 and 15 minutes."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def load_only(project: Path) -> float:
    """Seconds `load_publication` takes on `project`, in a fresh process, imports excluded."""
    done = subprocess.run(
        [sys.executable, "-c", _LOAD_ONLY, str(project)], capture_output=True, text=True, check=True, cwd=project
    )
    return float(done.stdout.split()[0])


def measure(count: int, runs: int) -> None:
    """Make a project of `count` evidence records and print the check's and the loading's figures."""
    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp) / "project", count)
        before = load_average()
        checks, loads = [], []
        for i in range(runs):
            check = run([sys.executable, "-m", "publication", "check", "--root", str(project)], project)
            if check.returncode not in (0, 1):
                raise SystemExit(f"publication check failed (exit {check.returncode}):\n{check.stderr[-3000:]}")
            loaded = load_only(project)
            checks.append(check)
            loads.append(loaded)
            print(
                f"  run {i + 1}: check {check.seconds:.2f} s wall, {check.cpu_seconds:.2f} s CPU, "
                f"peak {check.peak_mb:.0f} MB (exit {check.returncode}); load_publication {loaded:.2f} s",
                flush=True,
            )
        print(
            f"{count:,} records, median of {runs}: check {statistics.median(c.seconds for c in checks):.2f} s wall, "
            f"{statistics.median(c.cpu_seconds for c in checks):.2f} s CPU, "
            f"peak {statistics.median(c.peak_mb for c in checks):.0f} MB; "
            f"load_publication {statistics.median(loads):.2f} s "
            f"(load average {before} before, {load_average()} after)",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="+", type=int, help="numbers of evidence records, e.g. 1000 10000")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (the median is reported)")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; started {time.strftime('%H:%M:%S')}")
    for count in args.sizes:
        measure(count, args.runs)


if __name__ == "__main__":
    main()
