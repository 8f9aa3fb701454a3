"""MkDocs hooks: hand the build to the publication core. No business logic lives here.

MkDocs calls the module-level `on_*` functions; they are the methods of one `PublicationHooks` object,
which remembers the command (build or serve) and holds the current build's state. `on_config` replaces
that state whole on every build and rebuild, so nothing computed for one build reaches the next.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from publication import paths
from publication.catalogue import Catalogue
from publication.exports import export_files
from publication.feeds import FeedSettings, FeedWriter
from publication.load import load_publication
from publication.mkdocs_bridge import relative_url, report
from publication.pages import GeneratedPage, PageRenderer
from publication.paging import Pagination, pagination_html
from publication.preview import problems_banner
from publication.richtext import MarkdownConfig, sanitise_html
from publication.safetoc import make_toc_safe
from publication.settings import SettingsError, feed_settings, page_size
from publication.templating import PageTemplates, TemplateFailure, override_folder
from publication.updates import Update, collect_updates, last_updated

# gzip's 32-bit timestamp (MkDocs stamps sitemap.xml.gz with the newest page date) ends here: a mistyped
# year must not crash the build.
LAST_GZIP_DATE = dt.date(2106, 2, 6)
EMPTY_SITEMAP = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'
)


@dataclass(frozen=True)
class BuildState:
    """Everything one build computed from the records."""

    catalogue: Catalogue
    settings: FeedSettings
    renderer: PageRenderer
    updates: list[Update]  # collected once, for the pages and the feeds
    generated_pages: tuple[GeneratedPage, ...]
    page_dates: dict[str, dt.date]  # record pages by source path: the record's last change
    newest_date: dt.date | None  # every other page: the newest record date

    def page_date(self, src_uri: str) -> dt.date | None:
        """The date a page was last changed, from the records, never from the clock."""
        date = self.page_dates.get(src_uri, self.newest_date)
        return min(date, LAST_GZIP_DATE) if date else None

    @cached_property
    def paginations(self) -> dict[str, Pagination]:
        """The generated pages that are pages of a long list, by source path."""
        return {page.src_uri: page.pagination for page in self.generated_pages if page.pagination}

    def pagination(self, file: File, files: Files) -> str:
        """The links to the other pages of the long list `file` is a page of (HTML), or ''."""
        pagination = self.paginations.get(file.src_uri)
        return pagination_html(pagination, lambda uri: relative_url(files, uri, file)) if pagination else ""


class PublicationHooks:
    """The publication's side of MkDocs' build: one object per process, its build state replaced by on_config."""

    def __init__(self) -> None:
        self.command = "build"
        self.state: BuildState | None = None
        self.preview_problems: tuple = ()  # under serve: the problems that keep the last good state showing

    def on_startup(self, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config):
        root = Path(config.config_file_path).parent
        previewing = self.command == "serve"
        result = load_publication(root, include_drafts=previewing)
        if previewing and result.errors and self.state is not None:
            report(result.problems, fatal=False)  # keep serving the last good catalogue
            self.preview_problems = tuple(result.problems)
            return config
        self.preview_problems = ()
        report(result.problems)
        extra = config.extra.get("publication") or {}
        try:
            settings = feed_settings(
                config.site_url,
                config.site_name,
                config.site_description,
                config.site_author,
                config.use_directory_urls,
                extra,
            )
            list_size = page_size(extra)
        except SettingsError as exc:
            raise PluginError(str(exc)) from None
        catalogue = result.catalogue
        updates = collect_updates(catalogue)
        renderer = PageRenderer(catalogue, config.site_name, PageTemplates(config.theme.custom_dir), updates, list_size)
        try:
            pages = tuple(renderer.all_pages())
        except TemplateFailure as exc:  # a publisher's page template: its file and line, no traceback
            raise PluginError(str(exc)) from None
        page_dates = {paths.record_page(r): last_updated(r) for r in catalogue.records.values()}
        self.state = BuildState(
            catalogue, settings, renderer, updates, pages, page_dates, max(page_dates.values(), default=None)
        )
        return config

    def on_files(self, files: Files, config):
        state = self.state
        templates = override_folder(config.theme.custom_dir)
        for file in [f for f in files if templates and Path(f.abs_src_path or "").is_relative_to(templates)]:
            files.remove(file)  # a page template in the theme's folder is read by the build, not published
        generated = {page.src_uri: page.content for page in state.generated_pages}
        feeds = FeedWriter(state.catalogue, state.settings, MarkdownConfig.of_site(config), state.updates)
        generated.update(feeds.all_feeds())
        generated.update(export_files(state.catalogue))
        generated.update(
            paths.redirect_files(state.catalogue.records.values(), config.site_url or "", config.use_directory_urls)
        )
        # Material's script fetches sitemap.xml beside every <link rel="alternate">, the feeds included;
        # an empty sitemap there answers it instead of a 404 on every page load.
        generated[f"{paths.FEEDS_DIR}/sitemap.xml"] = EMPTY_SITEMAP
        clashes = sorted(uri for uri in generated if files.get_file_from_path(uri) is not None)
        if clashes:
            raise PluginError(
                f"docs/{clashes[0]}: this hand-written file has the path of a generated page; "
                f"rename or remove it ({len(clashes)} clash(es): {', '.join(clashes)})"
            )
        in_nav = {page.src_uri for page in state.generated_pages if page.in_nav}
        for uri, content in generated.items():
            listed = uri in in_nav or not uri.endswith(".md")
            inclusion = InclusionLevel.UNDEFINED if listed else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, uri, content=content, inclusion=inclusion))
        return files

    def on_pre_page(self, page, config, files):
        # MkDocs dates the sitemap (and stamps sitemap.xml.gz) from each page's update_date, which is
        # otherwise the build day: dated from the records, the same records give the same sitemap.
        date = self.state.page_date(page.file.src_uri)
        if date is not None:
            page.update_date = date.isoformat()
        return page

    def on_page_markdown(self, markdown, page, config, files):
        if page.file.src_uri == paths.HOME:
            try:
                return markdown + "\n" + self.state.renderer.home_sections()
            except TemplateFailure as exc:
                raise PluginError(str(exc)) from None
        return markdown

    def on_page_content(self, html, page, config, files):
        html = self._safe_content(html, page) + (self.state.pagination(page.file, files) if self.state else "")
        if self.preview_problems:  # only ever set under `mkdocs serve`, and only while records are broken
            return problems_banner(self.preview_problems) + html
        return html

    def _safe_content(self, html, page):
        if page.file.generated_by is not None or page.file.src_uri == paths.HOME:
            # Record text is editors' markdown (the home page shows summaries too): whatever raw HTML
            # it holds must not run in a reader's browser. Material writes the table of contents into
            # the sidebar unescaped, beside the sanitised body, so its entries are made safe too.
            make_toc_safe(page.toc)
            return sanitise_html(html)
        return html


_hooks = PublicationHooks()
on_startup = _hooks.on_startup
on_config = _hooks.on_config
on_files = _hooks.on_files
on_pre_page = _hooks.on_pre_page
on_page_markdown = _hooks.on_page_markdown
on_page_content = _hooks.on_page_content
