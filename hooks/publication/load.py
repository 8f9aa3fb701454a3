"""Read every record file of a publication once, validate it, build the catalogue and run the rules."""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .catalogue import Catalogue, build_catalogue
from .memo import remembered
from .problems import Problem, Severity, sort_problems
from .registry import RECORD_TYPES
from .rules import RecordFile, check_publication, publication_of
from .validate import validate_record
from .yamlfile import MAX_FILE_BYTES, ParsedFile, parse_yaml_file, too_large

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


class UnreadableRecord(Exception):
    """A record file that is not read: not a regular file, too large, or refused by the system.

    The message says what it is and what to do; it never holds anything the file contains.
    """


# What a directory entry is when it is not a regular file or a folder, as an editor would name it.
_SPECIAL_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def _special_kind(mode: int) -> str | None:
    """'a symbolic link', 'a device' ... for anything but a regular file or a folder; None for those."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return next((name for test, name in _SPECIAL_KINDS if test(mode)), "not a regular file")


def _not_a_file(kind: str) -> str:
    return f"is {kind}, not a file; records are read only from regular files: put the record itself here"


def read_record_bytes(path: Path) -> bytes:
    """The bytes of the record file at `path`, read without following a link or waiting on a pipe.

    Anything but a regular file (a symbolic link, even one to a real record, a named pipe, a
    socket, a device) and any file larger than a record can be is refused with UnreadableRecord
    before a byte is read.
    """
    try:
        kind = _special_kind(os.lstat(path).st_mode)
        if kind is not None:
            raise UnreadableRecord(_not_a_file(kind))
        # The entry may have been swapped since lstat: O_NOFOLLOW refuses a link, O_NONBLOCK keeps a
        # pipe from blocking the open, and fstat checks what was actually opened.
        descriptor = os.open(
            path,
            os.O_RDONLY
            | getattr(os, "O_NOFOLLOW", 0)
            | getattr(os, "O_NONBLOCK", 0)
            | getattr(os, "O_CLOEXEC", 0)
            | getattr(os, "O_BINARY", 0),
        )
    except OSError as exc:
        raise UnreadableRecord(f"cannot read the file: {exc.strerror or type(exc).__name__}") from None
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(file.fileno())
        kind = _special_kind(status.st_mode) or ("a folder" if stat.S_ISDIR(status.st_mode) else None)
        if kind is not None:
            raise UnreadableRecord(_not_a_file(kind))
        try:
            raw = file.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise UnreadableRecord(f"cannot read the file: {exc.strerror or type(exc).__name__}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise UnreadableRecord(too_large(max(status.st_size, len(raw))))
    return raw


def display_path(path: Path, root: Path) -> str:
    """`path` relative to `root` as messages name it: bytes that are not UTF-8 written as \\xNN escapes."""
    relative = os.fsencode(path.relative_to(root).as_posix())
    return relative.decode("utf-8", errors="backslashreplace")


def _entries(directory: Path) -> Iterator[tuple[Path, os.stat_result]]:
    """Everything under `directory`, in name order, with its own (not a link target's) status.

    Links are never followed, so a linked folder is listed but not walked; hidden and editor-tool
    entries are left out (and hidden folders not walked).
    """
    try:
        children = sorted(os.scandir(directory), key=lambda e: os.fsencode(e.name))
    except OSError:
        return
    for entry in children:
        if _ignored(entry.name):
            continue
        path = Path(entry.path)
        try:
            status = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        yield path, status
        if stat.S_ISDIR(status.st_mode):
            yield from _entries(path)


def _record_folders(root: Path) -> Iterator[tuple[str, Path]]:
    """Each record type with its folder, where the folder is a real folder (not a link to one)."""
    for folder in RECORD_TYPES:
        directory = root / folder
        try:
            if stat.S_ISDIR(os.lstat(directory).st_mode):
                yield folder, directory
        except OSError:
            continue


def record_files(root: Path) -> list[tuple[Path, str]]:
    """Every record file under `root`, with the folder (record type) it belongs to, in name order.

    Every entry named like a record counts, whatever it is: reading refuses those that are not
    regular files, so that a link or a pipe named like a record is reported, never skipped.
    """
    found = []
    for folder, directory in _record_folders(root):
        found += [
            (path, folder)
            for path, status in _entries(directory)
            if path.parent == directory and path.suffix.lower() in RECORD_SUFFIXES and not stat.S_ISDIR(status.st_mode)
        ]
    return found


def _ignored(name: str) -> bool:
    """Files editors' tools leave beside records: hidden files, backups, autosaves."""
    return (
        name.startswith((".", "#", "~"))
        or name.endswith(("~", ".bak", ".orig", ".swp"))
        or name in ("Thumbs.db", "desktop.ini")
    )


def stray_files(root: Path) -> list[Problem]:
    """Entries in the record folders that would silently not be published: wrong name, in a sub-folder,
    or not a regular file at all (a linked record folder, or a link, pipe or device not named like a record)."""
    problems = []
    for folder in RECORD_TYPES:
        directory = root / folder
        if directory.exists() and not directory.is_symlink() and not directory.is_dir():
            problems.append(
                Problem(folder, 1, 1, "", f"is not a folder; {folder}/ must be a folder holding the record files")
            )
        if directory.is_symlink():
            problems.append(
                Problem(
                    folder,
                    1,
                    1,
                    "",
                    f"is a symbolic link; {folder}/ must be a real folder holding the record files themselves",
                )
            )
    for folder, directory in _record_folders(root):
        for path, status in _entries(directory):
            shown = display_path(path, root)
            kind = _special_kind(status.st_mode)
            if stat.S_ISDIR(status.st_mode):
                continue
            if path.parent == directory and path.suffix.lower() in RECORD_SUFFIXES:
                continue  # a record (or named like one: reading it says what is wrong)
            if kind is not None:
                problems.append(
                    Problem(shown, 1, 1, "", f"is {kind}, not a file; {folder}/ holds only record files: remove it")
                )
            elif path.parent != directory:
                problems.append(
                    Problem(shown, 1, 1, "", f"records in sub-folders are not read; move the file into {folder}/")
                )
            else:
                problems.append(
                    Problem(
                        shown,
                        1,
                        1,
                        "",
                        f"only .yml files in {folder}/ are records; rename it "
                        f"to end in .yml, or move it out of {folder}/",
                    )
                )
    return problems


def load_publication(root: Path, include_drafts: bool = False, today: dt.date | None = None) -> LoadResult:
    """Parse and validate every record under `root` and resolve their references.

    Nothing is raised for bad records: all problems come back together.
    Records are only read, never written.
    """
    problems: list[Problem] = stray_files(root)
    valid: list[RecordFile] = []
    invalid: list[RecordFile] = []
    for file, folder in record_files(root):
        record_type = RECORD_TYPES[folder]
        relative = display_path(file, root)
        try:
            raw = read_record_bytes(file)
        except UnreadableRecord as exc:
            problems.append(Problem(relative, 1, 1, "", str(exc)))
            invalid.append(RecordFile(ParsedFile(relative), record_type))
            continue
        parsed, record = _read_record(relative, raw, record_type.model)
        problems += parsed.problems
        (valid if record is not None else invalid).append(RecordFile(parsed, record_type, record))
    catalogue = build_catalogue((file.record for file in valid), include_drafts)
    publication = publication_of(valid, invalid, catalogue, today or dt.date.today())
    return LoadResult(catalogue, sort_problems(problems + check_publication(publication)))


@remembered
def _read_record(relative: str, raw: bytes, model: type) -> tuple[ParsedFile, Any]:
    """One record file parsed and validated: its parse, with every problem found, and the record if valid.
    Under `mkdocs serve` remembered by path and bytes (memo.py), so a rebuild reads again only what changed;
    the parse is not changed after this."""
    parsed = parse_yaml_file(relative, raw)
    record = validate_record(parsed, model) if parsed.data is not None else None
    return parsed, record
