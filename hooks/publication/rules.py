"""The checks that need more than one field: one list of small rules, each returning problems.

A rule reads a `Publication`: every record file (valid or not), the ids they define, the
catalogue and today's date. The rules here are about ids: each unique, each reference resolving to
what its field may name, each markdown field's text and [[references]]. consistency.py holds the
rules about numbers, dates, spellings and gaps in the content.

A record that failed validation is checked from what could be read of it (the walker reads raw
data as it reads a record), so one run reports every problem; and references *to* it are not
reported, since its own problems already are: one mistake gives one message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import Any

from . import consistency
from .catalogue import AnyRecord, Catalogue
from .codespans import literal_spans
from .model import Defines, Evidence, Kind, MarkdownMarker, Proposition, Recommendation, Ref, Status, Target
from .partial import BROKEN, readable
from .placing import Places
from .problems import Problem, did_you_mean, shown
from .recordtext import MAX_FIELD_CHARS, lint
from .references import find_references
from .registry import RECORD_TYPES, RecordType
from .walker import Found, Marker, can_define, walk
from .yamlfile import ParsedFile

# Did-you-mean compares an id with every id of the publication: for a file with thousands of dangling
# references, only the first few get a hint.
HINTS_PER_FILE = 20


@dataclass(frozen=True)
class RecordFile:
    """One record file as the rules read it: what was parsed, its type, and the record if it is valid."""

    parsed: ParsedFile
    type: RecordType
    record: AnyRecord | None = None

    @property
    def data(self) -> Any:
        """The record, or (when it failed validation) the data that was read."""
        return self.record if self.record is not None else self.parsed.data

    @property
    def stem(self) -> str:
        """The file name without its extension: the id the record must have."""
        return self.parsed.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]

    @property
    def is_published(self) -> bool:
        """Whether the record is published (a broken record is, unless it says `status: draft`)."""
        if self.record is not None:
            return self.record.status is Status.published
        data = self.parsed.data
        return not (isinstance(data, dict) and data.get("status") == Status.draft.value)

    def problem(self, path: tuple, message: str) -> Problem:
        """A problem with the value at `path`, placed where the file holds it."""
        return self.parsed.problem(path, message)

    def new_problem(self, path: tuple, message: str) -> Problem | None:
        """As `problem`, or None when the value already has a problem of its own (one mistake, one message)."""
        problem = self.parsed.problem(path, message)
        return None if any(p.field == problem.field for p in self.parsed.problems) else problem

    @cached_property
    def marked(self) -> tuple[Found, ...]:
        """Every marked value of the record (walker.walk), found once for all the rules that read them."""
        return tuple(walk(self.type.model, self.data))

    def marked_as(self, kind: type[Marker]) -> list[Found]:
        """The marked values whose marker is a `kind` (Defines, Ref, MarkdownMarker), in field order."""
        return [found for found in self.marked if isinstance(found.marker, kind)]

    @cached_property
    def readable(self) -> Any:
        """The record, or (when it failed validation) its fields that are valid on their own
        (partial.readable: BROKEN for the others); BROKEN when nothing could be read. Worked out once."""
        return self.record if self.record is not None else readable(self.type.model, self.parsed.data)


@dataclass(frozen=True)
class Publication:
    """What the rules read. Build it with `publication_of`."""

    files: tuple[RecordFile, ...]  # valid ones first, each group in reading order
    catalogue: Catalogue
    today: dt.date
    records: Mapping[str, AnyRecord]  # every valid record, drafts too; of two with one id, the first
    recommendations: Mapping[str, tuple[Recommendation, Proposition]]
    broken_ids: Mapping[str, str]  # ids only invalid records define -> their folder, or "recommendations"
    first_file: Mapping[str, ParsedFile]  # the file holding each valid record

    @property
    def valid(self) -> Iterator[tuple[ParsedFile, AnyRecord]]:
        """Each valid record with its file."""
        return ((f.parsed, f.record) for f in self.files if f.record is not None)

    @property
    def readable(self) -> Iterator[tuple[RecordFile, Any]]:
        """Each file with its record, valid or not: a valid one whole, a broken one as far as its fields
        can be read alone (partial.py), so that the rules across fields see every record in one pass."""
        for file in self.files:
            record = file.readable
            if record is not BROKEN:
                yield file, record


def publication_of(
    valid: Iterable[RecordFile], invalid: Iterable[RecordFile], catalogue: Catalogue, today: dt.date
) -> Publication:
    """The rules' view of the records: `valid` files hold a record, `invalid` ones only what was read."""
    valid, invalid = tuple(valid), tuple(invalid)
    records: dict[str, AnyRecord] = {}
    recommendations: dict[str, tuple[Recommendation, Proposition]] = {}
    first_file: dict[str, ParsedFile] = {}
    for file in valid:
        records.setdefault(file.record.id, file.record)
        first_file.setdefault(file.record.id, file.parsed)
        for rec in getattr(file.record, "recommendations", ()):
            recommendations.setdefault(rec.id, (rec, file.record))
    broken: dict[str, str] = {}
    for file in invalid:
        defined = file.marked_as(Defines)
        found = {d.value: "recommendations" for d in defined if d.marker.what == "recommendation"}
        found |= {
            rid: file.type.folder
            for rid in (file.stem, *(d.value for d in defined if d.marker.what == "record"))
            if rid
        }
        broken |= {rid: what for rid, what in found.items() if rid not in records and rid not in recommendations}
    return Publication(
        (*valid, *invalid),
        catalogue,
        today,
        MappingProxyType(records),
        MappingProxyType(recommendations),
        MappingProxyType(broken),
        MappingProxyType(first_file),
    )


