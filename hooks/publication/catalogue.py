"""The catalogue: every published record of a build with its cross-references resolved and indexes computed once.

It is frozen: built by `build_catalogue`, then only read by pages, feeds and exports. The checks
of the records are in rules.py; the catalogue is built from records that passed validation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeVar

from .model import Evidence, Kind, Nation, Proposition, Recommendation, Status

AnyRecord = Proposition | Evidence
K = TypeVar("K")
V = TypeVar("V")


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


class Index(Mapping[K, tuple[V, ...]]):
    """A read-only grouping: each key with its entries in order; a key with no entries reads as ().

    Iterating, `in`, `len` and `get` see only the keys that have entries.
    """

    def __init__(self, groups: Mapping[K, Iterable[V]] | None = None):
        self._groups = {key: tuple(entries) for key, entries in (groups or {}).items()}

    def __getitem__(self, key: K) -> tuple[V, ...]:
        return self._groups.get(key, ())

    def get(self, key: K, default=None):  # type: ignore[override]
        """The entries of `key`, or `default` when it has none."""
        return self._groups.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._groups

    def __iter__(self) -> Iterator[K]:
        return iter(self._groups)

    def __len__(self) -> int:
        return len(self._groups)

    def __repr__(self) -> str:
        return f"Index({self._groups!r})"


def _frozen(mapping: Mapping[K, V] | None = None) -> Mapping[K, V]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class Catalogue:
    """Everything the pages, feeds and exports are rendered from. Built once per build, never changed."""

    propositions: tuple[Proposition, ...] = ()  # by number
    evidence: tuple[Evidence, ...] = ()  # by title
    recommendations: Mapping[str, RecommendationEntry] = field(default_factory=_frozen)
    records: Mapping[str, AnyRecord] = field(default_factory=_frozen)
    support_for: Index[str, SupportEntry] = field(default_factory=Index)  # by proposition id
    support_by_evidence: Index[str, SupportEntry] = field(default_factory=Index)  # by evidence id
    by_nation: Index[Nation, Evidence] = field(default_factory=Index)
    by_kind: Index[Kind, Evidence] = field(default_factory=Index)
    by_theme: Index[str, AnyRecord] = field(default_factory=Index)
    by_actor: Index[str, RecommendationEntry] = field(default_factory=Index)

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

    def supports(self, published_only: bool = False) -> list[SupportEntry]:
        """Every link from evidence to a proposition; with `published_only`, those of published evidence
        (what the built site shows, even when drafts are in the catalogue for the preview)."""
        entries = [entry for group in self.support_for.values() for entry in group]
        return [e for e in entries if e.evidence.status is Status.published] if published_only else entries

    def mentioned_recommendations(self, published_only: bool = False) -> set[str]:
        """The ids of the recommendations that some evidence (published evidence only, if asked) mentions."""
        return {e.recommendation.id for e in self.supports(published_only) if e.recommendation}


def build_catalogue(records: Iterable[AnyRecord], include_drafts: bool) -> Catalogue:
    """The catalogue of valid records: drafts left out unless `include_drafts`; of two records with
    one id, the first (the checks report the second)."""
    first: dict[str, AnyRecord] = {}
    for record in records:
        first.setdefault(record.id, record)
    keep = {rid: r for rid, r in first.items() if include_drafts or r.status is Status.published}
    propositions = tuple(
        sorted((r for r in keep.values() if isinstance(r, Proposition)), key=lambda p: (p.number, p.id))
    )
    evidence = tuple(
        sorted((r for r in keep.values() if isinstance(r, Evidence)), key=lambda e: (e.title.casefold(), e.id))
    )
    recommendations: dict[str, RecommendationEntry] = {}
    by_actor: dict[str, list[RecommendationEntry]] = {}
    by_theme: dict[str, list[AnyRecord]] = {}
    for proposition in propositions:
        for rec in proposition.recommendations:
            source = keep.get(rec.source or proposition.source)
            entry = RecommendationEntry(rec, proposition, source if isinstance(source, Evidence) else None)
            recommendations[rec.id] = entry
            for actor in rec.actors:
                by_actor.setdefault(actor, []).append(entry)
        for theme in proposition.themes:
            by_theme.setdefault(theme, []).append(proposition)
    by_kind: dict[Kind, list[Evidence]] = {}
    by_nation: dict[Nation, list[Evidence]] = {}
    support_for: dict[str, list[SupportEntry]] = {}
    support_by_evidence: dict[str, list[SupportEntry]] = {}
    for item in evidence:
        by_kind.setdefault(item.kind, []).append(item)
        for nation in dict.fromkeys(place.nation for place in item.places):
            by_nation.setdefault(nation, []).append(item)
        for theme in item.themes:
            by_theme.setdefault(theme, []).append(item)
        for support in item.supports:
            proposition = keep.get(support.proposition)
            if not isinstance(proposition, Proposition):
                continue
            rec_entry = recommendations.get(support.recommendation or "")
            entry = SupportEntry(item, proposition, rec_entry.recommendation if rec_entry else None, support.how)
            support_for.setdefault(proposition.id, []).append(entry)
            support_by_evidence.setdefault(item.id, []).append(entry)
    return Catalogue(
        propositions=propositions,
        evidence=evidence,
        recommendations=_frozen(recommendations),
        records=_frozen(keep),
        support_for=Index(support_for),
        support_by_evidence=Index(support_by_evidence),
        by_nation=Index(by_nation),
        by_kind=Index(by_kind),
        by_theme=Index(by_theme),
        by_actor=Index(by_actor),
    )
