"""The preview's search index, written beside the served site while the reader already sees the rebuilt pages.

Pagefind reads every built page, about 1.5 s at 1,000 records: in `mkdocs serve` that would hold every
edit back from the browser. So after a preview rebuild (`start`) the last complete index goes back into
the freshly cleaned site at once, and Pagefind indexes the new pages in a thread, into a folder beside the
site; the finished index then replaces the old one in a single rename. (The first build has no index to
answer from: it waits for its own, so search works as soon as the preview is served.) Search answers from the last
index for that moment, and from the new one once it is in. The next rebuild waits for the thread first
(`wait`), so two never overlap and MkDocs never cleans a folder Pagefind is reading.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from .mkdocs_bridge import log
from .search import SEARCH_FOLDER, SearchCopies, SearchIndexError, index_site


class PreviewSearch:
    """One `mkdocs serve`'s search index, rebuilt in the background after each rebuild."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._last: Path | None = None  # a copy of the last complete index, outside the site
        self._copies: SearchCopies | None = None  # what Pagefind reads of the pages, kept between rebuilds

    def start(
        self,
        site: Path,
        language: str,
        afterwards: Callable[[], object] | None = None,
        pages: Sequence[tuple[str, str]] = (),
    ) -> None:
        """Put the last index into `site` and start indexing its pages anew; then, in the same thread, call
        `afterwards` (the hooks collect the rebuild's garbage there, once the browser has the new pages).
        `pages` are the rebuild's pages as written (path in the site, HTML): the thread copies their
        searched parts for Pagefind to read (search.SearchCopies), as `mkdocs build` does; without them it
        reads the pages in the site."""
        self.wait()
        if self._last is not None and not (site / SEARCH_FOLDER).exists():
            # Linked, not copied: no one writes into an index once made (Pagefind writes a new one).
            shutil.copytree(self._last, site / SEARCH_FOLDER, copy_function=_link_or_copy)
        self._thread = threading.Thread(
            target=self._index, args=(site, language, afterwards, tuple(pages)), name="preview-search", daemon=True
        )
        self._thread.start()
        if self._last is None:  # the first build: no index yet to answer from, so search waits for this one
            self.wait()

    def close(self) -> None:
        """The preview has ended: wait for the index being written, then delete the copy kept of the last."""
        self.wait()
        if self._last is not None:
            shutil.rmtree(self._last.parent, ignore_errors=True)
            self._last = None
        if self._copies is not None:
            self._copies.discard()
            self._copies = None

    def wait(self) -> None:
        """Return once the index being written, if any, is in the site."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _index(
        self, site: Path, language: str, afterwards: Callable[[], object] | None, pages: tuple[tuple[str, str], ...]
    ) -> None:
        try:
            self._write_index(site, language, pages)
        finally:
            if afterwards is not None:
                afterwards()

    def _write_index(self, site: Path, language: str, pages: tuple[tuple[str, str], ...]) -> None:
        fresh = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=site.parent))
        try:
            if pages:
                if self._copies is None:
                    self._copies = SearchCopies(site)
                self._copies.update(pages)  # only the pages the rebuild changed are copied again
                self._copies.write_index(site, language, output=fresh / SEARCH_FOLDER)
            else:
                index_site(site, language, output=fresh / SEARCH_FOLDER)
            kept = fresh / "last"
            shutil.copytree(fresh / SEARCH_FOLDER, kept, copy_function=_link_or_copy)
            shutil.rmtree(site / SEARCH_FOLDER, ignore_errors=True)
            (fresh / SEARCH_FOLDER).rename(site / SEARCH_FOLDER)
            if self._last is not None:
                shutil.rmtree(self._last.parent, ignore_errors=True)
            self._last, fresh = kept, None
        except (SearchIndexError, OSError) as exc:
            log.error(f"search: the preview's index was not updated: {exc}")
        finally:
            if fresh is not None:
                shutil.rmtree(fresh, ignore_errors=True)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copy2(source, target)
