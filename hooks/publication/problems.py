"""Problems found in records: where they are, what is wrong, and how they print."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import Enum
from typing import Iterable


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
        return f"{self.path}:{self.line}:{self.column}: {field}{self.message}"


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """Return ' (did you mean 'x'?)' for the closest choice, or '' if none is close.

    Close means similar spelling ('future-local' for 'future-can-be-local'), or the only
    choice that contains what was written ('hyperlocal' for 'invest-in-the-hyperlocal').
    """
    options = sorted(set(choices))
    close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    if not close and len(value) >= 4:
        close = [c for c in options if value.casefold() in c.casefold()]
    return f" (did you mean '{close[0]}'?)" if len(close) == 1 else ""


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
