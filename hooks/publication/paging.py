"""Long lists split into pages: where page 2, 3, ... of a list live, and the links between them.

The pages that list every record (the evidence index, the browse pages, Updates) show at most
`page_size` entries each (mkdocs.yml `extra.publication.page_size`, default 100), so no page grows with
the publication. Page 1 keeps the list's address and its place in the navigation; page n lives at
`<list>/page/<n>.md` (`evidence/page/2.md`, `updates/page/2.md`, `browse/nation-wales/page/2.md`),
a path no record page can take, and none is in the navigation.

Each page of a list ends with its pagination: a `<nav>` landmark named for the list, links to the
previous and next page, to the first and last, and to the pages around the current one, which is marked
`aria-current="page"`. That HTML is written here from page numbers, the list's fixed name and the
addresses MkDocs gives the pages (never record text), and placed after the sanitised page as the site's
own HTML (`safe_pages.with_site_html`), since the sanitiser keeps landmarks and `aria-current` out of
record text. So it reads the same under every engine.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

DEFAULT_PAGE_SIZE = 100
AROUND = 2  # pages linked on each side of the current one, beside the first and the last

T = TypeVar("T")


def page_path(first: str, number: int) -> str:
    """The source path of page `number` of the list whose first page is `first`.

    `evidence/index.md` → `evidence/page/2.md`; `updates.md` → `updates/page/2.md`."""
    if number == 1:
        return first
    folder = first.removesuffix("/index.md") if first.endswith("/index.md") else first.removesuffix(".md")
    return f"{folder}/page/{number}.md"


def split(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """`items` in consecutive pages of at most `size`; an empty list is one empty page."""
    return [items[start : start + size] for start in range(0, len(items), size)] or [items[:0]]


@dataclass(frozen=True)
class Pagination:
    """One page of a list among its pages: `label` names the list for screen readers ("Pages of the
    evidence index"), `pages` are the source paths of all its pages, `number` is this page's (from 1)."""

    label: str
    pages: tuple[str, ...]
    number: int

    def shown(self) -> list[int | None]:
        """The page numbers the pagination links, in order, None where it skips some (shown as '…')."""
        last = len(self.pages)
        wanted = {1, last, *range(self.number - AROUND, self.number + AROUND + 1)}
        numbers: list[int | None] = []
        for n in sorted(n for n in wanted if 1 <= n <= last):
            if numbers and n - numbers[-1] > 1:
                numbers.append(None)
            numbers.append(n)
        return numbers


def pagination_html(pagination: Pagination, url_of: Callable[[str], str]) -> str:
    """The pagination of one page as HTML; `url_of(source path)` is that page's address relative to this one.
    A list of one page has none."""
    if len(pagination.pages) < 2:
        return ""

    def link(number: int, text: str, **attributes: str) -> str:
        attrs = "".join(f' {name.replace("_", "-")}="{html.escape(value)}"' for name, value in attributes.items())
        href = html.escape(url_of(pagination.pages[number - 1]))
        return f'<li><a href="{href}"{attrs}>{html.escape(text)}</a></li>'

    items = []
    if pagination.number > 1:
        items.append(link(pagination.number - 1, "Previous page", rel="prev"))
    for number in pagination.shown():
        if number is None:
            items.append('<li class="publication-pages__gap">…</li>')
        elif number == pagination.number:
            items.append(link(number, str(number), aria_label=f"Page {number}", aria_current="page"))
        else:
            items.append(link(number, str(number), aria_label=f"Page {number}"))
    if pagination.number < len(pagination.pages):
        items.append(link(pagination.number + 1, "Next page", rel="next"))
    return (
        f'\n<nav class="publication-pages" aria-label="{html.escape(pagination.label)}">\n<ul>\n'
        + "\n".join(items)
        + "\n</ul>\n</nav>\n"
    )