def unique_ids(pub: Publication) -> Iterator[Problem]:
    """Record and recommendation ids are unique together, across every file (broken ones too)."""
    owner: dict[str, tuple[ParsedFile, tuple]] = {}
    for file in pub.files:
        parsed = file.parsed
        for found in file.marked_as(Defines):
            if found.value in owner:
                first, first_path = owner[found.value]
                where = (
                    f"on line {first.position(first_path)[0]} of this file" if first is parsed else f"in {first.path}"
                )
                problem = file.new_problem(
                    found.path, f"the id '{found.value}' is already used {where}; ids must be unique"
                )
                if problem:
                    yield problem
                continue
            owner[found.value] = (parsed, found.path)


class _Reporter:
    """Problems of one file, placed at a line and column when given, and left out where the value
    already has a problem of its own (from reading or validating the file)."""

    def __init__(self, file: RecordFile):
        self.file = file
        self.explained = {p.field for p in file.parsed.problems}

    def __call__(self, path: tuple, message: str, line_column: tuple[int, int] | None = None) -> Problem | None:
        problem = self.file.problem(path, message)
        if problem.field in self.explained:
            return None
        if line_column:
            problem = Problem(problem.path, *line_column, problem.field, problem.message)
        return problem


def _draft(pub: Publication, file: RecordFile, target_id: str, target: AnyRecord) -> str | None:
    if file.is_published and target.status is Status.draft:
        return f"'{target_id}' is a draft; a published record cannot refer to it until it is published"
    return None


def _names(pub: Publication, folder: str) -> list[str]:
    """Ids of the records of one folder, valid or not, for did-you-mean suggestions."""
    model = RECORD_TYPES[folder].model
    return [r.id for r in pub.records.values() if isinstance(r, model)] + [
        rid for rid, what in pub.broken_ids.items() if what == folder
    ]


def _report_reference(pub: Publication, file: RecordFile, ref: Found, beside: list[Found]) -> str | None:
    target = pub.records.get(ref.value)
    if target is None and ref.value in pub.broken_ids:
        return None
    if target is None:
        return f"unknown report '{ref.value}'{did_you_mean(ref.value, _names(pub, 'evidence'))}"
    if not isinstance(target, Evidence) or target.kind is not Kind.report:
        kind = "a proposition" if isinstance(target, Proposition) else f"evidence of kind {target.kind.value}"
        return f"'{ref.value}' is {kind}; a source must be evidence of kind report"
    return _draft(pub, file, ref.value, target)


def _proposition_reference(pub: Publication, file: RecordFile, ref: Found, beside: list[Found]) -> str | None:
    target = pub.records.get(ref.value)
    if target is None and ref.value in pub.broken_ids:
        return None
    if not isinstance(target, Proposition):
        return f"unknown proposition '{ref.value}'{did_you_mean(ref.value, _names(pub, 'propositions'))}"
    return _draft(pub, file, ref.value, target)


