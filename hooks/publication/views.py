"""What each generated page shows, as plain frozen data for its template (`templates/*.md.j2`).

The view builder (`pages.py`) resolves every link and prepares every record markdown field before a
template sees it, so a template only arranges values and words. Values are of three sorts:

- plain text (`str`): titles, names, ids. The template environment escapes it for markdown wherever it
  lands, so a template cannot forget to.
- `SafeMarkdown`: record markdown already prepared for this page ([[references]] resolved, relative
  links rebased, markup it may not use shown as text by `recordtext.guard`). Placed as it is.
- `Link`: a resolved link to a record or page; it renders as `[label](url)` with the label escaped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


class SafeMarkdown(str):
    """Markdown placed on a page as it is. Only the view builder and the environment's filters make it."""

    __slots__ = ()


@dataclass(frozen=True)
class Link:
    """A link from the page being built: `label` is plain text, `url` relative to that page (or `#anchor`)."""

    label: str
    url: str


@dataclass(frozen=True)
class Period:
    """When an evidence record happened: a start and an optional end, each a year, year-month or date."""

    start: str
    end: str | None


@dataclass(frozen=True)
class Feeds:
    """The addresses of one feed pair (the site's or a proposition's), relative to the page."""

    rss: str
    atom: str


@dataclass(frozen=True)
class EvidenceItem:
    """One evidence record in a list: its link, kind, place names and period, and whether it is a draft
    (shown only by `mkdocs serve`)."""

    link: Link
    kind: str
    places: tuple[str, ...]
    period: Period | None
    draft: bool = False


@dataclass(frozen=True)
class Group:
    """Items listed under one heading: evidence under its kind's plural name, updates under their year."""

    name: str
    items: tuple


@dataclass(frozen=True)
class MadeBy:
    """Who made a recommendation: the report record, its number there, its publisher and year."""

    source: Link
    number: int | None
    publisher: str | None
    year: str | None


@dataclass(frozen=True)
class RecommendationView:
    """A recommendation as one page shows it (links and text resolved for that page)."""

    id: str
    number: int | None
    title: str
    link: Link
    text: SafeMarkdown
    actors: tuple[str, ...]
    made_by: MadeBy | None
    evidence: tuple[Link, ...]
    proposition_number: int


@dataclass(frozen=True)
class Change:
    """One entry of a record's change log."""

    date: dt.date
    major: bool
    note: SafeMarkdown


@dataclass(frozen=True)
class History:
    """A record's first publication and change log, oldest first, and its last update if it changed."""

    published: dt.date
    changes: tuple[Change, ...]
    last_updated: dt.date | None


@dataclass(frozen=True)
class Support:
    """One evidence record's support for one proposition, optionally one of its recommendations."""

    evidence: Link
    evidence_kind: str  # the plural kind name: the group it is listed under on the proposition's page
    proposition: Link
    proposition_number: int
    recommendation: Link | None
    how: str


@dataclass(frozen=True)
class Citation:
    """A source an evidence record cites."""

    title: str
    url: str | None
    publisher: str
    date: str | None
    authors: tuple[str, ...]


@dataclass(frozen=True)
class Place:
    """A place: its name, its area (when it differs), and its nation's browse page (when the name is not the
    nation's)."""

    name: str
    area: str | None
    nation: Link | None


@dataclass(frozen=True)
class SearchFacts:
    """What the site's search tells about a record page: its kind, shown beside each hit, and the values
    a reader can narrow the results by (filter name to values, e.g. nation to England and Wales)."""

    kind: str
    filters: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class PropositionView:
    """A proposition as one page shows it."""

    id: str
    number: int
    title: str
    link: Link
    draft: bool
    source: Link | None
    pages: str | None
    summary: SafeMarkdown
    body: SafeMarkdown
    themes: tuple[Link, ...]
    recommendations: tuple[RecommendationView, ...]
    evidence_by_kind: tuple[Group, ...]  # of Support
    evidence: tuple[Link, ...]
    recommendation_count: int
    history: History
    feeds: Feeds
    search: SearchFacts | None = None


@dataclass(frozen=True)
class EvidenceView:
    """An evidence record as one page shows it."""

    id: str
    title: str
    kind: str
    kind_link: Link
    draft: bool
    summary: SafeMarkdown
    body: SafeMarkdown
    places: tuple[Place, ...]
    period: Period | None
    organisations: tuple[str, ...]
    themes: tuple[Link, ...]
    published: dt.date
    supports: tuple[Support, ...]
    sources: tuple[Citation, ...]
    history: History
    search: SearchFacts | None = None


@dataclass(frozen=True)
class UpdateView:
    """One line of the Updates page and the home page: date, headline linked to the record, note."""

    date: dt.date
    link: Link
    note: SafeMarkdown | None


@dataclass(frozen=True)
class ActorGroup:
    """The recommendations one actor should act on, under an anchor of its own."""

    name: str
    anchor: str
    recommendations: tuple[RecommendationView, ...]


@dataclass(frozen=True)
class Counted:
    """A link with the number of records behind it (browse lists)."""

    link: Link
    count: int


@dataclass(frozen=True)
class MapCell:
    """The evidence of one proposition in one column (a nation or kind) of the evidence map."""

    column: str
    anchor: str
    records: tuple[Link, ...]


@dataclass(frozen=True)
class MapRow:
    """One proposition's row of an evidence-map table."""

    proposition: Link
    id: str
    number: int
    title: str
    by_nation: tuple[MapCell, ...]
    by_kind: tuple[MapCell, ...]


@dataclass(frozen=True)
class Downloads:
    """The downloads' addresses and sizes."""

    json: str
    evidence_csv: str
    recommendations_csv: str
    proposition_schema: str
    evidence_schema: str
    propositions: int
    evidence: int
    recommendations: int
