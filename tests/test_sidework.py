"""The build's second process (sidework.py): the PDF edition and the site files, made while the pages render.

Steps in, results out in order, from another process; what a step raises or logs reaches the build as if
it had happened there; and a site built with the second process is the site built without it, byte for byte.
"""

from __future__ import annotations

import gc
import logging
import os

import pytest
from conftest import make_project

from publication import paths, sidework
from publication.sidework import SideWork, SideWorkError

pytestmark = pytest.mark.skipif(not sidework.can_fork(), reason="this platform does not fork: steps run in-process")


def test_each_step_returns_its_result_from_a_second_process_in_order():
    work = SideWork([os.getpid, lambda: "second", lambda: b"third"])
    assert work.beside
    assert work.result(0) != os.getpid()
    assert work.result(2) == b"third"  # waits for the ones before it
    assert work.result(1) == "second"
    assert work.result(0) == work.result(0)  # kept: asked again, the same answer


def test_without_a_second_process_each_step_runs_here_when_asked_for():
    ran = []
    work = SideWork([lambda: ran.append("first") or os.getpid(), lambda: ran.append("second")], beside=False)
    assert not work.beside and ran == []
    assert work.result(0) == os.getpid()
    assert ran == ["first"]


def test_a_step_s_exception_is_raised_in_the_build_and_later_steps_do_not_run(tmp_path):
    marker = tmp_path / "ran"

    def fails():
        raise ValueError("mkdocs.yml: extra.publication.pdf: no Pango")

    work = SideWork([lambda: "made", fails, lambda: marker.write_text("x")])
    assert work.result(0) == "made"
    with pytest.raises(ValueError, match="no Pango"):
        work.result(1)
    with pytest.raises(ValueError, match="no Pango"):  # and again, for whoever asks next
        work.result(1)
    with pytest.raises(SideWorkError, match="^step 3 of 3 was not made: an earlier one failed$"):
        work.result(2)
    assert not marker.exists()


def test_what_a_step_logs_is_logged_in_the_build(caplog):
    def warns():
        logging.getLogger("mkdocs.plugins.weasyprint").warning("a %s the layout skipped", "rule")
        logging.getLogger("mkdocs.plugins.weasyprint").debug("below the logger's level: not sent")
        return "done"

    logging.getLogger("mkdocs.plugins.weasyprint").setLevel(logging.INFO)
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        assert SideWork([warns]).result(0) == "done"
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ("mkdocs.plugins.weasyprint", "WARNING", "a rule the layout skipped")
    ]


def test_a_second_process_that_dies_is_reported_not_waited_for():
    work = SideWork([lambda: os._exit(9)])
    with pytest.raises(SideWorkError, match=r"^the build's second process stopped before it finished step 1 of 1"):
        work.result(0)


def test_results_nobody_asks_for_do_not_keep_the_second_process_alive():
    work = SideWork([lambda: b"x" * 1_000_000])  # more than a pipe holds: the child waits to send it
    process = work._process
    del work
    gc.collect()
    process.join(timeout=10)
    assert not process.is_alive()


def test_a_site_built_with_the_second_process_is_the_site_built_without_it(tmp_path, monkeypatch):
    # The default content with its PDF edition: every file of the two sites, byte for byte.
    beside = make_project(tmp_path / "beside", pdf=True)
    assert beside.build().ok
    monkeypatch.setattr(sidework, "can_fork", lambda: False)
    here = make_project(tmp_path / "here", pdf=True)
    assert here.build().ok

    def files(site):
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}

    built_beside, built_here = files(beside.site), files(here.site)
    assert paths.PDF_EDITION in built_beside
    assert sorted(built_beside) == sorted(built_here)
    assert [name for name in built_beside if built_beside[name] != built_here[name]] == []
