"""Benchmark: how build time grows with the number of records.

Run from the repository root:  .venv/bin/python tests/benchmarks/bench_build.py [N ...]
It writes N synthetic evidence records (and one proposition per 50 of them) into a temp copy of
the project, times `mkdocs build` and the record check, and prints seconds per record, which
should stay roughly flat as N grows (linear time).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import make_project  # noqa: E402  (the test harness builds a temp copy of the project)

from publication.load import load_publication  # noqa: E402

NATIONS = ["england", "scotland", "wales", "northern-ireland", "uk-wide"]
KINDS = ["case-study", "report", "statistic", "conversation"]


def synthetic_records(root: Path, count: int) -> None:
    """Write `count` evidence records and enough propositions for them to support."""
    propositions = max(1, count // 50)
    for p in range(propositions):
        (root / "propositions" / f"proposition-{p}.yml").write_text(
            f"id: proposition-{p}\nnumber: {p + 1}\ntitle: Proposition {p}\nsummary: Summary {p}.\n"
            f"published: 2020-07-23\nsource: evidence-0\nthemes: [theme-{p % 7}]\n"
            f"recommendations:\n  - id: rec-{p}\n    title: Recommendation {p}\n    text: Do {p}.\n"
            f"    actors: [Actor {p % 5}]\n",
            encoding="utf-8",
        )
    start = dt.date(2020, 1, 1)
    for e in range(count):
        kind = "report" if e == 0 else KINDS[e % 4]
        p = e % propositions
        (root / "evidence" / f"evidence-{e}.yml").write_text(
            f"id: evidence-{e}\nkind: {kind}\ntitle: Evidence {e}\n"
            f"summary: Evidence {e} relates to [[proposition-{p}]].\n"
            f"places:\n  - {{name: Place {e}, nation: {NATIONS[e % 5]}}}\nthemes: [theme-{e % 7}]\n"
            f"supports:\n  - {{proposition: proposition-{p}, recommendation: rec-{p}, how: It shows {e}.}}\n"
            f"sources:\n  - {{title: Source {e}, publisher: Publisher}}\n"
            f"published: {start + dt.timedelta(days=e % 900)}\n",
            encoding="utf-8",
        )


def main(sizes: list[int]) -> None:
    print(f"{'records':>8} {'check s':>8} {'build s':>8} {'ms/record':>10}")
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            project = make_project(Path(tmp) / "project", Path(tmp) / "empty")
            synthetic_records(project.root, size)
            t0 = time.perf_counter()
            result = load_publication(project.root)
            check = time.perf_counter() - t0
            assert not result.errors, result.errors[:3]
            t0 = time.perf_counter()
            built = project.build(strict=False)
            build = time.perf_counter() - t0
            assert built.returncode == 0, built.stderr[-2000:]
            print(f"{size:>8} {check:>8.2f} {build:>8.2f} {1000 * build / size:>10.1f}", flush=True)


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [250, 500, 1000, 2000])
