"""`check --strict` equals `mkdocs build --strict`: the same verdict and the same problem lines, for every
case of every corpus.

An editor who runs the check before committing must never meet a published build that fails, nor a build
message the check did not give. So every case in tests/broken/, tests/accepted/, tests/warnings/ and
tests/hostile/ is checked strictly and built strictly: wherever the check passes, the build passes too;
the build logs exactly the check's problem lines (file:line:column: field: message, warnings too), in the
same order; and it logs no other warning or error, such as MkDocs' warnings about a link in a generated
page (`evidence/x.md`, `print.md`) that the editor never wrote. (The corpus tests say what each case
prints; this test holds the two roads together. Both run in this process, to keep it quick.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, PUBLICATION_LOG_LINE, check_in_process, make_project
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
    *problem_lines, count = checked.stdout.splitlines()
    assert built.publication_lines() == problem_lines
    # Besides them the build logs nothing but the same count, when it stops for errors (a strict build that
    # stops for warnings says so in MkDocs' own last line): no warning from MkDocs about a generated page.
    others = [
        line for line in built.log if line.startswith(("WARNING", "ERROR")) and not PUBLICATION_LOG_LINE.match(line)
    ]
    summary = count.split(" (")[0]
    assert [line.split("-  ", 1)[1] for line in others] in ([], [f"{summary}: fix them and build again."])
