"""MkDocs hooks: hand the build to the publication core. No business logic lives here.

MkDocs calls the module-level `on_*` functions; they are the methods of one `PublicationHooks` object,
which remembers the command (build or serve) and holds the current build's state. `on_config` replaces
that state whole on every build and rebuild, so nothing computed for one build reaches the next.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from publication import memo, paths
from publication.compiled_templates import COMPILED
from publication.load import load_publication
from publication.mkdocs_bridge import PackedHtml, disk_order, plugins_besides_hooks, report, written_in_place
from publication.navsection import mark_section
from publication.page_share import PageShare, SharedPage
from publication.preview import problems_banner
from publication.preview_cache import PreviewCache, add_cached_template
from publication.preview_folder import FolderSweeper
from publication.preview_search import PreviewSearch
from publication.production import Production, SiteOptions, produce
from publication.safe_pages import with_safe_pages
from publication.search import SearchCopies, SearchIndexError
from publication.settings import SettingsError
from publication.sidework import SideWorkError
from publication.templating import TemplateFailure, override_folder


class PublicationHooks:
    """The publication's side of MkDocs' build: one object per process, its build state replaced by on_config."""

    def __init__(self) -> None:
        self.command = "build"
        self.state: Production | None = None
        self.preview_problems: tuple = ()  # under serve: the problems that keep the last good state showing
        self.preview_cache = PreviewCache()  # under serve: the pages kept between rebuilds
        self.preview_search = PreviewSearch()  # under serve: the search index, written in the background
        self.preview_folder = FolderSweeper()  # under serve: the last rebuild's files, deleted once it is served
        self.pages: dict = {}  # this build's generated pages by source path (on_files)
        self.site_file_uris: frozenset[str] = frozenset()  # this build's files that are not pages (on_files)
        self.nav = None  # this build's navigation (on_nav), for the preview cache
        self.search_copies: SearchCopies | None = None  # `mkdocs build`: what Pagefind reads of each page
        self.page_share: PageShare | None = None  # `mkdocs build`: the pages a second process renders
        self.written: list[tuple[str, str]] = []  # under serve: this rebuild's pages as written, for its search
        self.last_rebuild_done = False  # under serve: the last rebuild wrote every file (on_post_build)

    def on_startup(self, command: str, dirty: bool) -> None:
        self.command = command
        if command == "serve":
            memo.keep_between_builds()  # the core's pure steps answer unchanged inputs from the last rebuild
            # Python's cycle collector, run while a rebuild works, passes again and again over everything the
            # preview keeps (about a second per rebuild at 1,000 records, more with each rebuild). It runs
            # once after each rebuild instead, beside the search index (on_post_build).
            gc.disable()

    def on_shutdown(self) -> None:
        if self.command == "serve":
            self.preview_search.close()  # once the index being written, if any, is in
            self._tidy_up()
            memo.stop_keeping()
            gc.enable()

    def on_build_error(self, error) -> None:
        self._end_page_share()
        self._discard_search_copies()
        if self.command == "serve":  # no search thread will tidy up after a rebuild that failed
            self.wait_for_search()
            self._tidy_up()

    def _discard_search_copies(self) -> None:
        if self.search_copies is not None:
            self.search_copies.discard()
            self.search_copies = None

    def _end_page_share(self) -> None:
        if self.page_share is not None:
            self.page_share.close()
            self.page_share = None

    def wait_for_search(self) -> None:
        """Return once a preview's search index, if one is being written, is in the site (and the last
        rebuild's old files, deleted in the same thread, are gone)."""
        self.preview_search.wait()

    def _tidy_up(self) -> None:
        """After a preview rebuild is served: delete its old files and collect its garbage cycles."""
        self.preview_folder.sweep()
        gc.collect()

    def on_pre_build(self, config):
        if self.command == "serve":  # MkDocs empties the folder next, one file at a time
            # Files of the last rebuild are linked back only if it wrote them all, and only where no other
            # plugin reads what MkDocs writes.
            reusable = self.last_rebuild_done and not plugins_besides_hooks(config)
            self.last_rebuild_done = False
            self.preview_folder.empty(Path(config.site_dir), reusable)

    def on_config(self, config):
        self._discard_search_copies()  # those of a build stopped without on_build_error (Ctrl-C)
        # Generated pages are made safe inside Python-Markdown (safe_pages.py), under every engine; the
        # last good pages a broken preview keeps showing too.
        config.markdown_extensions = with_safe_pages(config.markdown_extensions)
        root = Path(config.config_file_path).parent
        previewing = self.command == "serve"
        if previewing:
            self.written = []  # a rebuild that failed wrote pages no index will read
            self.preview_search.wait()  # before MkDocs cleans the folder Pagefind reads
            self.preview_cache.start_build()
            memo.next_build()
        result = load_publication(root, include_drafts=previewing, beside=not previewing)
        if previewing and result.errors and self.state is not None:
            report(result.problems, fatal=False)  # keep serving the last good catalogue
            self.preview_problems = tuple(result.problems)
            return config
        self.preview_problems = ()
        report(result.problems)
        try:
            # `mkdocs build` makes the PDF edition and the site files in a second process (sidework.py).
            self.state = produce(result.catalogue, SiteOptions.of_mkdocs(config, previewing), beside=not previewing)
        except (SettingsError, TemplateFailure, SideWorkError) as exc:  # a setting, or a publisher's page template
            raise PluginError(str(exc)) from None
        return config

    def on_files(self, files: Files, config):
        state = self.state
        templates = override_folder(config.theme.custom_dir)
        for file in [f for f in files if templates and Path(f.abs_src_path or "").is_relative_to(templates)]:
            files.remove(file)  # a page template in the theme's folder is read by the build, not published
        # A page's markdown is handed over when MkDocs reads the page (on_page_read_source), one at a time.
        self.pages = {page.src_uri: page for page in state.pages}
        generated: dict[str, str | bytes] = dict.fromkeys(self.pages, "")
        try:
            generated.update(state.site_files(keep=self.command == "serve"))
        except SideWorkError as exc:
            raise PluginError(str(exc)) from None
        self.site_file_uris = frozenset(uri for uri in generated if uri not in self.pages)
        clashes = sorted(uri for uri in generated if files.get_file_from_path(uri) is not None)
        if clashes:
            raise PluginError(
                f"docs/{clashes[0]}: this hand-written file has the path of a generated page; "
                f"rename or remove it ({len(clashes)} clash(es): {', '.join(clashes)})"
            )
        in_nav = {page.src_uri for page in state.pages if page.in_nav}
        for uri, content in generated.items():
            listed = uri in in_nav or not uri.endswith(".md")
            inclusion = InclusionLevel.UNDEFINED if listed else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, uri, content=content, inclusion=inclusion)
            if self.command == "serve" and uri not in self.pages:
                file = self._linked_back(file, config)
            files.append(file)
        del generated
        files = Files(sorted(files, key=lambda file: disk_order(file.src_uri)))
        if self.command == "serve":
            self.preview_cache.attach(files, config)
        return files

    def _linked_back(self, file: File, config) -> File:
        """Under serve: a file that is not a page, with the bytes the last rebuild wrote, is linked back from
        that rebuild's folder (preview_folder.py), and MkDocs, finding it already in place, leaves it."""
        if not self.preview_folder.link_unchanged(Path(config.site_dir), file.dest_uri, file.content_bytes):
            return file
        in_place = os.path.join(config.site_dir, file.dest_uri)
        return File.generated(config, file.src_uri, abs_src_path=in_place, inclusion=file.inclusion)

    def on_page_read_source(self, page, config):
        finished = self.pages.get(page.file.src_uri) if page.file.generated_by is not None else None
        return finished.content if finished is not None else None

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
                return self.state.home_page(markdown)
            except TemplateFailure as exc:
                raise PluginError(str(exc)) from None
        return markdown

    def on_env(self, env, config, files):
        env.bytecode_cache = COMPILED  # the theme's templates compiled once per process, not once per rebuild
        if self.command == "serve":
            site = Path(config.site_dir)
            self.preview_cache.prepare_outputs(
                env, config, self.nav, files, lambda path: self.preview_folder.link_back(site, path)
            )
        elif self.page_share is not None:
            add_cached_template(env)  # what writes the pages the second process rendered
        return env

    def on_nav(self, nav, config, files):
        self.nav = nav
        if self.command != "serve":
            # The files that are not pages, written now (MkDocs has decided which files it publishes, after
            # every plugin's on_files), so that their bytes are not held while every page renders.
            for file in [f for f in files if f.src_uri in self.site_file_uris and f.generated_by is not None]:
                if file.inclusion.is_included():
                    files.remove(file)
                    files.append(written_in_place(file, config))
            # Every second page outside the navigation, rendered beside (page_share.py).
            self._end_page_share()
            self.page_share = PageShare.start(config, files, nav)
        return nav

    def on_page_context(self, context, page, config, nav):
        if isinstance(page, SharedPage):
            page.take_html()  # what the second process rendered, for the one-line template to write
        mark_section(page, nav.pages)  # a record or browse page shows the nav section it belongs to
        if isinstance(page.content, PackedHtml):
            page.content = page.content.unpacked()
        return context

    def on_page_content(self, html, page, config, files):
        page.markdown = ""  # rendered, a page's markdown is not read again: let go, a large build needs less memory
        if self.preview_problems:  # only ever set under `mkdocs serve`, and only while records are broken
            return problems_banner(self.preview_problems) + html
        if self.command != "serve":
            # MkDocs renders every page's HTML before it writes the first: held compressed until its template
            # is rendered (on_page_context), 10,000 pages take about 30 MB instead of 200.
            return PackedHtml.of(html)
        return html

    def on_post_page(self, output, page, config):
        if self.command == "serve":
            self.preview_cache.keep_output(page, output)
            self.written.append((page.file.dest_uri, output))
        else:
            if self.search_copies is None:
                self.search_copies = SearchCopies(Path(config.site_dir))
            self.search_copies.add(page.file.dest_uri, output)
        page.content = ""  # written: only its title, address and anchors are read from here on
        if isinstance(page, SharedPage):
            page.publication_cached_output = None  # its HTML, as the second process rendered it: written too
        return output

    def on_post_build(self, config):
        self._end_page_share()  # every page is written
        # The search index is read from the built pages (`mkdocs build`: from the copies of their searched
        # parts, search.SearchCopies), so it is written last; under serve, after the rebuilt pages are shown
        # (preview_search.py).
        if self.command == "serve":
            self.last_rebuild_done = True
            written, self.written = self.written, []
            language = config.theme.get("language") or "en"
            self.preview_search.start(Path(config.site_dir), language, self._tidy_up, written)
            return
        copies, self.search_copies = self.search_copies or SearchCopies(Path(config.site_dir)), None
        try:
            copies.index(Path(config.site_dir), config.theme.get("language") or "en")
        except SearchIndexError as exc:
            raise PluginError(str(exc)) from None


_hooks = PublicationHooks()
on_startup = _hooks.on_startup
on_shutdown = _hooks.on_shutdown
on_build_error = _hooks.on_build_error
on_pre_build = _hooks.on_pre_build
on_config = _hooks.on_config
on_files = _hooks.on_files
on_pre_page = _hooks.on_pre_page
on_page_read_source = _hooks.on_page_read_source
on_page_markdown = _hooks.on_page_markdown
on_page_content = _hooks.on_page_content
on_page_context = _hooks.on_page_context
on_nav = _hooks.on_nav
on_env = _hooks.on_env
on_post_page = _hooks.on_post_page
on_post_build = _hooks.on_post_build
