"""What the core makes of the records for one build, whichever engine turns its pages into HTML.

Two kinds of output, one function each:

- `Production.pages` (with `Production.home_page`): every generated page as markdown, its metadata for
  machines in its front matter (`metadata.PageMetadata`), each marked as showing record text
  (`safe_pages.mark_untrusted`), for the engine to render;
- `Production.site_files()`: the files that are not pages (feeds, downloads, citation files, the PDF edition, redirect
  pages for former ids), written into the built site as they are.

The MkDocs hooks hand both to MkDocs in-process (`hooks/site.py`); `publication stage` writes the pages
into a docs tree any MkDocs-compatible engine builds without hooks, and `publication postbuild` adds
the site files to what it built (`staging.py`). Both roads start here, so they give the same site.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from . import paths
from .catalogue import Catalogue
from .citations import citation_files
from .exports import export_files
from .feeds import FeedWriter
from .filters import FILTERS_FILE, evidence_filters
from .metadata import PageMetadata, add_front_matter
from .mkdocs_bridge import page_url_from
from .packing import pack, unpack
from .pages import GeneratedPage, PageRenderer
from .paging import pagination_html
from .pdf import PdfSettings
from .pdf import pdf_job as plan_pdf
from .richtext import MarkdownConfig
from .safe_pages import mark_untrusted, with_site_html
from .settings import FeedSettings, feed_settings, page_size, print_evidence_up_to
from .sidework import SideWork
from .templating import PageTemplates
from .updates import Update, collect_updates, last_updated
from .views import PdfEdition

# gzip's 32-bit timestamp (MkDocs stamps sitemap.xml.gz with the newest page date) ends here: a mistyped
# year must not crash the build.
LAST_GZIP_DATE = dt.date(2106, 2, 6)
# What the second process makes (sidework.py), in this order.
PDF, SITE_FILES = 0, 1
# Material's script fetches sitemap.xml beside every <link rel="alternate">, the feeds included; an empty
# sitemap there answers it instead of a 404 on every page load.
EMPTY_SITEMAP = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'
)


@dataclass(frozen=True)
class SiteOptions:
    """What the core reads of the engine's configuration (mkdocs.yml, as the engine resolved it)."""

    site_name: str
    site_url: str | None
    site_description: str | None = None
    site_author: str | None = None
    use_directory_urls: bool = True
    custom_dir: str | None = None  # the theme's folder of overrides; page templates in its publication/
    markdown: MarkdownConfig = field(default_factory=MarkdownConfig)
    extra: Mapping[str, Any] = field(default_factory=dict)  # mkdocs.yml's extra.publication
    copyright: str | None = None  # the PDF edition's licence line
    previewing: bool = False  # `mkdocs serve`, which makes no PDF edition

    @classmethod
    def of_mkdocs(cls, config, previewing: bool = False) -> SiteOptions:
        """The options of a loaded MkDocs (or ProperDocs) config; `previewing` under `mkdocs serve`."""
        return cls(
            site_name=config.site_name,
            site_url=config.site_url,
            site_description=config.site_description,
            site_author=config.site_author,
            use_directory_urls=config.use_directory_urls,
            custom_dir=config.theme.custom_dir,
            markdown=MarkdownConfig.of_site(config),
            extra=config.extra.get("publication") or {},
            copyright=config.copyright,
            previewing=previewing,
        )


@dataclass(frozen=True)
class FinishedPage:
    """A generated page ready for the engine: its source path, whether the nav lists it, and its markdown,
    kept compressed (`packing.py`) until asked for: at 10,000 records the pages' markdown is about 200 MB as
    Python text and a tenth of that compressed, and an engine reads one page at a time."""

    src_uri: str
    in_nav: bool
    packed: bytes

    @classmethod
    def of(cls, src_uri: str, in_nav: bool, content: str) -> FinishedPage:
        """The page with markdown `content`."""
        return cls(src_uri, in_nav, pack(content))

    @property
    def content(self) -> str:
        """The page's markdown (front matter, marks and all)."""
        return unpack(self.packed)


