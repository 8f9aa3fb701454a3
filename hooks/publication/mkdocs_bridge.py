"""The only core module that touches MkDocs: reporting problems the way MkDocs expects."""

from __future__ import annotations

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from .problems import Problem, Severity, summary_line

log = get_plugin_logger("publication")


def report(problems: list[Problem]) -> None:
    """Log every problem, one line each, then stop the build if any is an error.

    Warnings go to a logger under `mkdocs.`, so `mkdocs build --strict` counts them.
    """
    for problem in problems:
        (log.error if problem.severity is Severity.error else log.warning)(str(problem))
    if any(p.severity is Severity.error for p in problems):
        raise PluginError(f"{summary_line(problems)}: fix them and build again.")