def _recommendation_of_proposition(pub: Publication, file: RecordFile, ref: Found, beside: list[Found]) -> str | None:
    """Checked only when the proposition named beside it is a valid one (else that is the problem)."""
    named = next((b.value for b in beside if b.marker == _PROPOSITION), None)
    proposition = pub.records.get(named or "")
    if not isinstance(proposition, Proposition):
        return None
    found = pub.recommendations.get(ref.value)
    if found is None and ref.value in pub.broken_ids:
        return None
    if found is None:
        own = [r.id for r in proposition.recommendations]  # its own first, then any other
        hint = did_you_mean(ref.value, own) or did_you_mean(ref.value, pub.recommendations)
        return f"unknown recommendation '{ref.value}'{hint}"
    if found[1].id != proposition.id:
        return f"recommendation '{ref.value}' belongs to proposition '{found[1].id}', not '{proposition.id}'"
    return None


def _own_recommendation(pub: Publication, file: RecordFile, ref: Found, beside: list[Found]) -> str | None:
    if not can_define(file.type.model, "recommendation"):
        return "only a proposition's change can name a recommendation"
    own = [d.value for d in file.marked_as(Defines) if d.marker.what == "recommendation"]
    if ref.value not in own:
        return f"'{ref.value}' is not a recommendation of this proposition{did_you_mean(ref.value, own)}"
    return None


_PROPOSITION = Ref(Target.proposition)
_REFERENCE_CHECKS: dict[Target, Callable[[Publication, RecordFile, Found, list[Found]], str | None]] = {
    Target.report: _report_reference,
    Target.proposition: _proposition_reference,
    Target.recommendation_of_proposition: _recommendation_of_proposition,
    Target.own_recommendation: _own_recommendation,
}


def references_resolve(pub: Publication) -> Iterator[Problem]:
    """Every field that names a record names one of the kind it may name, and a published one if
    the record is published."""
    for file in pub.files:
        report = _Reporter(file)
        found = file.marked_as(Ref)
        for ref in found:
            beside = (  # only a recommendation is checked against what stands beside it
                [other for other in found if other.path[:-1] == ref.path[:-1] and other is not ref]
                if ref.marker.names is Target.recommendation_of_proposition
                else []
            )
            message = _REFERENCE_CHECKS[ref.marker.names](pub, file, ref, beside)
            problem = report(ref.path, message) if message else None
            if problem:
                yield problem


def markdown_text(pub: Publication) -> Iterator[Problem]:
    """Each markdown field reads as Python-Markdown will read it (recordtext.lint), and each of its
    [[references]] links a record, a published one if the record is published."""
    names_for_hints: list[str] = []
    for file in pub.files:
        report = _Reporter(file)
        places = Places(file.parsed)
        hints_left = HINTS_PER_FILE
        for field in file.marked_as(MarkdownMarker):
            place = places.field(field.path, field.value)
            spans = literal_spans(field.value) if len(field.value) <= MAX_FIELD_CHARS else ()
            findings = lint(field.value, spans)
            for finding in findings:
                problem = report(field.path, finding.message, place(finding.offset, finding.token))
                if problem:
                    yield problem
            if any(finding.token == "" for finding in findings):
                continue  # too long to read further
            refs = list(find_references(field.value, spans))
            messages: list[str | None] = []
            for ref in refs:
                target = pub.records.get(ref.target)
                if target is None and ref.target in pub.recommendations:
                    target = pub.recommendations[ref.target][1]
                if target is None and ref.target in pub.broken_ids:
                    messages.append(None)
                elif target is None:
                    suggestion = ""
                    if hints_left > 0:
                        hints_left -= 1
                        names_for_hints = names_for_hints or [*pub.records, *pub.recommendations, *pub.broken_ids]
                        suggestion = did_you_mean(ref.target, names_for_hints)
                    messages.append(f"[[{shown(ref.target)[1:-1]}]] links to no record{suggestion}")
                else:
                    messages.append(_draft(pub, file, ref.target, target))
            if not any(messages):
                continue  # every reference links what it may: nothing to place
            for ref, message in zip(refs, messages, strict=True):
                line_column = place(ref.start, "[[")  # every one, in order: each is placed from the one before
                problem = report(field.path, message, line_column) if message else None
                if problem:
                    yield problem


RULES: tuple[Callable[[Publication], Iterable[Problem]], ...] = (
    unique_ids,
    references_resolve,
    markdown_text,
    *consistency.RULES,
)
"""Every rule, in the order they run (problems are sorted by place afterwards)."""


def check_publication(pub: Publication) -> list[Problem]:
    """Every problem every rule finds."""
    return [problem for rule in RULES for problem in rule(pub)]
