"""`mkdocs build` on two cores: a forked copy of the build renders every second page outside the navigation.

MkDocs renders pages one after another: Python-Markdown for every page, then the theme's template for every
page. Nearly all of this site's pages are outside the navigation (record pages, long lists), and such a page
depends only on its own markdown, the site's files (its links), the navigation and the configuration, all
known once MkDocs has the navigation (`on_nav`). So at `on_nav` the build forks (`PageShare`): the copy
renders its share of those pages (the navigation's pages too, which every page shows, so that its
navigation is the build's) and sends back, page by page, what MkDocs keeps of a render (table of contents,
title, anchors, the links to anchors it checks at the end) and then the page's HTML. The build gives each of
those pages a `SharedPage`, which reads the copy's results instead of rendering: MkDocs still calls every
plugin event for it, checks its anchors and writes it, through the one-line template the preview uses
(`preview_cache.CACHED_TEMPLATE`). Log lines the copy's renders made (a broken link) are said again where
the build would have said them, so `--strict` counts them as before.

Same records, same site: tests/test_page_share.py builds the default content with and without the share and
compares every file. Only `mkdocs build` (MkDocs itself, not another engine, with no plugin besides the
hooks) shares; `mkdocs serve` keeps its own cache (preview_cache.py), and a platform that cannot fork
renders every page itself.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import threading
import weakref
from dataclasses import dataclass
from typing import Any

from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .mkdocs_bridge import plugins_besides_hooks
from .packing import pack, unpack
from .preview_cache import CACHED_TEMPLATE, _toc_data, _toc_of
from .sidework import (
    SideWorkError,
    can_fork,
    capture_logs,
    leave_interrupts_to_the_build,
    say_again,
    sendable,
    stop_process,
)

# The second process renders SHARE[0] of every SHARE[1] pages outside the navigation. Half is the quickest
# measured at 1,000 records: given more, it renders the pages slower than the build asks for them.
SHARE = (1, 2)
# Fewer pages than this outside the navigation: not worth a second process (the tests' small sites).
FEWEST_PAGES = 40


@dataclass(frozen=True)
class SharedRender:
    """What MkDocs keeps of one page's render, as the second process made it."""

    title: str | None
    toc: tuple  # preview_cache._toc_data
    present_anchor_ids: frozenset[str]
    links_to_anchors: tuple  # of (target src_uri, ((anchor, original link), ...))
    log_records: tuple[logging.LogRecord, ...]


class PageShare:
    """One build's second process and what it has sent back so far."""

    def __init__(self, config, files: Files, nav, outside: list[File], get_context) -> None:
        shared = [file.src_uri for i, file in enumerate(outside) if i % SHARE[1] < SHARE[0]]
        self._results: dict[tuple[str, str], tuple[str, Any]] = {}
        self._failure: Exception | None = None  # what stopped the second process, if something did
        self._ended = False
        self._arrived = threading.Condition()
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_render_share, args=(get_context, config, files, nav, frozenset(shared), sender), daemon=True
        )
        self._process.start()
        sender.close()
        self._reader = threading.Thread(target=self._receive, args=(receiver,), name="page-share", daemon=True)
        self._reader.start()
        self._stop = weakref.finalize(self, stop_process, self._process)
        by_uri = {file.src_uri: file for file in outside}
        for uri in shared:
            SharedPage(None, by_uri[uri], config, self)

    @classmethod
    def start(cls, config, files: Files, nav) -> PageShare | None:
        """Fork the second process for a `mkdocs build` of this config, or None where the build renders
        every page itself (another engine, no fork, plugins besides the hooks, a small site)."""
        engine = type(config).__module__.split(".")[0]
        if engine != "mkdocs" or not can_fork() or plugins_besides_hooks(config):
            return None  # another plugin would see a shared page's events without its markdown or HTML
        outside = _outside_the_navigation(files, nav)
        if len(outside) < FEWEST_PAGES:
            return None
        return cls(config, files, nav, outside, importlib.import_module(f"{engine}.commands.build").get_context)

    def _receive(self, receiver) -> None:
        """In a thread: take in each message as it comes, so the second process never waits to send."""
        try:
            while True:
                kind, uri, outcome, value = receiver.recv()
                with self._arrived:
                    if kind == "failed":
                        self._failure = value  # (the exception, the log records made before it)
                    else:
                        self._results[(kind, uri)] = (outcome, value)
                    self._arrived.notify_all()
        except (EOFError, OSError):
            pass
        except Exception as exc:  # a message that would not unpickle: the build says so where it waits
            with self._arrived:
                self._failure = (SideWorkError(f"the build's second process sent what it could not read: {exc}"), ())
        finally:
            receiver.close()
            with self._arrived:
                self._ended = True
                self._arrived.notify_all()

    def result(self, kind: str, uri: str) -> Any:
        """The second process's `kind` ("render" or "page") for the page at `uri`, waiting for it; what it
        raised is raised here."""
        with self._arrived:
            self._arrived.wait_for(lambda: (kind, uri) in self._results or self._ended)
            found = self._results.pop((kind, uri), None)
        if found is None and self._failure is not None:
            failure, records = self._failure
            self._failure = (failure, ())  # said once
            say_again(records)
            raise failure
        if found is None:
            raise SideWorkError(
                f"the build's second process stopped before it rendered {uri} (out of memory?); run the build again"
            )
        outcome, value = found
        if outcome == "raised":
            raise value
        return value

    def close(self) -> None:
        """End the second process (it has sent everything, or the build stopped)."""
        self._stop()


