"""Read every record file of a publication once, validate it, build the catalogue and run the rules."""

from __future__ import annotations

import datetime as dt
import gc
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from .catalogue import Catalogue, build_catalogue
from .memo import remembered
from .problems import Problem, Severity, sort_problems
from .registry import RECORD_TYPES
from .rules import RecordFile, check_publication, publication_of
from .sidework import SideWork, SideWorkError
from .validate import validate_record
from .yamlfile import MAX_FILE_BYTES, ParsedFile, parse_yaml_file, too_large

RECORD_SUFFIXES = (".yml", ".yaml")


@dataclass
class LoadResult:
    """The catalogue of valid records and every problem found, sorted by file and line."""

    catalogue: Catalogue
    problems: list[Problem]
    files: int = 0  # the record files read (named like records: read or refused)

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


def read_record_bytes(path: Path, status: os.stat_result | None = None) -> bytes:
    """The bytes of the record file at `path`, read without following a link or waiting on a pipe.

    Anything but a regular file (a symbolic link, even one to a real record, a named pipe, a
    socket, a device) and any file larger than a record can be is refused with UnreadableRecord
    before a byte is read. `status` is the entry's own (lstat) status when the caller has it already.
    """
    try:
        kind = _special_kind((status or os.lstat(path)).st_mode)
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
    try:
        status = os.fstat(descriptor)
        kind = _special_kind(status.st_mode) or ("a folder" if stat.S_ISDIR(status.st_mode) else None)
        if kind is not None:
            raise UnreadableRecord(_not_a_file(kind))
        raw = _read_at_most(descriptor, MAX_FILE_BYTES + 1)
    finally:
        os.close(descriptor)
    if len(raw) > MAX_FILE_BYTES:
        raise UnreadableRecord(too_large(max(status.st_size, len(raw))))
    return raw


def _read_at_most(descriptor: int, size: int) -> bytes:
    """Up to `size` bytes from an open file, read straight from the descriptor (no file object for each record)."""
    chunks, left = [], size
    try:
        while left > 0:
            chunk = os.read(descriptor, left)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise UnreadableRecord(f"cannot read the file: {exc.strerror or type(exc).__name__}") from None
    return b"".join(chunks)


def display_path(path: Path, root: Path) -> str:
    """`path` relative to `root` as messages name it: bytes that are not UTF-8 written as \\xNN escapes."""
    relative = os.fsencode(path.relative_to(root).as_posix())
    return relative.decode("utf-8", errors="backslashreplace")


def _display_name(folder: str, path: Path) -> str:
    """`display_path` of a record file, `path` being in the record folder `folder` (without pathlib's work)."""
    return f"{folder}/{os.fsencode(path.name).decode('utf-8', errors='backslashreplace')}"


def _entries(directory: Path, in_folder: bool = True) -> Iterator[tuple[Path, os.stat_result, bool]]:
    """Everything under `directory`, in name order, with its own (not a link target's) status and whether it
    stands in `directory` itself (`in_folder`) rather than in a folder below.

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
        yield path, status, in_folder
        if stat.S_ISDIR(status.st_mode):
            yield from _entries(path, in_folder=False)


def _record_folders(root: Path) -> Iterator[tuple[str, Path]]:
    """Each record type with its folder, where the folder is a real folder (not a link to one)."""
    for folder in RECORD_TYPES:
        directory = root / folder
        try:
            if stat.S_ISDIR(os.lstat(directory).st_mode):
                yield folder, directory
        except OSError:
            continue


# Every entry of the record folders, as (record folder, the entry's path, its own status, whether it stands in
# the record folder itself rather than in a sub-folder).
Listing = list[tuple[str, Path, os.stat_result, bool]]


def listing(root: Path) -> Listing:
    """Every entry of the real record folders under `root` (links not followed), in name order."""
    return [
        (folder, path, status, in_folder)
        for folder, directory in _record_folders(root)
        for path, status, in_folder in _entries(directory)
    ]


def _named_like_a_record(path: Path, status: os.stat_result, in_folder: bool) -> bool:
    return in_folder and path.suffix.lower() in RECORD_SUFFIXES and not stat.S_ISDIR(status.st_mode)


def record_files(root: Path, entries: Listing | None = None) -> list[tuple[Path, str]]:
    """Every record file under `root`, with the folder (record type) it belongs to, in name order.

    Every entry named like a record counts, whatever it is: reading refuses those that are not
    regular files, so that a link or a pipe named like a record is reported, never skipped.
    `entries` is the folders' `listing`, when the caller has read it already.
    """
    entries = listing(root) if entries is None else entries
    return [
        (path, folder) for folder, path, status, in_folder in entries if _named_like_a_record(path, status, in_folder)
    ]


def _ignored(name: str) -> bool:
    """Files editors' tools leave beside records: hidden files, backups, autosaves."""
    return (
        name.startswith((".", "#", "~"))
        or name.endswith(("~", ".bak", ".orig", ".swp"))
        or name in ("Thumbs.db", "desktop.ini")
    )


def stray_files(root: Path, entries: Listing | None = None) -> list[Problem]:
    """Entries in the record folders that would silently not be published: wrong name, in a sub-folder,
    or not a regular file at all (a linked record folder, or a link, pipe or device not named like a record).
    `entries` is the folders' `listing`, when the caller has read it already."""
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
    for folder, path, status, in_folder in listing(root) if entries is None else entries:
        if stat.S_ISDIR(status.st_mode):
            continue
        if _named_like_a_record(path, status, in_folder):
            continue  # a record (or named like one: reading it says what is wrong)
        shown = display_path(path, root)
        kind = _special_kind(status.st_mode)
        if kind is not None:
            problems.append(
                Problem(shown, 1, 1, "", f"is {kind}, not a file; {folder}/ holds only record files: remove it")
            )
        elif not in_folder:
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
                    f"only .yml files in {folder}/ are records; rename it to end in .yml, or move it out of {folder}/",
                )
            )
    return problems


