"""The build benchmark's records (tests/benchmarks/bench_build.py): clones of the default evidence that
check clean, each with an id and title of its own. The benchmark's timings are not tested."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from conftest import ROOT

from publication.load import load_publication

_SPEC = importlib.util.spec_from_file_location("bench_build", ROOT / "tests" / "benchmarks" / "bench_build.py")
bench_build = sys.modules["bench_build"] = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(bench_build)

DEFAULT_EVIDENCE = sorted(path.stem for path in (ROOT / "evidence").glob("*.yml"))


def test_the_benchmark_clones_the_default_evidence_into_distinct_records_that_check_clean(tmp_path: Path):
    count = len(DEFAULT_EVIDENCE) + 30  # every default record, then clones: some records cloned twice

    ids = bench_build.clone_records(tmp_path, count)

    assert ids[: len(DEFAULT_EVIDENCE)] == DEFAULT_EVIDENCE
    assert ids[len(DEFAULT_EVIDENCE)] == f"{DEFAULT_EVIDENCE[0]}-copy-1"
    assert ids[-1] == f"{DEFAULT_EVIDENCE[3]}-copy-30"
    result = load_publication(tmp_path)
    assert result.errors == []
    evidence = result.catalogue.evidence
    assert sorted(e.id for e in evidence) == sorted(ids)
    assert len({e.title for e in evidence}) == count
    original, clone = (result.catalogue.records[i] for i in (DEFAULT_EVIDENCE[0], f"{DEFAULT_EVIDENCE[0]}-copy-27"))
    assert clone.title == f"{original.title} (copy 27)"
    assert (clone.summary, clone.places, clone.supports) == (original.summary, original.places, original.supports)
    assert len(result.catalogue.propositions) == len(list((ROOT / "propositions").glob("*.yml")))


def test_a_benchmark_smaller_than_the_default_evidence_takes_its_first_records(tmp_path: Path):
    assert bench_build.clone_records(tmp_path, 3) == DEFAULT_EVIDENCE[:3]
