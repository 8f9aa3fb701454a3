"""Problems found in records: where they are, what is wrong, and how they print."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

QUOTE_LIMIT = 60  # characters of a value a message may quote; the rest is cut with "..."
# Control characters (C0, DEL, C1) and the invisible format characters that reorder or hide text on a
# terminal (bidirectional overrides and isolates, zero-width characters): never printed raw.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
# did-you-mean compares at most this many characters: an id is at most 80, and difflib is quadratic.
_HINT_LIMIT = 100


class Severity(str, Enum):
    """An error stops every build; a warning stops only `mkdocs build --strict`."""

    error = "error"
    warning = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one record, at a 1-based line and column."""

    path: str
    line: int
    column: int
    field: str
    message: str
    severity: Severity = Severity.error

    def __str__(self) -> str:
        field = f"{self.field}: " if self.field else ""
        return printable(f"{self.path}:{self.line}:{self.column}: {field}{self.message}")


def printable(text: str) -> str:
    """`text` with every control and invisible formatting character written as an escape (\\x1b, \\u202e),
    so that nothing a record holds can move the cursor, recolour or retitle an editor's terminal."""
    return _UNPRINTABLE.sub(_escape_char, text)


def _escape_char(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def shown(value: object, limit: int = QUOTE_LIMIT) -> str:
    """A value as a message quotes it: in single quotes, cut to `limit` characters, with control and
    invisible characters escaped. Messages never echo more of a file than this."""
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + "..."
    return f"'{printable(text)}'"


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """Return ' (did you mean 'x'?)' for the closest choice, or '' if none is close.

    Close means similar spelling ('future-local' for 'future-can-be-local'), or the only
    choice that contains what was written ('hyperlocal' for 'invest-in-the-hyperlocal').
    """
    return _did_you_mean(value, tuple(sorted(set(choices))))


@lru_cache(maxsize=4096)  # many references to one missing id cost one search
def _did_you_mean(value: str, options: tuple[str, ...]) -> str:
    if not value or len(value) > _HINT_LIMIT:
        return ""
    close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    if not close and len(value) >= 4:
        close = [c for c in options if value.casefold() in c.casefold()]
    return f" (did you mean {shown(close[0])}?)" if len(close) == 1 else ""


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Order problems by file, line and column, dropping exact repeats."""
    return sorted(set(problems))


def summary_line(problems: list[Problem]) -> str:
    """Say how many errors and warnings there are, e.g. '3 errors, 1 warning'."""
    errors = sum(p.severity is Severity.error for p in problems)
    warnings = len(problems) - errors

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in the records"
