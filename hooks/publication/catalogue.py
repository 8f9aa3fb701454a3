"""The catalogue: every record of a build, cross-references resolved and indexes computed once."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from .consistency import consistency_problems
from .model import Evidence, Kind, Nation, Proposition, Recommendation, Status
from .problems import Problem, Severity, did_you_mean, shown
from .recordtext import lint
from .references import find_references
from .yamlfile import ParsedFile

AnyRecord = Proposition | Evidence


@dataclass(frozen=True)
class RecommendationEntry:
    """A recommendation with the proposition it belongs to and the report that made it."""

    recommendation: Recommendation
    proposition: Proposition
    source: Evidence | None


@dataclass(frozen=True)
class SupportEntry:
    """One link from an evidence record to a proposition, and optionally one of its recommendations."""

    evidence: Evidence
    proposition: Proposition
    recommendation: Recommendation | None
    how: str


@dataclass
class Catalogue:
    """Everything the pages, feeds and exports are rendered from. Built once per build."""

    propositions: list[Proposition] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    recommendations: dict[str, RecommendationEntry] = field(default_factory=dict)
    records: dict[str, AnyRecord] = field(default_factory=dict)
    support_for: dict[str, list[SupportEntry]] = field(default_factory=lambda: defaultdict(list))
    support_by_evidence: dict[str, list[SupportEntry]] = field(default_factory=lambda: defaultdict(list))
    by_nation: dict[Nation, list[Evidence]] = field(default_factory=lambda: defaultdict(list))
    by_kind: dict[Kind, list[Evidence]] = field(default_factory=lambda: defaultdict(list))
    by_theme: dict[str, list[AnyRecord]] = field(default_factory=lambda: defaultdict(list))
    by_actor: dict[str, list[RecommendationEntry]] = field(default_factory=lambda: defaultdict(list))

    def target(self, record_id: str) -> tuple[AnyRecord, str | None, str]:
        """Where an id points: the record whose page shows it, the anchor on that page, and its title.

        A recommendation lives on its proposition's page under its own anchor; other records have
        pages of their own.
        """
        if record_id in self.recommendations:
            entry = self.recommendations[record_id]
            return entry.proposition, record_id, entry.recommendation.title
        record = self.records[record_id]
        return record, None, record.title

    def proposition_evidence(self, proposition_id: str) -> list[Evidence]:
        """The distinct evidence records supporting a proposition, in title order."""
        seen: dict[str, Evidence] = {}
        for entry in self.support_for[proposition_id]:
            seen.setdefault(entry.evidence.id, entry.evidence)
        return sorted(seen.values(), key=lambda e: e.title.casefold())



def build_catalogue(
    files: list[tuple[ParsedFile, AnyRecord]], include_drafts: bool, today: dt.date,
    invalid: list[tuple[ParsedFile, str]] = (),  # type: ignore[assignment]
) -> tuple[Catalogue, list[Problem]]:
    """Resolve every cross-reference among valid records and compute the indexes.

    Problems with references are errors; gaps in the content (nothing supports a
    proposition, a review date has passed) are warnings.

    `invalid` holds the files (with their folder) that failed validation. Their
    references are checked too, from what could be read, so one run reports every
    problem; and references *to* them are not reported, since their own problems
    already are: one mistake gives one message.
    """
    problems: list[Problem] = []
    owner: dict[str, tuple[ParsedFile, tuple]] = {}
    records: dict[str, AnyRecord] = {}
    recommendations: dict[str, tuple[Recommendation, Proposition]] = {}
    for parsed, record in files:
        for rid, path in _ids_of(record):
            if rid in owner:
                first, first_path = owner[rid]
                where = (f"on line {first.position(first_path)[0]} of this file" if first is parsed
                         else f"in {first.path}")
                problems.append(parsed.problem(path, f"the id '{rid}' is already used {where}; ids must be unique"))
                continue
            owner[rid] = (parsed, path)
        records.setdefault(record.id, record)
    for parsed, record in files:
        if isinstance(record, Proposition):
            for rec in record.recommendations:
                recommendations.setdefault(rec.id, (rec, record))

    all_ids = set(records) | set(recommendations)
    broken = [(parsed, _RawRecord.read(parsed, folder)) for parsed, folder in invalid]
    invalid_ids = {rid: kind for _, raw in broken for rid, kind in raw.ids().items() if rid not in all_ids}
    checker = _ReferenceChecker(records, recommendations, all_ids, problems, invalid_ids)
    for parsed, record in [*files, *broken]:
        checker.check(parsed, record)

    keep = {rid: r for rid, r in records.items() if include_drafts or r.status is Status.published}
    catalogue = Catalogue()
    catalogue.records = keep
    first_file: dict[str, ParsedFile] = {}
    for parsed, record in files:  # with a duplicate id, the first file holds the record
        first_file.setdefault(record.id, parsed)
    catalogue.propositions = sorted((r for r in keep.values() if isinstance(r, Proposition)),
                                    key=lambda p: (p.number, p.id))
    catalogue.evidence = sorted((r for r in keep.values() if isinstance(r, Evidence)),
                                key=lambda e: (e.title.casefold(), e.id))
    for proposition in catalogue.propositions:
        for rec in proposition.recommendations:
            source = keep.get(rec.source or proposition.source)
            entry = RecommendationEntry(rec, proposition, source if isinstance(source, Evidence) else None)
            catalogue.recommendations[rec.id] = entry
            for actor in rec.actors:
                catalogue.by_actor[actor].append(entry)
        for theme in proposition.themes:
            catalogue.by_theme[theme].append(proposition)
    for evidence in catalogue.evidence:
        catalogue.by_kind[evidence.kind].append(evidence)
        for nation in dict.fromkeys(place.nation for place in evidence.places):
            catalogue.by_nation[nation].append(evidence)
        for theme in evidence.themes:
            catalogue.by_theme[theme].append(evidence)
        for support in evidence.supports:
            proposition = keep.get(support.proposition)
            if not isinstance(proposition, Proposition):
                continue
            rec_entry = catalogue.recommendations.get(support.recommendation or "")
            entry = SupportEntry(evidence, proposition, rec_entry.recommendation if rec_entry else None, support.how)
            catalogue.support_for[proposition.id].append(entry)
            catalogue.support_by_evidence[evidence.id].append(entry)
    problems += _content_warnings(catalogue, first_file, today)
    problems += consistency_problems(files, today)
    return catalogue, problems


class _RawRecord(SimpleNamespace):
    """What can be read of a record that failed validation: enough to check its references.

    It has the attributes the reference checker reads from a valid record; a value of the
    wrong type reads as None, and lists keep their positions so problems point at the right entry.
    """

    @classmethod
    def read(cls, parsed: ParsedFile, folder: str) -> "_RawRecord":
        data = parsed.data if isinstance(parsed.data, dict) else {}
        stem = parsed.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        return cls(
            folder=folder,
            stem=stem,
            id=_text(data.get("id")),
            status=Status.draft if data.get("status") == Status.draft.value else Status.published,
            source=_text(data.get("source")),
            summary=_text(data.get("summary")),
            body=_text(data.get("body")),
            recommendations=[SimpleNamespace(id=_text(r.get("id")), source=_text(r.get("source")),
                                             text=_text(r.get("text")))
                             for r in _entries(data.get("recommendations"))],
            supports=[SimpleNamespace(proposition=_text(r.get("proposition")),
                                      recommendation=_text(r.get("recommendation")))
                      for r in _entries(data.get("supports"))],
            changes=[SimpleNamespace(recommendation=_text(r.get("recommendation")), note=_text(r.get("note")))
                     for r in _entries(data.get("changes"))],
        )

    def ids(self) -> dict[str, str]:
        """The ids this record would define (its file name, its id, its recommendations' ids), with their kind."""
        found = {}
        if self.folder == "propositions":
            found = {r.id: "recommendations" for r in self.recommendations if r.id}
        return found | {i: self.folder for i in (self.stem, self.id) if i}


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _entries(value: Any) -> list[dict]:
    return [item if isinstance(item, dict) else {} for item in value] if isinstance(value, list) else []


def _is_proposition(record) -> bool:
    return isinstance(record, Proposition) or getattr(record, "folder", None) == "propositions"


def _ids_of(record: AnyRecord):
    yield record.id, ("id",)
    if isinstance(record, Proposition):
        for i, rec in enumerate(record.recommendations):
            yield rec.id, ("recommendations", i, "id")


def _markdown_fields(record: AnyRecord):
    """Every markdown field of a record, with its field path, for the checks of record text."""
    if record.summary:
        yield ("summary",), record.summary
    if record.body:
        yield ("body",), record.body
    if _is_proposition(record):
        for i, rec in enumerate(record.recommendations):
            if rec.text:
                yield ("recommendations", i, "text"), rec.text
    for i, change in enumerate(record.changes):
        if change.note:
            yield ("changes", i, "note"), change.note


class _ReferenceChecker:
    """Checks every id a record names: in fields and in [[...]] inside its markdown."""

    def __init__(self, records, recommendations, all_ids, problems, invalid_ids):
        self.records = records
        self.recommendations = recommendations
        self.all_ids = all_ids
        self.problems = problems
        self.invalid_ids = invalid_ids  # id -> folder of records with problems of their own: not reported here
        self._names_for_hints = None

    def check(self, parsed: ParsedFile, record) -> None:
        """Check a valid record, or what could be read of an invalid one (a _RawRecord)."""
        self.parsed, self.record = parsed, record
        self.explained = {p.field for p in parsed.problems}  # fields whose value already has a problem
        if _is_proposition(record):
            if record.source:
                self._source(("source",), record.source)
            for i, rec in enumerate(record.recommendations):
                if rec.source:
                    self._source(("recommendations", i, "source"), rec.source)
        else:
            for i, support in enumerate(record.supports):
                if support.proposition:
                    self._support(i, support.proposition, support.recommendation)
        for i, change in enumerate(record.changes):
            if change.recommendation:
                self._change_recommendation(i, change.recommendation)
        self.places = _Places(parsed)
        self.hints_left = _HINTS_PER_FILE
        for path, text in _markdown_fields(record):
            place = self.places.field(path, text)
            findings = lint(text)
            for finding in findings:
                self._error(path, finding.message, place(finding.offset, finding.token))
            if any(finding.token == "" for finding in findings):
                continue  # too long to read further
            for ref in find_references(text):
                if self._markdown_reference(path, place(ref.start, "[["), ref.target, self.hints_left > 0):
                    self.hints_left -= 1

    def _names(self, kind: type, folder: str) -> list[str]:
        """Ids of the given record type, valid or not, for did-you-mean suggestions."""
        return [r.id for r in self.records.values() if isinstance(r, kind)] + \
            [rid for rid, f in self.invalid_ids.items() if f == folder]

    def _error(self, path, message, line_column=None):
        problem = self.parsed.problem(path, message)
        if problem.field in self.explained:
            return
        if line_column:
            problem = Problem(problem.path, *line_column, problem.field, problem.message)
        self.problems.append(problem)

    def _draft_check(self, path, target_id, target, line_column=None):
        if self.record.status is Status.published and target.status is Status.draft:
            self._error(path, f"'{target_id}' is a draft; a published record cannot refer to it "
                              "until it is published", line_column)

    def _source(self, path, source_id):
        target = self.records.get(source_id)
        if target is None and source_id in self.invalid_ids:
            return
        if target is None:
            names = self._names(Evidence, "evidence")
            self._error(path, f"unknown report '{source_id}'{did_you_mean(source_id, names)}")
        elif not isinstance(target, Evidence) or target.kind is not Kind.report:
            kind = "a proposition" if isinstance(target, Proposition) else f"evidence of kind {target.kind.value}"
            self._error(path, f"'{source_id}' is {kind}; a source must be evidence of kind report")
        else:
            self._draft_check(path, source_id, target)

    def _support(self, i, proposition_id, recommendation_id):
        target = self.records.get(proposition_id)
        if target is None and proposition_id in self.invalid_ids:
            return
        if not isinstance(target, Proposition):
            names = self._names(Proposition, "propositions")
            self._error(("supports", i, "proposition"),
                        f"unknown proposition '{proposition_id}'{did_you_mean(proposition_id, names)}")
            return
        self._draft_check(("supports", i, "proposition"), proposition_id, target)
        if recommendation_id is None:
            return
        found = self.recommendations.get(recommendation_id)
        path = ("supports", i, "recommendation")
        if found is None and recommendation_id in self.invalid_ids:
            return
        if found is None:
            names = [r.id for r in target.recommendations]  # its own first, then any other
            self._error(path, f"unknown recommendation '{recommendation_id}'"
                              f"{did_you_mean(recommendation_id, names) or did_you_mean(recommendation_id, self.recommendations)}")
        elif found[1].id != proposition_id:
            self._error(path, f"recommendation '{recommendation_id}' belongs to proposition '{found[1].id}', "
                              f"not '{proposition_id}'")

    def _change_recommendation(self, i, recommendation_id):
        path = ("changes", i, "recommendation")
        if not _is_proposition(self.record):
            self._error(path, "only a proposition's change can name a recommendation")
            return
        own = [r.id for r in self.record.recommendations if r.id]
        if recommendation_id not in own:
            self._error(path, f"'{recommendation_id}' is not a recommendation of this proposition"
                              f"{did_you_mean(recommendation_id, own)}")

    def _markdown_reference(self, path, line_column, target_id, hint: bool) -> bool:
        """Check one [[reference]]; return whether a did-you-mean hint was looked for."""
        target = self.records.get(target_id)
        if target is None and target_id in self.recommendations:
            target = self.recommendations[target_id][1]
        if target is None and target_id in self.invalid_ids:
            return False
        if target is None:
            if self._names_for_hints is None:
                self._names_for_hints = [*self.all_ids, *self.invalid_ids]
            suggestion = did_you_mean(target_id, self._names_for_hints) if hint else ""
            self._error(path, f"[[{shown(target_id)[1:-1]}]] links to no record{suggestion}", line_column)
            return hint
        self._draft_check(path, target_id, target, line_column)
        return False


# Did-you-mean compares an id with every id of the publication: for a file with thousands of dangling
# references, only the first few get a hint.
_HINTS_PER_FILE = 20


class _Places:
    """Where the characters of a file's markdown fields stand in the file, found front to back.

    A field's value is not its source: block scalars lose their indentation, folded and quoted ones
    their line breaks and escapes. A finding is placed by its token (`<`, `&#`, `[[`...): the n-th
    occurrence of the token in the value, counted from the last placed one, is taken to be the n-th
    in the file from the last place found, within the field's own lines. Each field is read once.
    """

    def __init__(self, parsed: ParsedFile):
        self.parsed = parsed
        self.line_starts = [0] + [i + 1 for i, char in enumerate(parsed.text) if char == "\n"]
        self.starts = sorted(parsed.offset(*position) for position in parsed.positions.values()) \
            if parsed.text else []

    def field(self, path, text: str):
        """A function placing `(offset, token)` of this field's value at (line, column) in the file,
        or None (the field's own position is used) where the token cannot be found."""
        parsed = self.parsed
        if not parsed.text or path not in parsed.positions:
            return lambda offset, token: None
        source_at = parsed.offset(*parsed.positions[path])
        after = bisect.bisect_right(self.starts, source_at)
        limit = self.starts[after] if after < len(self.starts) else len(parsed.text)
        state = {"value": 0, "source": source_at, "lost": False}

        def place(offset: int, token: str):
            if not token or state["lost"] or offset < state["value"]:
                return None
            skip = text.count(token, state["value"], offset)
            found = state["source"]
            for _ in range(skip + 1):
                found = parsed.text.find(token, found, limit)
                if found < 0:
                    state["lost"] = True  # written with escapes: the rest of the field is placed at its start
                    return None
                found += 1
            found -= 1
            state["value"], state["source"] = offset + 1, found + 1
            line = bisect.bisect_right(self.line_starts, found)
            return line, found - self.line_starts[line - 1] + 1

        return place


def _content_warnings(catalogue: Catalogue, parsed_by_id: dict[str, ParsedFile], today: dt.date) -> list[Problem]:
    """Gaps that do not break the site but should not be published: fatal under --strict."""
    warnings: list[Problem] = []

    def warn(record_id, path, message):
        problem = parsed_by_id[record_id].problem(path, message)
        warnings.append(Problem(problem.path, problem.line, problem.column, problem.field, message, Severity.warning))

    mentioned = {e.recommendation.id for entries in catalogue.support_for.values() for e in entries if e.recommendation}
    for proposition in catalogue.propositions:
        if not catalogue.support_for[proposition.id]:
            warn(proposition.id, ("id",), "no evidence supports this proposition yet")
        for i, rec in enumerate(proposition.recommendations):
            made_by = rec.source or proposition.source
            if rec.id not in mentioned:
                warn(proposition.id, ("recommendations", i, "id"),
                     f"no evidence mentions this recommendation (add it to the supports of '{made_by}' "
                     "or of other evidence)")
    for evidence in catalogue.evidence:
        if not evidence.supports:
            warn(evidence.id, ("id",), "this evidence supports no proposition; add a supports entry")
        if not evidence.sources:
            warn(evidence.id, ("id",), "this evidence cites no source; add a sources entry")
    for record in [*catalogue.propositions, *catalogue.evidence]:
        if record.review_by and record.review_by < today:
            warn(record.id, ("review_by",), f"the review date {record.review_by.isoformat()} has passed; "
                                            "check the record and set a new date")
    return warnings
