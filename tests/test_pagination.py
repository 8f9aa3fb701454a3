"""Long lists take pages: the evidence index, the browse pages and Updates show at most `page_size` entries
a page (mkdocs.yml extra.publication.page_size), every record on exactly one page of each list, the pages
linked to one another by an accessible pagination, and only the first in the navigation."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import ROOT, check_in_process, make_project

from publication.load import load_publication
from publication.model import Kind, Nation
from publication.pages import PageRenderer
from publication.paging import Pagination, page_path, pagination_html, split
from publication.updates import collect_updates

PAGE_SIZE = 10
TODAY = dt.date(2026, 12, 1)
RECORD_LINK = re.compile(r"^- \[.*?\]\(([^)]+?\.md)(?:#[^)]*)?\)", re.MULTILINE)


@pytest.fixture(scope="module")
def catalogue():
    """The default content: 26 evidence records and 32 updates, so 3 and 4 pages of 10."""
    result = load_publication(ROOT, today=TODAY)
    assert not result.errors
    return result.catalogue


@pytest.fixture(scope="module")
def pages(catalogue):
    return {page.src_uri: page for page in PageRenderer(catalogue, "Site", page_size=PAGE_SIZE).all_pages()}


def listed(pages: dict, first: str) -> list[str]:
    """The record pages the list starting at `first` links, page after page, as source paths."""
    found = []
    for number in range(1, 1000):
        page = pages.get(page_path(first, number))
        if page is None:
            return found
        found += [_normal(Path(page.src_uri).parent, link) for link in RECORD_LINK.findall(page.content)]
    raise AssertionError("runaway list")


def _normal(folder: Path, link: str) -> str:
    """`link`, written on a page in `folder`, as a source path from the docs folder."""
    parts: list[str] = []
    for part in (folder / link).as_posix().split("/"):
        if part == "..":
            parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    return "/".join(parts)


# -- where the pages live and which numbers the pagination shows -----------------------------------------


def test_page_one_keeps_the_lists_address_and_later_pages_go_under_it():
    assert page_path("evidence/index.md", 1) == "evidence/index.md"
    assert page_path("evidence/index.md", 2) == "evidence/page/2.md"
    assert page_path("updates.md", 12) == "updates/page/12.md"
    assert page_path("browse/nation-wales.md", 3) == "browse/nation-wales/page/3.md"


def test_a_list_splits_into_full_pages_and_a_last_one_and_an_empty_list_is_one_empty_page():
    assert split(list(range(25)), 10) == [list(range(10)), list(range(10, 20)), list(range(20, 25))]
    assert split([], 10) == [[]]


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        (1, [1, 2, 3, None, 10]),
        (4, [1, 2, 3, 4, 5, 6, None, 10]),
        (6, [1, None, 4, 5, 6, 7, 8, None, 10]),
        (10, [1, None, 8, 9, 10]),
    ],
)
def test_the_pagination_links_the_first_and_last_page_and_two_either_side_of_this_one(number, shown):
    pagination = Pagination("Pages of a list", tuple(f"p{n}.md" for n in range(1, 11)), number)
    assert pagination.shown() == shown


def test_the_pagination_is_a_named_nav_with_previous_next_and_the_current_page_marked():
    pagination = Pagination("Pages of the evidence index", ("evidence/index.md", "evidence/page/2.md", "x/3.md"), 2)
    html = pagination_html(pagination, lambda src: {"evidence/index.md": "../../"}.get(src, src))
    assert html.startswith('\n<nav class="publication-pages" aria-label="Pages of the evidence index">\n<ul>\n')
    assert '<li><a href="../../" rel="prev">Previous page</a></li>' in html
    assert '<li><a href="evidence/page/2.md" aria-label="Page 2" aria-current="page">2</a></li>' in html
    assert '<li><a href="x/3.md" rel="next">Next page</a></li>' in html
    assert html.count("aria-current") == 1
    first = pagination_html(Pagination("L", pagination.pages, 1), str)
    last = pagination_html(Pagination("L", pagination.pages, 3), str)
    assert "Previous page" not in first and "Next page" in first
    assert "Next page" not in last and "Previous page" in last


def test_the_pagination_escapes_its_label_and_addresses_and_a_one_page_list_has_none():
    html = pagination_html(Pagination('A "list" <b>', ("a.md", "b.md"), 1), lambda src: f"{src}?x=1&y=<2>")
    assert 'aria-label="A &quot;list&quot; &lt;b&gt;"' in html
    assert 'href="b.md?x=1&amp;y=&lt;2&gt;"' in html
    assert pagination_html(Pagination("L", ("a.md",), 1), str) == ""


# -- every record on exactly one page of each list ---------------------------------------------------------


def test_the_evidence_index_lists_every_record_once_over_its_pages_grouped_by_kind(catalogue, pages):
    records = [f"evidence/{e.id}.md" for kind in Kind for e in catalogue.by_kind.get(kind, ())]
    assert len(records) == 26
    assert listed(pages, "evidence/index.md") == records  # each once, in the index's order
    assert [uri for uri in pages if uri.startswith("evidence/page/")] == ["evidence/page/2.md", "evidence/page/3.md"]
    second = pages["evidence/page/2.md"].content
    assert 'title: "Evidence, page 2 of 3"' in second
    assert "# Evidence, page 2 of 3 {#section_top}" in second
    assert "Page 2 of 3: records 11 to 20 of 26." in second
    assert "26 records of case studies" in second


@pytest.mark.parametrize(
    "first",
    [f"browse/nation-{n.value}.md" for n in Nation] + [f"browse/kind-{k.value}.md" for k in Kind],
)
def test_each_browse_page_lists_its_records_once_over_its_pages(catalogue, pages, first):
    key = first.removeprefix("browse/").removesuffix(".md").split("-", 1)
    records = catalogue.by_nation[Nation(key[1])] if key[0] == "nation" else catalogue.by_kind[Kind(key[1])]
    assert listed(pages, first) == [f"evidence/{e.id}.md" for e in records]
    assert all(
        len(RECORD_LINK.findall(pages[page_path(first, n)].content)) <= PAGE_SIZE
        for n in (1, 2)
        if page_path(first, n) in pages
    )


def test_a_theme_lists_its_propositions_on_its_first_page_and_its_evidence_once_over_its_pages(catalogue, pages):
    theme = max(catalogue.by_theme, key=lambda t: len(catalogue.by_theme[t]))
    records = catalogue.by_theme[theme]
    evidence = [f"evidence/{r.id}.md" for r in records if r.id in {e.id for e in catalogue.evidence}]
    propositions = [f"propositions/{r.id}.md" for r in records if r.id not in {e.id for e in catalogue.evidence}]
    assert len(evidence) > PAGE_SIZE and propositions
    assert listed(pages, f"browse/theme-{theme}.md") == propositions + evidence
    assert "## Propositions" not in pages[f"browse/theme-{theme}/page/2.md"].content


def test_updates_are_listed_once_over_their_pages_under_a_heading_per_day(catalogue, pages):
    updates = collect_updates(catalogue)
    assert len(updates) == 32
    shown = listed(pages, "updates.md")
    assert shown == [f"{_folder(u)}/{u.record.id}.md" for u in updates]  # each once, in the feeds' order
    text = "".join(pages[page_path("updates.md", n)].content for n in range(1, 5))
    days = re.findall(r"^## (.+) \{#section_", text, re.MULTILINE)
    assert days[0] == "24 November 2026" and days[-1] == "23 July 2020"
    assert "updates/page/5.md" not in pages


def _folder(update) -> str:
    return "propositions" if update.kind == "proposition" else "evidence"


def test_only_the_first_page_of_an_index_is_in_the_navigation(pages):
    paged = [page for page in pages.values() if page.pagination]
    assert {page.src_uri for page in paged if page.in_nav} == {"evidence/index.md", "updates.md"}
    assert all(page.pagination.number == 1 for page in paged if page.in_nav)
    assert not any(page.in_nav for page in pages.values() if page.src_uri.startswith("browse/theme-"))


def test_a_list_that_fits_one_page_has_no_pagination(catalogue):
    pages = list(PageRenderer(catalogue, "Site").all_pages())  # the default page size, 100
    assert not any(page.pagination for page in pages)
    assert not any("/page/" in page.src_uri for page in pages)


# -- the built site -------------------------------------------------------------------------------------------


class _Links(HTMLParser):
    """The links of a page's article: every href, and those of its pagination with their attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.pagination: list[dict] = []
        self.nav_labels: list[str] = []
        self._in_pages = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "nav" and values.get("class") == "publication-pages":
            self._in_pages = True
            self.nav_labels.append(values.get("aria-label"))
        if tag == "a" and values.get("href"):
            (self.pagination if self._in_pages else self.hrefs).append(values if self._in_pages else values["href"])

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_pages = False


