"""`publication rename OLD NEW`: give a record or a recommendation a new id, everywhere, keeping the old one working.

The one command that writes records other than `new`. It edits each file as text, at the exact
places the parser reports (the `id`, every field naming it, every [[OLD]] link), so comments and
layout survive. A record's file is renamed too, and OLD is added to its `former_ids`, so that its
old address redirects to the new page and its feed items keep their ids. A recommendation keeps
OLD in its own `former_ids`, so its old anchor stays on its proposition's page (and the print
edition) and links to it still arrive. It refuses, changing nothing, when NEW is not a valid id or
is taken, when OLD names nothing (or is a former id), or when the records have errors (a rename
must start from records `check` accepts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .load import load_publication, read_record_bytes, record_files
from .model import SLUG_PATTERN, Defines, MarkdownMarker, Ref
from .references import find_references
from .registry import RECORD_TYPES
from .walker import walk
from .yamlfile import ParsedFile, dotted, parse_yaml_file

MAX_ID_LENGTH = 80


class RenameError(Exception):
    """Why a rename was refused; nothing has been changed."""


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] of one file by `new`; `what` says what it is, for the report."""

    start: int
    end: int
    new: str
    line: int
    what: str


@dataclass
class FileChange:
    """Every edit to one record file, and where the file goes (for the renamed record itself)."""

    path: Path
    parsed: ParsedFile
    raw: bytes
    edits: list[Edit] = field(default_factory=list)
    move_to: Path | None = None

    def new_text(self) -> bytes:
        """The file as it will be written: edits applied, its line endings and byte-order mark kept."""
        text = self.parsed.text
        for edit in sorted(self.edits, key=lambda e: e.start, reverse=True):
            text = text[: edit.start] + edit.new + text[edit.end :]
        if b"\r\n" in self.raw:
            text = text.replace("\n", "\r\n")
        elif b"\r" in self.raw:
            text = text.replace("\n", "\r")
        return (b"\xef\xbb\xbf" if self.raw.startswith(b"\xef\xbb\xbf") else b"") + text.encode("utf-8")


@dataclass
class RenamePlan:
    """What renaming `old` to `new` changes, file by file; `what` is 'record' or 'recommendation'."""

    old: str
    new: str
    what: str
    changes: list[FileChange]


def plan_rename(root: Path, old: str, new: str) -> RenamePlan:
    """The changes renaming record or recommendation `old` to `new` makes; raises RenameError if refused."""
    if len(new) > MAX_ID_LENGTH or not re.fullmatch(SLUG_PATTERN, new):
        raise RenameError(
            f"'{new}' is not a valid id: use lower-case letters and digits joined by single hyphens, "
            f"at most {MAX_ID_LENGTH} characters"
        )
    result = load_publication(root, include_drafts=True)
    if result.errors:
        raise RenameError(
            f"the records have {len(result.errors)} error(s); fix what `publication check --drafts` reports first"
        )
    files = [(path, folder, read_record_bytes(path)) for path, folder in record_files(root)]
    parsed_files = [(path, folder, raw, parse_yaml_file(path.name, raw)) for path, folder, raw in files]
    owner, what, where = None, "", ()
    for path, folder, _raw, parsed in parsed_files:
        model = RECORD_TYPES[folder].model
        for found in walk(model, parsed.data):
            if isinstance(found.marker, Defines) and found.value == new:
                raise RenameError(f"the id '{new}' is already used in {folder}/{path.name}; choose another")
            if isinstance(found.marker, Defines) and found.value == old:
                if found.marker.what == "former":
                    raise RenameError(
                        f"'{old}' is a former id in {folder}/{path.name}; rename the record or recommendation "
                        "by the id it has now"
                    )
                owner, what, where = path, found.marker.what, found.path[:-1]  # the mapping holding the id
    if owner is None:
        raise RenameError(f"no record or recommendation has the id '{old}'")
    changes = []
    for path, folder, raw, parsed in parsed_files:
        change = FileChange(path, parsed, raw, _reference_edits(parsed, RECORD_TYPES[folder].model, old, new))
        if path == owner:
            change.edits.append(_former_id_edit(parsed, old, where))
            if what == "record":
                change.move_to = path.with_name(new + path.suffix)
                if change.move_to.exists():
                    raise RenameError(f"{folder}/{change.move_to.name} already exists; move it away first")
        if change.edits or change.move_to:
            changes.append(change)
    return RenamePlan(old, new, what, changes)


