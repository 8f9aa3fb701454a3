"""Shared test helpers: throw-away copies of the project to build and check (the core is the installed
`publication`).

A test gets a `Project`: a temp folder holding this repository's mkdocs.yml, docs/, overrides/ and
(linked) hooks/, plus whatever records the test writes. `project.build()` runs the build in this
process, as MkDocs' own tests do (`load_config`, then `build`), and returns what `mkdocs build` would
have exited with and logged; `project.build_with_cli()` runs the real `mkdocs build` in a fresh process,
for the few tests about the command itself (exit 1, no traceback) and for builds that need one (a faked
clock). `check_in_process` runs `publication check` in this process with the output captured.

In-process builds share the process, so nothing may carry over from one to the next: MkDocs loads the
hook module once per path (each project has its own), the hooks replace their build state in
`on_config`, and `SOURCE_DATE_EPOCH` and the `mkdocs` logger's level are put back after every build.

`--update-goldens` rewrites the golden files from the current output instead of comparing with them:
the page and feed snapshots (tests/golden/) and the expected output of the broken and warning corpora
(tests/broken/*/expected.txt, tests/warnings/*/expected.txt). Read `git diff tests` before committing.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# A line the publication logs, as `mkdocs build` prints it: "ERROR   -  publication: <problem line>".
PUBLICATION_LOG_LINE = re.compile(r"^(?:ERROR|WARNING) +-  publication: (.*)$")


def pytest_addoption(parser):
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite the golden files (tests/golden/, tests/broken/*/expected.txt, "
        "tests/warnings/*/expected.txt) from this run's output instead of comparing",
    )


@pytest.fixture
def update_goldens(request) -> bool:
    """Whether this run rewrites the golden files instead of comparing with them (--update-goldens)."""
    return request.config.getoption("--update-goldens")


@dataclass
class InProcessBuild:
    """What a `mkdocs build` run in this process did, in the terms of the command line.

    `log` holds every line MkDocs and the hooks logged, formatted as `mkdocs build` prints them on
    stderr ("WARNING -  publication: ..."); `aborted` is the message the command ends with when the
    build stops ("Aborted with 2 warnings in strict mode!"). `returncode`, `stderr` and `stdout` say the
    same as a finished `subprocess.run` of the command would, so a test reads the same either way.
    """

    ok: bool
    log: list[str] = field(default_factory=list)
    aborted: str = ""

    @property
    def returncode(self) -> int:
        """The exit status `mkdocs build` would have had."""
        return 0 if self.ok else 1

    @property
    def stderr(self) -> str:
        """The log, as `mkdocs build` prints it."""
        return "".join(f"{line}\n" for line in self.log)

    @property
    def stdout(self) -> str:
        """What `mkdocs build` prints on stdout: only the message it stops with."""
        return f"\n{self.aborted}\n" if self.aborted else ""

    def publication_lines(self) -> list[str]:
        """The problem lines the publication logged (without MkDocs' level prefix), in order."""
        return [m.group(1) for line in self.log if (m := PUBLICATION_LOG_LINE.match(line))]


class _CommandLineLog(logging.Handler):
    """Collects log records as MkDocs' command line prints them (its ColorFormatter, without colour)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname:<8}-  {record.getMessage()}")


@contextlib.contextmanager
def command_line_log() -> Iterator[_CommandLineLog]:
    """While in it, MkDocs logs as its command line does (INFO lines logged, collected by the handler given)
    and SOURCE_DATE_EPOCH is unset, as `build_with_cli` runs MkDocs (pages dated by the records alone);
    afterwards the `mkdocs` logger and `os.environ` are as they were."""
    handler = _CommandLineLog()
    logger = logging.getLogger("mkdocs")
    saved_level, saved_environ = logger.level, dict(os.environ)
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved_level)
        os.environ.clear()
        os.environ.update(saved_environ)


@dataclass
class Project:
    """A copy of the site project in a temp folder."""

    root: Path

    @property
    def site(self) -> Path:
        """Where `build` writes the site."""
        return self.root / "site"

    def write(self, relative: str, text: str | bytes) -> Path:
        """Write a file (a record, a page) into the project."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return path

    def copy_records(self, source: Path) -> None:
        """Replace the project's records by those of a fixture tree (or of the repository)."""
        for folder in ("propositions", "evidence"):
            shutil.rmtree(self.root / folder, ignore_errors=True)
            if (source / folder).is_dir():
                shutil.copytree(source / folder, self.root / folder)
            else:
                (self.root / folder).mkdir()

    def build(self, strict: bool = True) -> InProcessBuild:
        """Build the site in this process (strict by default), as `mkdocs build [--strict]` would, the way
        MkDocs' own tests do: `load_config`, the plugins' `on_startup`, `build`, `on_shutdown`."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import Abort, MkDocsException

        with command_line_log() as handler:
            try:
                config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(self.site), strict=strict)
                config.plugins.on_startup(command="build", dirty=False)
                try:
                    build(config)
                finally:
                    config.plugins.on_shutdown()
                return InProcessBuild(True, handler.lines)
            except Abort as stopped:
                return InProcessBuild(False, handler.lines, stopped.format_message())
            except MkDocsException as stopped:  # a configuration error: the command prints "Error: ..."
                return InProcessBuild(False, handler.lines + [f"Error: {stopped.format_message()}"])

    def build_in_process(self, strict: bool = True) -> InProcessBuild:
        """The same as `build` (the name some tests use)."""
        return self.build(strict=strict)

    def build_with_cli(self, *args: str, strict: bool = True, command: str = "build") -> subprocess.CompletedProcess:
        """Run the real `mkdocs build` (strict by default) in a fresh process and return its result."""
        # Never -q: a quiet MkDocs does not emit warnings, and so under --strict does not count them.
        argv = [sys.executable, "-m", "mkdocs", command, "-d", str(self.site), *args]
        argv += ["--strict"] if strict else []
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        return subprocess.run(argv, cwd=self.root, capture_output=True, text=True, env=env, timeout=300)


def check_in_process(capsys: pytest.CaptureFixture, root: Path, *args: str) -> subprocess.CompletedProcess:
    """`publication check --root ROOT ARGS` run in this process (`publication.cli.main`), with its exit
    status and exactly what it printed on stdout and stderr (pytest's capsys encodes them as a terminal
    would, errors="backslashreplace" included)."""
    from publication.cli import main

    capsys.readouterr()  # whatever the test printed before is not the command's
    argv = ["check", "--root", str(root), *args]
    status = main(argv)
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(["publication", *argv], status, out, err)


def make_project(folder: Path, records: Path | None = None, pdf: bool = False) -> Project:
    """A project in `folder` with this repository's site settings and the records of `records`. Its builds
    make no PDF edition (its mkdocs.yml says `extra.publication.pdf: false`) unless `pdf` is true: most tests
    do not read the PDF, which took about a fifth of the suite's CPU time when every build made it."""
    folder.mkdir(parents=True, exist_ok=True)
    settings = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if not pdf:
        assert "\n  publication:\n" in settings, "mkdocs.yml has no extra.publication block to switch the PDF off in"
        settings = settings.replace("\n  publication:\n", "\n  publication:\n    pdf: false\n", 1)
    (folder / "mkdocs.yml").write_text(settings, encoding="utf-8")
    shutil.copytree(ROOT / "docs", folder / "docs")
    shutil.copytree(ROOT / "overrides", folder / "overrides")
    (folder / "hooks").symlink_to(ROOT / "hooks", target_is_directory=True)
    project = Project(folder)
    project.copy_records(records or ROOT)
    return project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A project holding the small, valid fixture publication in tests/fixtures/minimal (no PDF edition)."""
    return make_project(tmp_path / "project", FIXTURES / "minimal")


@pytest.fixture(scope="session")
def default_site(tmp_path_factory) -> Project:
    """The repository's own publication, built once (strict) for every test that reads it, PDF edition and all."""
    built = make_project(tmp_path_factory.mktemp("default") / "project", pdf=True)
    result = built.build()
    assert result.ok, result.stderr
    return built
