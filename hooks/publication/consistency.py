"""Rules that hold across records or between fields: numbers, dates, placeholders, reserved ids.

References between records are checked in catalogue.py; this module catches the mistakes that
validate one field at a time cannot see.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from .model import Evidence, Proposition, Status
from .problems import Problem, Severity, shown
from .yamlfile import ParsedFile

AnyRecord = Proposition | Evidence
# A record page with this id would take the place of its folder's list page.
RESERVED_IDS = {"index"}
PLACEHOLDER = re.compile(r"\bTODO\b")


def consistency_problems(files: list[tuple[ParsedFile, AnyRecord]], today: dt.date) -> list[Problem]:
    """Every cross-field and cross-record problem among valid records."""
    problems: list[Problem] = []
    proposition_numbers: dict[int, str] = {}
    recommendation_numbers: dict[tuple[str, int], str] = {}
    actor_spellings: dict[str, dict[str, tuple[ParsedFile, tuple]]] = defaultdict(dict)
    for parsed, record in files:
        if record.id in RESERVED_IDS:
            problems.append(parsed.problem(("id",), f"the id {shown(record.id)} is reserved for the list of all "
                                                    "records; choose another (and rename the file)"))
        problems += _dates(parsed, record, today)
        if record.status is Status.published:
            problems += _placeholders(parsed, record)
        if isinstance(record, Proposition):
            if record.number in proposition_numbers:
                problems.append(parsed.problem(("number",), f"proposition number {record.number} is already used by "
                                                            f"{shown(proposition_numbers[record.number])}"))
            proposition_numbers.setdefault(record.number, record.id)
            for i, rec in enumerate(record.recommendations):
                source = rec.source or record.source
                if rec.number is not None:
                    key = (source, rec.number)
                    if key in recommendation_numbers:
                        problems.append(parsed.problem(
                            ("recommendations", i, "number"),
                            f"{shown(source)} already has a recommendation number {rec.number}: "
                            f"{shown(recommendation_numbers[key])}"))
                    recommendation_numbers.setdefault(key, rec.id)
                for j, actor in enumerate(rec.actors):
                    actor_spellings[" ".join(actor.casefold().split())].setdefault(
                        actor, (parsed, ("recommendations", i, "actors", j)))
    for spellings in actor_spellings.values():
        if len(spellings) > 1:
            first, *others = spellings
            for actor in others:
                parsed, path = spellings[actor]
                problem = parsed.problem(path, f"{shown(actor)} is spelt {shown(first)} elsewhere; use one spelling "
                                               "so the recommendations page lists them together")
                problems.append(_as_warning(problem))
    return problems


def _dates(parsed: ParsedFile, record: AnyRecord, today: dt.date) -> list[Problem]:
    problems = []
    if record.published > today:
        problems.append(_as_warning(parsed.problem(
            ("published",), f"{record.published.isoformat()} is in the future; check the date")))
    for i, change in enumerate(record.changes):
        if change.date < record.published:
            problems.append(parsed.problem(("changes", i, "date"),
                                           f"{change.date.isoformat()} is before the record was published "
                                           f"({record.published.isoformat()})"))
        elif change.date > today:
            problems.append(_as_warning(parsed.problem(
                ("changes", i, "date"), f"{change.date.isoformat()} is in the future; check the date")))
    if isinstance(record, Evidence) and record.period and record.period.end:
        start, end = record.period.start, record.period.end
        common = min(len(start), len(end))
        if end[:common] < start[:common]:
            problems.append(parsed.problem(("period", "end"), f"the period ends ({end}) before it starts ({start})"))
    return problems


def _placeholders(parsed: ParsedFile, record: AnyRecord) -> list[Problem]:
    """Published records must not carry the scaffold's TODO text."""
    found = []

    def walk(value, path):
        if isinstance(value, str):
            if PLACEHOLDER.search(value):
                found.append(parsed.problem(path, "still holds placeholder text (TODO); write the real text, "
                                                  "or keep the record a draft (status: draft)"))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, path + (index,))

    walk(parsed.data, ())
    return found


def _as_warning(problem: Problem) -> Problem:
    return Problem(problem.path, problem.line, problem.column, problem.field, problem.message, Severity.warning)
