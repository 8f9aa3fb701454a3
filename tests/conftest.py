"""Shared test helpers: throw-away copies of the project to build (the core is the installed `publication`).

A test gets a `Project`: a temp folder holding this repository's mkdocs.yml, docs/, overrides/ and
(linked) hooks/, plus whatever records the test writes. Building it runs `mkdocs build` in a fresh
process, exactly as an editor would, so no test sees state another test left in a hook module.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true",
                     help="rewrite the golden files (tests/golden/) from this build instead of comparing")


@dataclass
class InProcessBuild:
    """What an in-process `mkdocs build` did: whether it finished, and every line it logged."""

    ok: bool
    log: list[str] = field(default_factory=list)


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


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

    def build_in_process(self, strict: bool = True) -> InProcessBuild:
        """Build the site in this process, as MkDocs' own tests do (`load_config` then `build`): the hooks
        module is loaded afresh by `load_config`, so nothing carries over from another build."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException

        handler = _Lines()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(handler)
        saved_environ = dict(os.environ)
        os.environ.pop("SOURCE_DATE_EPOCH", None)
        try:
            config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(self.site), strict=strict)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
            return InProcessBuild(True, handler.lines)
        except MkDocsException:
            return InProcessBuild(False, handler.lines)
        finally:
            logger.removeHandler(handler)
            os.environ.clear()
            os.environ.update(saved_environ)

    def build(self, *args: str, strict: bool = True, env: dict[str, str] | None = None,
              command: str = "build") -> subprocess.CompletedProcess:
        """Run `mkdocs build` (strict by default) in a fresh process and return its result."""
        # Never -q with --strict: a quiet MkDocs does not emit, and so does not count, warnings.
        argv = [sys.executable, "-m", "mkdocs", command, "-d", str(self.site), *args]
        argv += ["--strict"] if strict else ["-q"]
        full_env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        full_env.update(env or {})
        return subprocess.run(argv, cwd=self.root, capture_output=True, text=True, env=full_env, timeout=300)


def make_project(folder: Path, records: Path | None = None) -> Project:
    """A project in `folder` with this repository's site settings and the records of `records`."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", folder / "docs")
    shutil.copytree(ROOT / "overrides", folder / "overrides")
    (folder / "hooks").symlink_to(ROOT / "hooks", target_is_directory=True)
    project = Project(folder)
    project.copy_records(records or ROOT)
    return project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A project holding the small, valid fixture publication in tests/fixtures/minimal."""
    return make_project(tmp_path / "project", FIXTURES / "minimal")


@pytest.fixture(scope="session")
def default_site(tmp_path_factory) -> Project:
    """The repository's own publication, built once (strict) for every test that reads it."""
    built = make_project(tmp_path_factory.mktemp("default") / "project")
    result = built.build()
    assert result.returncode == 0, result.stderr
    return built
