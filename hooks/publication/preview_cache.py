"""The warm preview: under `mkdocs serve`, a rebuild renders again only the pages whose inputs changed.

MkDocs rebuilds the whole site after every saved file. With a thousand records that means a thousand record
pages through Python-Markdown and Material's page template, though an edit to one record changes a few
pages: its own, the lists and propositions that name it. This module keeps, between the rebuilds of one
`mkdocs serve`, what MkDocs made of each page outside the navigation (every record page, every page of a
long list) at two steps, each under a key of everything that step reads:

- **the render** (`PageRender`): Python-Markdown's HTML, table of contents, title and anchors, keyed on the
  page's markdown and front matter, its address, the Markdown settings, and every link target the
  render looked up (`_Lookups`), which must still resolve to the same address. Its log lines (a broken
  link) are kept too and said again when the render is reused.
- **the page** (the HTML file written): keyed on the render's result, the page's metadata and date, the
  whole navigation as rendered (titles and addresses), the config file, the theme's overrides and the
  preview's address. A page whose key is known is written from the cache through a one-line template
  (`CACHED_TEMPLATE`) instead of Material's.

Only what this build used is kept, so the cache never outgrows the site. Pages in the navigation (about
ten) are always rendered: MkDocs gives them titles from `nav:` that a reused page would not get. A
`mkdocs build` uses none of this: every build is cold. `tests/test_preview_cache.py` shows that a
rebuilt preview is byte-identical to a fresh one after edits, additions and deletions.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import meta

CACHED_TEMPLATE = "publication-cached-page.html"
# MkDocs makes the folder of every page it writes: "/dev" for "/dev/null", but nothing for Windows' "nul".
_NULL_DEVICE_IN_A_FOLDER = bool(os.path.dirname(os.devnull))
_CACHED_SOURCE = "{{ page.publication_cached_output }}"


@dataclass(frozen=True)
class PageRender:
    """What `Page.render` made of one page, and what it depended on besides the page's own markdown."""

    content: str
    toc: tuple  # of (title, id, level, children), the table of contents as data
    title: str | None
    present_anchor_ids: frozenset[str]
    links_to_anchors: tuple  # of (target src_uri, ((anchor, original link), ...))
    lookups: tuple  # of (path looked up, (url, excluded) or None)
    files: int  # the build's files (`PreviewCache.files_signature`): while the same, every lookup is too
    log_records: tuple[logging.LogRecord, ...]


class _Lookups:
    """The build's files as a render sees them, noting every path it looks up and what it found."""

    def __init__(self, files: Files):
        self._files = files
        self.seen: dict[str, tuple | None] = {}

    def get_file_from_path(self, path: str) -> File | None:
        found = self._files.get_file_from_path(path)
        self.seen[path] = _target(found)
        return found

    def __getattr__(self, name):
        return getattr(self._files, name)


class _LogKeeper(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.INFO:
            self.records.append(record)


def _target(file: File | None) -> tuple | None:
    return None if file is None else (file.url, file.inclusion.is_excluded())


def _digest(*parts) -> str:
    hashed = hashlib.sha256()
    for part in parts:
        text = part if isinstance(part, str) else repr(part)  # a page's text is hashed as it is, not copied
        hashed.update(text.encode("utf-8", "surrogatepass"))
        hashed.update(b"\0" if isinstance(part, str) else b"\1")
    return hashed.hexdigest()


def _toc_data(items) -> tuple:
    return tuple((i.title, i.id, i.level, _toc_data(i.children)) for i in items)


def _toc_of(data: tuple) -> TableOfContents:
    def link(title, anchor, level, children) -> AnchorLink:
        made = AnchorLink(title, anchor, level)
        made.children = [link(*child) for child in children]
        return made

    return TableOfContents([link(*item) for item in data])


def _nav_data(items) -> tuple:
    """The navigation as every page renders it: each entry's kind, title, address, front matter (Material
    shows a page's `icon`, `subtitle` and `status` in the navigation of every page) and children."""
    return tuple(
        (
            type(item).__name__,
            item.title,
            getattr(item, "url", None),
            repr(getattr(item, "meta", None)),
            getattr(item, "is_index", None),
            _nav_data(item.children or ()),
        )
        for item in items
    )


def _folder_signature(folder: str | None) -> tuple:
    if not folder or not os.path.isdir(folder):
        return ()
    found = []
    for parent, _dirs, names in os.walk(folder):
        for name in names:
            stat = os.stat(os.path.join(parent, name))
            found.append((os.path.relpath(os.path.join(parent, name), folder), stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(found))


def add_cached_template(env: jinja2.Environment) -> None:
    """Give the theme's templates `CACHED_TEMPLATE`, which writes a page's HTML made before (here, or by
    page_share.py's second process) as it is."""
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({CACHED_TEMPLATE: _CACHED_SOURCE}), env.loader])


