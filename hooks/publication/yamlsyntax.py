"""A YAML syntax error told as what to fix, at the line to fix, instead of in the parser's words.

PyYAML (libyaml's parser, or PyYAML's own where libyaml is missing; they word errors differently)
says "did not find expected '-' indicator while parsing a block collection". An editor needs to
hear "this line is not lined up with the list above it: start a new item with '- ' or indent it
under the item's first field". `syntax_problem` reads the parser's error, looks at the line it
stopped on, and says which of the usual mistakes it is and how to fix it; an error it does not know
keeps the parser's words, cleaned up, so nothing is lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import yaml

from .problems import Problem, shown

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

PREFIX = "YAML syntax error: "
QUOTE_IN_SINGLE_QUOTES = (
    "inside '...' an apostrophe is written twice ('it''s here'), or put the whole value in double quotes"
)


class _Error:
    """What the parser reported, with the text of the lines it points at."""

    def __init__(self, exc: yaml.MarkedYAMLError, lines: list[str]):
        self.problem = " ".join((exc.problem or "").split())
        self.context = " ".join((exc.context or "").split())
        self.mark = exc.problem_mark or exc.context_mark
        self.start = exc.context_mark  # where the part being read began, when the parser says
        self.lines = lines

    def line_text(self, mark: yaml.Mark | None = None) -> str:
        mark = mark or self.mark
        return self.lines[mark.line] if mark is not None and mark.line < len(self.lines) else ""

    def char(self) -> str:
        """The character the parser stopped at ('' at the end of a line or the file)."""
        text = self.line_text()
        return text[self.mark.column] if self.mark is not None and self.mark.column < len(text) else ""

    def has(self, *words: str) -> bool:
        return any(word in self.problem for word in words)


def _where(mark: yaml.Mark) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}"


def _second_colon(error: _Error) -> str | None:
    if not error.has("mapping values are not allowed"):
        return None
    text = error.line_text()
    first = re.search(r":(\s|$)", text.lstrip(" -"))
    indent = len(text) - len(text.lstrip(" -"))
    if first is not None and indent + first.start() == error.mark.column:
        # The line's own field name: the line is indented under a field that already has a value.
        return (
            "this line is indented further than the field above it, so YAML reads it as part of that "
            "field's value; line it up with the fields around it"
        )
    name, _, value = text.strip().removeprefix("- ").partition(": ")
    value = value.strip()
    quoted = f'{name}: "{value}"' if len(value) <= 60 and '"' not in value and value.isprintable() else ""
    return (
        "this value holds ': ', which YAML reads as the start of another field; put the whole value "
        f"in double quotes{f', like {quoted}' if quoted else ''}"
    )


def _not_lined_up(error: _Error) -> str | None:
    if "block mapping" not in error.context or not error.has("did not find expected key", "expected <block end>"):
        return None
    before = error.line_text()[: error.mark.column].rstrip()
    if before.endswith(("'", '"')):
        return "the value goes on after its closing quote; " + QUOTE_IN_SINGLE_QUOTES
    column = error.start.column + 1 if error.start is not None else 1
    if error.mark.column + 1 == column:
        return (
            f"this line is not a field; write it as name: value (the fields around it start at column {column}), "
            "or indent it if it continues the text above"
        )
    return (
        f"this line is not lined up with the fields around it, which start at column {column}; "
        "indent it by as many spaces as the field it belongs with"
    )


def _list_not_lined_up(error: _Error) -> str | None:
    if "block collection" not in error.context or not error.has("expected '-' indicator", "expected <block end>"):
        return None
    if error.start is None:
        return None
    dash = error.line_text(error.start)
    under = len(dash) - len(dash[error.start.column + 1 :].lstrip(" "))
    return (
        f"this line is not lined up with the list that starts at line {error.start.line + 1}: to continue "
        f"the item above, indent it to column {under + 1}, under the item's first field; to start a new "
        f"item, begin it with '- ' at column {error.start.column + 1}"
    )


def _no_colon(error: _Error) -> str | None:
    if not error.has("could not find expected ':'"):
        return None
    return (
        "this line has no ': ' after its field name; write it as name: value (a long value may go "
        "on over the next lines, indented further than the field name)"
    )


def _cannot_start(error: _Error) -> str | None:
    if not error.has("cannot start any token", "tab character that violates indentation"):
        return None
    char = error.char()
    if char == "\t" or error.has("tab character", "'\\t'"):
        return "a tab stands where YAML allows only spaces; replace the tab with spaces"
    rest = error.line_text()[error.mark.column :].rstrip()
    example = f', like "{rest}"' if rest and len(rest) <= 40 and '"' not in rest and rest.isprintable() else ""
    return (
        f"a value cannot start with {shown(char or rest[:1])}, which YAML keeps for itself; put the whole "
        f"value in double quotes{example}"
    )


def _flow_not_closed(error: _Error) -> str | None:
    closer = "]" if error.has("']'") else "}" if error.has("'}'") else None
    if closer is None or "flow" not in error.context:
        return None
    what = "list in [ ] that opens" if closer == "]" else "fields in { } that open"
    opened = f" at {_where(error.start)}" if error.start is not None else ""
    return (
        f"the {what}{opened} need{'s' if closer == ']' else ''} a comma between entries and a closing "
        f"{closer} on the same line; put an entry that holds ',' or ': ' in quotes"
    )


def _unknown_escape(error: _Error) -> str | None:
    if not error.has("unknown escape character"):
        return None
    text, column = error.line_text(), error.mark.column
    start = column if text[column : column + 1] == "\\" else column - 1
    escape = text[start : start + 2]
    return (
        f"inside double quotes a backslash starts an escape such as \\n, and {shown(escape)} is not one; "
        "write \\\\ for a backslash, or put the value in single quotes"
    )


def _list_on_field_line(error: _Error) -> str | None:
    if not error.has("sequence entries are not allowed"):
        return None
    return (
        "a list cannot start on its field's line; put each '- ' entry on a line of its own below the "
        "field, indented, or put a value that starts with '- ' in quotes"
    )


def _missing_entry(error: _Error) -> str | None:
    if "flow node" not in error.context or not error.has("node content"):
        return None
    return "an entry is missing here: remove the extra comma, or write the entry"


def _alias_or_anchor(error: _Error) -> str | None:
    if "alias" not in error.context and "anchor" not in error.context:
        return None
    sign = "*" if "alias" in error.context else "&"
    return f"a value cannot start with '{sign}', which YAML keeps for itself; put the whole value in quotes"


def _block_indicator(error: _Error) -> str | None:
    if "block scalar" not in error.context:
        return None
    return (
        "after '>' or '|' (and an optional '-' or '+') the line must end; start the text on the next line, "
        "indented, or put a value that starts with '>' or '|' in quotes"
    )


_TRANSLATIONS: tuple[Callable[[_Error], str | None], ...] = (
    _second_colon,
    _not_lined_up,
    _list_not_lined_up,
    _no_colon,
    _cannot_start,
    _flow_not_closed,
    _unknown_escape,
    _list_on_field_line,
    _missing_entry,
    _alias_or_anchor,
    _block_indicator,
)


def syntax_problem(path: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    """One line for a YAML syntax error: the place to fix and what to do there."""
    found = _unclosed_quotes(path, text, exc)
    if found is not None:
        return found
    error = _Error(exc, text.split("\n"))
    mark = error.mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if "quoted scalar" in error.context and error.has("end of stream") and error.start is not None:
        # The file ended inside quotes: the place to fix is where they open, not the end of the file.
        start = error.start
        return Problem(
            path,
            start.line + 1,
            start.column + 1,
            "",
            PREFIX + "the quotes that open here are never closed; add the closing quote",
        )
    if error.start is not None and (
        error.has("could not find expected ':'") or "alias" in error.context or "anchor" in error.context
    ):
        line, column = error.start.line + 1, error.start.column + 1  # the line lacking the colon; the '*' or '&'
    for translate in _TRANSLATIONS:
        told = translate(error)
        if told:
            return Problem(path, line, column, "", PREFIX + told)
    return Problem(path, line, column, "", PREFIX + _parser_words(error))


def _parser_words(error: _Error) -> str:
    """The parser's own message, for an error none of the translations knows (quoted as messages quote)."""
    what = _PARSER_QUOTE.sub(lambda m: shown(m.group(1)), error.problem or "invalid YAML")
    if error.context:
        moved = (
            error.start is not None
            and error.mark is not None
            and (error.start.line, error.start.column)
            != (
                error.mark.line,
                error.mark.column,
            )
        )
        what += f" ({error.context}" + (f" that starts at {_where(error.start)}" if moved else "") + ")"
    return what


_PARSER_QUOTE = re.compile(r"'((?:[^'\\]|\\.)*)'")


def _unclosed_quotes(path: str, text: str, exc: yaml.MarkedYAMLError) -> Problem | None:
    """A syntax error just after quoted text that ran over several lines: most likely a quote left open.

    `title: "Treorchy` runs on until the next quote, lines later, and YAML stops there; the
    place to fix is where the quotes open.
    """
    mark = exc.problem_mark
    if mark is None:
        return None
    last = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                last = token
    except yaml.YAMLError:
        pass
    if last is None or last.start_mark.line == last.end_mark.line or last.end_mark.line != mark.line:
        return None
    start, end = last.start_mark, last.end_mark
    return Problem(
        path,
        start.line + 1,
        start.column + 1,
        "",
        PREFIX + f"the quotes that open here run on to line {end.line + 1}; add the closing quote where the text ends",
    )
