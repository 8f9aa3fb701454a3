"""Small helpers that turn record values into safe, readable text; the page templates use them as filters
(`templating.py`)."""

from __future__ import annotations

import datetime as dt
import html
import re
from functools import lru_cache

# Inline markers (emphasis, code, links, attributes, table cells, and '#', which a heading drops from
# its end: "Learning C#"), and block markers at the start.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]|#])")
_LEADING_MARKER = re.compile(r"^(\s*)(?:([+\-])|(\d+)\.)")
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@lru_cache(maxsize=1 << 16)  # a record's title is escaped on every page that links it
def plain(text: str) -> str:
    """Escape plain text (a title, a name) so markdown shows it exactly and HTML in it never runs."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
    return _LEADING_MARKER.sub(
        lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(2) else f"{m.group(1)}{m.group(3)}\\.", escaped, count=1
    )


def attribute(text: str) -> str:
    """Escape text for an HTML attribute or YAML front matter value (no markdown escapes)."""
    return html.escape(text, quote=True)


def long_date(value: dt.date) -> str:
    """23 July 2020."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def partial_date(value: str) -> str:
    """Show 2020, 2020-07 or 2020-07-23 as 2020, July 2020 or 23 July 2020."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return long_date(dt.date(*parts))
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def period_phrase(start: str, end: str | None) -> str:
    """A period as a reader says it, naming each unit once: 'July 2020' (one month, however written),
    'March to June 2020', '1 to 21 July 2020', '2019 to 2021', 'January 2019 to June 2020'."""
    if end is None or end == start:
        return partial_date(start)
    first, last = start.split("-"), end.split("-")
    if len(first) == len(last) > 1 and first[0] == last[0]:  # months or days of one year
        if len(first) == 2:
            return f"{MONTHS[int(first[1]) - 1]} to {partial_date(end)}"
        if first[1] == last[1]:
            return f"{int(first[2])} to {partial_date(end)}"
        return f"{int(first[2])} {MONTHS[int(first[1]) - 1]} to {partial_date(end)}"
    return f"{partial_date(start)} to {partial_date(end)}"


def join_words(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
