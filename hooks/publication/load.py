"""Read every record file of a publication once, validate it, and build the catalogue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .catalogue import Catalogue, build_catalogue
from .model import RECORD_TYPES
from .problems import Problem, Severity, sort_problems
from .validate import validate_record
from .yamlfile import ParsedFile, parse_yaml_file

RECORD_SUFFIXES = (".yml", ".yaml")


@dataclass
class LoadResult:
    """The catalogue of valid records and every problem found, sorted by file and line."""

    catalogue: Catalogue
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop every build."""
        return [p for p in self.problems if p.severity is Severity.error]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that stop only a strict build."""
        return [p for p in self.problems if p.severity is Severity.warning]


def record_files(root: Path) -> list[tuple[Path, str]]:
    """Every record file under `root`, with the folder (record type) it belongs to, in name order."""
    found = []
    for folder in RECORD_TYPES:
        directory = root / folder
        if directory.is_dir():
            found += [(f, folder) for f in sorted(directory.iterdir())
                      if f.suffix.lower() in RECORD_SUFFIXES and f.is_file() and not _ignored(f.name)]
    return found


def _ignored(name: str) -> bool:
    """Files editors' tools leave beside records: hidden files, backups, autosaves."""
    return name.startswith((".", "#", "~")) or name.endswith(("~", ".bak", ".orig", ".swp")) or \
        name in ("Thumbs.db", "desktop.ini")


def stray_files(root: Path) -> list[Problem]:
    """Files in the record folders that would silently not be published: wrong name or in a sub-folder."""
    problems = []
    for folder in RECORD_TYPES:
        directory = root / folder
        if not directory.is_dir():
            continue
        for path in sorted(directory.rglob("*")):
            relative = path.relative_to(root)
            if any(_ignored(part) for part in relative.parts) or not path.is_file():
                continue
            shown = relative.as_posix()
            if path.parent != directory:
                problems.append(Problem(shown, 1, 1, "", f"records in sub-folders are not read; move the file "
                                                         f"into {folder}/"))
            elif path.suffix.lower() not in RECORD_SUFFIXES:
                problems.append(Problem(shown, 1, 1, "", f"only .yml files in {folder}/ are records; rename it "
                                                         f"to end in .yml, or move it out of {folder}/"))
    return problems


def load_publication(root: Path, include_drafts: bool = False, today: dt.date | None = None) -> LoadResult:
    """Parse and validate every record under `root` and resolve their references.

    Nothing is raised for bad records: all problems come back together.
    Records are only read, never written.
    """
    problems: list[Problem] = stray_files(root)
    valid = []
    invalid = []
    for file, folder in record_files(root):
        relative = file.relative_to(root).as_posix()
        try:
            raw = file.read_bytes()
        except OSError as exc:
            problems.append(Problem(relative, 1, 1, "", f"cannot read the file: {exc.strerror or exc}"))
            invalid.append((ParsedFile(relative), folder))
            continue
        parsed = parse_yaml_file(relative, raw)
        record = validate_record(parsed, RECORD_TYPES[folder]) if parsed.data is not None else None
        problems += parsed.problems
        if record is not None:
            valid.append((parsed, record))
        else:
            invalid.append((parsed, folder))
    catalogue, reference_problems = build_catalogue(valid, include_drafts, today or dt.date.today(), invalid)
    return LoadResult(catalogue, sort_problems(problems + reference_problems))
