"""Every mistake an editor can make in a record is caught, placed and explained, the same way everywhere.

The corpus lives in files, one case per folder:

    tests/broken/<case>/evidence/<file>.yml   the broken record(s), laid over tests/fixtures/minimal
    tests/broken/<case>/expected.txt          exactly what `publication check` prints

Each case is run twice, as an editor would meet it: through the check (exit 1, exactly the expected
lines, nothing on stderr) and through a full strict build (it stops, with the same problem lines logged
by the publication and nothing written). Both run in this process (`publication.cli.main`, and MkDocs'
`load_config` + `build`); a few cases go through the real `publication check` and `mkdocs build`
commands too, to show the exit status and that no traceback is printed. tests/accepted/<case>/ holds
files written in ways that look odd but are fine (a UTF-8 byte-order mark, Windows line endings): they
check and build cleanly.

To add a case: make the folder, put the broken file in it, and run

    .venv/bin/python -m pytest tests/test_broken_records.py --update-goldens

which writes every case's expected.txt from what the check prints now (the same flag rewrites the
page and feed snapshots in tests/golden/). Read every new line (`git diff tests/broken`) and commit it
only if it is what an editor should see; a deliberate change of wording is the same one command.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, PUBLICATION_LOG_LINE, ROOT, check_in_process, make_project

BROKEN = Path(__file__).resolve().parent / "broken"
ACCEPTED = Path(__file__).resolve().parent / "accepted"
BROKEN_CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())
ACCEPTED_CASES = sorted(p.name for p in ACCEPTED.iterdir() if p.is_dir())
PROBLEM_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): ")
# Run through the real commands too: a plain mistake, a file name that is not UTF-8 (how the terminal
# gets the bytes), a pipe where a record should be (it must not hang), and everything at once.
COMMAND_LINE_CASES = ["unknown-field", "message-file-name-not-utf8", "file-fifo", "every-problem-in-every-file"]


def lay_over(case: Path, root: Path) -> None:
    """Copy the case's record files over the project's records (the expected output stays out)."""
    for source in case.rglob("*"):
        if source.is_file() and source.name not in ("expected.txt", "make.txt"):
            target = root / source.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    make_special_files(case, root)


def records_with(case: Path, folder: Path) -> Path:
    """A folder holding the minimal fixture's records with the case's files laid over them."""
    for name in ("propositions", "evidence"):
        shutil.copytree(FIXTURES / "minimal" / name, folder / name)
    lay_over(case, folder)
    return folder


def run_check(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m hooks.publication check` in a fresh process, run from the repository root as an editor would."""
    return subprocess.run(
        [sys.executable, "-m", "hooks.publication", "check", "--root", str(root), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def expected_lines(case: str) -> list[str]:
    return (BROKEN / case / "expected.txt").read_text(encoding="utf-8").splitlines()


def write_expected(file: Path, output: str) -> None:
    """Replace an expected.txt whole (--update-goldens), so a test reading it meanwhile never sees half."""
    partial = file.with_name(f".{file.name}.{os.getpid()}")
    partial.write_text(output, encoding="utf-8")
    os.replace(partial, file)


def test_the_corpus_is_large_enough_and_every_case_has_its_expected_output():
    assert len(BROKEN_CASES) >= 25
    for case in BROKEN_CASES:
        lines = expected_lines(case)
        assert lines, case
        assert all(PROBLEM_LINE.match(line) for line in lines[:-1]), case
        assert re.match(r"^\d+ errors?, \d+ warnings? in the records \(\d+ files? checked\)$", lines[-1]), case


@pytest.mark.parametrize("case", BROKEN_CASES)
def test_check_reports_exactly_the_expected_lines(case, tmp_path, capsys, update_goldens):
    result = check_in_process(capsys, records_with(BROKEN / case, tmp_path))
    if update_goldens:
        write_expected(BROKEN / case / "expected.txt", result.stdout)
    assert result.stdout.splitlines() == expected_lines(case)
    assert result.returncode == 1
    assert result.stderr == ""


@pytest.mark.parametrize("case", COMMAND_LINE_CASES)
def test_the_check_command_exits_1_with_the_same_lines_and_no_traceback(case, tmp_path):
    result = run_check(records_with(BROKEN / case, tmp_path))
    assert result.stdout.splitlines() == expected_lines(case)
    assert result.returncode == 1
    assert result.stderr == ""
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("case", BROKEN_CASES)
def test_a_build_stops_with_the_same_lines(case, tmp_path):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    lay_over(BROKEN / case, project.root)
    result = project.build()
    expected = expected_lines(case)
    assert result.publication_lines() == expected[:-1]
    summary = expected[-1].split(" (")[0]
    assert f"{summary}: fix them and build again." in result.stderr
    assert not result.ok
    assert not (project.site / "index.html").exists()


@pytest.mark.parametrize("case", COMMAND_LINE_CASES)
def test_mkdocs_build_on_the_command_line_exits_1_with_the_same_lines_and_no_traceback(case, tmp_path):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    lay_over(BROKEN / case, project.root)
    result = project.build_with_cli()
    expected = expected_lines(case)
    logged = [m.group(1) for line in result.stderr.splitlines() if (m := PUBLICATION_LOG_LINE.match(line))]
    assert logged == expected[:-1]
    assert f"{expected[-1].split(' (')[0]}: fix them and build again." in result.stderr
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert not (project.site / "index.html").exists()


@pytest.mark.parametrize("case", ACCEPTED_CASES)
def test_odd_but_valid_files_pass_check_and_build(case, tmp_path, capsys):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    lay_over(ACCEPTED / case, project.root)
    checked = check_in_process(capsys, project.root, "--strict")
    assert checked.stdout.splitlines() == ["0 errors, 0 warnings in the records (4 files checked)"]
    assert checked.returncode == 0
    built = project.build()
    assert built.ok, built.stderr
    assert (project.site / "evidence" / "pop-up-shop" / "index.html").is_file()


def test_a_record_with_a_byte_order_mark_and_windows_line_endings_reads_like_any_other():
    import publication.yamlfile as yamlfile

    plain = (ACCEPTED / "utf8-bom" / "evidence" / "pop-up-shop.yml").read_bytes()[3:]
    for variant in (ACCEPTED / "bom-and-crlf", ACCEPTED / "crlf-line-endings"):
        odd = yamlfile.parse_yaml_file("x.yml", (variant / "evidence" / "pop-up-shop.yml").read_bytes())
        same = yamlfile.parse_yaml_file("x.yml", plain)
        assert (odd.data, odd.positions, odd.problems) == (same.data, same.positions, same.problems)


# -- files git cannot hold (or should not): made at test time from the case's make.txt -------------------
#
# One instruction a line; names may use Python escapes (\x1b) for characters a file name can hold but a
# line of text should not:
#
#     symlink <name> <target>     a symbolic link (to /etc/passwd, to a folder, to nothing)
#     fifo <name>                 a named pipe, which blocks whoever opens it to read
#     socket <name>               a Unix socket
#     device <name>               a character device like /dev/null (skipped where mknod is not allowed)
#     rename <name> <new name>    give a laid-over record another name (one with an escape in it)
#     move <name> <new name>      the same, for a folder


def _made_name(token: str) -> str:
    return token.encode("ascii").decode("unicode_escape")


def make_special_files(case: Path, root: Path) -> None:
    """Carry out the case's make.txt in `root`, after its record files are laid over."""
    import contextlib
    import os
    import socket
    import stat

    instructions = case / "make.txt"
    if not instructions.is_file():
        return
    for line in instructions.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        what, name, *rest = line.split()
        path = root / _made_name(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        if what == "symlink":
            path.symlink_to(_made_name(rest[0]))
        elif what == "fifo":
            os.mkfifo(path)
        elif what == "socket":
            with socket.socket(socket.AF_UNIX) as unix, contextlib.chdir(path.parent):
                unix.bind(path.name)  # by its short name: socket paths are limited to about 100 bytes
        elif what == "device":
            try:
                os.mknod(path, 0o644 | stat.S_IFCHR, os.makedev(1, 3))
            except PermissionError:
                pytest.skip("making a device file needs root")
        elif what in ("rename", "move"):
            target = root / _made_name(rest[0])
            target.parent.mkdir(parents=True, exist_ok=True)
            path.rename(target)
        else:
            raise ValueError(f"{instructions}: unknown instruction {what!r}")


SPECIAL_CASES = [case for case in BROKEN_CASES if (BROKEN / case / "make.txt").is_file()]


@pytest.mark.parametrize("case", SPECIAL_CASES)
def test_special_file_cases_make_what_they_say(case, tmp_path):
    """Each make.txt case really holds something that is not a plain regular record file,
    so its expected lines (checked above by check and by a build) are not vacuous."""
    import os
    import stat

    root = records_with(BROKEN / case, tmp_path)
    entries = [Path(folder) / name for folder, folders, files in os.walk(root) for name in folders + files]
    odd = [p for p in entries if not (stat.S_ISREG(os.lstat(p).st_mode) or stat.S_ISDIR(os.lstat(p).st_mode))]
    renamed = [p for p in entries if not p.name.isprintable()]
    assert odd or renamed


def test_a_device_is_refused_before_a_byte_is_read():
    from publication.load import UnreadableRecord, read_record_bytes

    for device in ("/dev/zero", "/dev/null"):  # /dev/zero would never end; neither is opened for reading
        with pytest.raises(UnreadableRecord, match="^is a device, not a file; "):
            read_record_bytes(Path(device))


def test_a_record_larger_than_a_record_can_be_is_refused_without_reading_it_all(tmp_path):
    from publication.load import UnreadableRecord, read_record_bytes

    large = tmp_path / "large.yml"
    with large.open("wb") as out:
        out.truncate(5_000_000_000)  # sparse: 5 GB on paper, nothing on disk
    with pytest.raises(UnreadableRecord, match=r"^the file is 5,000,000,000 bytes; a record must be smaller"):
        read_record_bytes(large)


def test_a_new_record_is_made_beside_links_pipes_and_linked_folders_without_reading_them(tmp_path):
    """`new` reads the existing records for ids and numbers: it must not hang on a pipe or read through a link."""
    import os

    root = records_with(BROKEN / "file-fifo", tmp_path)
    (root / "evidence" / "passwd.yml").symlink_to("/etc/passwd")
    (root / "evidence" / "etc").symlink_to("/etc")
    result = subprocess.run(
        [sys.executable, "-m", "hooks.publication", "new", "evidence", "Pop-up café", "--root", str(root)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert (root / "evidence" / "pop-up-cafe.yml").is_file()
    assert not os.path.isfile(root / "evidence" / "pop-up-shop.yml")  # the pipe is still a pipe


def test_command_line_errors_never_print_control_characters(tmp_path):
    folder = tmp_path / "\x1b]0;owned\x07"
    folder.mkdir()
    result = run_check(folder)
    assert result.returncode == 2
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\\x1b]0;owned\\x07 holds no propositions/ or evidence/ folder" in result.stderr
