"""`publication status`: every record with its kind, status, last change and review date, and the gaps.

A pure function of a LoadResult (`publication_status`) gives rows and counts; `status_table` writes them
for people (an aligned table, no colour, every value escaped for the terminal) and `status_json` for
scripts (the keys are listed in README.md, "See every record at once").
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from .catalogue import AnyRecord
from .load import LoadResult
from .model import Proposition, Status
from .problems import printable
from .updates import last_updated

REVIEW_DUE_DAYS = 30  # a review date this many days ahead or fewer is "due"
JSON_VERSION = 1  # bumped only when a key of the JSON document changes meaning or goes away


@dataclass(frozen=True)
class RecordRow:
    """One record as `status` lists it."""

    id: str
    type: str  # "proposition" or "evidence"
    kind: str  # "proposition", or the evidence kind ("case-study", ...)
    status: str  # "published" or "draft"
    last_change: dt.date  # published, or the newest change (minor ones included)
    review_by: dt.date | None
    review: str | None  # "past", "due" (within REVIEW_DUE_DAYS days) or None
    unsupported: bool  # a proposition no published evidence supports


@dataclass(frozen=True)
class UnmentionedRecommendation:
    """A recommendation no published evidence mentions, with its proposition."""

    id: str
    proposition: str


@dataclass(frozen=True)
class PublicationStatus:
    """Every loaded record (drafts included), the recommendations without evidence, and the problem counts."""

    today: dt.date
    records: tuple[RecordRow, ...]
    unmentioned: tuple[UnmentionedRecommendation, ...]
    errors: int
    warnings: int
    files: int  # record files found; those that failed to load are not among the rows

    def count(self, **match: object) -> int:
        """How many rows have every attribute given, e.g. count(status="draft")."""
        return sum(all(getattr(row, key) == value for key, value in match.items()) for row in self.records)

    @property
    def counts(self) -> dict[str, int]:
        """The figures the listing ends with, by their JSON keys."""
        return {
            "records": len(self.records),
            "propositions": self.count(type="proposition"),
            "evidence": self.count(type="evidence"),
            "drafts": self.count(status=Status.draft.value),
            "reviews_past": self.count(review="past"),
            "reviews_due": self.count(review="due"),
            "propositions_without_evidence": self.count(unsupported=True),
            "recommendations_without_evidence": len(self.unmentioned),
            "files_not_loaded": max(self.files - len(self.records), 0),
            "errors": self.errors,
            "warnings": self.warnings,
        }


def review_state(review_by: dt.date | None, today: dt.date) -> str | None:
    """'past' before today, 'due' from today to REVIEW_DUE_DAYS days ahead, else None."""
    if review_by is None:
        return None
    if review_by < today:
        return "past"
    return "due" if (review_by - today).days <= REVIEW_DUE_DAYS else None


def publication_status(result: LoadResult, today: dt.date, files: int | None = None) -> PublicationStatus:
    """The status of every record in `result` (load it with include_drafts=True to list drafts too).

    Only published evidence counts as support: a draft does not reach the published site.
    `files` is how many record files were found (default: as many as there are records).
    """
    catalogue = result.catalogue
    supported = {e.proposition.id for e in catalogue.supports(published_only=True)}
    mentioned = catalogue.mentioned_recommendations(published_only=True)
    records: list[AnyRecord] = [*catalogue.propositions, *catalogue.evidence]
    rows = tuple(
        RecordRow(
            id=record.id,
            type="proposition" if isinstance(record, Proposition) else "evidence",
            kind="proposition" if isinstance(record, Proposition) else record.kind.value,
            status=record.status.value,
            last_change=last_updated(record),
            review_by=record.review_by,
            review=review_state(record.review_by, today),
            unsupported=isinstance(record, Proposition) and record.id not in supported,
        )
        for record in records
    )
    unmentioned = tuple(
        UnmentionedRecommendation(rec.id, proposition.id)
        for proposition in catalogue.propositions
        for rec in proposition.recommendations
        if rec.id not in mentioned
    )
    return PublicationStatus(
        today, rows, unmentioned, len(result.errors), len(result.warnings), len(rows) if files is None else files
    )


def _notes(row: RecordRow) -> str:
    notes = []
    if row.review == "past":
        notes.append("review date passed")
    elif row.review == "due":
        notes.append(f"review due within {REVIEW_DUE_DAYS} days")
    if row.unsupported:
        notes.append("no evidence")
    return ", ".join(notes)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def status_table(status: PublicationStatus) -> list[str]:
    """The listing for people: one aligned line per record, the recommendations without evidence, the counts."""
    header = ("ID", "KIND", "STATUS", "LAST CHANGE", "REVIEW BY", "NOTES")
    cells = [
        (
            row.id,
            row.kind,
            row.status,
            row.last_change.isoformat(),
            row.review_by.isoformat() if row.review_by else "-",
            _notes(row),
        )
        for row in status.records
    ]
    cells = [tuple(printable(cell) for cell in line) for line in cells]
    widths = [max(len(line[i]) for line in [header, *cells]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in [header, *cells]
    ]
    if status.unmentioned:
        lines += ["", f"Recommendations no published evidence mentions ({len(status.unmentioned)}):"]
        lines += [printable(f"  {rec.id} (proposition {rec.proposition})") for rec in status.unmentioned]
    counts = status.counts
    lines += [
        "",
        f"{_plural(counts['records'], 'record')} ({_plural(counts['propositions'], 'proposition')}, "
        f"{counts['evidence']} evidence), {_plural(counts['drafts'], 'draft')}",
        f"reviews: {counts['reviews_past']} past, {counts['reviews_due']} due within {REVIEW_DUE_DAYS} days "
        f"(today is {status.today.isoformat()})",
        f"without evidence: {_plural(counts['propositions_without_evidence'], 'proposition')}, "
        f"{_plural(counts['recommendations_without_evidence'], 'recommendation')}",
        f"problems: {_plural(counts['errors'], 'error')}, {_plural(counts['warnings'], 'warning')} "
        "(`publication check --drafts` lists them)",
    ]
    if counts["files_not_loaded"]:
        lines.append(f"not listed: {_plural(counts['files_not_loaded'], 'file')} with errors that stop it loading")
    return lines


def status_json(status: PublicationStatus) -> str:
    """The JSON document for scripts; its keys are documented in README.md and only ever added to."""
    document = {
        "version": JSON_VERSION,
        "today": status.today.isoformat(),
        "review_due_days": REVIEW_DUE_DAYS,
        "records": [
            {
                "id": row.id,
                "type": row.type,
                "kind": row.kind,
                "status": row.status,
                "last_change": row.last_change.isoformat(),
                "review_by": row.review_by.isoformat() if row.review_by else None,
                "review": row.review,
                "without_evidence": row.unsupported,
            }
            for row in status.records
        ],
        "recommendations_without_evidence": [
            {"id": rec.id, "proposition": rec.proposition} for rec in status.unmentioned
        ],
        "counts": status.counts,
    }
    return json.dumps(document, indent=2, ensure_ascii=True)
