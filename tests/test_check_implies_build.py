"""`check --strict` passing means `mkdocs build --strict` passes: asserted for every case of every corpus.

An editor who runs the check before committing must never meet a published build that fails. So every case
in tests/broken/, tests/accepted/, tests/warnings/ and tests/hostile/ is checked strictly and built strictly;
wherever the check passes, the build must pass too. (The corpus tests themselves say what each case prints;
this test only holds the two verdicts together. The check and the build run in this process, to keep it
quick.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, check_in_process, make_project
from test_broken_records import lay_over

TESTS = Path(__file__).resolve().parent
CORPORA = ("broken", "accepted", "warnings", "hostile")
CASES = [f"{corpus}/{case.name}" for corpus in CORPORA for case in sorted((TESTS / corpus).iterdir()) if case.is_dir()]


def test_the_corpus_covers_every_folder():
    assert len(CASES) >= 100
    assert {case.split("/")[0] for case in CASES} == set(CORPORA)


@pytest.mark.parametrize("case", CASES)
def test_a_strict_check_that_passes_means_a_strict_build_that_passes(case, tmp_path, capsys):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    lay_over(TESTS / case, project.root)
    for leftover in ("expected.yml",):
        (project.root / leftover).unlink(missing_ok=True)

    checked = check_in_process(capsys, project.root, "--strict")
    built = project.build_in_process(strict=True)

    assert "Traceback" not in checked.stdout + checked.stderr
    if checked.returncode == 0:
        assert built.ok, "\n".join(built.log)
    else:
        assert checked.returncode == 1
