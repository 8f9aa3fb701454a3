"""Updates: what subscribers are told about. One per record published and per major change.

Shared by the feeds and the human-readable Updates page, so the two never disagree.

Identity. An update is named by its record id, its date and an event: `published`, or `change-N` for
the N-th entry of the record's `changes` log dated that day (counting minor entries too, in the
order of the file). So adding a change, or turning a minor one major, never renames another
update; editors add new entries at the end of the log.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from .catalogue import Catalogue
from .model import Evidence, Proposition

PUBLISHED = "published"


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
        """What happened, as a headline: 'New evidence: …', 'Updated: …', 'Updated recommendation: …'."""
        noun = "proposition" if isinstance(self.record, Proposition) else "evidence"
        if self.event == PUBLISHED:
            return f"New {noun}: {self.record.title}"
        if self.recommendation and isinstance(self.record, Proposition):
            for rec in self.record.recommendations:
                if rec.id == self.recommendation:
                    return f"Updated recommendation: {rec.title}"
        return f"Updated: {self.record.title}"

    @property
    def kind(self) -> str:
        """The record's kind as a slug: 'proposition', or the evidence kind ('case-study', ...)."""
        return "proposition" if isinstance(self.record, Proposition) else self.record.kind.value

    def guid(self, authority: str) -> str:
        """A tag: URI (RFC 4151) from the record's first id, the date and the event; never from URLs or build
        time. A renamed record keeps its first id in `former_ids`, so its items keep their ids."""
        first = self.record.former_ids[0] if self.record.former_ids else self.record.id
        return f"tag:{authority},{self.date.isoformat()}:{first}/{self.event}"

    @property
    def sort_key(self) -> tuple:
        """The order of the Updates page, the home page and the feeds: newest day first; within a day the
        propositions by number, then their recommendations (by proposition, then in the proposition's
        order), then the evidence by title (and id); one record's updates of a day in the order logged."""
        record = self.record
        if isinstance(record, Proposition):
            if self.recommendation:
                ids = [rec.id for rec in record.recommendations]
                place = ids.index(self.recommendation) if self.recommendation in ids else len(ids)
                within: tuple = (1, record.number, place)
            else:
                within = (0, record.number, 0)
        else:
            within = (2, record.title.casefold(), record.id)
        return (-self.date.toordinal(), *within, _event_order(self.event))


def _event_order(event: str) -> tuple[int, int]:
    """'published' before 'change-1' before 'change-2' ... before 'change-10' (numerically, not as text)."""
    if event == PUBLISHED:
        return (0, 0)
    return (1, int(event.rsplit("-", 1)[1]))


def collect_updates(catalogue: Catalogue) -> list[Update]:
    """Every update in the catalogue, newest first. Minor changes update a record without an update."""
    updates: list[Update] = []
    for record in [*catalogue.propositions, *catalogue.evidence]:
        if isinstance(record, Proposition):
            affected: tuple[str, ...] = (record.id,)
        else:
            affected = tuple(dict.fromkeys(e.proposition.id for e in catalogue.support_by_evidence[record.id]))
        updates.append(Update(record.published, record, PUBLISHED, None, None, affected))
        per_day: Counter[dt.date] = Counter()
        for change in record.changes:
            per_day[change.date] += 1
            if change.major:
                updates.append(
                    Update(
                        change.date,
                        record,
                        f"change-{per_day[change.date]}",
                        change.note,
                        change.recommendation,
                        affected,
                    )
                )
    return sorted(updates, key=lambda u: u.sort_key)


def last_updated(record: Proposition | Evidence) -> dt.date:
    """The newest date a record was published or changed (minor changes included)."""
    return max([record.published, *(c.date for c in record.changes)])
