"""Why a written date does not exist, in the words a person would use: "June has 30 days"."""

from __future__ import annotations

import calendar
import re

from .text import MONTHS

_NUMBERS = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def impossible_because(written: str) -> str | None:
    """The reason a date written as YYYY, YYYY-MM or YYYY-MM-DD cannot be, or None if it can (or if it is
    not written with numbers at all, which calls for another message)."""
    match = _NUMBERS.match(written.strip())
    if match is None:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    if month is not None and not 1 <= month <= 12:
        return f"there is no month {month} (months run from 01 to 12)"
    if day is None or month is None:
        return None
    days = calendar.monthrange(year, month)[1]
    if day == 0:
        return "days start at 01"
    if day > days:
        leap = f" in {year}" if month == 2 else ""
        return f"{MONTHS[month - 1]} has {days} days{leap}"
    return None
