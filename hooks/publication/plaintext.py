"""Record markdown as plain text, for places that take no markup: meta descriptions, link previews,
JSON-LD, and the abstracts of citation files.

The text goes the same road as on a page (`[[references]]` resolved to their titles, `recordtext.guard`,
Python-Markdown, the sanitiser), then every tag is dropped and character references decoded, so what
remains is what a reader of the page sees, on one line.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import nh3

from .memo import remembered
from .recordtext import guard
from .references import replace_references
from .richtext import MarkdownRenderer, sanitise_html
from .text import plain

DESCRIPTION_LENGTH = 160
_RENDER = MarkdownRenderer()


def markdown_text(text: str | None, title_of: Callable[[str], str]) -> str:
    """What a reader sees of record markdown `text`, as one line of plain text (`title_of(id)` names a
    [[reference]] that has no label of its own)."""
    if not text:
        return ""
    return _text_of(replace_references(text, lambda rid, label: plain(label or title_of(rid))))


@remembered
def _text_of(markdown: str) -> str:
    rendered = sanitise_html(_RENDER(guard(markdown)), feed=True)
    return one_line(html.unescape(nh3.clean(rendered, tags=set())))


def one_line(text: str) -> str:
    """Every run of white space (line breaks of any kind included) as one space."""
    return " ".join(text.split())


def shortened(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """`text` cut to at most `limit` characters at the end of a word, with an ellipsis when cut."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–—") + "…"
