"""The table of contents of a page that shows record text, made as safe as its body.

MkDocs builds `page.toc` from Python-Markdown's headings, and Material writes each entry into the sidebar
unescaped: `href="{{ toc_item.url }}"` (`#` + the heading's id) and `{{ toc_item.title }}` (HTML). The
sanitiser only ever sees `page.content`, so a heading id holding a quote, or a title holding markup, would
reach the page through the sidebar. Here the entries themselves are made safe, in place.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from markupsafe import Markup, escape

from .richtext import is_safe_anchor


class TocEntry(Protocol):
    """What this module needs of MkDocs' `AnchorLink`."""

    id: str
    title: str
    children: list


def safe_entries(entries: Iterable[TocEntry]) -> list:
    """`entries` with only plain-slug ids and plain-text titles.

    An entry whose id is not a plain slug (the sanitiser drops that id from the heading too, so the link
    would lead nowhere) is left out, and its sub-entries take its place. Each kept title becomes the text
    the heading shows, escaped: tags and `data-toc-label` markup are shown as text or removed, never run.
    """
    kept = []
    for entry in entries:
        children = safe_entries(entry.children)
        if not is_safe_anchor(entry.id):
            kept += children
            continue
        entry.title = str(escape(Markup(entry.title).striptags()))
        entry.children = children
        kept.append(entry)
    return kept


def make_toc_safe(toc) -> None:
    """Make a page's `TableOfContents` (`page.toc`) safe, in place."""
    toc.items = safe_entries(toc.items)
