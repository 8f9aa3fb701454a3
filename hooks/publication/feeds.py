"""RSS 2.0 and Atom feeds of the publication's updates: one pair site-wide, one pair per proposition.

Every date comes from the records, so an unchanged publication gives byte-identical feeds: an item's
date is the record's date at midnight in the site's time zone, and a feed's own date (`lastBuildDate`,
`updated`) is its newest item's. Item ids are `tag:` URIs from the record id, the date and the event
(see `updates`), never from URLs or the clock. Item HTML has absolute links only.

feedgen writes every feed, through its public API only: each item is one `FeedEntry`, filled in
once and shared by every feed that carries it, in both flavours; its HTML is rendered only when a
feed first needs it (feeds carry the newest `max_items`).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator

from . import paths
from .catalogue import Catalogue
from .mkdocs_bridge import page_url
from .model import Proposition
from .richtext import FeedHtml, MarkdownConfig
from .settings import FeedSettings
from .updates import Update, collect_updates

FLAVOURS = ("rss", "atom")
MEDIA_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}
FEED_ID_DATE = "2020"  # the date in each feed's own tag: id; fixed so that the ids never change
_EMPTY_FEED_DATE = dt.date(2000, 1, 1)


class FeedWriter:
    """Builds every feed of one catalogue."""

    def __init__(
        self,
        catalogue: Catalogue,
        settings: FeedSettings,
        markdown: MarkdownConfig | None = None,
        updates: list[Update] | None = None,
    ):
        """Items and feeds are built when asked for, from `updates` (the catalogue's, collected here unless
        the caller has them already). Item text is rendered with `markdown` (the site's own configuration;
        MkDocs' built-in extensions if not given)."""
        self.catalogue = catalogue
        self.settings = settings
        self.zone = ZoneInfo(settings.timezone)
        self.updates = collect_updates(catalogue) if updates is None else updates
        self.base = settings.site_url if settings.site_url.endswith("/") else settings.site_url + "/"
        self._html = FeedHtml(self.record_url, self.title_of, markdown)
        self._entries: dict[int, FeedEntry] = {}  # by position in self.updates
        self._stamps: dict[dt.date, dt.datetime] = {}
        self._record_urls: dict[str, str] = {}
        self._categories: dict[str, tuple[tuple[str, str], ...]] = {}

    # -- files ---------------------------------------------------------------------------------

    def all_feeds(self) -> dict[str, bytes]:
        """Every feed file: its path in the site and its bytes."""
        feeds: dict[str, bytes] = {}
        for proposition in [None, *self.catalogue.propositions]:
            scope = proposition.id if proposition else None
            for flavour, content in self.feed_pair(proposition).items():
                feeds[paths.feed_file(scope, flavour)] = content
        return dict(sorted(feeds.items()))

    def feed(self, proposition: Proposition | None, flavour: str) -> bytes:
        """One feed, newest items first, at most `max_items` of them."""
        return self.feed_pair(proposition, (flavour,))[flavour]

    def feed_pair(self, proposition: Proposition | None, flavours: tuple[str, ...] = FLAVOURS) -> dict[str, bytes]:
        """The RSS and Atom feeds of the whole site (None) or of one proposition, from one generator."""
        scope = proposition.id if proposition else None
        chosen = self.chosen_positions(proposition)
        generator = FeedGenerator()
        # RSS's own <author> must be an e-mail address, so RSS names the site's author the usual way, in
        # Dublin Core: the channel's <dc:publisher>. Atom has its own <author>.
        generator.load_extension("dc", atom=False, rss=True)
        title = self.settings.site_name if proposition is None else f"{self.settings.site_name}: {proposition.title}"
        generator.id(f"tag:{self.settings.id_authority},{FEED_ID_DATE}:feed{'/' + scope if scope else ''}")
        generator.title(title)
        generator.description(
            self.settings.description
            if proposition is None
            else f"Updates to proposition {proposition.number}, \u201c{proposition.title}\u201d, "
            "its recommendations and the evidence that supports it."
        )
        generator.language(self.settings.language)
        if self.settings.author:
            generator.author({"name": self.settings.author})
            generator.dc.dc_publisher(self.settings.author)
        newest = self.stamp(self.updates[chosen[0]].date if chosen else self._fallback_date(proposition))
        generator.updated(newest)
        generator.lastBuildDate(newest)
        for index in chosen:
            generator.add_entry(self._entry(index), order="append")
        page = paths.UPDATES if proposition is None else paths.record_page(proposition)
        out = {}
        for flavour in flavours:
            # RSS takes its <link> from the last link given, so the page (alternate) goes last.
            generator.link(
                [
                    {"href": self.url(paths.feed_file(scope, flavour)), "rel": "self", "type": MEDIA_TYPES[flavour]},
                    {"href": self.url(page), "rel": "alternate", "type": "text/html"},
                ],
                replace=True,
            )
            out[flavour] = generator.rss_str(pretty=True) if flavour == "rss" else generator.atom_str(pretty=True)
        return out

    def chosen_positions(self, proposition: Proposition | None) -> list[int]:
        """The positions in `self.updates` of a feed's items: the newest `max_items`."""
        chosen = [i for i, u in enumerate(self.updates) if proposition is None or proposition.id in u.propositions]
        return chosen[: self.settings.max_items]

    # -- links and dates -----------------------------------------------------------------------

    def url(self, src_path: str, anchor: str | None = None) -> str:
        """The absolute URL of a site file (a markdown source path or any other file, relative to the site)."""
        url = self.base + page_url(src_path, self.settings.use_directory_urls)  # MkDocs' URL, quoted
        return f"{url}#{anchor}" if anchor else url

    def record_url(self, record_id: str) -> str:
        """The absolute URL of a record (or of a recommendation's anchor)."""
        if record_id not in self._record_urls:
            record, anchor, _ = self.catalogue.target(record_id)
            self._record_urls[record_id] = self.url(paths.record_page(record), anchor)
        return self._record_urls[record_id]

    def title_of(self, record_id: str) -> str:
        """The title of a record or recommendation."""
        return self.catalogue.target(record_id)[2]

    def stamp(self, date: dt.date) -> dt.datetime:
        """A record's date as midnight in the site's time zone."""
        if date not in self._stamps:
            self._stamps[date] = dt.datetime.combine(date, dt.time(0, 0), tzinfo=self.zone)
        return self._stamps[date]

    def item_html(self, update: Update) -> str:
        """An item's content: its change note, or the record's summary, as HTML with absolute links."""
        return self._html.render(update.note or update.record.summary)

    # -- items ---------------------------------------------------------------------------------

    def entry(self, update: Update) -> FeedEntry:
        """What the feeds say about one update, as feedgen's entry for both RSS and Atom."""
        record = update.record
        link = self.record_url(record.id)
        guid = update.guid(self.settings.id_authority)
        date = self.stamp(update.date)
        entry = FeedEntry()
        entry.id(guid)
        entry.guid(guid, permalink=False)
        entry.title(update.title)
        entry.link(
            href=f"{link}#{update.recommendation}" if update.recommendation else link, rel="alternate", type="text/html"
        )
        entry.published(date)
        entry.updated(date)
        entry.content(self.item_html(update), type="html")  # Atom <content type="html">, RSS <description>
        for term, label in self.categories(update):
            entry.category(term=term, label=label)
        # No per-item author: every item is written by the site, which each feed names once. A record's
        # organisations are what it is about, not who wrote the item.
        return entry

    def categories(self, update: Update) -> tuple[tuple[str, str], ...]:
        """The feed categories of an update's record as (term, label): its kind, then its themes."""
        record = update.record
        if record.id not in self._categories:
            kind = update.kind
            kind_label = "Proposition" if isinstance(record, Proposition) else paths.KIND_NAMES[record.kind][0]
            self._categories[record.id] = tuple(
                (term, kind_label if term == kind else paths.theme_name(term))
                for term in dict.fromkeys([kind, *record.themes])
            )
        return self._categories[record.id]

    def _entry(self, index: int) -> FeedEntry:
        """The feed entry of one update, built once and shared by every feed and flavour."""
        if index not in self._entries:
            self._entries[index] = self.entry(self.updates[index])
        return self._entries[index]

    def _fallback_date(self, proposition: Proposition | None) -> dt.date:
        """The date of a feed with no items: the proposition's, or the newest record's."""
        if proposition is not None:
            return proposition.published
        dates = [r.published for r in self.catalogue.records.values()]
        return max(dates) if dates else _EMPTY_FEED_DATE