def _outside_the_navigation(files: Files, nav) -> list[File]:
    """The pages the build writes that the navigation does not list, in the order MkDocs renders them."""
    listed = {page.file.src_uri for page in nav.pages}
    return [
        file
        for file in files.documentation_pages(inclusion=InclusionLevel.is_included)
        if file.inclusion.is_not_in_nav() and file.src_uri not in listed
    ]


class SharedPage(Page):
    """A page the second process renders: MkDocs' steps for it read what that process sent."""

    def __init__(self, title, file: File, config, share: PageShare):
        super().__init__(title, file, config)
        self._share = share
        self.publication_cached_output: str | None = None  # the HTML, once `take_html` has it

    def read_source(self, config) -> None:
        self.markdown, self.meta = "", {"template": CACHED_TEMPLATE}

    def render(self, config, files: Files) -> None:
        made: SharedRender = self._share.result("render", self.file.src_uri)
        self.content = ""
        self.toc = _toc_of(made.toc)
        if made.title is not None:
            self.meta["title"] = made.title
        self.present_anchor_ids = set(made.present_anchor_ids)
        self.links_to_anchors = {files.get_file_from_path(uri): dict(links) for uri, links in made.links_to_anchors}
        say_again(made.log_records)

    def take_html(self) -> None:
        """Wait for the page's HTML, as the theme's template rendered it in the second process, for the one-line
        template to write (the hooks' `on_page_context`; what the second process raised is raised here)."""
        packed, records = self._share.result("page", self.file.src_uri)
        say_again(records)
        self.publication_cached_output = unpack(packed)


def _render_share(get_context, config, files: Files, nav, shared: frozenset[str], sender) -> None:
    """The second process: render the navigation's pages and the shared ones (Python-Markdown), sending what
    MkDocs keeps of each shared render, then render each shared page's template and send its HTML. Only what
    Python-Markdown and the theme's template log is sent: the build runs every plugin event itself."""
    leave_interrupts_to_the_build()
    captured = capture_logs()
    try:
        _render_pages(get_context, config, files, nav, shared, sender, captured)
    except Exception as exc:  # every page not sent yet fails with it (the build says it once, where it stops)
        sender.send(("failed", None, "raised", (sendable(exc), tuple(captured))))
    sender.close()


def _render_pages(get_context, config, files: Files, nav, shared: frozenset[str], sender, captured: list) -> None:
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    listed = {page.file.src_uri for page in nav.pages}
    for file in doc_files:
        if file.src_uri not in shared and file.src_uri not in listed:
            continue  # the build's own share
        page = file.page
        config._current_page = page
        try:
            # What MkDocs' build does to read and render a page, its plugin events included.
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
            captured.clear()
            page.render(config, files)
            records = tuple(captured)
            page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
        finally:
            config._current_page = None
        if file.src_uri in shared:
            made = SharedRender(
                title=page.title,
                toc=_toc_data(page.toc),
                present_anchor_ids=frozenset(page.present_anchor_ids or ()),
                links_to_anchors=tuple(
                    (target.src_uri, tuple(links.items())) for target, links in (page.links_to_anchors or {}).items()
                ),
                log_records=records,
            )
            sender.send(("render", file.src_uri, "returned", made))
    env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
    for file in doc_files:
        if file.src_uri in shared:
            html, records = _page_html(get_context, file.page, config, doc_files, nav, env, captured)
            sender.send(("page", file.src_uri, "returned", (pack(html), records)))


def _page_html(get_context, page: Page, config, doc_files, nav, env, captured: list) -> tuple[str, tuple]:
    """A page's HTML as MkDocs' build renders it, before the `on_post_page` event the build runs, and what the
    template logged."""
    config._current_page = page
    page.active = True
    try:
        context = get_context(nav, doc_files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        captured.clear()
        return template.render(context), tuple(captured)
    finally:
        page.active = False
        config._current_page = None