def article_links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0])
    return parser


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The default content built strictly with pages of 10: MkDocs checks every link of every page."""
    project = make_project(tmp_path_factory.mktemp("paged") / "project", ROOT)
    config = project.root / "mkdocs.yml"
    text, count = re.subn(r"(\n    feed_items: )", rf"\n    page_size: {PAGE_SIZE}\1", config.read_text())
    assert count == 1
    config.write_text(text)
    result = project.build(strict=True)
    assert result.ok, result.stderr
    return project


def test_following_next_from_the_first_page_reaches_every_record_once(built, catalogue):
    url, seen, visited = "evidence/", [], []
    while url:
        visited.append(url)
        links = article_links((built.site / url / "index.html").read_text())
        seen += [urljoin(url, h) for h in links.hrefs if urljoin(url, h).startswith("evidence/") and "/page/" not in h]
        [current] = [a for a in links.pagination if a.get("aria-current") == "page"]
        assert urljoin(url, current["href"]) == url
        assert links.nav_labels == ["Pages of the evidence index"]
        following = [a["href"] for a in links.pagination if a.get("rel") == "next"]
        url = urljoin(url, following[0]) if following else None
    assert visited == ["evidence/", "evidence/page/2/", "evidence/page/3/"]
    records = [f"evidence/{e.id}/" for e in catalogue.evidence]
    assert sorted(s for s in seen if s in records) == sorted(records)
    assert len([s for s in seen if s in records]) == len(records)


def test_every_pagination_link_leads_to_a_page_of_the_site(built):
    checked = 0
    for html_file in built.site.rglob("index.html"):
        page = html_file.parent.relative_to(built.site).as_posix() + "/"
        for link in article_links(html_file.read_text()).pagination:
            target = urljoin(page.lstrip("./") if page != "./" else "", link["href"])
            assert (built.site / target / "index.html").is_file(), (page, link)
            checked += 1
    assert checked > 50


def test_the_table_of_contents_of_a_page_of_a_list_names_its_headings_only(built):
    html = (built.site / "evidence" / "page" / "2" / "index.html").read_text()
    toc = html.split('data-md-component="toc"', 1)[1].split("</nav>", 1)[0]
    titles = [" ".join(t.split()) for t in re.findall(r'<span class="md-ellipsis">(.*?)</span>', toc, re.S)]
    assert titles == ["Filter the evidence", "Reports"]  # not "Reports Previous page 1 2 3 Next page"
    assert html.count('aria-label="Pages of the evidence index"') == 1


def test_the_navigation_links_the_first_page_of_a_list_only(built):
    home = (built.site / "index.html").read_text()
    assert 'href="evidence/"' in home and 'href="updates/"' in home
    assert "/page/" not in home  # the navigation names no later page of a list


def test_a_page_size_that_is_not_a_whole_number_of_at_least_one_stops_the_check_and_the_build(tmp_path, capsys):
    project = make_project(tmp_path / "project", ROOT)
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("    feed_items: 50", "    page_size: 0\n    feed_items: 50"))
    message = (
        "mkdocs.yml: extra.publication.page_size: expected a whole number of at least 1 "
        "(entries per page of a long list), got '0'"
    )
    checked = check_in_process(capsys, project.root)
    assert checked.returncode == 1 and message in checked.stdout + checked.stderr
    built = project.build()
    assert not built.ok and any(message in line for line in built.log), built.log
