"""Markdown from records rendered to safe HTML, for places MkDocs does not render (feeds).

Feed readers show item HTML far from the site, so every link in it must be absolute: `[[references]]`
become links to `url_of(id)`, and every other `href`/`src` (a relative `[about](../about.md)`, an
`#anchor`, a raw `<a href>`) is passed through `rewrite_url` after sanitising.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping
from urllib.parse import urlsplit

import markdown as markdown_lib
import nh3

from .references import replace_references
from .text import plain

# What record markdown may produce. Landmarks (main, nav, header...), forms and inline SVG are left
# out: in a record they would confuse screen readers and could break Material's own page elements.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "span", "strong", "sub", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul", "caption", "details", "summary", "figure", "figcaption",
    "mark", "small", "s", "time", "section", "article", "colgroup", "col",
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
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success", "check", "done",
    "question", "help", "faq", "warning", "caution", "attention", "failure", "fail", "missing", "danger",
    "error", "bug", "example", "quote", "cite",
}
# The only classes kept: those of Python-Markdown's permalinks and admonitions. Record text cannot borrow
# Material's own (md-header, md-dialog, md-search...) to lay fake controls over the page.
ALLOWED_CLASSES = {
    "a": {"headerlink"},
    "div": {"admonition"} | ADMONITION_TYPES,
    "p": {"admonition-title"},
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
    def of_site(cls, config) -> "MarkdownConfig":
        """The configuration of a loaded MkDocs config."""
        return cls(tuple(config.markdown_extensions), dict(config.mdx_configs))

    def converter(self) -> markdown_lib.Markdown:
        """A Python-Markdown converter with these extensions. A feed item has no page of its own to link a
        heading's permalink to, so toc's permalinks are left off."""
        configs = {name: dict(settings) for name, settings in self.configs.items()}
        configs["toc"] = {**configs.get("toc", {}), "permalink": False}
        return markdown_lib.Markdown(extensions=list(self.extensions), extension_configs=configs,
                                     output_format="html")

_URL_ATTRIBUTES = {("a", "href"), ("img", "src")}
UrlRewriter = Callable[[str], str]


def _cleaner(attribute_filter: Callable[[str, str, str], str | None], link_rel: str | None) -> nh3.Cleaner:
    return nh3.Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, allowed_classes=ALLOWED_CLASSES,
                       attribute_filter=attribute_filter, url_schemes=URL_SCHEMES, link_rel=link_rel,
                       strip_comments=True)


_PAGE_CLEANER = _cleaner(_page_attribute, LINK_REL)


def sanitise_html(html: str, rewrite_url: UrlRewriter | None = None) -> str:
    """Drop scripts, event handlers and any tag, attribute or class not on the allow-lists.

    On pages (no `rewrite_url`), ids that are not plain slugs and images from other hosts are dropped,
    and every link gets rel="noopener noreferrer". With `rewrite_url` (HTML bound for a feed), see
    `_feed_cleaner`.
    """
    if rewrite_url is None:
        return _PAGE_CLEANER.clean(html)
    return _feed_cleaner(lambda: rewrite_url).clean(html)


def _feed_cleaner(current_rewriter: Callable[[], UrlRewriter]) -> nh3.Cleaner:
    """A cleaner for feed HTML that asks `current_rewriter()` for the link rewriter of the text at hand.

    The same allow-lists as pages, but element ids are dropped (they mean nothing inside a feed item and
    could clash in a reader), images from other hosts are dropped before the rest are made absolute, and
    no rel is added: every link in an item is absolute, so it would go on every link, and a feed reader
    applies its own link policy (the item HTML stays as feedgen's road writes it).
    """

    def attribute_filter(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "id" or (tag == "img" and attribute == "src" and leaves_the_site(value)):
            return None
        return current_rewriter()(value) if (tag, attribute) in _URL_ATTRIBUTES else value

    return _cleaner(attribute_filter, None)


class MarkdownRenderer:
    """One reusable Python-Markdown converter (building one per text costs more than converting)."""

    def __init__(self, config: MarkdownConfig | None = None) -> None:
        self._converter = (config or MarkdownConfig()).converter()

    def __call__(self, text: str) -> str:
        self._converter.reset()
        return self._converter.convert(text)


class FeedHtml:
    """Record markdown to the HTML of feed items: sanitised, every link absolute.

    `url_of(id)` and `title_of(id)` resolve [[references]] (to absolute URLs); `rewrite_url` given to
    `render` makes every other link absolute. One converter and one sanitiser serve every item.
    """

    def __init__(self, url_of: Callable[[str], str], title_of: Callable[[str], str],
                 markdown: MarkdownConfig | None = None):
        self.url_of = url_of
        self.title_of = title_of
        self._render = MarkdownRenderer(markdown)
        self._rewrite: UrlRewriter = lambda href: href
        self._cleaner = _feed_cleaner(lambda: self._rewrite)

    def render(self, text: str, rewrite_url: UrlRewriter) -> str:
        """`text` as sanitised HTML with absolute links: markup record text may not use shown as text
        (`recordtext.guard`), then Python-Markdown, then the sanitiser rewriting every link."""
        linked = replace_references(text, lambda rid, label: f"[{plain(label or self.title_of(rid))}]"
                                                             f"({self.url_of(rid)})")
        from .recordtext import guard  # recordtext reads this module's allow-list: imported when first used

        self._rewrite = rewrite_url
        try:
            return self._cleaner.clean(self._render(guard(linked)))
        finally:
            self._rewrite = lambda href: href


# An inline markdown link or image target: [text](target) or [text](target "title"), and <a href="target">.
_INLINE_TARGET = re.compile(r"(\]\(\s*)(<[^>\n]*>|[^)\s]+)")
_HTML_TARGET = re.compile(r"""(\s(?:href|src)\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE)


def rebase_links(markdown: str, from_page: str, to_page: str) -> str:
    """Rewrite the relative links of record markdown written for `from_page` so they work on `to_page`.

    A record's text is written for its own page (MkDocs resolves `../about.md` and `#sources` from
    there); the Updates page, the home page and the print edition show the same text elsewhere.
    Links with a scheme or a host of their own (as a browser reads them: `\\\\host/x` has one), absolute
    paths and [[references]] are left alone. Paths are source paths
    (`evidence/x.md`), as MkDocs links are.
    """
    if from_page == to_page:
        return markdown

    def rebase(target: str) -> str:
        bracketed = target.startswith("<") and target.endswith(">")
        inner = target[1:-1] if bracketed else target
        parts = urlsplit(inner)
        if parts.scheme or parts.netloc or inner.startswith("/") or leaves_the_site(inner):
            return target  # as a browser reads it: `\\host/x` is another host, not a path to rebase
        if parts.path:
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(from_page), parts.path))
        else:
            joined = from_page
        new = posixpath.relpath(joined, posixpath.dirname(to_page) or ".")
        if parts.path.endswith("/") and not new.endswith("/"):
            new += "/"
        new += (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
        return f"<{new}>" if bracketed else new

    markdown = _INLINE_TARGET.sub(lambda m: m.group(1) + rebase(m.group(2)), markdown)
    return _HTML_TARGET.sub(lambda m: m.group(1) + m.group(2) + rebase(m.group(3)) + m.group(2), markdown)
