"""Markdown from records rendered to safe HTML, for places MkDocs does not render (feeds)."""

from __future__ import annotations

import markdown as markdown_lib
import nh3

from .references import replace_references
from .text import plain

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "span", "strong", "sub", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul", "caption", "details", "summary", "figure", "figcaption",
    "input", "label", "mark", "small", "s", "time", "section", "article", "nav", "aside", "header", "footer",
    "main", "button", "svg", "path", "colgroup", "col",
}
# Attributes that Material and our own pages use; everything else (on* handlers, style) is dropped.
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "role", "tabindex", "hidden"},
    "a": {"href", "hreflang", "rel", "target"},
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "type"},
    "input": {"type", "checked", "disabled", "name", "id"},
    "label": {"for"},
    "details": {"open"},
    "time": {"datetime"},
    "button": {"type"},
    "svg": {"viewbox", "xmlns", "width", "height", "focusable"},
    "path": {"d"},
}


def sanitise_html(html: str) -> str:
    """Drop scripts, event handlers and any tag or attribute not on the allow-list."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        generic_attribute_prefixes={"aria-", "data-"},
        link_rel=None,
        strip_comments=True,
    )


def markdown_to_html(text: str, url_of: callable, title_of: callable) -> str:
    """Render record markdown to sanitised HTML, turning [[id]] into links to `url_of(id)`."""
    linked = replace_references(text, lambda rid, label: f"[{plain(label or title_of(rid))}]({url_of(rid)})")
    rendered = markdown_lib.markdown(linked, extensions=["extra", "sane_lists"], output_format="html")
    return sanitise_html(rendered)
