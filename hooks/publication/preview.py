"""The banner `mkdocs serve` puts on every page while the records have problems.

The preview keeps showing the last good version of the site; the banner says why the editor's latest
change is not there yet, and lists the problems as `check` prints them. A built site never has it.
"""

from __future__ import annotations

from html import escape

from .problems import Problem, summary_line


def problems_banner(problems: tuple[Problem, ...]) -> str:
    """An accessible notice (a labelled region, announced politely) listing every problem, as HTML."""
    items = "".join(f"<li><code>{escape(str(problem))}</code></li>" for problem in problems)
    return (
        '<div class="admonition danger" role="status" aria-live="polite" aria-labelledby="publication-problems">'
        f'<p class="admonition-title" id="publication-problems">{escape(summary_line(list(problems)))}: '
        "this preview shows the last good version until they are fixed</p>"
        f"<ul>{items}</ul></div>\n"
    )