def _span(parsed: ParsedFile, path: tuple) -> tuple[int, int]:
    return parsed.offset(*parsed.positions[path]), parsed.offset(*parsed.ends[path])


def _reference_edits(parsed: ParsedFile, model, old: str, new: str) -> list[Edit]:
    """The edits to `parsed` replacing `old` in the id defining it, its reference fields and its [[links]]."""
    edits = []
    for found in walk(model, parsed.data):
        if isinstance(found.marker, Defines) and found.marker.what == "former":
            continue  # a former id stays as it was: that is the point of keeping it
        start, end = _span(parsed, found.path)
        line = parsed.positions[found.path][0]
        if isinstance(found.marker, (Defines, Ref)) and found.value == old:
            written = parsed.text[start:end]
            at = written.index(old)  # a slug is written as itself, quoted or not
            edits.append(Edit(start + at, start + at + len(old), new, line, dotted(found.path)))
        elif isinstance(found.marker, MarkdownMarker):
            wanted = sum(1 for ref in find_references(found.value) if ref.target == old)
            if not wanted:
                continue
            pattern = re.compile(r"(\[\[[ \t]*)" + re.escape(old) + r"(?=[ \t]*[|\]])")
            matches = list(pattern.finditer(parsed.text, start, end))
            if len(matches) != wanted:
                raise RenameError(
                    f"{parsed.path} line {line}: cannot find each [[{old}]] of {dotted(found.path)} in the file "
                    "as written; change them by hand, then rename"
                )
            for match in matches:
                at = match.end(1)
                link_line = parsed.text.count("\n", 0, at) + 1
                edits.append(Edit(at, at + len(old), new, link_line, f"{dotted(found.path)} [[link]]"))
    return edits


def _former_id_edit(parsed: ParsedFile, old: str, base: tuple = ()) -> Edit:
    """The edit adding `old` at the end of the former_ids of the mapping at `base` (the record, or one of
    its recommendations), writing the field just after its `id` if it has none."""
    mapping = parsed.data
    for part in base:
        mapping = mapping[part]
    former = mapping.get("former_ids") or []
    field_path = (*base, "former_ids")
    what = dotted(field_path)
    if not former and field_path not in parsed.positions:
        key_line, key_column = parsed.positions[("key", *base, "id")]
        id_end = parsed.offset(*parsed.ends[(*base, "id")])
        if parsed.text[parsed.offset(*parsed.positions[base]) if base else 0] == "{":  # {id: x, ...}
            return Edit(id_end, id_end, f", former_ids: [{old}]", key_line, what)
        line_end = parsed.text.find("\n", id_end)
        line_end = len(parsed.text) if line_end < 0 else line_end
        indent = " " * (key_column - 1)
        return Edit(line_end, line_end, f"\nformer_ids: [{old}]".replace("\n", "\n" + indent), key_line, what)
    start = parsed.offset(*parsed.positions[field_path])
    if not former:  # `former_ids: []`
        if parsed.text[start] != "[":
            raise RenameError(f"{parsed.path}: write {what} as a list, then rename")
        return Edit(start + 1, start + 1, old, parsed.positions[field_path][0], what)
    last = (*field_path, len(former) - 1)
    end = parsed.offset(*parsed.ends[last])
    line = parsed.ends[last][0]
    if parsed.text[start] == "[":  # a flow list: [first, second]
        return Edit(end, end, f", {old}", line, what)
    item_line, item_column = parsed.positions[last]
    line_start = parsed.offset(item_line, 1)
    prefix = parsed.text[line_start : line_start + item_column - 1]  # "  - "
    line_end = parsed.text.find("\n", end)
    line_end = len(parsed.text) if line_end < 0 else line_end
    return Edit(line_end, line_end, f"\n{prefix}{old}", line, what)


def apply(changes: list[FileChange]) -> None:
    """Write every changed file, then move the renamed record's file to its new name."""
    for change in changes:
        change.path.write_bytes(change.new_text())
        if change.move_to is not None:
            change.path.rename(change.move_to)


def describe(changes: list[FileChange], root: Path) -> list[str]:
    """What the rename changes, one line per edit: 'evidence/x.yml line 3: id'."""
    lines = []
    for change in changes:
        name = change.path.relative_to(root).as_posix()
        for edit in sorted(change.edits, key=lambda e: e.start):
            verb = "add" if edit.start == edit.end else "change"
            lines.append(f"{name} line {edit.line}: {verb} {edit.what}")
        if change.move_to is not None:
            lines.append(f"{name}: rename to {change.move_to.relative_to(root).as_posix()}")
    return lines
