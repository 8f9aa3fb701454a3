"""Build the view of every generated page from the catalogue, and render it with its template.

Python decides what a page shows (which records, in which order, linked where); the templates in
`templates/` (or a publisher's overrides, see `templating.py`) decide how it reads. Every link here is
resolved relative to the page it appears on, so MkDocs checks it like a hand-written link, and every
record markdown field is prepared once (`Links.markdown`) before a template places it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import groupby

from . import anchors, exports, paging, paths, views
from .catalogue import Catalogue, RecommendationEntry, SupportEntry
from .citations import Citations, Work, cite_file
from .mkdocs_bridge import page_url_from
from .model import STRENGTH_LEVELS, Evidence, Kind, Nation, Proposition, Status, Strength, StrengthScale
from .recordtext import guard
from .references import replace_references
from .richtext import MAP_SHADES
from .settings import DEFAULT_PRINT_EVIDENCE, FeedSettings
from .templating import PageTemplates, as_markdown
from .updates import Update, collect_updates, last_updated

HOME_LATEST = 6
# The scales an evidence record's strength may be given on: the name readers see, and how many levels it has.
STRENGTH_SCALES = {StrengthScale.nesta: ("Nesta Standards of Evidence", STRENGTH_LEVELS)}
PROPOSITION_KIND = "Proposition"  # what the site's search calls a proposition's page


@dataclass(frozen=True)
class GeneratedPage:
    """A markdown page to hand to MkDocs: its source path, content, whether the nav lists it, and where it
    stands among the pages of its list (paging.py), if its list has more than one."""

    src_uri: str
    content: str
    in_nav: bool
    pagination: paging.Pagination | None = None


class Links:
    """Links from one page: to records, to other files of the site, and inside record markdown.

    `within_page` is for the print edition and the PDF, where the records are anchors of the page itself;
    with `evidence_on_page` false (past `print_evidence_up_to`) only the propositions and recommendations
    are, and a link to an evidence record goes to its page on the site: relative to `page`, or, given
    `site_address` (the PDF, a file apart from the site), the full address it returns for a source path
    and anchor ("" when the site has no address: then the record's title is shown unlinked)."""

    def __init__(
        self,
        catalogue: Catalogue,
        page: str,
        within_page: bool = False,
        evidence_on_page: bool = True,
        site_address: Callable[[str, str | None], str] | None = None,
    ):
        self.catalogue = catalogue
        self.page = page
        self.within_page = within_page
        self.evidence_on_page = evidence_on_page
        self.site_address = site_address

    def record(self, record_id: str, label: str | None = None) -> views.Link:
        """A record's page (or its anchor there), labelled with its title unless told otherwise."""
        record, anchor, title = self.catalogue.target(record_id)
        if self.within_page and (self.evidence_on_page or not isinstance(record, Evidence)):
            return views.Link(label or title, f"#{record_id}")
        if self.site_address is not None:
            return views.Link(label or title, self.site_address(paths.record_page(record), anchor))
        return views.Link(label or title, paths.relative_link(self.page, paths.record_page(record), anchor))

    def to(self, path: str, anchor: str | None = None) -> str:
        """The relative address of another file of the site."""
        return paths.relative_link(self.page, path, anchor)

    def markdown(self, text: str | None) -> views.SafeMarkdown:
        """A record's markdown field ready for this page: [[references]] resolved, any markup it may not use
        shown as text (`recordtext.guard`). It holds no relative link (the check refuses them), so it reads
        the same on every page that shows it."""
        text = text or ""

        def resolve(record_id: str, label: str | None) -> str:
            link = self.record(record_id, label)
            return as_markdown(link if link.url else link.label)  # no address: the title as plain text

        return views.SafeMarkdown(guard(replace_references(text, resolve)))

    def feeds(self, proposition_id: str | None) -> views.Feeds:
        """The site's feeds, or one proposition's."""
        return views.Feeds(
            self.to(paths.feed_file(proposition_id, "rss")), self.to(paths.feed_file(proposition_id, "atom"))
        )

    def theme(self, theme: str) -> views.Link:
        """A theme's browse page."""
        return views.Link(paths.theme_name(theme), self.to(paths.theme_page(theme)))


class ViewBuilder:
    """Builds the view data of each kind of page from one catalogue."""

    def __init__(
        self,
        catalogue: Catalogue,
        updates: list[Update] | None = None,
        citations: Citations | None = None,
        page_size: int = paging.DEFAULT_PAGE_SIZE,
    ):
        """`page_size` is the most evidence records a proposition's page lists: past it, the page shows the
        first few of each kind and links its evidence list of its own (`proposition_evidence_page`)."""
        self.catalogue = catalogue
        self.updates = collect_updates(catalogue) if updates is None else updates
        self.citations = citations  # without them (no site address), pages have no "Cite this" block
        self.page_size = page_size
        self._evidence: dict[str, list[Evidence]] = {}

    def evidence_of(self, proposition_id: str) -> list[Evidence]:
        """The distinct evidence records supporting a proposition, in title order (worked out once)."""
        if proposition_id not in self._evidence:
            self._evidence[proposition_id] = self.catalogue.proposition_evidence(proposition_id)
        return self._evidence[proposition_id]

    def has_evidence_list(self, proposition: Proposition) -> bool:
        """Whether a proposition's evidence is too many records for its page, so it has a list of its own."""
        return len(self.evidence_of(proposition.id)) > self.page_size

    def evidence_list(self, proposition: Proposition) -> tuple[str, str | None]:
        """Where the site lists every record of a proposition's evidence (source path and anchor): its own
        evidence list, or the Evidence section of its page when that lists them all."""
        if self.has_evidence_list(proposition):
            return paths.proposition_evidence_page(proposition), None
        return paths.record_page(proposition), anchors.section("Evidence")

    def supports_by_kind(self, proposition: Proposition) -> list[tuple[Kind, list[list[SupportEntry]]]]:
        """A proposition's support entries grouped by kind of evidence, then by record (title order): each
        record's entries together, for a record may name the proposition and its recommendations apart."""
        entries: dict[str, list[SupportEntry]] = {}
        for entry in self.catalogue.support_for[proposition.id]:
            entries.setdefault(entry.evidence.id, []).append(entry)
        records = sorted(self.evidence_of(proposition.id), key=lambda e: list(Kind).index(e.kind))
        return [(kind, [entries[e.id] for e in group]) for kind, group in groupby(records, key=lambda e: e.kind)]

    def proposition(self, proposition: Proposition, links: Links) -> views.PropositionView:
        """A proposition as `links.page` shows it (its own page, an index, the print edition). A page of the
        site (not the print edition) lists at most `page_size` records of its evidence: past that, an equal
        share of each kind, each group saying how many it leaves out, and a link to the whole list."""
        source = self.catalogue.records.get(proposition.source)
        by_kind = self.supports_by_kind(proposition)
        listed = None
        share = None
        if self.has_evidence_list(proposition) and not links.within_page:
            listed = views.Link(
                f"All {len(self.evidence_of(proposition.id))} records for this proposition",
                links.to(paths.proposition_evidence_page(proposition)),
            )
            share = max(1, self.page_size // len(by_kind))
        groups = tuple(
            views.Group(
                paths.KIND_NAMES[kind][1],
                tuple(self.support(e, links) for record in records[:share] for e in record),
                len(records[share:]) if share else 0,
            )
            for kind, records in by_kind
        )
        return views.PropositionView(
            id=proposition.id,
            number=proposition.number,
            title=proposition.title,
            link=links.record(proposition.id),
            draft=proposition.status is Status.draft,
            source=links.record(source.id) if source else None,
            pages=proposition.pages,
            summary=links.markdown(proposition.summary),
            body=links.markdown(proposition.body),
            themes=tuple(links.theme(t) for t in proposition.themes),
            recommendations=tuple(
                self.recommendation(self.catalogue.recommendations[r.id], links) for r in proposition.recommendations
            ),
            evidence_by_kind=groups,
            evidence=tuple(links.record(e.id) for e in self.evidence_of(proposition.id)),
            recommendation_count=len(proposition.recommendations),
            history=self.history(proposition, links),
            feeds=links.feeds(proposition.id),
            cite=self.cite(proposition.id, paths.record_page(proposition), links),
            search=self.search_facts(proposition),
            evidence_list=listed,
        )

    def supported_evidence(self, entries: Sequence[SupportEntry], links: Links) -> views.SupportedEvidence:
        """One record of a proposition's evidence list: its link and what it shows, each time it says so."""
        return views.SupportedEvidence(
            links.record(entries[0].evidence.id), tuple(self.support(e, links) for e in entries)
        )

    def evidence_counts(self, proposition: Proposition, listed: views.Link | None) -> views.EvidenceCounts:
        """A proposition's evidence counted by kind and by nation (the non-empty ones), and `listed`, the
        link to where the site lists it."""
        records = self.evidence_of(proposition.id)
        by_kind = tuple((paths.KIND_NAMES[k][1], n) for k in Kind if (n := sum(1 for e in records if e.kind is k)))
        by_nation = tuple(
            (paths.NATION_NAMES[nation], n)
            for nation in Nation
            if (n := sum(1 for e in records if nation in {place.nation for place in e.places}))
        )
        return views.EvidenceCounts(len(records), by_kind, by_nation, listed)

    def evidence(self, evidence: Evidence, links: Links) -> views.EvidenceView:
        """An evidence record as `links.page` shows it (its own page, the print edition)."""
        return views.EvidenceView(
            id=evidence.id,
            title=evidence.title,
            kind=paths.KIND_NAMES[evidence.kind][0],
            kind_link=views.Link(paths.KIND_NAMES[evidence.kind][0], links.to(paths.kind_page(evidence.kind))),
            draft=evidence.status is Status.draft,
            summary=links.markdown(evidence.summary),
            body=links.markdown(evidence.body),
            places=tuple(self.place(p, links) for p in evidence.places),
            period=_period(evidence),
            organisations=tuple(evidence.organisations),
            themes=tuple(links.theme(t) for t in evidence.themes),
            published=evidence.published,
            supports=tuple(self.support(e, links) for e in self.catalogue.support_by_evidence[evidence.id]),
            sources=tuple(
                views.Citation(s.title, str(s.url) if s.url else None, s.publisher, s.date, tuple(s.authors))
                for s in evidence.sources
            ),
            history=self.history(evidence, links),
            strength=self.strength(evidence.strength, links) if evidence.strength else None,
            cite=self.cite(evidence.id, paths.record_page(evidence), links),
            search=self.search_facts(evidence),
        )

    def strength(self, strength: Strength, links: Links) -> views.StrengthView:
        """An evidence record's strength, linked to where its scale is explained."""
        name, levels = STRENGTH_SCALES[strength.scale]
        explained = views.Link(name, links.to(paths.EVIDENCE_STRENGTH, anchors.section(name)))
        return views.StrengthView(name, strength.level, levels, strength.rationale, explained)

    def publication(self, links: Links) -> views.PublicationView | None:
        """The publication the propositions come from: the report record most of them name as `source`
        (the first proposition's, on a tie), with the first of its sources that names authors."""
        sources = [p.source for p in self.catalogue.propositions if p.source in self.catalogue.records]
        if not sources:
            return None
        record = self.catalogue.records[max(dict.fromkeys(sources), key=sources.count)]
        cited = next((s for s in record.sources if s.authors), record.sources[0] if record.sources else None)
        publisher = record.organisations[0] if record.organisations else (cited.publisher if cited else None)
        return views.PublicationView(
            title=record.title,
            link=links.record(record.id),
            authors=tuple(cited.authors) if cited else (),
            publisher=publisher,
            date=cited.date if cited else None,
            url=str(cited.url) if cited and cited.url else None,
        )

    def search_facts(self, record: Proposition | Evidence) -> views.SearchFacts:
        """A record's kind and its search filters: kind, nation, theme and the propositions it bears on."""
        themes = tuple(paths.theme_name(t) for t in record.themes)
        if isinstance(record, Proposition):
            kind = PROPOSITION_KIND
            propositions: tuple[Proposition, ...] = (record,)
            nations: tuple[str, ...] = ()
        else:
            kind = paths.KIND_NAMES[record.kind][0]
            entries = self.catalogue.support_by_evidence[record.id]
            propositions = tuple(sorted({e.proposition.id: e.proposition for e in entries}.values(), key=_number))
            touched = {place.nation for place in record.places}
            nations = tuple(paths.NATION_NAMES[n] for n in Nation if n in touched)
        filters = (
            ("kind", (kind,)),
            ("nation", nations),
            ("theme", themes),
            ("proposition", tuple(f"{p.number}. {p.title}" for p in propositions)),
        )
        return views.SearchFacts(kind, tuple((name, values) for name, values in filters if values))

    def evidence_item(self, evidence: Evidence, links: Links) -> views.EvidenceItem:
        """An evidence record as a line of a list."""
        return views.EvidenceItem(
            links.record(evidence.id),
            paths.KIND_NAMES[evidence.kind][0],
            tuple(dict.fromkeys(p.name for p in evidence.places)),
            _period(evidence),
            evidence.status is Status.draft,
        )

    def recommendation(self, entry: RecommendationEntry, links: Links) -> views.RecommendationView:
        """A recommendation with who made it and the evidence that mentions it."""
        rec = entry.recommendation
        mentions = [e for e in self.catalogue.support_for[entry.proposition.id] if e.recommendation is rec]
        elsewhere = self.has_evidence_list(entry.proposition) and not links.within_page
        return views.RecommendationView(
            id=rec.id,
            former_ids=tuple(rec.former_ids),
            number=rec.number,
            title=rec.title,
            link=links.record(rec.id),
            text=links.markdown(rec.text),
            actors=tuple(rec.actors),
            made_by=self.made_by(entry, links),
            evidence=() if elsewhere else tuple(links.record(e.evidence.id) for e in mentions),
            proposition_number=entry.proposition.number,
            cite=self.cite(rec.id, paths.record_page(entry.proposition), links),
            evidence_count=len({e.evidence.id for e in mentions}),
            evidence_list=views.Link(
                "the evidence for this proposition", links.to(paths.proposition_evidence_page(entry.proposition))
            )
            if elsewhere
            else None,
        )

    def cite(self, record_id: str, own_page: str, links: Links) -> views.CiteView | None:
        """How to cite a record, on its own page only (`own_page`; a recommendation's is its proposition's)."""
        if self.citations is None or links.page != own_page or links.within_page:
            return None
        cited = self.citations.of(record_id)
        work = cited.work
        return views.CiteView(
            kind=cited.kind,
            author=work.institution or "",
            title=work.title,
            site=work.container or "",
            published=dt.date.fromisoformat(work.date),
            updated=work.updated,
            url=views.Link(work.url, work.url),
            sources=tuple(_citation(source) for source in cited.sources),
            sources_on_page=cited.kind not in ("Proposition", "Recommendation"),
            bibtex=links.to(cite_file(record_id, "bib")),
            ris=links.to(cite_file(record_id, "ris")),
            csl_json=links.to(cite_file(record_id, "json")),
        )

    def made_by(self, entry: RecommendationEntry, links: Links) -> views.MadeBy | None:
        """The publication a recommendation comes from: its report record, publisher and year."""
        source = entry.source
        if source is None:
            return None
        publisher = (
            source.organisations[0]
            if source.organisations
            else (source.sources[0].publisher if source.sources else None)
        )
        years = [s.date[:4] for s in source.sources if s.date]
        return views.MadeBy(
            links.record(source.id), entry.recommendation.number, publisher, years[0] if years else None
        )

    def support(self, entry: SupportEntry, links: Links) -> views.Support:
        """What one evidence record shows for one proposition (or one of its recommendations)."""
        return views.Support(
            evidence=links.record(entry.evidence.id),
            evidence_kind=paths.KIND_NAMES[entry.evidence.kind][1],
            proposition=links.record(entry.proposition.id),
            proposition_number=entry.proposition.number,
            recommendation=links.record(entry.recommendation.id) if entry.recommendation else None,
            how=entry.how,
        )

    def history(self, record: Proposition | Evidence, links: Links) -> views.History:
        """A record's publication date and change log, oldest first."""
        changes = tuple(
            views.Change(c.date, c.major, links.markdown(c.note)) for c in sorted(record.changes, key=lambda c: c.date)
        )
        return views.History(record.published, changes, last_updated(record) if record.changes else None)

    def place(self, place, links: Links) -> views.Place:
        """A place, with a link to its nation's browse page unless it is the nation itself."""
        nation = paths.NATION_NAMES[place.nation]
        return views.Place(
            place.name,
            place.area if place.area and place.area != place.name else None,
            views.Link(nation, links.to(paths.nation_page(place.nation))) if place.name != nation else None,
        )

    def update(self, update: Update, links: Links) -> views.UpdateView:
        """One update, linked to its record (or the recommendation it is about)."""
        target = views.Link(update.title, links.to(paths.record_page(update.record), update.recommendation))
        return views.UpdateView(update.date, target, links.markdown(update.note) if update.note else None)

    def counted(self, label: str, path: str, count: int, links: Links) -> views.Counted:
        """A link to a browse page with the number of records on it."""
        return views.Counted(views.Link(label, links.to(path)), count)

    def map_rows(self, address: Callable[[str], str]) -> tuple[list[views.MapRow], int]:
        """Every proposition's row of the evidence map, each cell shaded against the fullest cell of the map
        (`map_shade`), and that cell's count. `address(source path)` is a page's address from the map as
        the built site has it: the tables are raw HTML, whose links MkDocs does not rewrite."""
        rows = [self.map_row(p, address) for p in self.catalogue.propositions]
        most = max((c.count for row in rows for c in row.by_nation + row.by_kind), default=0)

        def shaded(cells: tuple[views.MapCell, ...]) -> tuple[views.MapCell, ...]:
            return tuple(replace(c, shade=map_shade(c.count, most)) for c in cells)

        return [replace(row, by_nation=shaded(row.by_nation), by_kind=shaded(row.by_kind)) for row in rows], most

    def map_cells(self, proposition: Proposition) -> list[tuple[str, str, list[Evidence]]]:
        """The cells of one proposition's row of the evidence map, by nation then by kind: each column's
        value (`england`, `case-study`), its name, and the records it counts, in title order."""
        records = self.evidence_of(proposition.id)
        by_nation = [
            (n.value, paths.NATION_NAMES[n], [e for e in records if n in {place.nation for place in e.places}])
            for n in Nation
        ]
        return by_nation + [(k.value, paths.KIND_NAMES[k][1], [e for e in records if e.kind is k]) for k in Kind]

    def map_row(self, proposition: Proposition, address: Callable[[str], str]) -> views.MapRow:
        """One proposition's evidence counted by nation and by kind, each count linked to the page that lists
        its records (unshaded: `map_rows` shades them)."""
        cells = tuple(
            views.MapCell(name, len(matching), address(paths.map_cell_page(proposition, column)) if matching else None)
            for column, name, matching in self.map_cells(proposition)
        )
        by_nation, by_kind = cells[: len(Nation)], cells[len(Nation) :]
        return views.MapRow(proposition.id, proposition.number, proposition.title, by_nation, by_kind)


class PageRenderer:
    """Renders every generated page from one catalogue, through the page templates."""

    def __init__(
        self,
        catalogue: Catalogue,
        site_name: str,
        templates: PageTemplates | None = None,
        updates: list[Update] | None = None,
        settings: FeedSettings | None = None,
        pdf: views.PdfEdition | Callable[[], views.PdfEdition] | None = None,
        page_size: int = paging.DEFAULT_PAGE_SIZE,
        print_evidence_up_to: int = DEFAULT_PRINT_EVIDENCE,
        use_directory_urls: bool = True,
    ):
        """`updates` are the catalogue's (`collect_updates`), given when the caller already has them; with
        the site's `settings` (its address), record pages end with how to cite them; `pdf` is the build's PDF
        edition (`pdf.pdf_for_build`), which the print edition and downloads pages link (or a function that
        returns it, called when the first of them is rendered, the last pages `all_pages` yields); `page_size` is the
        most entries a page of a long list shows (paging.py), and the most records a proposition's page
        lists; up to `print_evidence_up_to` evidence records the print edition prints each one;
        `use_directory_urls` is the engine's, for the links of raw HTML (the evidence map's tables)."""
        self.catalogue = catalogue
        self.site_name = site_name
        self.templates = templates or PageTemplates()
        self.views = ViewBuilder(catalogue, updates, Citations(catalogue, settings) if settings else None, page_size)
        self._pdf = pdf
        self.page_size = page_size
        self.print_evidence_up_to = print_evidence_up_to
        self.use_directory_urls = use_directory_urls

    @cached_property
    def pdf(self) -> views.PdfEdition:
        """The build's PDF edition, as the print edition and downloads pages link it."""
        pdf = self._pdf() if callable(self._pdf) else self._pdf
        return pdf or views.PdfEdition()

    def render(self, template: str, page: str, /, **context) -> str:
        """Render one page's template with its view (`page` is the page's source path). The page ends with
        one newline, however its template's last block ends."""
        return self.templates.render(template, page=page, **context).rstrip("\n") + "\n"

    def all_pages(self) -> Iterator[GeneratedPage]:
        """Every generated page, one at a time (at 10,000 records all of them at once weigh about 200 MB):
        indexes in the nav, records and browse pages out of it. The two pages that link the PDF edition
        come last, so that a PDF made in a second process (sidework.py) has the longest to be ready."""
        yield GeneratedPage(paths.PROPOSITIONS_INDEX, self.propositions_index(), True)
        yield GeneratedPage(paths.RECOMMENDATIONS, self.recommendations_index(), True)
        yield from self.evidence_index_pages()
        yield GeneratedPage(paths.EVIDENCE_MAP, self.evidence_map(), True)
        yield GeneratedPage(paths.BROWSE_INDEX, self.browse_index(), True)
        yield from self.updates_pages()
        yield GeneratedPage(paths.EVIDENCE_STRENGTH, self.evidence_strength_page(), False)
        for proposition in self.catalogue.propositions:
            yield GeneratedPage(paths.record_page(proposition), self.proposition_page(proposition), False)
        for proposition in self.catalogue.propositions:
            yield from self.proposition_evidence_pages(proposition)
            yield from self.map_cell_pages(proposition)
        for evidence in self.catalogue.evidence:
            yield GeneratedPage(paths.record_page(evidence), self.evidence_page(evidence), False)
        for nation in self.catalogue.by_nation:
            yield from self.nation_pages(nation)
        for kind in self.catalogue.by_kind:
            yield from self.kind_pages(kind)
        for theme in self.catalogue.by_theme:
            yield from self.theme_pages(theme)
        yield GeneratedPage(paths.PRINT_EDITION, self.print_edition(), True)
        yield GeneratedPage(paths.DOWNLOADS, self.downloads_page(), True)

    def paged(
        self,
        first: str,
        entries: Sequence,
        label: str,
        render: Callable[[Links, Sequence, views.Paging], str],
        in_nav: bool = False,
    ) -> list[GeneratedPage]:
        """A long list as pages of at most `page_size` entries: page 1 at `first`, the others at
        `paging.page_path`. `render(links, entries of the page, its views.Paging)` writes one page; `label`
        names the list's pagination for screen readers. Only page 1 may be in the navigation."""
        chunks = paging.split(entries, self.page_size)
        sources = tuple(paging.page_path(first, n) for n in range(1, len(chunks) + 1))
        pages, start = [], 0
        for number, (source, chunk) in enumerate(zip(sources, chunks, strict=True), start=1):
            view = views.Paging(number, len(chunks), start + 1, start + len(chunk), len(entries))
            pagination = paging.Pagination(label, sources, number) if len(chunks) > 1 else None
            content = render(Links(self.catalogue, source), chunk, view)
            pages.append(GeneratedPage(source, content, in_nav and number == 1, pagination))
            start += len(chunk)
        return pages

    def home_sections(self) -> str:
        """Markdown appended to the hand-written home page: the propositions and the latest updates."""
        links = Links(self.catalogue, paths.HOME)
        return self.render(
            "home.md.j2",
            paths.HOME,
            publication=self.views.publication(links),
            propositions=[self.views.proposition(p, links) for p in self.catalogue.propositions],
            updates=[self.views.update(u, links) for u in self.views.updates[:HOME_LATEST]],
            all_updates=links.to(paths.UPDATES),
            feeds=links.feeds(None),
        )

    def proposition_page(self, proposition: Proposition) -> str:
        """A proposition: summary, body, recommendations with anchors, its evidence by kind, history, feeds."""
        page = paths.record_page(proposition)
        return self.render(
            "proposition.md.j2", page, proposition=self.views.proposition(proposition, Links(self.catalogue, page))
        )

    def proposition_evidence_pages(self, proposition: Proposition) -> list[GeneratedPage]:
        """A proposition's evidence list of its own, when its page cannot list every record: each record by
        kind, then title, with what it shows, over as many pages as it takes. None for the others."""
        if not self.views.has_evidence_list(proposition):
            return []
        records = [entries for _, by_record in self.views.supports_by_kind(proposition) for entries in by_record]

        def render(links: Links, chunk: Sequence[list[SupportEntry]], view: views.Paging) -> str:
            kinds = [
                views.Group(
                    paths.KIND_NAMES[kind][1], tuple(self.views.supported_evidence(entries, links) for entries in group)
                )
                for kind, group in groupby(chunk, key=lambda entries: entries[0].evidence.kind)
            ]
            return self.render(
                "proposition-evidence.md.j2",
                links.page,
                proposition=links.record(proposition.id),
                number=proposition.number,
                kinds=kinds,
                paging=view,
                evidence_map=links.to(paths.EVIDENCE_MAP),
            )

        label = f"Pages of the evidence for proposition {proposition.number}"
        return self.paged(paths.proposition_evidence_page(proposition), records, label, render)

    def map_cell_pages(self, proposition: Proposition) -> list[GeneratedPage]:
        """The records behind each number of one proposition's row of the evidence map: a list for each
        nation and each kind that has any, over as many pages as it takes."""
        pages = []
        nations = {n.value for n in Nation}
        for column, name, records in self.views.map_cells(proposition):
            if not records:
                continue
            if column == Nation.uk_wide.value:
                heading, described = "UK-wide evidence", "UK-wide evidence"
            elif column in nations:
                heading, described = f"Evidence from {name}", f"evidence from {name}"
            else:
                heading, described = name, name.lower()

            def render(
                links: Links, chunk: Sequence[Evidence], view: views.Paging, heading=heading, described=described
            ) -> str:
                return self.render(
                    "evidence-map-cell.md.j2",
                    links.page,
                    heading=heading,
                    described=described,
                    proposition=links.record(proposition.id),
                    number=proposition.number,
                    evidence=[self.views.evidence_item(e, links) for e in chunk],
                    paging=view,
                    evidence_map=links.to(paths.EVIDENCE_MAP),
                )

            label = f"Pages of the {described} for proposition {proposition.number}"
            pages += self.paged(paths.map_cell_page(proposition, column), records, label, render)
        return pages

    def evidence_page(self, evidence: Evidence) -> str:
        """An evidence record: what, where, when, who, what it supports, its sources and history."""
        page = paths.record_page(evidence)
        return self.render("evidence.md.j2", page, evidence=self.views.evidence(evidence, Links(self.catalogue, page)))

    def propositions_index(self) -> str:
        """Every proposition with its summary and counts."""
        links = Links(self.catalogue, paths.PROPOSITIONS_INDEX)
        return self.render(
            "propositions.md.j2",
            links.page,
            propositions=[self.views.proposition(p, links) for p in self.catalogue.propositions],
        )

    def recommendations_index(self) -> str:
        """Every recommendation, by proposition and by who should act."""
        links = Links(self.catalogue, paths.RECOMMENDATIONS)
        actor_anchor = anchors.Unique(anchors.ACTOR_PREFIX)
        by_actor = [
            views.ActorGroup(
                actor,
                actor_anchor(actor),
                tuple(self.views.recommendation(e, links) for e in self.catalogue.by_actor[actor]),
            )
            for actor in sorted(self.catalogue.by_actor, key=str.casefold)
        ]
        unnamed = [
            self.views.recommendation(e, links)
            for e in self.catalogue.recommendations.values()
            if not e.recommendation.actors
        ]
        return self.render(
            "recommendations.md.j2",
            links.page,
            propositions=[self.views.proposition(p, links) for p in self.catalogue.propositions],
            by_actor=by_actor,
            unnamed=unnamed,
        )

    def evidence_index_pages(self) -> list[GeneratedPage]:
        """Every evidence record, grouped by kind, over as many pages as it takes."""
        records = [e for kind in Kind for e in self.catalogue.by_kind.get(kind, ())]

        def render(links: Links, chunk: Sequence[Evidence], view: views.Paging) -> str:
            kinds = [
                views.Group(paths.KIND_NAMES[kind][1], tuple(self.views.evidence_item(e, links) for e in group))
                for kind, group in groupby(chunk, key=lambda e: e.kind)
            ]
            return self.render(
                "evidence-index.md.j2",
                links.page,
                kinds=kinds,
                count=len(records),
                paging=view,
                evidence_map=links.to(paths.EVIDENCE_MAP),
                browse=links.to(paths.BROWSE_INDEX),
            )

        return self.paged(paths.EVIDENCE_INDEX, records, "Pages of the evidence index", render, in_nav=True)

    def evidence_index(self) -> str:
        """The first page of the evidence index."""
        return self.evidence_index_pages()[0].content

    def evidence_map(self) -> str:
        """Propositions against nations and kinds: counts in accessible tables, each linking to its records."""
        links = Links(self.catalogue, paths.EVIDENCE_MAP)
        rows, most = self.views.map_rows(lambda path: page_url_from(path, links.page, self.use_directory_urls))
        return self.render(
            "evidence-map.md.j2",
            links.page,
            rows=rows,
            nations=[paths.NATION_NAMES[n] for n in Nation],
            kinds=[paths.KIND_NAMES[k][1] for k in Kind],
            legend=map_legend(most),
        )

    def browse_index(self) -> str:
        """Links to the browse pages of every nation, kind and theme that has records."""
        links = Links(self.catalogue, paths.BROWSE_INDEX)
        counted = self.views.counted
        nations = [
            counted(paths.NATION_NAMES[n], paths.nation_page(n), len(self.catalogue.by_nation[n]), links)
            for n in Nation
            if self.catalogue.by_nation.get(n)
        ]
        kinds = [
            counted(paths.KIND_NAMES[k][1], paths.kind_page(k), len(self.catalogue.by_kind[k]), links)
            for k in Kind
            if self.catalogue.by_kind.get(k)
        ]
        themes = [
            counted(paths.theme_name(t), paths.theme_page(t), len(self.catalogue.by_theme[t]), links)
            for t in sorted(self.catalogue.by_theme)
        ]
        return self.render("browse.md.j2", links.page, nations=nations, kinds=kinds, themes=themes)

    def nation_pages(self, nation: Nation) -> list[GeneratedPage]:
        """The evidence from one nation."""
        name = paths.NATION_NAMES[nation]
        records = self.catalogue.by_nation[nation]
        return self._browse_pages(
            "nation.md.j2", paths.nation_page(nation), name, f"Pages of the evidence from {name}", records
        )

    def kind_pages(self, kind: Kind) -> list[GeneratedPage]:
        """The evidence of one kind."""
        name = paths.KIND_NAMES[kind][1]
        records = self.catalogue.by_kind[kind]
        return self._browse_pages("kind.md.j2", paths.kind_page(kind), name, f"Pages of the {name.lower()}", records)

    def theme_pages(self, theme: str) -> list[GeneratedPage]:
        """The propositions (on the first page) and evidence of one theme."""
        records = self.catalogue.by_theme[theme]
        evidence = [r for r in records if isinstance(r, Evidence)]
        name = paths.theme_name(theme)

        def render(links: Links, chunk: Sequence[Evidence], view: views.Paging) -> str:
            return self.render(
                "theme.md.j2",
                links.page,
                name=name,
                propositions=[links.record(r.id) for r in records if isinstance(r, Proposition)]
                if view.number == 1
                else [],
                evidence=[self.views.evidence_item(e, links) for e in chunk],
                paging=view,
                browse=links.to(paths.BROWSE_INDEX),
            )

        return self.paged(paths.theme_page(theme), evidence, f"Pages of the theme {name}", render)

    def nation_page(self, nation: Nation) -> str:
        """The first page of one nation's evidence."""
        return self.nation_pages(nation)[0].content

    def kind_page(self, kind: Kind) -> str:
        """The first page of one kind's evidence."""
        return self.kind_pages(kind)[0].content

    def theme_page(self, theme: str) -> str:
        """The first page of one theme's propositions and evidence."""
        return self.theme_pages(theme)[0].content

    def updates_pages(self) -> list[GeneratedPage]:
        """Every update, newest day first, under a heading per day: the human twin of the feeds."""

        def render(links: Links, chunk: Sequence[Update], view: views.Paging) -> str:
            days = [
                views.Day(day, tuple(self.views.update(u, links) for u in group))
                for day, group in groupby(chunk, key=lambda u: u.date)
            ]
            return self.render("updates.md.j2", links.page, days=days, paging=view, feeds=links.feeds(None))

        return self.paged(paths.UPDATES, self.views.updates, "Pages of the updates", render, in_nav=True)

    def updates_page(self) -> str:
        """The first page of the updates."""
        return self.updates_pages()[0].content

    def print_edition(self) -> str:
        """The whole publication on one page; [[references]] become links within the page. Past
        `print_evidence_up_to` evidence records it counts each proposition's evidence instead of printing
        every record, and links to an evidence record go to its page."""
        printed = len(self.catalogue.evidence) <= self.print_evidence_up_to
        links = Links(self.catalogue, paths.PRINT_EDITION, within_page=True, evidence_on_page=printed)

        def counts(proposition: Proposition) -> views.EvidenceCounts:
            path, anchor = self.views.evidence_list(proposition)
            return self.views.evidence_counts(proposition, views.Link("listed on the site", links.to(path, anchor)))

        return self.render(
            "print.md.j2",
            links.page,
            site_name=self.site_name,
            propositions=[self.views.proposition(p, links) for p in self.catalogue.propositions],
            evidence=[self.views.evidence(e, links) for e in self.catalogue.evidence] if printed else [],
            counts={} if printed else {p.id: counts(p) for p in self.catalogue.propositions},
            evidence_count=len(self.catalogue.evidence),
            printed_up_to=self.print_evidence_up_to,
            evidence_index=links.to(paths.EVIDENCE_INDEX),
            evidence_map=links.to(paths.EVIDENCE_MAP),
            pdf=self.pdf_link(links),
        )

    def evidence_strength_page(self) -> str:
        """The scales an evidence record's strength may be given on, explained, and the records that give one."""
        links = Links(self.catalogue, paths.EVIDENCE_STRENGTH)
        rated = [e for e in self.catalogue.evidence if e.strength]
        return self.render(
            "evidence-strength.md.j2",
            links.page,
            rated=[(self.views.evidence_item(e, links), self.views.strength(e.strength, links)) for e in rated],
            count=len(self.catalogue.evidence),
        )

    def downloads_page(self) -> str:
        """Links to the JSON and CSV downloads and the record schemas."""
        links = Links(self.catalogue, paths.DOWNLOADS)
        downloads = views.Downloads(
            json=links.to(exports.JSON_FILE),
            evidence_csv=links.to(exports.EVIDENCE_CSV),
            recommendations_csv=links.to(exports.RECOMMENDATIONS_CSV),
            proposition_schema=links.to(paths.SCHEMA_FILES["propositions"]),
            evidence_schema=links.to(paths.SCHEMA_FILES["evidence"]),
            propositions=len(self.catalogue.propositions),
            evidence=len(self.catalogue.evidence),
            recommendations=len(self.catalogue.recommendations),
        )
        return self.render("downloads.md.j2", links.page, downloads=downloads, pdf=self.pdf_link(links))

    def pdf_link(self, links: Links) -> views.PdfLink | None:
        """The PDF edition as `links.page` links it, or None when the setting turns it off."""
        if self.pdf.reason == "off":
            return None
        url = paths.relative_link(links.page, paths.PDF_EDITION) if self.pdf.content is not None else None
        return views.PdfLink(url, self.pdf.size, self.pdf.reason == "preview")

    def _browse_pages(
        self, template: str, first: str, name: str, label: str, records: list[Evidence]
    ) -> list[GeneratedPage]:
        def render(links: Links, chunk: Sequence[Evidence], view: views.Paging) -> str:
            return self.render(
                template,
                links.page,
                name=name,
                evidence=[self.views.evidence_item(e, links) for e in chunk],
                paging=view,
                browse=links.to(paths.BROWSE_INDEX),
            )

        return self.paged(first, records, label, render)


def map_shade(count: int, most: int) -> int:
    """The shade of an evidence-map cell of `count` records when the fullest cell has `most`: 0 for a gap,
    else 1 to MAP_SHADES, each shade standing for an equal share of the range 1 to `most`."""
    if count <= 0 or most <= 0:
        return 0
    return min(MAP_SHADES, -(-count * MAP_SHADES // most))


def map_legend(most: int) -> list[views.MapShade]:
    """The legend of the evidence map: each shade in use, with the counts it stands for, fewest first."""
    counts: dict[int, list[int]] = {}
    for count in range(1, most + 1):
        counts.setdefault(map_shade(count, most), []).append(count)
    return [views.MapShade(shade, found[0], found[-1]) for shade, found in sorted(counts.items())]


def _citation(work: Work) -> views.Citation:
    return views.Citation(work.title, work.url, work.publisher or "", work.date, work.people)


def _period(evidence: Evidence) -> views.Period | None:
    return views.Period(evidence.period.start, evidence.period.end) if evidence.period else None


def _number(proposition: Proposition) -> int:
    return proposition.number
