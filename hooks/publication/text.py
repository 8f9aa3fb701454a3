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


def join_words(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
