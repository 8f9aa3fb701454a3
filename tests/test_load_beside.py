"""Loading a large publication in two processes gives what loading it in one gives.

`publication check` and `mkdocs build` load with `beside=True`: past `load.FEWEST_FILES_BESIDE` record files,
a forked second process parses the later half while this one reads the first (load._records_read). These
tests lower that threshold, so that a corpus of every broken case, every special file and the default
content is split, and compare the problems and the records with a load in one process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from test_broken_records import BROKEN, BROKEN_CASES, records_with

from publication import load
from publication.load import load_publication
from publication.registry import RECORD_TYPES


@pytest.fixture
def split_small(monkeypatch):
    """Loads of ten files or more split, and the second process sends its parses seven files at a time."""
    monkeypatch.setattr(load, "FEWEST_FILES_BESIDE", 10)
    monkeypatch.setattr(load, "FILES_PER_MESSAGE", 7)


def every_broken_case(tmp_path: Path) -> Path:
    """The default content, and every broken case's files beside it (each case laid over the minimal
    fixture, as its test does, and each file renamed after its case, so that none replaces another), special
    files (links, pipes, sockets) included."""
    root = tmp_path / "corpus"
    for folder in RECORD_TYPES:
        shutil.copytree(ROOT / folder, root / folder)
    for case in BROKEN_CASES:
        laid = tmp_path / "cases" / case
        records_with(BROKEN / case, laid)  # special files (make.txt) included
        for folder in RECORD_TYPES:
            if (laid / folder).is_symlink() or not (laid / folder).is_dir():
                continue  # the case is about the record folder itself, not a file among others
            for entry in sorted((laid / folder).iterdir()):
                os.rename(entry, root / folder / f"{case}--{entry.name}")
    return root


def loaded(root: Path, beside: bool) -> tuple[list[str], dict, int]:
    result = load_publication(root, include_drafts=True, beside=beside)
    records = {key: record.model_dump() for key, record in result.catalogue.records.items()}
    return [str(problem) for problem in result.problems], records, result.files


def test_a_corpus_of_every_broken_case_loads_the_same_in_two_processes(tmp_path, split_small, monkeypatch):
    root = every_broken_case(tmp_path)
    problems, records, files = loaded(root, beside=False)
    assert files > 500 and len(problems) > 1000 and len(records) > 20  # split, rich in problems, with records
    forked = []

    class Noted(load.SideWork):
        def __init__(self, steps):
            super().__init__(steps)
            forked.append((len(steps), self.beside))

    monkeypatch.setattr(load, "SideWork", Noted)
    assert loaded(root, beside=True) == (problems, records, files)
    assert forked == [(-(-(files - files // 2) // 7), True)]  # the later half, in parts of seven, parsed there


@pytest.mark.parametrize("parts_sent", [0, 3])
def test_files_the_second_process_could_not_send_are_read_here(tmp_path, split_small, monkeypatch, parts_sent):
    """A second process that dies (out of memory, killed), at once or after sending some parts, costs time,
    not records or problems."""
    root = every_broken_case(tmp_path)
    expected = loaded(root, beside=False)
    here, parse_files, parsed_there = os.getpid(), load._parse_files, []

    def dies_there(files):
        if os.getpid() != here:
            if len(parsed_there) == parts_sent:
                os._exit(1)
            parsed_there.append(files)  # in the second process's memory
        return parse_files(files)

    monkeypatch.setattr(load, "_parse_files", dies_there)
    assert loaded(root, beside=True) == expected


def test_the_second_process_is_started_only_past_the_threshold(tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr(load, "SideWork", lambda steps: started.append(steps) or pytest.fail("forked"))
    load_publication(ROOT, beside=True)  # the default content: fewer files than FEWEST_FILES_BESIDE
    monkeypatch.setattr(load, "FEWEST_FILES_BESIDE", 10)
    load_publication(ROOT, beside=False)  # never under `mkdocs serve`
    assert started == []


# `publication check` interrupted (Ctrl-C: the terminal signals the whole process group) while the second
# process parses: the second process's parse is slowed, and the group is signalled after 20 files.
_INTERRUPTED_CHECK = """
import os, signal, sys, time
from publication import cli, load
here, parse_files, read_one = os.getpid(), load._parse_files, load._read_one
load.FEWEST_FILES_BESIDE = 10
def slow_there(files):
    if os.getpid() != here:
        time.sleep(5)
    return parse_files(files)
def read_then_interrupt(file, count=[0]):
    count[0] += 1
    if count[0] == 20:
        os.killpg(os.getpgid(0), signal.SIGINT)
        time.sleep(1)
    return read_one(file)
load._parse_files, load._read_one = slow_there, read_then_interrupt
sys.argv = ["publication", "check", "--root", sys.argv[1]]
sys.exit(cli.main())
"""


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="signals a process group, which only POSIX systems have")
def test_ctrl_c_while_the_second_process_parses_stops_check_without_a_traceback(tmp_path):
    root = every_broken_case(tmp_path)
    stopped = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED_CHECK, str(root)],
        capture_output=True,
        text=True,
        timeout=60,
        start_new_session=True,  # its own process group, which the script signals
    )
    assert stopped.returncode == 130
    assert "Traceback" not in stopped.stderr
