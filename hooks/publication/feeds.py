"""RSS 2.0 and Atom feeds of the publication's updates: one pair site-wide, one pair per proposition.

Every date comes from the records, so an unchanged publication gives byte-identical feeds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from feedgen.feed import FeedGenerator

from . import paths
from .catalogue import Catalogue
from .model import Evidence, Proposition
from .richtext import markdown_to_html
from .updates import Update, collect_updates

FLAVOURS = ("rss", "atom")


@dataclass(frozen=True)
class FeedSettings:
    """What the feeds need from the site's configuration."""

    site_url: str
    site_name: str
    description: str
    id_authority: str
    timezone: str = "Europe/London"
    max_items: int = 50
    author: str | None = None
    language: str = "en-GB"
    use_directory_urls: bool = True


class FeedWriter:
    """Builds every feed of one catalogue."""

    def __init__(self, catalogue: Catalogue, settings: FeedSettings):
        self.catalogue = catalogue
        self.settings = settings
        self.zone = ZoneInfo(settings.timezone)
        self.updates = collect_updates(catalogue)
        self.base = settings.site_url if settings.site_url.endswith("/") else settings.site_url + "/"

    def all_feeds(self) -> dict[str, bytes]:
        """Every feed file: its path in the site and its bytes."""
        feeds = {}
        for flavour in FLAVOURS:
            feeds[paths.feed_file(None, flavour)] = self.feed(None, flavour)
            for proposition in self.catalogue.propositions:
                feeds[paths.feed_file(proposition.id, flavour)] = self.feed(proposition, flavour)
        return feeds

    def url(self, src_path: str, anchor: str | None = None) -> str:
        """The absolute URL of a site file."""
        url = urljoin(self.base, paths.page_url(src_path, self.settings.use_directory_urls))
        return f"{url}#{anchor}" if anchor else url

    def record_url(self, record_id: str) -> str:
        """The absolute URL of a record (or of a recommendation's anchor)."""
        if record_id in self.catalogue.recommendations:
            entry = self.catalogue.recommendations[record_id]
            return self.url(paths.record_page(entry.proposition), record_id)
        return self.url(paths.record_page(self.catalogue.records[record_id]))

    def title_of(self, record_id: str) -> str:
        """The title of a record or recommendation."""
        if record_id in self.catalogue.recommendations:
            return self.catalogue.recommendations[record_id].recommendation.title
        return self.catalogue.records[record_id].title

    def when(self, date: dt.date) -> dt.datetime:
        """A record's date as midnight in the site's time zone."""
        return dt.datetime.combine(date, dt.time(0, 0), tzinfo=self.zone)

    def feed(self, proposition: Proposition | None, flavour: str) -> bytes:
        """One feed, newest items first, at most `max_items` of them."""
        updates = [u for u in self.updates if proposition is None or proposition.id in u.propositions]
        updates = updates[: self.settings.max_items]
        generator = FeedGenerator()
        title = self.settings.site_name if proposition is None else f"{self.settings.site_name}: {proposition.title}"
        page = paths.UPDATES if proposition is None else paths.record_page(proposition)
        scope = "" if proposition is None else f"/{proposition.id}"
        generator.id(f"tag:{self.settings.id_authority},2020:feed{scope}")
        generator.title(title)
        # feedgen gives RSS's <link> the last link added, so the page (alternate) must come last.
        generator.link(href=self.url(paths.feed_file(proposition.id if proposition else None, flavour)), rel="self")
        generator.link(href=self.url(page), rel="alternate")
        generator.description(self.settings.description if proposition is None
                              else f"Updates to proposition {proposition.number} and the evidence for it.")
        generator.language(self.settings.language)
        if self.settings.author:
            generator.author({"name": self.settings.author})
        newest = self.when(updates[0].date) if updates else self.when(self._fallback_date(proposition))
        generator.updated(newest)
        generator.lastBuildDate(newest)
        for update in updates:
            self._add_item(generator, update)
        if flavour == "rss":
            return generator.rss_str(pretty=True)
        return generator.atom_str(pretty=True)

    def _add_item(self, generator: FeedGenerator, update: Update) -> None:
        entry = generator.add_entry(order="append")
        record = update.record
        guid = update.guid(self.settings.id_authority)
        entry.id(guid)
        entry.guid(guid, permalink=False)
        entry.title(update.title)
        link = self.url(paths.record_page(record), update.recommendation)
        entry.link(href=link)
        stamp = self.when(update.date)
        entry.published(stamp)
        entry.updated(stamp)
        entry.description(markdown_to_html(update.note or record.summary, self.record_url, self.title_of),
                          isSummary=True)
        kind = "proposition" if isinstance(record, Proposition) else record.kind.value
        for term in [kind, *record.themes]:
            entry.category(term=term, label=paths.theme_name(term))
        if self.settings.author:
            entry.author({"name": self.settings.author})
        elif isinstance(record, Evidence) and record.organisations:
            entry.author({"name": record.organisations[0]})

    def _fallback_date(self, proposition: Proposition | None) -> dt.date:
        if proposition is not None:
            return proposition.published
        dates = [r.published for r in self.catalogue.records.values()]
        return max(dates) if dates else dt.date(2000, 1, 1)
