"""Record HTML made safe: the allow-list sanitiser for pages and feeds, and record markdown rendered to
item HTML for feeds (which MkDocs does not render).

Feed readers show item HTML far from the site, so every link in it must be absolute: `[[references]]`
become links to `url_of(id)`, and record text holds no other kind of link than a full address (the
check refuses relative ones, see `recordtext`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import markdown as markdown_lib
import nh3

from .references import replace_references
from .text import plain

# What record markdown may produce. Landmarks (main, nav, header...), forms and inline SVG are left
# out: in a record they would confuse screen readers and could break Material's own page elements.
ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "caption",
    "details",
    "summary",
    "figure",
    "figcaption",
    "mark",
    "small",
    "s",
    "time",
    "section",
    "article",
    "colgroup",
    "col",
}
# Only the attributes our generated pages and Python-Markdown's output need (ids on headings, permalink
# titles, the evidence map's th scope and link aria-label, image alt). Everything else is dropped: on*
# handlers and style, but also target and rel (reverse tabnabbing), data-* (they drive Material's
# JavaScript: data-clipboard-text, data-md-component), role, tabindex, hidden and dir (they change what
# the reader sees or what a screen reader announces, away from what the text says).
ALLOWED_ATTRIBUTES = {
    "*": {"id", "title", "lang"},
    "a": {"href", "hreflang", "aria-label"},
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "type"},
    "details": {"open"},
    "time": {"datetime"},
}
# The admonition types Material styles (with their aliases), for `!!! note` and friends in record text.
ADMONITION_TYPES = {
    "note",
    "abstract",
    "summary",
    "tldr",
    "info",
    "todo",
    "tip",
    "hint",
    "important",
    "success",
    "check",
    "done",
    "question",
    "help",
    "faq",
    "warning",
    "caution",
    "attention",
    "failure",
    "fail",
    "missing",
    "danger",
    "error",
    "bug",
    "example",
    "quote",
    "cite",
}
# The only classes kept: those of Python-Markdown's permalinks and admonitions. Record text cannot borrow
# Material's own (md-header, md-dialog, md-search...) to lay fake controls over the page.
#
# The page templates' own classes all start with TEMPLATE_CLASS_PREFIX ("pub-"): the fact box, the home page's
# cards, the evidence map and the evidence-strength badge. They sit only on tags no markdown syntax gives a class
# (an admonition, `!!! pub-facts`, makes a <div>, so no div carries one), and record text may not write them in
# its HTML (`recordtext` refuses them when records load and neutralises them on pages), so no record can dress
# its words as the site's facts, map or badge.
TEMPLATE_CLASS_PREFIX = "pub-"
MAP_SHADES = 4  # evidence-map cells are shaded pub-map-1 (fewest records) to pub-map-4 (most)
TEMPLATE_CLASSES = {
    "section": {"pub-facts", "pub-cards", "pub-card", "pub-map-scroll", "pub-home-publication", "pub-subscribe"},
    "p": {"pub-card-counts", "pub-map-hint", "pub-byline"},
    "table": {"pub-map"},
    "td": {"pub-map-gap"} | {f"pub-map-{n}" for n in range(1, MAP_SHADES + 1)},
    "ul": {"pub-map-legend"},
    "span": {"pub-strength", "pub-map-swatch", "pub-map-gap"} | {f"pub-map-{n}" for n in range(1, MAP_SHADES + 1)},
    "a": {"pub-button"},
}
ALLOWED_CLASSES = {
    "a": {"headerlink"} | TEMPLATE_CLASSES["a"],
    "div": {"admonition"} | ADMONITION_TYPES,
    "p": {"admonition-title"} | TEMPLATE_CLASSES["p"],
    **{tag: classes for tag, classes in TEMPLATE_CLASSES.items() if tag not in ("a", "p")},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Every link on a page gets rel="noopener noreferrer" from nh3, which cannot tell off-site links from
# ours: applied to all, no spelling of an off-site address (`/\host`, ` //host`, `HTTPS:`) can slip
# past a test of ours. On our own links it costs nothing: the site reads no referrer.
LINK_REL = "noopener noreferrer"
SAFE_ANCHOR = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*\Z")
# What a browser ignores or rewrites before it parses a URL (the WHATWG URL standard): C0 controls and
# spaces around it, tabs and newlines anywhere; and in http(s) URLs a backslash reads as a slash.
_URL_EDGES = "".join(map(chr, range(0x21)))
_URL_DROPPED = str.maketrans({"\t": None, "\n": None, "\r": None, "\\": "/"})
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def is_safe_anchor(value: str) -> bool:
    """Whether `value` may be an element id (and so a `#fragment` in the table of contents): a plain slug.

    Slugs cannot break out of an attribute or a template, and cannot take Material's ids (`__search`...).
    """
    return bool(SAFE_ANCHOR.match(value))


def leaves_the_site(url: str) -> bool:
    """Whether a browser would resolve `url`, written in one of our pages, to another host (or a scheme of its
    own: data:, javascript:...). `//host`, `/\\host`, `\\\\host` and ` https:` all do."""
    cleaned = url.strip(_URL_EDGES).translate(_URL_DROPPED)
    return cleaned.startswith("//") or bool(_SCHEME.match(cleaned))


def _page_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Pages load nothing from other hosts; element ids, and the in-page links to them, are plain slugs
    (so a heading's permalink cannot point at Material's own controls, `#__search`)."""
    if tag == "img" and attribute == "src" and leaves_the_site(value):
        return None
    if attribute == "id" and not is_safe_anchor(value):
        return None
    if tag == "a" and attribute == "href" and value[:1] == "#" and value != "#" and not is_safe_anchor(value[1:]):
        return None
    return value


