"""Benchmark: the default content built on each engine, the three ways the README documents.

Run from the repository root:  .venv/bin/python tests/benchmarks/bench_engines.py [--repeat 5]

In a temp copy of the project, each round times, as whole commands in fresh processes:

- `mkdocs build --strict` (the hooks; the default),
- `properdocs build --strict` (the same hooks, on ProperDocs),
- `publication stage` → `zensical build` → `publication postbuild` (no hooks), and each of its steps,

and prints the best and the median of the rounds. The PDF edition is made, as a publisher's build makes it,
unless --no-pdf. The rounds interleave the engines, so a busy machine
slows each of them alike.
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import make_project  # noqa: E402  (the test harness builds a temp copy of the project)

BIN = Path(sys.executable).parent
QUIET = {**os.environ, "NO_MKDOCS_2_WARNING": "true", "DISABLE_MKDOCS_2_WARNING": "true"}


def timed(argv: list[str], cwd: Path) -> float:
    """Seconds one command takes; it must succeed."""
    began = time.perf_counter()
    subprocess.run(argv, cwd=cwd, env=QUIET, check=True, capture_output=True)
    return time.perf_counter() - began


def one_round(root: Path, staged: Path) -> dict[str, float]:
    """Each road once."""
    times = {
        "mkdocs build --strict": timed([str(BIN / "mkdocs"), "build", "--strict", "-d", "site-mkdocs"], root),
        "properdocs build --strict": timed(
            [str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml", "-d", "site-properdocs"], root
        ),
        "publication stage": timed([str(BIN / "publication"), "stage", str(staged)], root),
        "zensical build": timed([str(BIN / "zensical"), "build", "--clean"], staged),
        "publication postbuild": timed([str(BIN / "publication"), "postbuild", "site"], staged),
    }
    times["stage + zensical + postbuild"] = sum(
        times[step] for step in ("publication stage", "zensical build", "publication postbuild")
    )
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="rounds (default 5)")
    parser.add_argument("--no-pdf", action="store_true", help="switch the PDF edition off, as most tests do")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        root = make_project(Path(temp) / "project", pdf=not args.no_pdf).root
        rounds = [one_round(root, Path(temp) / "staged") for _ in range(args.repeat)]
    print(f"| Road | best of {args.repeat} | median |")
    print("| --- | --- | --- |")
    for name in rounds[0]:
        values = [r[name] for r in rounds]
        print(f"| {name} | {min(values):.2f} s | {statistics.median(values):.2f} s |")


if __name__ == "__main__":
    main()
