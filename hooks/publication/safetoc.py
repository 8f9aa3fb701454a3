"""The table of contents of a page that shows record text, made as safe as its body.

MkDocs and Zensical build a page's table of contents from Python-Markdown's `toc_tokens`, and Material's
templates write each entry into the sidebar unescaped: `href="{{ toc_item.url }}"` (`#` + the heading's
id) and `{{ toc_item.title }}` (HTML). The sanitiser only ever sees the page's body, so a heading id
holding a quote, or a title holding markup, would reach the page through the sidebar. Here the tokens
themselves are made safe, before the engine reads them (see `safe_pages.py`).
"""

from __future__ import annotations

from markupsafe import Markup, escape

from .richtext import is_safe_anchor


def safe_tokens(tokens: list[dict]) -> list[dict]:
    """Python-Markdown's `toc_tokens` with only plain-slug ids and plain-text titles.

    An entry whose id is not a plain slug (the sanitiser drops that id from the heading too, so the link
    would lead nowhere) is left out, and its sub-entries take its place. Each kept title becomes the text
    the heading shows, escaped: tags and `data-toc-label` markup are shown as text or removed, never run.
    MkDocs reads `name`; Zensical reads `data-toc-label`, else `name` and `html`: all three say the same.
    """
    kept = []
    for token in tokens:
        children = safe_tokens(token.get("children", []))
        if not is_safe_anchor(str(token.get("id", ""))):
            kept += children
            continue
        title = str(escape(Markup(str(token.get("name", ""))).striptags()))
        kept.append({**token, "name": title, "html": title, "data-toc-label": "", "children": children})
    return kept
