"""The site's search: a Pagefind index of the built site, written into it after every build.

Pagefind (the program `pagefind-bin` ships, found as the `pagefind` package finds it) reads the built
HTML pages and writes `pagefind/` into the site: a small entry file, the index split into chunks by word,
and one compressed fragment per page. A reader's browser downloads only the chunks that hold the words
searched for and the fragments of the hits it shows, so what a first search costs hardly grows with the
number of records (see README, Speed). The search page (`overrides/search.html`, `docs/search.md`) asks
Pagefind's own script for the results.

What is indexed is decided by the pages themselves (`overrides/main.html`): a page is searched only inside
its `data-pagefind-body` element, which every page has except those whose front matter says
`search: exclude: true` (the print edition, Updates, the indexes and browse pages, which repeat what the
record pages say). A record page also carries its kind (`data-pagefind-meta`) and its filters (kind,
nation, theme, proposition: `data-pagefind-filter`), from front matter the core writes, which record text
cannot reach.

`index_site` is called by the MkDocs hooks after each build and rebuild (`mkdocs serve` too) and by
`publication postbuild` after an engine without hooks.

What Pagefind reads. Most of a built page is its navigation, header and footer, which Pagefind parses
only to skip. So `mkdocs build` keeps a copy of each page's searched part as it writes the page
(`SearchCopies`): the `data-pagefind-body` element, in a document of its own. Pagefind indexes those
copies instead of the pages, in about half the time, and writes the same index: the same files, byte for
byte (tests/test_search.py compares the two).

A large site's index is written in parts, one Pagefind run after another, so that no run holds all the
pages in memory at once; the search page merges them (search_parts.py says how many, which page goes where
and where they are written). A small site's is one part: `pagefind/`, as one Pagefind run writes it.

Same pages, same files. Pagefind 1.5.2 writes the values of each filter in the order of a hash map that
changes from run to run, so the filter files, and the names of the files that list them, differ between
two builds of the same site. `same_order` rewrites them in a fixed order (values sorted, each filter file
named by a hash of its content, as Pagefind names its files), so two builds give identical files.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import weakref
from collections.abc import Iterable
from pathlib import Path

import cbor2

from .search_parts import (
    ALLOCATOR_ENVIRONMENT,
    PART_ENVIRONMENT,
    announce,
    link_part,
    part_count,
    part_folder,
    part_folders,
    part_of,
    strip_program,
)

SEARCH_FOLDER = "pagefind"
MISSING = (
    "search: the Pagefind program is missing; install the project's requirements, which pin pagefind[bin]: "
    "pip install -r requirements.txt"
)
ENTRY = "pagefind-entry.json"
# Pagefind's data files: a marker, then CBOR, the whole gzip-compressed with no time stamp.
MARKER = b"pagefind_dcd"
# The parts of a language's meta file (pagefind.<hash>.pf_meta) in Pagefind 1.5: version, pages, index
# chunks, filters ([name, file hash] each), sorts, meta fields.
META_FILTERS = 3
# Left out of what a page's text holds: the "¶" of every heading's permalink.
EXCLUDED = [".headerlink"]
# Where a page's searched part starts (overrides/main.html) and where Material's article, which holds it,
# ends. Record text cannot write either: its HTML is sanitised, and a tag it does not open is shown as text.
BODY_START = "<div data-pagefind-body>"
ARTICLE_END = "</article>"
_LANGUAGE = re.compile(r'<html[^>]*\slang="([^"<>]*)"')
# A page that marks its searched part, in any element (another engine's theme may use another).
_SEARCHED = re.compile(r"<[a-zA-Z][^<>]*\sdata-pagefind-body[\s=/>]", re.IGNORECASE)


class SearchIndexError(RuntimeError):
    """The search index could not be written; the message says why and what to do."""


def index_site(site: Path, language: str = "en", output: Path | None = None) -> int:
    """Index the built site in `site` with Pagefind, replacing its `pagefind/` folder (or writing the index
    into `output` instead), in parts on a large site (search_parts.py); return the number of pages in the
    index. Raises SearchIndexError when Pagefind is missing or fails."""
    return _index(site, language, output or site / SEARCH_FOLDER, None)


def _index(source: Path, language: str, target: Path, pages: list[str] | None, size: int = 0) -> int:
    """Index the HTML pages in `source` into `target`: `pages` (paths in `source`, `size` bytes in all), or,
    when None, the pages Pagefind would read there."""
    from pagefind.service import get_executable  # where pagefind[bin] put the program (or $PAGEFIND_BINARY_PATH)

    if target.exists():
        shutil.rmtree(target)  # a rebuild under `mkdocs serve` leaves no fragment of removed pages behind
    program = get_executable()
    if program is None:
        raise SearchIndexError(MISSING)
    if pages is None:
        pages = _pages_to_index(source)
    parts = part_count(len(pages), size)
    if parts == 1:
        _run_pagefind(program, source, target, language, {})
    else:
        shares: list[list[str]] = [[] for _ in range(parts)]
        for page in pages:
            shares[part_of(page, parts)].append(page)
        shares = [share for share in shares if share]  # a few long pages may leave a part empty: no run for it
        parts = len(shares)
        work = Path(tempfile.mkdtemp(prefix=".pagefind-part-", dir=source.parent))
        try:
            for part, share in enumerate(shares):  # one after the other: never two Pagefind runs at once
                folder = work / str(part + 1)
                link_part(source, share, folder)
                _run_pagefind(program, folder, part_folder(target, part), language, PART_ENVIRONMENT)
                shutil.rmtree(folder)
                if part:
                    strip_program(part_folder(target, part))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        announce(target, parts)
    return sum(len(list((folder / "fragment").glob("*.pf_fragment"))) for folder in part_folders(target))


def _run_pagefind(program, source: Path, target: Path, language: str, environment: dict[str, str]) -> None:
    """One Pagefind run: the pages in `source` indexed into `target`, its filter files put in order."""
    argv = [str(program), "--site", str(source), "--output-path", str(target), "--force-language", language]
    for selector in EXCLUDED:
        argv += ["--exclude-selectors", selector]
    env = {**os.environ, **ALLOCATOR_ENVIRONMENT, **environment}
    try:
        # The program itself, not the service the Python API drives: it returns once every file is written.
        done = subprocess.run([*argv, "--silent"], capture_output=True, text=True, check=False, env=env)
    except (FileNotFoundError, PermissionError) as exc:
        raise SearchIndexError(MISSING.replace("missing", f"missing ({exc.filename})", 1)) from None
    if done.returncode != 0 or not (target / ENTRY).is_file():
        said = " ".join((done.stderr or done.stdout).split())[-400:]
        raise SearchIndexError(f"search: Pagefind could not index {source} (exit status {done.returncode}): {said}")
    same_order(target)


def _pages_to_index(site: Path) -> list[str]:
    """The HTML pages Pagefind reads in `site`, as paths in it. Where there are more than one part's worth,
    only those with a searched part count (Pagefind reads no other page of a site that marks any), so that
    every part holds one and the count is of searched pages."""
    pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html") if path.is_file())
    if part_count(len(pages)) == 1:
        return pages
    searched = [page for page in pages if _SEARCHED.search((site / page).read_text(encoding="utf-8", errors="replace"))]
    return searched or pages


class SearchCopies:
    """The searched part of each page of a build, copied into a folder beside the site as the page is
    written, for Pagefind to index instead of the pages. The preview keeps one for all its rebuilds and
    rewrites only the copies that changed (`update`)."""

    def __init__(self, site: Path) -> None:
        site.parent.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=".pagefind-pages-", dir=site.parent))
        self._written: dict[str, bytes] = {}  # path in the folder -> a digest of the copy written there
        self._sizes: dict[str, int] = {}  # path in the folder -> the bytes of the copy written there
        # Deleted by `discard`, or when this is let go or the process ends (a build stopped by Ctrl-C).
        self._delete = weakref.finalize(self, shutil.rmtree, self.folder, ignore_errors=True)

    @property
    def copied(self) -> int:
        """How many pages are copied."""
        return len(self._written)

    def add(self, dest_path: str, html: str) -> None:
        """Keep the searched part of the page written at `dest_path` in the site; a page without one is
        not searched, and is not copied."""
        copy = searched_part(html)
        if copy is not None:
            self._keep(dest_path, copy)

    def update(self, pages: Iterable[tuple[str, str]]) -> None:
        """Make the copies those of `pages` (path in the site, HTML) and no others: a copy is written only
        where it changed, and the copy of a page that is gone is deleted."""
        wanted = {path: copy for path, html in pages if (copy := searched_part(html)) is not None}
        for gone in self._written.keys() - wanted.keys():
            (self.folder / gone).unlink(missing_ok=True)
            del self._written[gone]
            del self._sizes[gone]
        for path, copy in wanted.items():
            self._keep(path, copy)

    def _keep(self, dest_path: str, copy: str) -> None:
        data = copy.encode("utf-8")
        digest = hashlib.blake2b(data, digest_size=16).digest()
        if self._written.get(dest_path) == digest:
            return
        target = self.folder / dest_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self._written[dest_path] = digest
        self._sizes[dest_path] = len(data)

    def write_index(self, site: Path, language: str = "en", output: Path | None = None) -> int:
        """Write the search index of the pages copied into `site`'s `pagefind/` (or into `output`), as
        `index_site` does, in as many parts as the copies' count and size call for; return the number of
        pages in the index. With no page marked as searched, Pagefind reads every page whole, from the site."""
        if not self.copied:
            return index_site(site, language, output)
        pages = sorted(self._written)
        size = sum(self._sizes.values())
        return _index(self.folder, language, output or site / SEARCH_FOLDER, pages, size)

    def index(self, site: Path, language: str = "en") -> int:
        """`write_index` into the site, then delete the copies (a build's last step)."""
        try:
            return self.write_index(site, language)
        finally:
            self.discard()

    def discard(self) -> None:
        """Delete the copies (a build that failed keeps none)."""
        self._delete()


def searched_part(html: str) -> str | None:
    """A built page's `data-pagefind-body` element in a document of its own, with the page's language, or
    None for a page that is not searched."""
    start = html.find(BODY_START)
    end = html.rfind(ARTICLE_END)
    if start < 0 or end < start:
        return None
    language = _LANGUAGE.search(html, 0, start)
    lang = f' lang="{language.group(1)}"' if language else ""
    head = f'<!DOCTYPE html>\n<html{lang}>\n<head><meta charset="utf-8"></head>\n<body>\n'
    return f"{head}{html[start:end]}\n</body>\n</html>\n"


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(MARKER):
        raise SearchIndexError(f"search: {path} is not a Pagefind data file of the version pinned")
    return cbor2.loads(data[len(MARKER) :])


def _write(folder: Path, prefix: str, suffix: str, value, digits: int) -> str:
    """Write `value` as a Pagefind data file named `<prefix><hash><suffix>` in `folder`; return the hash."""
    data = MARKER + cbor2.dumps(value)
    digest = hashlib.sha256(data).hexdigest()[:digits]
    (folder / f"{prefix}{digest}{suffix}").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return digest


def same_order(bundle: Path) -> None:
    """Rewrite the filter files of every language in `bundle` (a `pagefind/` folder) with their values
    sorted, renaming them and the meta file that lists them by a hash of their content, and point the
    entry file at the renamed meta files."""
    entry = bundle / ENTRY
    text = entry.read_text(encoding="utf-8")
    for meta_path in sorted(bundle.glob("pagefind.*.pf_meta")):
        old_hash = meta_path.name[len("pagefind.") : -len(".pf_meta")]
        language = old_hash.rsplit("_", 1)[0]
        meta = _read(meta_path)
        renamed = []
        for name, file_hash in meta[META_FILTERS]:
            path = bundle / "filter" / f"{file_hash}.pf_filter"
            filter_name, values = _read(path)
            path.unlink()
            digest = _write(path.parent, f"{language}_", ".pf_filter", [filter_name, sorted(values)], 7)
            renamed.append([name, f"{language}_{digest}"])
        meta[META_FILTERS] = sorted(renamed)
        meta_path.unlink()
        new_hash = f"{language}_" + _write(bundle, f"pagefind.{language}_", ".pf_meta", meta, 10)
        text = text.replace(f'"{old_hash}"', f'"{new_hash}"')
    entry.write_text(text, encoding="utf-8")