# What MkDocs renders every page with when mkdocs.yml names no extensions (its built-in ones).
MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")


@dataclass(frozen=True)
class MarkdownConfig:
    """How record text is rendered outside MkDocs (feed items): mkdocs.yml's own `markdown_extensions` and
    their settings, as MkDocs resolved them, so an item reads in a feed reader as it reads on the site."""

    extensions: tuple = MKDOCS_BUILTIN_EXTENSIONS
    configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @classmethod
    def of_site(cls, config) -> MarkdownConfig:
        """The configuration of a loaded MkDocs config."""
        return cls(tuple(config.markdown_extensions), dict(config.mdx_configs))

    def converter(self) -> markdown_lib.Markdown:
        """A Python-Markdown converter with these extensions. A feed item has no page of its own to link a
        heading's permalink to, so toc's permalinks are left off."""
        configs = {name: dict(settings) for name, settings in self.configs.items()}
        configs["toc"] = {**configs.get("toc", {}), "permalink": False}
        return markdown_lib.Markdown(extensions=list(self.extensions), extension_configs=configs, output_format="html")


def _cleaner(attribute_filter: Callable[[str, str, str], str | None], link_rel: str | None) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        attribute_filter=attribute_filter,
        url_schemes=URL_SCHEMES,
        link_rel=link_rel,
        strip_comments=True,
    )


def _feed_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Feed items: no element ids (they mean nothing inside an item and could clash in a reader), and no
    image from another host."""
    if attribute == "id" or (tag == "img" and attribute == "src" and leaves_the_site(value)):
        return None
    return value


_PAGE_CLEANER = _cleaner(_page_attribute, LINK_REL)
# The same allow-lists as pages, but no rel: every link in an item is absolute, so it would go on every
# link, and a feed reader applies its own link policy.
_FEED_CLEANER = _cleaner(_feed_attribute, None)


def sanitise_html(html: str, feed: bool = False) -> str:
    """Drop scripts, event handlers and any tag, attribute or class not on the allow-lists.

    On pages, ids that are not plain slugs and images from other hosts are dropped, and every link gets
    rel="noopener noreferrer". In feed items (`feed=True`), ids are dropped as well, and no rel is added.
    """
    # A tag whose classes were all dropped keeps an empty `class=""` from nh3; it says nothing, so it goes. (Text
    # cannot hold those characters unescaped after cleaning: only an attribute can.)
    return (_FEED_CLEANER if feed else _PAGE_CLEANER).clean(html).replace(' class=""', "")


class MarkdownRenderer:
    """One reusable Python-Markdown converter (building one per text costs more than converting)."""

    def __init__(self, config: MarkdownConfig | None = None) -> None:
        self._converter = (config or MarkdownConfig()).converter()

    def __call__(self, text: str) -> str:
        self._converter.reset()
        return self._converter.convert(text)


class FeedHtml:
    """Record markdown to the HTML of feed items: sanitised, every link absolute.

    `url_of(id)` and `title_of(id)` resolve [[references]] to absolute URLs. One converter serves every item.
    """

    def __init__(
        self, url_of: Callable[[str], str], title_of: Callable[[str], str], markdown: MarkdownConfig | None = None
    ):
        self.url_of = url_of
        self.title_of = title_of
        self._render = MarkdownRenderer(markdown)

    def render(self, text: str) -> str:
        """`text` as sanitised HTML: markup record text may not use shown as text (`recordtext.guard`),
        then Python-Markdown, then the sanitiser."""
        linked = replace_references(
            text, lambda rid, label: f"[{plain(label or self.title_of(rid))}]({self.url_of(rid)})"
        )
        from .recordtext import guard  # recordtext reads this module's allow-list: imported when first used

        return sanitise_html(self._render(guard(linked)), feed=True)
