"""Whether a folder is a tree `publication stage` wrote, and which project it was staged from.

Every command asks this first (run inside a staged tree, a command reads the project's records), so it lives
apart from staging.py, which loads the whole page machinery: `publication check` starts without it.
"""

from __future__ import annotations

from pathlib import Path

STAGE_MARK = ".publication-stage"  # in a folder staging.py staged, which it may therefore replace
PROJECT_LINE = "project: "  # the line of the mark naming the project


def staged_from(folder: Path) -> Path | None:
    """The project a staged tree was staged from, if `folder` is one (so that `publication postbuild site`
    run inside the staged tree reads the records it was made from)."""
    try:
        lines = (folder / STAGE_MARK).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((Path(line[len(PROJECT_LINE) :]) for line in lines if line.startswith(PROJECT_LINE)), None)
