"""The only core module that touches MkDocs: reporting problems the way MkDocs expects, and asking MkDocs
where it puts a page."""

from __future__ import annotations

import functools
from pathlib import Path

from mkdocs import utils
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

from .packing import pack, unpack
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


def plugins_besides_hooks(config) -> list[str]:
    """The plugins mkdocs.yml names besides the hook files (`hooks:`), which MkDocs runs as plugins too."""
    return [name for name in config.plugins if name not in (config.hooks or {})]


@functools.lru_cache(maxsize=1 << 16)  # asked for every link to a page: a build asks the same path many times
def page_url(src_path: str, use_directory_urls: bool = True) -> str:
    """The URL path, from the site's root, at which MkDocs publishes a site file: `evidence/x/` for
    `evidence/x.md`, '' for the home page, `feeds/rss.xml` for a file that is not a page. Asked of MkDocs'
    own `File`, so feed and data links always point where MkDocs puts the page."""
    url = File(src_path, src_dir=None, dest_dir="", use_directory_urls=use_directory_urls).url
    return "" if url == "./" else url


def load_site_config(config_file: Path):
    """mkdocs.yml twice: as MkDocs resolves it (its `MkDocsConfig`, defaults filled in and paths made
    absolute) and as YAML reads it (a plain mapping, for a config written from it). Raises
    `mkdocs.exceptions.ConfigurationError` (or `Abort`) for a config MkDocs itself refuses."""
    from mkdocs.config import load_config
    from mkdocs.utils.yaml import yaml_load

    with config_file.open("rb") as stream:
        raw = yaml_load(stream) or {}
    return load_config(str(config_file)), raw


def page_dest(src_path: str, use_directory_urls: bool = True) -> str:
    """Where MkDocs writes a site file, from the site's root: `evidence/x/index.html` for `evidence/x.md`."""
    return File(src_path, src_dir=None, dest_dir="", use_directory_urls=use_directory_urls).dest_uri


def disk_order(src_path: str) -> list[tuple[int, tuple[bool, str]]]:
    """A sort key putting site files in the order MkDocs finds them in a docs folder (`get_files`: os.walk,
    each folder's files before its subfolders, `index` first), so that pages the hooks generate are listed
    (in the sitemap and the search index) as they are when a staged tree is built from disk."""
    *folders, name = src_path.split("/")
    return [(1, (False, folder)) for folder in folders] + [(0, (Path(name).stem not in ("index", "README"), name))]


def page_url_from(src_path: str, from_page: str, use_directory_urls: bool = True) -> str:
    """The address of the site file `src_path` relative to the page `from_page`, as MkDocs writes a link
    between them (`../page/2/` from `evidence/index.md` to `evidence/page/2.md`)."""
    target, origin = (
        File(p, src_dir=None, dest_dir="", use_directory_urls=use_directory_urls) for p in (src_path, from_page)
    )
    return target.url_relative_to(origin)


def written_in_place(file: File, config) -> File:
    """A generated file that is not a page, written into the site now and handed to MkDocs as already in
    place (MkDocs' `File.copy_file` leaves a file whose source is its own destination). Only once MkDocs has
    cleaned the site and decided which files it publishes (`on_nav`: after every plugin's `on_files` and
    `exclude_docs`): a large site's feeds, downloads and citation files (at 10,000 records about 70 MB) are
    then not held until MkDocs copies the static files, after rendering every page."""
    utils.write_file(file.content_bytes, file.abs_dest_path)
    return File.generated(config, file.src_uri, abs_src_path=file.abs_dest_path, inclusion=file.inclusion)


class PackedHtml(str):
    """A page's HTML, compressed while MkDocs holds it between rendering the page and writing it. As a string
    it is empty (MkDocs asks only whether a page has content until then); `unpacked()` gives the HTML."""

    packed: bytes

    @classmethod
    def of(cls, html: str) -> PackedHtml:
        """`html`, compressed."""
        made = cls()
        made.packed = pack(html)
        return made

    def unpacked(self) -> str:
        """The HTML as it was."""
        return unpack(self.packed)
