"""Read every record file of a publication once, validate it, and build the catalogue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .catalogue import Catalogue, build_catalogue
from .model import RECORD_TYPES
from .problems import Problem, Severity, sort_problems
from .validate import validate_record
from .yamlfile import parse_yaml_file

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
            found += [(f, folder) for f in sorted(directory.iterdir()) if f.suffix in RECORD_SUFFIXES and f.is_file()]
    return found


def load_publication(root: Path, include_drafts: bool = False, today: dt.date | None = None) -> LoadResult:
    """Parse and validate every record under `root` and resolve their references.

    Nothing is raised for bad records: all problems come back together.
    Records are only read, never written.
    """
    problems: list[Problem] = []
    valid = []
    for file, folder in record_files(root):
        parsed = parse_yaml_file(file.relative_to(root).as_posix(), file.read_bytes())
        record = validate_record(parsed, RECORD_TYPES[folder]) if parsed.data is not None else None
        problems += parsed.problems
        if record is not None:
            valid.append((parsed, record))
    catalogue, reference_problems = build_catalogue(valid, include_drafts, today or dt.date.today())
    return LoadResult(catalogue, sort_problems(problems + reference_problems))
