"""The only core module that touches MkDocs: reporting problems the way MkDocs expects, and asking MkDocs
where it puts a page."""

from __future__ import annotations

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from .problems import Problem, Severity, summary_line

log = get_plugin_logger("publication")


def report(problems: list[Problem], fatal: bool = True) -> None:
    """Log every problem, one line each, then stop the build if any is an error.

    Warnings go to a logger under `mkdocs.`, so `mkdocs build --strict` counts them. With
    `fatal=False` (a preview rebuild) errors are logged but the build goes on with the last
    good records, so the preview keeps showing a working site.
    """
    for problem in problems:
        (log.error if problem.severity is Severity.error else log.warning)(str(problem))
    if not any(p.severity is Severity.error for p in problems):
        return
    if fatal:
        raise PluginError(f"{summary_line(problems)}: fix them and build again.")
    log.error(f"{summary_line(problems)}: the preview shows the last good version until they are fixed.")


def page_url(src_path: str, use_directory_urls: bool = True) -> str:
    """The URL path, from the site's root, at which MkDocs publishes a site file: `evidence/x/` for
    `evidence/x.md`, '' for the home page, `feeds/rss.xml` for a file that is not a page. Asked of MkDocs'
    own `File`, so feed and data links always point where MkDocs puts the page."""
    url = File(src_path, src_dir=None, dest_dir="", use_directory_urls=use_directory_urls).url
    return "" if url == "./" else url


def relative_url(files: Files, src_uri: str, from_file: File) -> str:
    """The address of the site file `src_uri` relative to the page of `from_file`, as MkDocs writes links;
    a file the site lacks stops the build (a generated link that would lead nowhere is our mistake)."""
    target = files.get_file_from_path(src_uri)
    if target is None:
        raise PluginError(f"{from_file.src_uri}: links to {src_uri}, which the site does not have")
    return target.url_relative_to(from_file)
