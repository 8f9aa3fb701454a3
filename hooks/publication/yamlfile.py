"""Read one YAML record file into plain data, remembering where every value stands.

PyYAML's composer gives nodes with positions; we construct values from those
nodes ourselves so that every problem can name its line and column, and so that
aliases, duplicate keys, tabs, bad dates and control characters are refused with
a clear message instead of an exception.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem

try:  # the C parser is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path = tuple[str | int, ...]
Position = tuple[int, int]

# Characters XML 1.0 cannot carry (feeds are XML), other than tab, LF and CR.
_FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_DATE_LIKE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}([Tt ].*)?$")
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)


@dataclass
class ParsedFile:
    """A record file's data, where each value came from, and what went wrong."""

    path: str
    text: str = ""
    data: Any = None
    positions: dict[Path, Position] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

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


def dotted(path: Path) -> str:
    """Format a field path as editors read it: recommendations[0].title."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse_yaml_file(path: str, raw: bytes) -> ParsedFile:
    """Decode and parse one file; problems go into the result, never raised."""
    parsed = ParsedFile(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        parsed.problems.append(
            Problem(path, line, column, "", f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset "
                    f"{exc.start}); save it as UTF-8")
        )
        return parsed
    parsed.text = text
    tab = _TAB_INDENT.search(text)
    if tab:
        line = text.count("\n", 0, tab.end()) + 1
        column = tab.end() - (text.rfind("\n", 0, tab.end()) + 1)
        parsed.problems.append(Problem(path, line, column, "", "a tab is used for indentation; indent with spaces"))
        return parsed
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        parsed.problems.append(Problem(path, 1, 1, "", "the file is empty; expected the fields of a record"))
        return parsed
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        parsed.problems.append(Problem(path, line, column, "", f"YAML syntax error: {what}{context}"))
        return parsed
    except yaml.YAMLError as exc:
        parsed.problems.append(Problem(path, 1, 1, "", f"YAML syntax error: {exc}"))
        return parsed
    finally:
        loader.dispose()
    if not isinstance(node, yaml.MappingNode):
        parsed.problems.append(
            Problem(path, node.start_mark.line + 1, node.start_mark.column + 1, "",
                    f"expected the fields of a record (name: value lines), got {_describe(node)}")
        )
        return parsed
    parsed.data = _Builder(parsed, yaml.SafeLoader("")).build(node, ())
    return parsed


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"a single value '{node.value}'" if isinstance(node, yaml.ScalarNode) else "something else"


class _Builder:
    """Turns composed nodes into Python values, recording positions and problems."""

    def __init__(self, parsed: ParsedFile, constructor: yaml.SafeLoader):
        self.parsed = parsed
        self.constructor = constructor
        self.seen: set[int] = set()

    def _at(self, node: yaml.Node) -> Position:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def build(self, node: yaml.Node, path: Path) -> Any:
        if id(node) in self.seen:
            # An alias reuses a node already built. Refusing aliases outright keeps
            # records readable and rules out "billion laughs" size blow-ups.
            self.parsed.problems.append(
                self.parsed.problem(path, "YAML aliases (*name) are not allowed; write the value out", key_position=True)
            )
            return None
        self.seen.add(id(node))
        self.parsed.positions[path] = self._at(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.parsed.problems.append(Problem(self.parsed.path, *self._at(key_node), dotted(path),
                                                    "YAML merge keys (<<) are not allowed"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.parsed.problems.append(Problem(self.parsed.path, *self._at(key_node), dotted(path),
                                                    "a field name must be plain text"))
                continue
            key = str(key_node.value)
            if key in result:
                self.parsed.problems.append(Problem(self.parsed.path, *self._at(key_node), dotted(path + (key,)),
                                                    "this field appears twice; keep one"))
                continue
            self.parsed.positions[("key",) + path + (key,)] = self._at(key_node)
            result[key] = self.build(value_node, path + (key,))
        return result

    def _scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ValueError, yaml.constructor.ConstructorError):
            if _DATE_LIKE.match(node.value):
                message = f"expected a date like 2020-07-23, got '{node.value}'"
            else:
                message = f"cannot read the value '{node.value}'"
            self.parsed.problems.append(self.parsed.problem(path, message))
            return node.value
        if isinstance(value, dt.datetime):
            value = value.date() if (value.hour, value.minute, value.second) == (0, 0, 0) else value
        if isinstance(value, str):
            bad = _FORBIDDEN_CHARS.search(value)
            if bad:
                self.parsed.problems.append(
                    self.parsed.problem(path, f"contains the control character U+{ord(bad.group()):04X}, "
                                              "which cannot be published; delete it")
                )
        return value

