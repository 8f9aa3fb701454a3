"""The search index of a large site, written in parts: how many, which page goes where, and where they live.

Pagefind holds everything it indexes in memory until it writes the index, so its peak grows with the pages
given to it: about 1.4 GB for the 10,010 pages of 10,000 records, where a build may take 500 MB. Indexed in
parts, one Pagefind run after another, each run holds only its own part's pages (about 340 MB for a quarter
of those pages), and a reader's browser merges the parts back into one search (Pagefind's `mergeIndex`,
docs/javascripts/search.js): the same hits and filter counts as one index (their order may differ a
little: each part scores its pages with its own word statistics).

How many parts (`part_count`): one per PAGES_PER_PART pages given to Pagefind, and at least one per
BYTES_PER_PART of the copies it reads (a site of long pages needs more memory per page). A site below both
is one part, written exactly as before: `pagefind/` and nothing else.

Which part (`part_of`): a hash of the page's path in the site, spread over the parts by jump consistent
hashing (Lamping and Veach), so a page stays in its part from build to build whatever else changes, and a
site that grows by one part moves only the pages the new part takes.

Where: part 1 is `pagefind/`, as on a small site, holding Pagefind's script, its WebAssembly and the
search page's entry; part n (from 2) is `pagefind/parts/<n>/`, inside it, so that everything that moves,
copies or deletes the search index as a whole (the preview's swap of a finished index, a rebuild's
clean-up) moves the parts with it. A merged part is read only for its entry, meta, index chunks, fragments
and filters, so its copy of the script, styles and WebAssembly is deleted (`strip_program`). Pagefind's
script names the other parts (`announce`): search.js learns them from the file it loads anyway, with no
request of its own, whatever engine built the search page.
"""

from __future__ import annotations

import hashlib
import math
import os
import shutil
from pathlib import Path

PAGES_PER_PART = 3000
BYTES_PER_PART = 15_000_000
PARTS_FOLDER = "parts"
# Environment for each part's Pagefind run: smaller index chunks than Pagefind's default (the default
# content makes six where the default makes two). A first search fetches a chunk per word from every part,
# so smaller chunks keep what it downloads near one index's (measured at 10,000 records in four parts:
# 274 KB for "community", 311 KB with the default chunks, 258–260 KB as one index in two runs).
PART_ENVIRONMENT = {"PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": "5000"}
# Environment for every Pagefind run: its allocator (jemalloc, which reads _RJEM_MALLOC_CONF) gives freed
# memory back at once instead of after ten seconds, which takes a tenth off the peak at the same speed.
# It changes no file Pagefind writes.
ALLOCATOR_ENVIRONMENT = {"_RJEM_MALLOC_CONF": "dirty_decay_ms:0,muzzy_decay_ms:0"}
# What a merged part keeps of the files Pagefind writes: its entry, meta and data folders.
KEPT_IN_PART = ("pagefind-entry.json", "index", "fragment", "filter")
KEPT_SUFFIX = ".pf_meta"
SCRIPT = "pagefind.js"
ANNOUNCED = "publicationParts"


def part_count(pages: int, size: int = 0) -> int:
    """How many parts the index of `pages` pages, `size` bytes in all as Pagefind reads them, is written in."""
    return max(1, math.ceil(pages / PAGES_PER_PART), math.ceil(size / BYTES_PER_PART))


def part_of(path: str, parts: int) -> int:
    """The part (0 for the first) the page at `path` in the site goes to, of `parts`."""
    key = int.from_bytes(hashlib.blake2b(path.encode("utf-8"), digest_size=8).digest(), "big")
    chosen, next_part = -1, 0
    while next_part < parts:  # jump consistent hashing: Lamping and Veach, arXiv:1406.2294
        chosen = next_part
        key = (key * 2862933555777941757 + 1) % 2**64
        next_part = int((chosen + 1) * (2**31 / ((key >> 33) + 1)))
    return chosen


def part_folder(bundle: Path, part: int) -> Path:
    """Where part `part` (0 for the first) of the index in `bundle` (a site's `pagefind/`) is written."""
    return bundle if part == 0 else bundle / PARTS_FOLDER / str(part + 1)


def part_folders(bundle: Path) -> list[Path]:
    """Every part of the index in `bundle`, the first (`bundle` itself) first."""
    folder = bundle / PARTS_FOLDER
    if not folder.is_dir():
        return [bundle]
    return [bundle, *sorted((p for p in folder.iterdir() if p.name.isdigit()), key=lambda p: int(p.name))]


def link_part(source: Path, pages: list[str], folder: Path) -> None:
    """Put the pages at `pages` (paths in `source`) into `folder` at the same paths, hard-linked where the
    file system allows, for one Pagefind run to read."""
    for page in pages:
        target = folder / page
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source / page, target)
        except OSError:  # another file system, or one without hard links
            shutil.copyfile(source / page, target)


def strip_program(part: Path) -> None:
    """Delete from a merged part what only the first part's script uses: scripts, styles, WebAssembly."""
    for path in part.iterdir():
        if path.name in KEPT_IN_PART or path.name.endswith(KEPT_SUFFIX):
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def announce(bundle: Path, parts: int) -> None:
    """Name the other parts in the first part's script, as an export search.js reads: their folders, relative
    to the script. The script is written anew (not changed in place: the preview hard-links its indexes)."""
    script = bundle / SCRIPT
    folders = [part_folder(bundle, part).relative_to(bundle).as_posix() + "/" for part in range(1, parts)]
    listed = ",".join(f'"{folder}"' for folder in folders)
    text = script.read_text(encoding="utf-8").rstrip("\n")
    fresh = script.with_name(f".{SCRIPT}.new")
    fresh.write_text(f"{text}\nexport const {ANNOUNCED}=[{listed}];\n", encoding="utf-8")
    fresh.replace(script)
