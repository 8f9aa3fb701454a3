"""Reading a built site's search index (Pagefind's files in `pagefind/`, and in `pagefind/parts/<n>/` where
it is written in parts) the way a reader's browser would get it: one fragment per indexed page, holding its
address, words, kind and filters."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from publication.search_parts import part_folders

MARKER = b"pagefind_dcd"


def indexed_pages(site: Path) -> list[dict]:
    """Every page of the site's search index, as Pagefind stores it (url, content, meta, filters), part by
    part in the order of the fragment files."""
    return [page for part in part_folders(site / "pagefind") for page in part_pages(part)]


def part_pages(part: Path) -> list[dict]:
    """Every page of one part of a search index (a `pagefind/` folder or one of its parts)."""
    pages = []
    for fragment in sorted((part / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(MARKER), fragment
        pages.append(json.loads(data[len(MARKER) :]))
    return pages


def indexed_urls(site: Path) -> list[str]:
    """The address of every page in the search index, sorted (a page indexed twice shows twice)."""
    return sorted(page["url"] for page in indexed_pages(site))


def search_files(site: Path) -> dict[str, bytes]:
    """Every file Pagefind wrote into the site, by its path under `pagefind/`."""
    folder = site / "pagefind"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
