"""Which section of the navigation a page outside it belongs to, so the theme can show where the reader is.

Record pages (`propositions/<id>.md`, `evidence/<id>.md`) and browse pages (`browse/nation-wales.md`) are not
in the navigation: there are too many of them. Each belongs to the index page of its folder
(`evidence/index.md`), which is. While such a page is rendered, its section's navigation entry is marked
active: Material then highlights it in the sidebar, and `overrides/partials/path.html` shows it as the
page's breadcrumb (Home › Evidence). Pages are duck-typed as MkDocs' `Page` (`file.src_uri`, `active`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

INDEX = "index.md"


def section_of(src_uri: str, nav_pages: Iterable[str]) -> str | None:
    """The source path of the nav page a page outside the navigation belongs to: the index of its folder, if
    the navigation lists that index; None for a page in the navigation, or at the top of the site."""
    listed = set(nav_pages)
    folder = posixpath.dirname(src_uri)
    index = posixpath.join(folder, INDEX)
    if src_uri in listed or not folder or index == src_uri:
        return None
    return index if index in listed else None


def mark_section(page, nav_pages: list) -> None:
    """Mark the nav entry of `page`'s section active for this render, and no other entry but the page's own.

    MkDocs marks the page being rendered (and its parents) active and unmarks it afterwards; a section marked
    here stays marked until the next page's render clears it, so every page starts by clearing the rest."""
    for other in nav_pages:
        if other is not page and other.active:
            other.active = False
    page.active = True  # again: clearing a sibling clears the parents they share
    by_source = {other.file.src_uri: other for other in nav_pages}
    section = section_of(page.file.src_uri, by_source)
    if section is not None:
        by_source[section].active = True