# While records load, the collector runs only after this many broken files: the one source of reference
# cycles in loading (pydantic reading a broken record's defaults leaves a few hundred objects in cycles).
BROKEN_FILES_PER_COLLECTION = 100


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused, then restored as it was.

    Loading makes millions of small objects that all live on (the records, their positions and texts) and,
    from valid records, no reference cycles (a test holds it to that): each pass of the collector over them
    finds nothing to free, and at 10,000 records those passes took a tenth of the loading time. Memory is
    still freed as usual when objects are let go; `_load` collects the cycles of broken files as it goes.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_publication(
    root: Path, include_drafts: bool = False, today: dt.date | None = None, beside: bool = False
) -> LoadResult:
    """Parse and validate every record under `root` and resolve their references.

    Nothing is raised for bad records: all problems come back together.
    Records are only read, never written. With `beside` (`publication check`, `mkdocs build`: not under
    `mkdocs serve`, whose threads a fork must not copy), a large publication's later files are parsed in a
    second process meanwhile (`_records_read`); the result is the same.
    """
    with collector_paused():
        return _load(root, include_drafts, today, beside)


def _load(root: Path, include_drafts: bool, today: dt.date | None, beside: bool) -> LoadResult:
    entries = listing(root)
    problems: list[Problem] = stray_files(root, entries)
    valid: list[RecordFile] = []
    invalid: list[RecordFile] = []
    record_files = [
        ToRead(file, status, _display_name(folder, file), RECORD_TYPES[folder])
        for folder, file, status, in_folder in entries
        if _named_like_a_record(file, status, in_folder)
    ]
    for file, read in zip(record_files, _records_read(record_files, beside), strict=True):
        relative, record_type = file.relative, file.record_type
        if isinstance(read, UnreadableRecord):
            problems.append(Problem(relative, 1, 1, "", str(read)))
            invalid.append(RecordFile(ParsedFile(relative), record_type))
            continue
        parsed, record = read
        problems += parsed.problems
        file_read = RecordFile(parsed, record_type, record)
        (valid if record is not None else invalid).append(file_read)
        if record is None:
            _ = file_read.readable  # what the rules will read of it, worked out here, where its cycles are collected
            if len(invalid) % BROKEN_FILES_PER_COLLECTION == 0:
                gc.collect(0)  # the cycles the last broken files left (only objects made since the last pass)
    catalogue = build_catalogue((file.record for file in valid), include_drafts)
    publication = publication_of(valid, invalid, catalogue, today or dt.date.today())
    return LoadResult(catalogue, sort_problems(problems + check_publication(publication)), len(record_files))


class ToRead(NamedTuple):
    """A record file to read: its path, its own status, its name in messages and its record type."""

    path: Path
    status: os.stat_result
    relative: str
    record_type: Any


# Past this many record files, a load that may fork (`beside`) parses the later half in a second process
# while this one reads the first half: at 10,000 records that saves a third of the loading's time (README,
# Speed). Below it, starting the process would cost more than it saves.
FEWEST_FILES_BESIDE = 500
FILES_PER_MESSAGE = 250  # the second process sends its parses in parts, which this one takes in as it goes


def _records_read(files: list[ToRead], beside: bool) -> Iterator[tuple[ParsedFile, Any] | UnreadableRecord]:
    """Each file of `files` read, parsed and validated, in order: its parse and its record (None if it is
    not valid), or why it could not be read."""
    if not beside or len(files) < FEWEST_FILES_BESIDE:
        yield from map(_read_one, files)
        return
    here, there = files[: len(files) // 2], files[len(files) // 2 :]
    parts = [there[start : start + FILES_PER_MESSAGE] for start in range(0, len(there), FILES_PER_MESSAGE)]
    side = SideWork([partial(_parse_files, part) for part in parts])
    for file in here:
        yield _read_one(file)
        side.collect()
    for index, part in enumerate(parts):
        try:
            parses = side.result(index)
        except SideWorkError:  # the second process stopped (out of memory?): these files are read here
            parses = _parse_files(part)
        for file, parsed in zip(part, parses, strict=True):
            if isinstance(parsed, UnreadableRecord):
                yield parsed
            else:  # validated here: a record would cost more to send than to validate again
                yield parsed, validate_record(parsed, file.record_type.model) if parsed.data is not None else None


def _read_one(file: ToRead) -> tuple[ParsedFile, Any] | UnreadableRecord:
    try:
        raw = read_record_bytes(file.path, file.status)
    except UnreadableRecord as exc:
        return exc
    return _read_record(file.relative, raw, file.record_type.model)


def _parse_files(files: list[ToRead]) -> list[ParsedFile | UnreadableRecord]:
    """In the second process: each file of `files` read and parsed, or why it could not be read."""
    parsed: list[ParsedFile | UnreadableRecord] = []
    for file in files:
        try:
            parsed.append(parse_yaml_file(file.relative, read_record_bytes(file.path, file.status), record_ends=False))
        except UnreadableRecord as exc:
            parsed.append(exc)
    return parsed


@remembered
def _read_record(relative: str, raw: bytes, model: type) -> tuple[ParsedFile, Any]:
    """One record file parsed and validated: its parse, with every problem found, and the record if valid.
    Under `mkdocs serve` remembered by path and bytes (memo.py), so a rebuild reads again only what changed;
    the parse is not changed after this. Where each value ends is not noted (only rename needs it)."""
    parsed = parse_yaml_file(relative, raw, record_ends=False)
    record = validate_record(parsed, model) if parsed.data is not None else None
    return parsed, record