class PreviewCache:
    """Pages kept between the rebuilds of one `mkdocs serve` (one object per process)."""

    def __init__(self) -> None:
        self.sources: dict[str, tuple[str, dict]] = {}
        self.renders: dict[str, PageRender] = {}
        self.outputs: dict[str, str] = {}
        self._used: tuple[set, set, set] = (set(), set(), set())
        self.rendered = self.reused = 0  # this build's pages: rendered by Material, or written from the cache
        self._site = ""
        self.markdown_settings = ""
        self.files_signature = 0

    def start_build(self) -> None:
        """Forget what the last build did not use; count this build's pages afresh."""
        sources, renders, outputs = self._used
        if sources or renders or outputs:
            self.sources = {key: value for key, value in self.sources.items() if key in sources}
            self.renders = {key: value for key, value in self.renders.items() if key in renders}
            self.outputs = {key: value for key, value in self.outputs.items() if key in outputs}
        self._used = (set(), set(), set())
        self.rendered = self.reused = 0

    def attach(self, files: Files, config) -> None:
        """Give every page outside the navigation a `CachingPage`, before MkDocs makes it a plain Page."""
        self.markdown_settings = repr(
            (config.markdown_extensions, config.mdx_configs, config.use_directory_urls, config.validation)
        )
        # Every file's path, address and inclusion: what a render's link lookups read.
        self.files_signature = hash(tuple((f.src_uri, f.url, f.inclusion.is_excluded()) for f in files))
        for file in files.documentation_pages():
            if file.page is None and file.inclusion.is_not_in_nav():
                CachingPage(None, file, config, self)

    def prepare_outputs(
        self, env: jinja2.Environment, config, nav, files: Files, link_back: Callable[[str], bool] | None = None
    ) -> None:
        """Once every page is rendered (MkDocs' `on_env`): key each caching page's output on all it shows,
        and point a page whose output is cached at the one-line template that writes it. A cached output is
        what the last rebuild wrote at the same address, so `link_back(path in the site)`, when given, may
        put that file back in place (preview_folder.py); MkDocs then writes the page to the null device."""
        add_cached_template(env)
        config_file = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
        self._site = _digest(
            config_file,
            config.site_url,
            config.use_directory_urls,
            _folder_signature(config.theme.custom_dir),
            _nav_data(nav.items),
        )
        for file in files.documentation_pages():
            page = file.page
            if isinstance(page, CachingPage) and page.render_key is not None:
                shown = (page.title, _toc_data(page.toc), page.content, repr(page.meta), page.update_date)
                page.output_key = key = (self._site, file.url, *shown)
                cached = self.outputs.get(key)
                if cached is not None:
                    self._used[2].add(key)
                    page.publication_cached_output = cached
                    page.meta = {**page.meta, "template": CACHED_TEMPLATE}
                    if link_back is not None and _NULL_DEVICE_IN_A_FOLDER and link_back(file.dest_uri):
                        file.abs_dest_path = os.devnull  # the same bytes are in place already

    def keep_output(self, page, output: str) -> None:
        """Remember a caching page's written HTML under its output key (MkDocs' `on_post_page`)."""
        key = getattr(page, "output_key", None)
        if key is None:
            return
        if page.publication_cached_output is None:
            self.outputs[key] = output
            self.rendered += 1
        else:
            self.reused += 1
        self._used[2].add(key)


class CachingPage(Page):
    """A page outside the navigation that reuses its last source parse and render when their keys match."""

    def __init__(self, title, file: File, config, cache: PreviewCache):
        super().__init__(title, file, config)
        self._cache = cache
        self.render_key: tuple | None = None
        self.output_key: tuple | None = None
        self.publication_cached_output: str | None = None

    def read_source(self, config) -> None:
        source = config.plugins.on_page_read_source(page=self, config=config)
        if source is None:
            source = self.file.content_string
        key = source  # keys are the texts themselves: Python hashes a string once, faster than any digest
        kept = self._cache.sources.get(key)
        if kept is None:
            self.markdown, self.meta = meta.get_data(source)
            kept = self._cache.sources[key] = (self.markdown, dict(self.meta))
        else:
            self.markdown, self.meta = kept[0], dict(kept[1])  # a new dict: MkDocs and Material read it only
        self._cache._used[0].add(key)

    def render(self, config, files: Files) -> None:
        key = (
            self.markdown,
            self.file.src_uri,
            self.file.url,
            self.file.inclusion.is_excluded(),
            self._cache.markdown_settings,
        )
        kept = self._cache.renders.get(key)
        if kept is not None and (
            kept.files == self._cache.files_signature
            or all(_target(files.get_file_from_path(p)) == t for p, t in kept.lookups)
        ):
            self._restore(kept, files)
        else:
            kept = self._render(config, files)
            self._cache.renders[key] = kept
        self._cache._used[1].add(key)
        self.render_key = key

    def _render(self, config, files: Files) -> PageRender:
        lookups, keeper = _Lookups(files), _LogKeeper()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(keeper)
        try:
            super().render(config, lookups)
        finally:
            logger.removeHandler(keeper)
        return PageRender(
            content=self.content,
            toc=_toc_data(self.toc),
            title=self._title_from_render,
            present_anchor_ids=frozenset(self.present_anchor_ids or ()),
            links_to_anchors=tuple(
                (target.src_uri, tuple(links.items())) for target, links in (self.links_to_anchors or {}).items()
            ),
            lookups=tuple(sorted(lookups.seen.items())),
            files=self._cache.files_signature,
            log_records=tuple(keeper.records),
        )

    def _restore(self, kept: PageRender, files: Files) -> None:
        self.content = kept.content
        self.toc = _toc_of(kept.toc)
        self._title_from_render = kept.title
        self.present_anchor_ids = set(kept.present_anchor_ids)
        self.links_to_anchors = {files.get_file_from_path(uri): dict(links) for uri, links in kept.links_to_anchors}
        for record in kept.log_records:
            logging.getLogger(record.name).handle(record)
