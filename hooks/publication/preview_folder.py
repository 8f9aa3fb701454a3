"""The served folder emptied at once before a preview rebuild; its old files deleted once the rebuild is done.

MkDocs empties the site folder before every build, one file at a time: at 1,000 records some 5,000 files,
about a second of every `mkdocs serve` rebuild. `empty` instead moves each entry of the folder into a new
folder beside it (a rename each, however many files an entry holds), which MkDocs then finds empty;
`sweep` deletes what was moved, later, when the rebuild is served (the hooks call it from the thread that
writes the search index: deleting during the rebuild would slow it down). Hidden entries stay, as
MkDocs' own cleaning leaves them.

What a rebuild would write again unchanged is linked back from the moved folder instead, after a rebuild
that finished: `link_unchanged` for the files that are not pages (it remembers a digest of the bytes each
rebuild gives it), `link_back` for pages the preview cache knows to be the same (preview_cache.py).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from pathlib import Path


class FolderSweeper:
    """Empties one preview's site folder before each rebuild; deletes what it took out when asked."""

    def __init__(self) -> None:
        self._moved: list[Path] = []
        self._lock = threading.Lock()
        self.latest: Path | None = None  # what the last `empty` moved out, when its files may be linked back
        self._digests: dict[str, bytes] = {}  # the last rebuild's files that are not pages, by path
        self._written: dict[str, bytes] = {}  # this rebuild's

    def empty(self, site: Path, reusable: bool = False) -> None:
        """Move every entry of `site` not starting with a dot out of it, into a folder beside it. With
        `reusable` (the last rebuild wrote every file), `link_back` and `link_unchanged` may link them back."""
        self._digests, self._written = self._written, {}
        self.latest = None
        if not site.is_dir():
            return
        entries = [entry for entry in os.listdir(site) if not entry.startswith(".")]
        if not entries:
            return
        old = Path(tempfile.mkdtemp(prefix=".publication-old-", dir=site.parent))
        for entry in entries:
            os.rename(site / entry, old / entry)
        with self._lock:
            self._moved.append(old)
        self.latest = old if reusable else None

    def link_back(self, site: Path, path: str) -> bool:
        """Put the last rebuild's file at `path` (relative to `site`) back into `site` as a hard link, which
        costs a tenth of writing it again; False when there is none, or the file system cannot link."""
        if self.latest is None:
            return False
        target = site / path
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(self.latest / path, target)
        except OSError:
            return False
        return True

    def link_unchanged(self, site: Path, path: str, content: bytes) -> bool:
        """Link back the last rebuild's file at `path` if it held exactly `content` (compared by a digest
        of the bytes each rebuild gives here); False when it must be written."""
        digest = hashlib.blake2b(content, digest_size=16).digest()
        self._written[path] = digest
        return self._digests.get(path) == digest and self.link_back(site, path)

    def sweep(self) -> None:
        """Delete every folder `empty` has filled so far."""
        with self._lock:
            moved, self._moved = self._moved, []
            if self.latest in moved:
                self.latest = None
        for folder in moved:
            shutil.rmtree(folder, ignore_errors=True)
