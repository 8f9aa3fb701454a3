"""Rules about numbers, dates, spellings, placeholders, reserved ids and gaps in the content.

Each rule reads the whole publication (rules.Publication) and returns its problems; rules.py runs
them with the rules about ids and references. Validation sees one field at a time; these see the
mistakes it cannot: a number used twice, a change dated before its record, an actor spelt two ways.
The rules about gaps (nothing supports a proposition, a review date has passed) read the catalogue,
so a draft left out of the build is not reported for them; they give warnings, fatal under --strict.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .model import Evidence, Proposition
from .partial import BROKEN
from .problems import Problem, Severity, shown

if TYPE_CHECKING:
    from .rules import Publication, RecordFile

# A record page with this id would take the place of its folder's list page.
RESERVED_IDS = {"index"}
PLACEHOLDER = re.compile(r"\bTODO\b")


def reserved_ids(pub: Publication) -> Iterator[Problem]:
    """No record takes an id its folder's list page needs."""
    for file, record in pub.readable:
        if record.id in RESERVED_IDS:
            yield from _found(
                file,
                ("id",),
                f"the id {shown(record.id)} is reserved for the list of all "
                "records; choose another (and rename the file)",
            )


def proposition_numbers(pub: Publication) -> Iterator[Problem]:
    """Each proposition has its own number."""
    used: dict[int, str] = {}
    for file, record in pub.readable:
        if file.type.model is Proposition and record.number is not BROKEN:
            if record.number in used:
                yield from _found(
                    file,
                    ("number",),
                    f"proposition number {record.number} is already used by {shown(used[record.number])}",
                )
            used.setdefault(record.number, record.id or file.stem)


def recommendation_numbers(pub: Publication) -> Iterator[Problem]:
    """A report numbers each of its recommendations once."""
    used: dict[tuple[str, int], str] = {}
    for file, record in pub.readable:
        for i, rec in enumerate(_entries(getattr(record, "recommendations", ()))):
            if rec is BROKEN or rec.source is BROKEN or rec.number in (None, BROKEN):
                continue
            source = rec.source or record.source
            if source is BROKEN:
                continue
            key = (source, rec.number)
            if key in used:
                yield from _found(
                    file,
                    ("recommendations", i, "number"),
                    f"{shown(source)} already has a recommendation number {rec.number}: {shown(used[key])}",
                )
            used.setdefault(key, rec.id or "?")


def actor_spellings(pub: Publication) -> Iterator[Problem]:
    """An actor is spelt one way (a warning for each other spelling, at its first use)."""
    spellings: dict[str, dict[str, tuple[RecordFile, tuple]]] = {}
    for file, record in pub.readable:
        for i, rec in enumerate(_entries(getattr(record, "recommendations", ()))):
            for j, actor in enumerate(_entries(rec.actors if rec is not BROKEN else BROKEN)):
                spellings.setdefault(" ".join(actor.casefold().split()), {}).setdefault(
                    actor, (file, ("recommendations", i, "actors", j))
                )
    for spelt in spellings.values():
        first, *others = spelt
        for actor in others:
            file, path = spelt[actor]
            message = (
                f"{shown(actor)} is spelt {shown(first)} elsewhere; use one "
                "spelling so the recommendations page lists them together"
            )
            yield from (_warning(problem) for problem in _found(file, path, message))


def dates_in_order(pub: Publication) -> Iterator[Problem]:
    """No date is in the future (a warning), and no change is dated before its record was published.
    A change is compared with a publication date only where both can be read."""
    for file, record in pub.readable:
        published = record.published
        if published and published > pub.today:
            yield from map(
                _warning, _found(file, ("published",), f"{published.isoformat()} is in the future; check the date")
            )
        for i, change in enumerate(_entries(record.changes)):
            if not change or not change.date:
                continue
            if published and change.date < published:
                yield from _found(
                    file,
                    ("changes", i, "date"),
                    f"{change.date.isoformat()} is before the record was published ({published.isoformat()})",
                )
            elif change.date > pub.today:
                yield from map(
                    _warning,
                    _found(file, ("changes", i, "date"), f"{change.date.isoformat()} is in the future; check the date"),
                )


