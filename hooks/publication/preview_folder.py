"""The served folder emptied at once before a preview rebuild, its old files deleted in the background.

MkDocs empties the site folder before every build, one file at a time: at 1,000 records some 5,000 files,
about a second of every `mkdocs serve` rebuild. `empty` instead moves each entry of the folder into a new
folder beside it (a rename each, however many files an entry holds), which MkDocs then finds empty, and
deletes that folder in a thread while the rebuild goes on. Hidden entries stay, as MkDocs' own cleaning
leaves them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path


class FolderSweeper:
    """Empties one preview's site folder before each rebuild; deletes what it took out in the background."""

    def __init__(self) -> None:
        self._threads: list[threading.Thread] = []

    def empty(self, site: Path) -> None:
        """Move every entry of `site` not starting with a dot out of it, and start deleting them."""
        if not site.is_dir():
            return
        entries = [entry for entry in os.listdir(site) if not entry.startswith(".")]
        if not entries:
            return
        old = Path(tempfile.mkdtemp(prefix=".publication-old-", dir=site.parent))
        for entry in entries:
            os.rename(site / entry, old / entry)
        thread = threading.Thread(target=shutil.rmtree, args=(old, True), name="preview-sweep", daemon=True)
        thread.start()
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]

    def wait(self) -> None:
        """Return once every deletion started has finished."""
        for thread in self._threads:
            thread.join()
        self._threads = []
