"""Updates: what subscribers are told about. One per record published and per major change.

Shared by the feeds and the human-readable Updates page, so the two never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from .catalogue import Catalogue
from .model import Evidence, Proposition


@dataclass(frozen=True)
class Update:
    """One thing that happened to one record on one day."""

    date: dt.date
    record: Proposition | Evidence
    event: str  # "published", or "change-N" for the N-th change logged on that date
    note: str | None  # markdown, for changes
    recommendation: str | None  # the recommendation a proposition's change is about
    propositions: tuple[str, ...]  # the propositions whose feeds carry it

    @property
    def title(self) -> str:
        """What happened, as a headline: 'New evidence: …', 'Updated: …'."""
        noun = "proposition" if isinstance(self.record, Proposition) else "evidence"
        if self.event == "published":
            return f"New {noun}: {self.record.title}"
        return f"Updated: {self.record.title}"

    def guid(self, authority: str) -> str:
        """A tag: URI that depends on the record id and the date only, never on URLs or build time."""
        return f"tag:{authority},{self.date.isoformat()}:{self.record.id}/{self.event}"

    @property
    def sort_key(self) -> tuple:
        """Newest first; ties broken by record id then event, so the order never wobbles."""
        return (-self.date.toordinal(), self.record.id, self.event)


def collect_updates(catalogue: Catalogue) -> list[Update]:
    """Every update in the catalogue, newest first."""
    updates: list[Update] = []
    for record in [*catalogue.propositions, *catalogue.evidence]:
        if isinstance(record, Proposition):
            affected: tuple[str, ...] = (record.id,)
        else:
            affected = tuple(dict.fromkeys(e.proposition.id for e in catalogue.support_by_evidence[record.id]))
        updates.append(Update(record.published, record, "published", None, None, affected))
        per_day: Counter[dt.date] = Counter()
        for change in record.changes:
            per_day[change.date] += 1
            if change.major:
                updates.append(Update(change.date, record, f"change-{per_day[change.date]}", change.note,
                                      change.recommendation, affected))
    return sorted(updates, key=lambda u: u.sort_key)


def last_updated(record: Proposition | Evidence) -> dt.date:
    """The newest date a record was published or changed (minor changes included)."""
    return max([record.published, *(c.date for c in record.changes)])
