"""MkDocs hooks: hand the build to the publication core. No business logic lives here."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from publication import paths
from publication.exports import export_files
from publication.feeds import FeedWriter
from publication.load import load_publication
from publication.mkdocs_bridge import report
from publication.pages import PageRenderer
from publication.richtext import sanitise_html
from publication.safetoc import make_toc_safe
from publication.settings import SettingsError, feed_settings
from publication.updates import last_updated

LAST_GZIP_DATE = dt.date(2106, 2, 6)
EMPTY_SITEMAP = b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'
_command = {"name": "build", "own_epoch": False}  # set once per process by on_startup; per-build state lives in _build


class _Build:
    """Everything one build computed from the records; replaced whole on every (re)build."""

    def __init__(self, renderer, feeds, generated_pages, record_dates):
        self.renderer = renderer
        self.feeds = feeds
        self.generated_pages = generated_pages
        self.record_dates = record_dates


_build: dict[str, _Build] = {}


def on_startup(command, dirty):
    _command["name"] = command


def on_config(config):
    root = Path(config.config_file_path).parent
    previewing = _command["name"] == "serve"
    result = load_publication(root, include_drafts=previewing)
    if previewing and result.errors and "current" in _build:
        report(result.problems, fatal=False)  # keep serving the last good catalogue
        return config
    report(result.problems)
    extra = config.extra.get("publication") or {}
    try:
        settings = feed_settings(config.site_url, config.site_name, config.site_description, config.site_author,
                                 config.use_directory_urls, extra)
    except SettingsError as exc:
        raise PluginError(str(exc)) from None
    catalogue = result.catalogue
    renderer = PageRenderer(catalogue, config.site_name)
    record_dates = {paths.record_page(r): last_updated(r) for r in catalogue.records.values()}
    if record_dates and (_command["own_epoch"] or "SOURCE_DATE_EPOCH" not in os.environ):
        # MkDocs dates the sitemap from this; the newest record makes it depend on content, not the clock.
        # Capped where gzip's 32-bit timestamp (sitemap.xml.gz) ends: a mistyped year must not crash the build.
        newest = min(max(record_dates.values()), LAST_GZIP_DATE)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime(newest.year, newest.month, newest.day,
                                                              tzinfo=dt.timezone.utc).timestamp()))
        _command["own_epoch"] = True  # ours, not the caller's: under serve, set it again on every rebuild
    _build["current"] = _Build(renderer, FeedWriter(catalogue, settings), renderer.all_pages(), record_dates)
    return config


def on_files(files: Files, config):
    build = _build["current"]
    generated = {page.src_uri: page.content for page in build.generated_pages}
    generated.update(build.feeds.all_feeds())
    generated.update(export_files(build.renderer.catalogue))
    # Material's script fetches sitemap.xml beside every <link rel="alternate">, the feeds included;
    # an empty sitemap there answers it instead of a 404 on every page load.
    generated[f"{paths.FEEDS_DIR}/sitemap.xml"] = EMPTY_SITEMAP
    clashes = sorted(uri for uri in generated if files.get_file_from_path(uri) is not None)
    if clashes:
        raise PluginError(f"docs/{clashes[0]}: this hand-written file has the path of a generated page; "
                          f"rename or remove it ({len(clashes)} clash(es): {', '.join(clashes)})")
    in_nav = {page.src_uri for page in build.generated_pages if page.in_nav}
    for uri, content in generated.items():
        inclusion = InclusionLevel.UNDEFINED if uri in in_nav or not uri.endswith(".md") else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, uri, content=content, inclusion=inclusion))
    return files


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri == paths.HOME:
        return markdown + "\n" + _build["current"].renderer.home_sections()
    return markdown


def on_page_content(html, page, config, files):
    if page.file.generated_by is not None or page.file.src_uri == paths.HOME:
        # Record text is editors' markdown (the home page shows summaries too): whatever raw HTML
        # it holds must not run in a reader's browser. Material writes the table of contents into
        # the sidebar unescaped, beside the sanitised body, so its entries are made safe too.
        make_toc_safe(page.toc)
        return sanitise_html(html)
    return html


def on_pre_page(page, config, files):  # before the sitemap, which MkDocs writes before the pages
    date = _build["current"].record_dates.get(page.file.src_uri)
    if date is not None:
        page.update_date = min(date, LAST_GZIP_DATE).isoformat()  # MkDocs stamps sitemap.xml.gz with the newest
    return page
