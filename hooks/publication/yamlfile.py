"""Read one YAML record file into plain data, remembering where every value stands.

We read PyYAML's parser events (libyaml's where available) and build the values
ourselves, without PyYAML's composer, so that:

- every value's line and column is known, and every problem can name them;
- aliases (``*name``), merge keys (``<<``), tags, duplicate fields, tabs, control
  characters and impossible dates are refused with a clear message, at the exact
  place, instead of an exception;
- nothing in a file can exhaust memory or the stack: aliases are refused (so no
  "billion laughs" expansion), nesting depth and file size are bounded.

Line and column numbers are those an editor shows: lines end at LF, CRLF or CR,
columns count characters from 1.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

import yaml

from .dates import impossible_because
from .problems import QUOTE_LIMIT, Problem, shown
from .yamlsyntax import syntax_problem

try:  # the C parser is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path = tuple[str | int, ...]
Position = tuple[int, int]

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 20

# Control characters: XML 1.0 (the feeds) cannot carry most of them, YAML cannot read
# most of them, and none belongs in published text. Tab, LF and CR are fine.
_CONTROL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff"
# YAML also breaks lines at these, where editors do not: line numbers would disagree.
_ODD_LINE_BREAKS = {"\x85": "NEXT LINE", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR"}
_UNREADABLE = re.compile(f"[{_CONTROL_CHARS}\x85\u2028\u2029]")
_DATE_LIKE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}([Tt ].*)?$")
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
_NEWLINE = re.compile("\n")
_STR_TAG = "tag:yaml.org,2002:str"
_STANDARD_TAGS = {_STR_TAG, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_VALUE_EVENTS = frozenset({yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent})
_START_EVENTS = frozenset({yaml.MappingStartEvent, yaml.SequenceStartEvent})
_END_EVENTS = frozenset({yaml.MappingEndEvent, yaml.SequenceEndEvent})


@dataclass
class ParsedFile:
    """A record file's data, where each value came from, and what went wrong."""

    path: str
    text: str = ""
    data: Any = None
    positions: dict[Path, Position] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    source_text: dict[Path, str] = field(default_factory=dict)  # each scalar as written, for messages
    ends: dict[Path, Position] = field(default_factory=dict)  # where each scalar's text ends, if asked (for rename)
    incomplete: set[Path] = field(default_factory=set)  # mappings missing fields we refused (a << merge)

    def position(self, path: Path) -> Position:
        """The line and column of the value at `path`, or of its nearest parent."""
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def problem(self, path: Path, message: str, key_position: bool = False) -> Problem:
        """A problem about the value at `path`, placed at its line and column."""
        lookup = ("key",) + path if key_position and ("key",) + path in self.positions else path
        line, column = self.position(lookup)
        return Problem(self.path, line, column, dotted(path), message)

    @cached_property
    def line_starts(self) -> list[int]:
        """The offset in `text` at which each line starts (found by `re`, not character by character)."""
        return [0] + [match.end() for match in _NEWLINE.finditer(self.text)]

    def offset(self, line: int, column: int) -> int:
        """The character offset in `text` of a 1-based line and column."""
        return self.line_starts[line - 1] + column - 1

    def field_at(self, line: int, column: int) -> Path:
        """The path of the field whose text contains the given line and column (best effort)."""
        best: tuple[Position, Path] = ((0, 0), ())
        for path, position in self.positions.items():
            if position <= (line, column) and position >= best[0]:
                best = (position, path[1:] if path and path[0] == "key" else path)
        return best[1]


def dotted(path: Path) -> str:
    """Format a field path as editors read it, counting list items from 1 as people do:
    ("recommendations", 0, "title") is 'recommendations, item 1: title', ("period", "end") 'period.end'."""
    out = ""
    after_item = False
    for part in path:
        if isinstance(part, int):
            out += f", item {part + 1}"
            after_item = True
            continue
        if len(part) > QUOTE_LIMIT:  # a field name no record has: do not echo it
            part = part[:QUOTE_LIMIT] + "..."
        out += (": " if after_item else ".") + part if out else str(part)
        after_item = False
    return out