def period_in_order(pub: Publication) -> Iterator[Problem]:
    """A period ends no earlier than it starts, compared to the precision both are written to."""
    for file, record in pub.readable:
        period = getattr(record, "period", None)
        if period and period.start and period.end:
            common = min(len(period.start), len(period.end))
            if period.end[:common] < period.start[:common]:
                yield from _found(
                    file, ("period", "end"), f"the period ends ({period.end}) before it starts ({period.start})"
                )


def no_placeholders(pub: Publication) -> Iterator[Problem]:
    """Published records do not carry the scaffold's TODO text, in any field (of a broken record too)."""
    for file in pub.files:
        # Each string of the data is the text of one of its scalars (source_text): a file none of whose
        # scalars holds "TODO" has nothing to find, and most files are read no further.
        if file.is_published and "TODO" in "\n".join(file.parsed.source_text.values()):
            yield from _placeholders(file, file.parsed.data, ())


def _placeholders(file: RecordFile, value: object, path: tuple) -> Iterator[Problem]:
    if isinstance(value, str):
        if PLACEHOLDER.search(value):
            yield from _found(
                file,
                path,
                "still holds placeholder text (TODO); write the real text, or keep the record a draft (status: draft)",
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _placeholders(file, item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _placeholders(file, item, (*path, index))


def _entries(value: object) -> list:
    """The entries of a list field; none when it could not be read."""
    return list(value) if isinstance(value, (list, tuple)) else []


def _found(file: RecordFile, path: tuple, message: str) -> Iterator[Problem]:
    """The problem, unless the value at `path` already has one of its own."""
    problem = file.new_problem(path, message)
    if problem is not None:
        yield problem


def supported_propositions(pub: Publication) -> Iterator[Problem]:
    """Some evidence supports each proposition."""
    for proposition in pub.catalogue.propositions:
        if not pub.catalogue.support_for[proposition.id]:
            yield _gap(pub, proposition.id, ("id",), "no evidence supports this proposition yet")


def mentioned_recommendations(pub: Publication) -> Iterator[Problem]:
    """Some evidence mentions each recommendation."""
    mentioned = pub.catalogue.mentioned_recommendations()
    for proposition in pub.catalogue.propositions:
        for i, rec in enumerate(proposition.recommendations):
            if rec.id not in mentioned:
                yield _gap(
                    pub,
                    proposition.id,
                    ("recommendations", i, "id"),
                    f"no evidence mentions this recommendation (add it to the supports of "
                    f"'{rec.source or proposition.source}' or of other evidence)",
                )


def evidence_supports_and_cites(pub: Publication) -> Iterator[Problem]:
    """Each piece of evidence supports a proposition and cites a source."""
    for evidence in pub.catalogue.evidence:
        if not evidence.supports:
            yield _gap(pub, evidence.id, ("id",), "this evidence supports no proposition; add a supports entry")
        if not evidence.sources:
            yield _gap(pub, evidence.id, ("id",), "this evidence cites no source; add a sources entry")


def review_dates(pub: Publication) -> Iterator[Problem]:
    """No review date has passed."""
    records: list[Proposition | Evidence] = [*pub.catalogue.propositions, *pub.catalogue.evidence]
    for record in records:
        if record.review_by and record.review_by < pub.today:
            yield _gap(
                pub,
                record.id,
                ("review_by",),
                f"the review date {record.review_by.isoformat()} has passed; check the record and set a new date",
            )


RULES = (
    reserved_ids,
    proposition_numbers,
    recommendation_numbers,
    actor_spellings,
    dates_in_order,
    period_in_order,
    no_placeholders,
    supported_propositions,
    mentioned_recommendations,
    evidence_supports_and_cites,
    review_dates,
)


def _gap(pub: Publication, record_id: str, path: tuple, message: str) -> Problem:
    return _warning(pub.first_file[record_id].problem(path, message))


def _warning(problem: Problem) -> Problem:
    return Problem(problem.path, problem.line, problem.column, problem.field, problem.message, Severity.warning)
