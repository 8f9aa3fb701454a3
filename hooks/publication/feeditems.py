"""Feed items: one update as an RSS <item> and an Atom <entry>, exactly as feedgen writes them, faster.

feedgen writes each feed document (channel, head, namespaces, serialisation). Its per-item road (a
checked setter call per field, then a generic element helper and a locale switch per date) is too
slow for the issue's target of 10,000 items in under a second on our CI machine (figures in the
README's Speed section). `ItemEntry` hands feedgen elements built here instead, for the fields our
items carry, in feedgen's order and with feedgen's own date formatting.

feedgen stays the reference: `feedgen_entry` builds the same item through feedgen's public API, and
the tests require both roads to give byte-identical feeds. `FeedWriter(..., make_entry=feedgen_entry)`
takes feedgen's road end to end; making it the default undoes this module's shortcut.
"""

from __future__ import annotations

import datetime as dt
from copy import copy
from dataclasses import dataclass
from functools import lru_cache

from feedgen.entry import FeedEntry
from feedgen.util import formatRFC2822
from lxml import etree


@dataclass(frozen=True)
class Item:
    """What a feed says about one update, in both formats."""

    guid: str  # a tag: URI; the RSS <guid isPermaLink="false"> and the Atom <id>
    title: str
    link: str  # the absolute URL of the record's page (or a recommendation's anchor)
    date: dt.datetime  # zoned; the item's publication and update date
    html: str  # sanitised HTML with absolute links: RSS <description>, Atom <content type="html">
    categories: tuple[tuple[str, str], ...]  # (term, label): RSS shows the label, Atom carries both


# Aware datetimes compare equal when they name the same instant, whatever their zones, so the caches
# below are keyed by the offset too: equal instant and equal offset give the same wall time and text.
def rfc2822(date: dt.datetime) -> str:
    """feedgen's RSS date format, once per date (feedgen switches the process locale on every call)."""
    return _rfc2822(date, date.utcoffset())


def isoformat(date: dt.datetime) -> str:
    """Atom's date format, once per date."""
    return _isoformat(date, date.utcoffset())


@lru_cache(maxsize=4096)
def _rfc2822(date: dt.datetime, offset: dt.timedelta | None) -> str:
    return formatRFC2822(date)


@lru_cache(maxsize=4096)
def _isoformat(date: dt.datetime, offset: dt.timedelta | None) -> str:
    return date.isoformat()


# Copying a parsed skeleton (lxml copies an element with all its children) and filling it in is about
# twice as fast as building an element per field in Python; the skeletons hold feedgen's elements and
# attributes in feedgen's order.
_RSS_ITEM = "<item><title/><link/><description/><guid isPermaLink='false'/>{categories}<pubDate/></item>"
# feedgen 1.0 writes an entry's <link> with its href only (it reads rel and type back from the new
# element, not from the link given); Atom's default rel is "alternate", so readers see the same link.
_ATOM_ENTRY = "<entry><id/><title/><updated/><content type='html'/><link href=''/>{categories}<published/></entry>"


@lru_cache(maxsize=64)
def _skeleton(template: str, categories: str, count: int) -> etree._Element:
    return etree.fromstring(template.format(categories=categories * count))


def rss_item(item: Item) -> etree._Element:
    """The RSS 2.0 <item>, element for element as feedgen's `FeedEntry.rss_entry` builds it."""
    element = copy(_skeleton(_RSS_ITEM, "<category/>", len(item.categories)))
    title, link, description, guid, *categories, published = element
    title.text, link.text, description.text, guid.text = item.title, item.link, item.html, item.guid
    for category, (_, label) in zip(categories, item.categories):
        category.text = label
    published.text = rfc2822(item.date)
    return element


def atom_entry(item: Item) -> etree._Element:
    """The Atom <entry>, element for element as feedgen's `FeedEntry.atom_entry` builds it.

    Unqualified names, as feedgen's: the feed element declares Atom as the default namespace.
    """
    element = copy(_skeleton(_ATOM_ENTRY, "<category term='' label=''/>", len(item.categories)))
    guid, title, updated, content, link, *categories, published = element
    stamp = isoformat(item.date)
    # feedgen leaves an empty content element empty (<content type="html"/>), as None does here.
    guid.text, title.text, updated.text, published.text = item.guid, item.title, stamp, stamp
    content.text = item.html or None
    link.set("href", item.link)
    for category, (term, label) in zip(categories, item.categories):
        category.set("term", term)
        category.set("label", label)
    return element


def feedgen_entry(item: Item) -> FeedEntry:
    """The same item through feedgen's own API: the reference the fast road is tested against."""
    entry = FeedEntry()
    entry.id(item.guid)
    entry.guid(item.guid, permalink=False)
    entry.title(item.title)
    entry.link(href=item.link, rel="alternate", type="text/html")
    entry.published(item.date)
    entry.updated(item.date)
    entry.content(item.html, type="html")  # Atom <content type="html">, RSS <description>
    for term, label in item.categories:
        entry.category(term=term, label=label)
    return entry


class ItemEntry(FeedEntry):
    """A feedgen entry whose <item> and <entry> are built here, once, however many feeds carry it.

    feedgen's own fields stay unset (its getters return None) and entry-level feedgen extensions are
    not written: the feeds register none (the publisher credit extends the channel). FeedEntry's
    constructor still runs, because `FeedGenerator.add_entry` registers extensions on the entry.

    feedgen appends the element to each feed document it builds; lxml moves an element to the
    document it is appended to, which is safe because each feed is serialised before the next one
    is built.
    """

    def __init__(self, item: Item) -> None:
        super().__init__()
        self.item = item
        self._built: dict[str, etree._Element] = {}

    def rss_entry(self, extensions: bool = True) -> etree._Element:
        """The item's RSS <item>, built on first use."""
        if "rss" not in self._built:
            self._built["rss"] = rss_item(self.item)
        return self._built["rss"]

    def atom_entry(self, extensions: bool = True) -> etree._Element:
        """The item's Atom <entry>, built on first use."""
        if "atom" not in self._built:
            self._built["atom"] = atom_entry(self.item)
        return self._built["atom"]