def line_column(text: str, offset: int) -> Position:
    """The 1-based line and column of a character offset in `text` (lines end at LF)."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def parse_yaml_file(path: str, raw: bytes, record_ends: bool = True) -> ParsedFile:
    """Decode and parse one file; problems go into the result, never raised.

    With `record_ends` false, `ends` stays empty: only `publication rename`, which edits values in place, needs
    them, and loading every record for a check or a build is quicker and smaller without them."""
    parsed = ParsedFile(path)
    if len(raw) > MAX_FILE_BYTES:
        parsed.problems.append(Problem(path, 1, 1, "", too_large(len(raw))))
        return parsed
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        parsed.problems.append(
            Problem(
                path,
                line,
                column,
                "",
                f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save it as UTF-8",
            )
        )
        return parsed
    # Windows (CRLF) and old Mac (CR) line endings are fine; count lines as editors do.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parsed.text = text
    tabs = list(_TAB_INDENT.finditer(text)) if "\t" in text else []
    if tabs:
        for tab in tabs:
            line, column = line_column(text, tab.end() - 1)
            parsed.problems.append(Problem(path, line, column, "", "a tab is used for indentation; indent with spaces"))
        return parsed
    if all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.split("\n")):
        parsed.problems.append(Problem(path, 1, 1, "", "the file is empty; expected the fields of a record"))
        return parsed
    unreadable = [(m.start(), m.group()) for m in _UNREADABLE.finditer(text)]
    if unreadable:  # report each one, then read the rest of the file as if it were a space
        text = _UNREADABLE.sub(" ", text)
    _Builder(parsed, text, record_ends).run()
    for offset, char in unreadable:
        line, column = line_column(text, offset)
        parsed.problems.append(
            Problem(path, line, column, dotted(parsed.field_at(line, column)), _unreadable_message(char))
        )
    return parsed


def too_large(size: int) -> str:
    """The message for a file of `size` bytes, too large to be a record."""
    return f"the file is {size:,} bytes; a record must be smaller than {MAX_FILE_BYTES:,} bytes (is it the right file?)"


def _unreadable_message(char: str, escaped: bool = False) -> str:
    if char in _ODD_LINE_BREAKS:
        if escaped:
            return (
                f"contains an invisible {_ODD_LINE_BREAKS[char]} character (U+{ord(char):04X}), written as "
                "an escape in quotes; write a space instead"
            )
        return (
            f"contains an invisible {_ODD_LINE_BREAKS[char]} character (U+{ord(char):04X}), often pasted "
            "from another program; replace it with a normal line break or a space"
        )
    return f"contains the control character U+{ord(char):04X}, which cannot be published; delete it"


def _alias_message(event: yaml.AliasEvent) -> str:
    return f"YAML aliases like {shown('*' + event.anchor)} are not allowed; write the value out"


def _tag_name(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


class _Frame:
    """A mapping or list being built: where it is, and (for a mapping) which field comes next."""

    __slots__ = ("value", "path", "keep", "attach", "key", "expecting_key", "skip_value")

    def __init__(self, value: dict | list | None, path: Path, keep: bool, attach: bool):
        self.value = value
        self.path = path
        self.keep = keep  # False: the container is being read past (a refused key or value)
        self.attach = attach  # False: do not hand the finished container to the parent (keys, inner parts)
        self.key: str | None = None
        self.expecting_key = True
        self.skip_value = False


class _Builder:
    """Turns parser events into Python values, recording positions and problems.

    Every value of every record goes through here (each build and check reads every event of every file),
    so the common events take the short way: one type test each, and a string is the scalar's text as
    PyYAML's own str constructor returns it, without building a node for it.
    """

    def __init__(self, parsed: ParsedFile, text: str, record_ends: bool = True):
        self.parsed = parsed
        self.text = text
        self.ends = parsed.ends if record_ends else None
        self.loader = yaml.SafeLoader("")  # resolves and constructs scalars exactly as PyYAML would
        resolvers = self.loader.yaml_implicit_resolvers  # by first character; None: for every scalar
        self.implicit_resolvers = resolvers if None not in resolvers else _EVERY_CHARACTER
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.has_root = False

    def _add(self, mark: yaml.Mark, path: Path, message: str) -> None:
        self.parsed.problems.append(Problem(self.parsed.path, mark.line + 1, mark.column + 1, dotted(path), message))

    def run(self) -> None:
        documents = 0
        value, end, scalar, stack = self._value, self._end, self._scalar, self.stack
        positions = self.parsed.positions
        events = None
        try:
            events = _Loader(self.text)  # PyYAML's parser, read an event at a time as yaml.parse reads it
            next_event = events.get_event
            while (event := next_event()) is not None:
                kind = type(event)
                if kind is yaml.ScalarEvent and stack and stack[-1].keep:
                    # Most events: a field name, or a value in a field or a list being kept. The same steps as
                    # `_value`, `_key` and `_attach` take, without their tests for rarer events.
                    parent = stack[-1]
                    container = parent.value
                    if type(container) is list:
                        path = (*parent.path, len(container))
                        mark = event.start_mark
                        positions[path] = (mark.line + 1, mark.column + 1)
                        container.append(scalar(event, path))
                    elif parent.expecting_key:
                        key = event.value
                        if (event.implicit[0] and _is_merge_key(key)) or key in container:
                            self._key(parent, event, kind)
                            continue
                        mark = event.start_mark
                        positions[("key", *parent.path, key)] = (mark.line + 1, mark.column + 1)
                        parent.key, parent.expecting_key = key, False
                    elif parent.skip_value:  # the value of a refused field name: read past
                        parent.key, parent.expecting_key, parent.skip_value = None, True, False
                    else:
                        path = (*parent.path, parent.key)
                        mark = event.start_mark
                        positions[path] = (mark.line + 1, mark.column + 1)
                        container[parent.key] = scalar(event, path)
                        parent.key, parent.expecting_key = None, True
                elif kind in _VALUE_EVENTS:
                    if not value(event, kind):
                        return
                elif kind in _END_EVENTS:
                    end()
                elif kind is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        self._add(
                            event.start_mark,
                            (),
                            "a record file holds one record; remove the second "
                            "'---' and what follows, or move it to its own file",
                        )
                        break
        except yaml.MarkedYAMLError as exc:
            self.parsed.problems.append(syntax_problem(self.parsed.path, self.text, exc))
            return
        except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors; unreadable characters are removed above
            message = " ".join(str(exc).split())
            self.parsed.problems.append(Problem(self.parsed.path, 1, 1, "", f"YAML syntax error: {message}"))
            return
        finally:
            if events is not None:
                events.dispose()
            self.loader.dispose()  # PyYAML's own clean-up: the loader no longer refers to itself
        self.parsed.data = self.root if isinstance(self.root, dict) else None

    def _value(self, event: yaml.Event, kind: type) -> bool:
        """Handle an event that starts a value (or a field name). False stops reading the file."""
        stack = self.stack
        if not stack:
            return self._root(event)
        parent = stack[-1]
        opens = kind in _START_EVENTS
        if not parent.keep:  # inside something refused: read past it
            if opens:
                stack.append(_Frame(None, parent.path, keep=False, attach=False))
            return True
        container = parent.value  # a dict or a list: only refused frames hold None
        if type(container) is dict:
            if parent.expecting_key:
                self._key(parent, event, kind)
                return True
            path = (*parent.path, parent.key)
            keep = not parent.skip_value
        else:
            path = (*parent.path, len(container))
            keep = True
        if keep:
            if opens and len(stack) >= MAX_DEPTH:
                # Hostile or broken input: say so once, at the field it is in, and read no further.
                self._add(
                    event.start_mark,
                    path[:1],
                    f"the values are nested more than {MAX_DEPTH} levels deep; a record needs only a few levels",
                )
                return False
            mark = event.start_mark
            self.parsed.positions[path] = (mark.line + 1, mark.column + 1)
        if opens:
            stack.append(
                _Frame(({} if kind is yaml.MappingStartEvent else []) if keep else None, path, keep=keep, attach=True)
            )
            if keep:
                self._check_tag(event, path)
            return True
        if kind is yaml.AliasEvent:
            if keep:
                self._add(event.start_mark, path, _alias_message(event))
            self._attach(parent, None)
            return True
        self._attach(parent, self._scalar(event, path) if keep else None)
        return True

    def _root(self, event: yaml.Event) -> bool:
        if self.has_root:
            return True
        self.has_root = True
        if isinstance(event, yaml.MappingStartEvent):
            self.parsed.positions[()] = (event.start_mark.line + 1, event.start_mark.column + 1)
            self.root = {}
            self.stack.append(_Frame(self.root, (), keep=True, attach=True))
            return True
        if isinstance(event, yaml.ScalarEvent) and event.value == "" and event.implicit[0]:
            self._add(event.start_mark, (), "the file is empty; expected the fields of a record")
            return False
        got = (
            "a list"
            if isinstance(event, yaml.SequenceStartEvent)
            else (f"a single value {shown(event.value)}" if isinstance(event, yaml.ScalarEvent) else "an alias")
        )
        self._add(event.start_mark, (), f"expected the fields of a record (name: value lines), got {got}")
        return False

    def _key(self, parent: _Frame, event: yaml.Event, kind: type) -> None:
        parent.expecting_key = False
        parent.skip_value = True
        path = parent.path
        if kind is yaml.AliasEvent:
            self._add(event.start_mark, path, _alias_message(event))
            return
        if kind is not yaml.ScalarEvent:
            self._add(event.start_mark, path, "a field name must be plain text")
            self.stack.append(_Frame(None, path, keep=False, attach=False))
            return
        key = event.value
        if event.implicit[0] and _is_merge_key(key):
            self._add(event.start_mark, path, "YAML merge keys (<<) are not allowed; write the fields out")
            self.parsed.incomplete.add(path)
            return
        if key in parent.value:
            self._add(event.start_mark, (*path, key), "this field appears twice; keep one")
            return
        mark = event.start_mark
        self.parsed.positions[("key", *path, key)] = (mark.line + 1, mark.column + 1)
        parent.key = key
        parent.skip_value = False

    def _end(self) -> None:
        frame = self.stack.pop()
        if frame.attach:
            self._attach(self.stack[-1] if self.stack else None, frame.value if frame.keep else None)

    def _attach(self, parent: _Frame | None, value: Any) -> None:
        if parent is None:
            return
        container = parent.value
        if type(container) is list:
            container.append(value)
        elif type(container) is dict:
            if not parent.skip_value:
                container[parent.key] = value
            parent.key, parent.expecting_key, parent.skip_value = None, True, False

    def _check_tag(self, event: yaml.Event, path: Path) -> bool:
        tag = getattr(event, "tag", None)
        if tag in (None, "!") or tag in _STANDARD_TAGS:
            return True
        self._add(event.start_mark, path, f"YAML tags like {shown(_tag_name(tag))} are not allowed; remove it")
        return False

    def _scalar(self, event: yaml.ScalarEvent, path: Path) -> Any:
        text = event.value
        self.parsed.source_text[path] = text
        if self.ends is not None:
            mark = event.end_mark
            self.ends[path] = (mark.line + 1, mark.column + 1)
        tag = event.tag
        if tag is None or tag == "!":
            implicit = event.implicit
            if self.loader.yaml_path_resolvers or (implicit[0] and text[:1] in self.implicit_resolvers):
                tag = self.loader.resolve(yaml.ScalarNode, text, implicit)
            else:  # what resolve returns, without its call: no resolver starts with this character
                tag = _STR_TAG
        elif not self._check_tag(event, path):
            return text
        if tag == _STR_TAG:
            value = text  # what PyYAML's str constructor returns: the scalar's text as it is
        else:
            node = yaml.ScalarNode(tag, text, event.start_mark, event.end_mark, event.style)
            try:
                value = self.loader.construct_object(node, deep=True)
            except (ValueError, OverflowError, yaml.constructor.ConstructorError):
                if _DATE_LIKE.match(text):
                    why = impossible_because(text)
                    message = f"expected a date like 2020-07-23, got {shown(text)}" + (f": {why}" if why else "")
                else:
                    message = f"cannot read the value {shown(text)}"
                self._add(event.start_mark, path, message)
                return text
            if isinstance(value, dt.datetime):
                value = value.date() if (value.hour, value.minute, value.second) == (0, 0, 0) else value
        if event.style == '"' and isinstance(value, str):  # escapes are written only in double quotes
            bad = _UNREADABLE.search(value)
            if bad:  # written as an escape ("\x07", "\L") inside quotes: the raw text was fine
                self._add(event.start_mark, path, _unreadable_message(bad.group(), escaped=True))
        return value


_RESOLVER = yaml.resolver.Resolver()


class _Everything:
    """Contains every character: a resolver registered for every scalar has to be asked about each one."""

    def __contains__(self, item: object) -> bool:
        return True


_EVERY_CHARACTER = _Everything()


@lru_cache(maxsize=4096)
def _is_merge_key(key: str) -> bool:
    """Whether a plain field name is YAML's merge key (`<<`), as PyYAML resolves it (field names repeat: kept)."""
    return _RESOLVER.resolve(yaml.ScalarNode, key, (True, False)) == "tag:yaml.org,2002:merge"
