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

from . import paths


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
    """Items listed under one heading: evidence under its kind's plural name. `more` counts the records of
    the group a bounded list leaves out (a large proposition's page shows the first few of each kind)."""

    name: str
    items: tuple
    more: int = 0


@dataclass(frozen=True)
class Day:
    """The updates of one day (views.UpdateView), under that date's heading on the Updates page."""

    date: dt.date
    updates: tuple


@dataclass(frozen=True)
class Paging:
    """Where one page of a long list stands (see paging.py): page `number` of `pages`, showing entries
    `first` to `last` of the list's `total`, counted from 1. A list that fits one page has `pages` 1."""

    number: int
    pages: int
    first: int
    last: int
    total: int


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
    former_ids: tuple[str, ...]  # its anchors before `publication rename`; each stays on the page
    number: int | None
    title: str
    link: Link
    text: SafeMarkdown
    actors: tuple[str, ...]
    made_by: MadeBy | None
    evidence: tuple[Link, ...]  # empty when its proposition's evidence is too many to list on one page
    proposition_number: int
    cite: CiteView | None = None  # on the record's own page
    evidence_count: int = 0  # the distinct records that mention it
    evidence_list: Link | None = None  # where they are listed, when not here: its proposition's evidence list


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
class CiteView:
    """How to cite a record (its "Cite this" block): the record as this site publishes it, the sources it
    draws on, and its citation files (addresses relative to the page)."""

    kind: str  # "Proposition", "Recommendation", or the evidence kind
    author: str
    title: str
    site: str
    published: dt.date
    updated: dt.date
    url: Link  # the record's full address, labelled with itself
    sources: tuple[Citation, ...]
    sources_on_page: bool  # the page lists the sources already (an evidence record's Sources)
    bibtex: str
    ris: str
    csl_json: str


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
    evidence_by_kind: tuple[Group, ...]  # of Support: every one, or the first few of each kind (Group.more)
    evidence: tuple[Link, ...]  # every distinct record, in title order
    recommendation_count: int
    history: History
    feeds: Feeds
    cite: CiteView | None = None  # on the record's own page
    search: SearchFacts | None = None
    evidence_list: Link | None = None  # its evidence list of its own, when too many records for its page


@dataclass(frozen=True)
class SupportedEvidence:
    """One evidence record in a proposition's evidence list, with what it shows for the proposition (or one
    of its recommendations): one Support for each time it names them."""

    link: Link
    supports: tuple[Support, ...]


@dataclass(frozen=True)
class EvidenceCounts:
    """A proposition's evidence counted, for an edition that does not list every record (the print
    edition and the PDF past `print_evidence_up_to`): how many records, by kind and by nation (the
    non-empty ones, as (name, count)), and the page of the site that lists them (None without an address)."""

    total: int
    by_kind: tuple[tuple[str, int], ...]
    by_nation: tuple[tuple[str, int], ...]
    listed: Link | None


@dataclass(frozen=True)
class StrengthView:
    """How strong an evidence record's evidence is: its level on a named scale, why, and where the scale is
    explained."""

    scale: str  # the scale's name, e.g. "Nesta Standards of Evidence"
    level: int
    levels: int  # how many levels the scale has
    rationale: str
    explained: Link  # the page that explains the scale, at this scale's section


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
    strength: StrengthView | None = None
    cite: CiteView | None = None  # on the record's own page
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
    """The evidence of one proposition in one column (a nation or kind) of the evidence map, and its shade:
    0 for a gap (no records), else 1 (fewest) to richtext.MAP_SHADES (most), as MapShade says."""

    column: str
    count: int
    url: str | None  # the page that lists the records it counts; None for a gap
    shade: int = 0


@dataclass(frozen=True)
class MapShade:
    """One step of the evidence map's legend: a shade and the counts it stands for (`low` to `high`)."""

    shade: int
    low: int
    high: int


@dataclass(frozen=True)
class MapRow:
    """One proposition's row of an evidence-map table."""

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


@dataclass(frozen=True)
class PdfEdition:
    """One build's PDF edition (pdf.py): its bytes and size, or why there are none: `off` (the
    `extra.publication.pdf` setting) or `preview` (`mkdocs serve` does not make it)."""

    content: bytes | None = None
    reason: str = "off"
    size: str | None = None  # as a reader reads it: '186 KB'

    def files(self) -> dict[str, bytes]:
        """The PDF's path in the site and its bytes; nothing when there is no PDF."""
        return {} if self.content is None else {paths.PDF_EDITION: self.content}


@dataclass(frozen=True)
class PdfLink:
    """The PDF edition as the print edition and downloads pages show it: its address and size when the build
    made it, and `preview` when the page is `mkdocs serve`'s, which does not make it."""

    url: str | None
    size: str | None
    preview: bool


@dataclass(frozen=True)
class PublicationView:
    """The publication the home page presents: the report record its propositions come from, who wrote and
    published it, when, and where the original is."""

    title: str
    link: Link
    authors: tuple[str, ...]
    publisher: str | None
    date: str | None  # a partial date, as its source gives it
    url: str | None