@dataclass(frozen=True)
class Production:
    """Everything one build makes of one catalogue."""

    catalogue: Catalogue
    options: SiteOptions
    settings: FeedSettings
    renderer: PageRenderer
    updates: list[Update]  # collected once, for the pages and the feeds
    pages: tuple[FinishedPage, ...]
    page_dates: dict[str, dt.date]  # record pages by source path: the record's last change
    newest_date: dt.date | None  # every other page: the newest record date
    side_work: SideWork  # the PDF edition and the site files, made beside the pages

    def home_page(self, markdown: str) -> str:
        """The hand-written home page (front matter and all, or without it) with its generated sections."""
        return mark_untrusted(markdown + "\n" + self.renderer.home_sections())

    def page_date(self, src_uri: str) -> dt.date | None:
        """The date a page was last changed, from the records, never from the clock."""
        date = self.page_dates.get(src_uri, self.newest_date)
        return min(date, LAST_GZIP_DATE) if date else None

    def site_files(self, keep: bool = False) -> dict[str, bytes]:
        """Every file of the site that is not a page: its path in the site and its bytes (made beside the
        pages, sidework.py: asking for them waits until they are made). Not kept for a second request unless
        `keep` (a preview asks again when a rebuild keeps serving the last good records)."""
        return self.side_work.result(SITE_FILES) if keep else self.side_work.take(SITE_FILES)


def site_files(
    catalogue: Catalogue, options: SiteOptions, settings: FeedSettings, updates: list[Update], pdf: PdfEdition
) -> dict[str, bytes]:
    """Every file of the site that is not a page, by path in the site: feeds, downloads, citation files, the
    PDF edition, the evidence filters, redirect pages for former ids and the feeds folder's empty sitemap."""
    files = FeedWriter(catalogue, settings, options.markdown, updates).all_feeds()
    files.update(export_files(catalogue))
    files.update(citation_files(catalogue, settings))
    files.update(pdf.files())
    files[FILTERS_FILE] = evidence_filters(catalogue, options.use_directory_urls)
    files.update(paths.redirect_files(catalogue.records.values(), options.site_url or "", options.use_directory_urls))
    files[f"{paths.FEEDS_DIR}/sitemap.xml"] = EMPTY_SITEMAP
    return files


def produce(catalogue: Catalogue, options: SiteOptions, beside: bool = False) -> Production:
    """Render every generated page of `catalogue`, and the PDF edition unless previewing or switched off.
    With `beside` (`mkdocs build`), the PDF and the site files are made in a second process while the pages
    render (sidework.py); otherwise here, when first asked for. Raises `settings.SettingsError` for settings
    the feeds or the PDF cannot use (or no Pango) and `templating.TemplateFailure` for a publisher's template
    that fails (file and line)."""
    extra = dict(options.extra)
    settings = feed_settings(
        options.site_url,
        options.site_name,
        options.site_description,
        options.site_author,
        options.use_directory_urls,
        extra,
    )
    updates = collect_updates(catalogue)
    pdf_job = plan_pdf(catalogue, PdfSettings.of_options(options), options.previewing)
    made_pdf = cache(pdf_job.make)  # in the second process, the site files' step takes the PDF step's edition
    side_work = SideWork(
        (made_pdf, lambda: site_files(catalogue, options, settings, updates, made_pdf())),
        beside=beside and not options.previewing,
    )
    pdf = cache(lambda: pdf_job.remember(side_work.result(PDF)))
    renderer = PageRenderer(
        catalogue,
        options.site_name,
        PageTemplates(options.custom_dir),
        updates,
        settings,
        pdf,
        page_size(extra),
        print_evidence_up_to(extra),
        options.use_directory_urls,
    )
    metadata = PageMetadata(catalogue, settings)

    def links_of(page: GeneratedPage) -> str:
        """A page of a long list: the links to its other pages (paging.py), as MkDocs addresses them."""
        if page.pagination is None:
            return ""
        return pagination_html(
            page.pagination, lambda uri: page_url_from(uri, page.src_uri, options.use_directory_urls)
        )

    def finished(page: GeneratedPage) -> FinishedPage:
        with_meta = add_front_matter(page.content, metadata.of(page.src_uri, page.content))
        return FinishedPage.of(page.src_uri, page.in_nav, with_site_html(mark_untrusted(with_meta), links_of(page)))

    # One page at a time, each kept compressed once finished: at 10,000 records every copy of all the
    # pages' markdown weighs about 200 MB, and it used to be held three times over.
    pages = tuple(finished(page) for page in renderer.all_pages())
    if not options.previewing:
        paths.forget_links()
    page_dates = {paths.record_page(r): last_updated(r) for r in catalogue.records.values()}
    return Production(
        catalogue,
        options,
        settings,
        renderer,
        updates,
        pages,
        page_dates,
        max(page_dates.values(), default=None),
        side_work,
    )
