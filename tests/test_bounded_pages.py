"""No page grows with the publication: a proposition's page lists at most `page_size` of its records and
links an evidence list of its own, each number of the evidence map links a list of exactly the records it
counts, and past `print_evidence_up_to` evidence records the print edition counts each proposition's
evidence instead of printing every record (the PDF does the same: tests/test_pdf.py)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import FIXTURES, ROOT, check_in_process, make_project
from test_pagination import article_links

from publication import paths
from publication.load import load_publication
from publication.metadata import split_front_matter
from publication.model import Nation
from publication.pages import PageRenderer

PAGE_SIZE = 3
PRINTED_UP_TO = 10  # the default content's 26 evidence records are more
RECORD_LINK = re.compile(r"\]\(((?:\.\./)*evidence/[a-z0-9-]+\.md)\)")


def load(root: Path = ROOT):
    result = load_publication(root)
    assert not result.errors
    return result.catalogue


@pytest.fixture(scope="module")
def catalogue():
    return load()


@pytest.fixture(scope="module")
def pages(catalogue):
    renderer = PageRenderer(catalogue, "Site", page_size=PAGE_SIZE, print_evidence_up_to=PRINTED_UP_TO)
    return {page.src_uri: page.content for page in renderer.all_pages()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The default content built strictly with pages of 3 and the print edition counting past 10 records:
    MkDocs checks every markdown link of every page, the print edition's included."""
    project = make_project(tmp_path_factory.mktemp("bounded") / "project", ROOT)
    config = project.root / "mkdocs.yml"
    settings = f"\n    page_size: {PAGE_SIZE}\n    print_evidence_up_to: {PRINTED_UP_TO}"
    text, count = re.subn(r"(\n    feed_items: )", settings + r"\1", config.read_text())
    assert count == 1
    config.write_text(text)
    result = project.build(strict=True)
    assert result.ok, result.stderr
    return project


def section(markdown: str, heading: str) -> str:
    """The part of a page from its `## heading` to the next heading of that level."""
    return markdown.split(f"\n## {heading} ", 1)[1].split("\n## ", 1)[0]


def records_linked(markdown: str) -> set[str]:
    return {Path(link).stem for link in RECORD_LINK.findall(markdown)}


def html_page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def follow_pages(site: Path, first: str) -> list[tuple[str, str]]:
    """Each page of the list starting at `first` (a site address), following *Next page*: (address, HTML)."""
    found, url = [], first
    while url:
        html = html_page(site, url)
        found.append((url, html))
        following = [a["href"] for a in article_links(html).pagination if a.get("rel") == "next"]
        url = urljoin(url, following[0]) if following else None
        assert len(found) < 100, "runaway list"
    return found


def evidence_in(url: str, html: str) -> list[str]:
    """The evidence records an article links, as ids, in order (its own links, not the navigation's)."""
    targets = [urljoin(url, href) for href in article_links(html).hrefs]
    return [t.split("/")[1] for t in targets if re.fullmatch(r"evidence/[a-z0-9-]+/", t) and "/page/" not in t]


# -- a proposition's page and its evidence list ------------------------------------------------------------


def test_a_proposition_past_the_page_size_lists_a_share_of_each_kind_and_links_all_its_records(catalogue, pages):
    large = [p for p in catalogue.propositions if len(catalogue.proposition_evidence(p.id)) > PAGE_SIZE]
    assert len(large) == len(catalogue.propositions)  # every one of the default content's has more than 3
    for proposition in large:
        page = pages[paths.record_page(proposition)]
        count = len(catalogue.proposition_evidence(proposition.id))
        evidence = section(page, "Evidence")
        kinds = Counter(e.kind for e in catalogue.proposition_evidence(proposition.id))
        share = max(1, PAGE_SIZE // len(kinds))  # an equal share of the page size for each kind, at least one
        assert len(records_linked(evidence)) == sum(min(share, n) for n in kinds.values()) <= max(PAGE_SIZE, len(kinds))
        assert f"[All {count} records for this proposition]({proposition.id}/evidence.md)" in evidence
        assert f"Evidence\n:   [{count} records](#section_evidence)" in page  # the fact box counts them all
        for line in re.findall(r"^\*\*Evidence for it:\*\* .*$", page, re.M):  # its count, and where they are
            assert re.fullmatch(
                rf"\*\*Evidence for it:\*\* \d+ records?, listed in \[the evidence for this proposition\]"
                rf"\({proposition.id}/evidence\.md\), where each says it is on this recommendation\.",
                line,
            )


def test_a_propositions_evidence_list_holds_each_record_once_over_pages_of_the_page_size(built, catalogue):
    for proposition in catalogue.propositions:
        expected = {e.id for e in catalogue.proposition_evidence(proposition.id)}
        listed = follow_pages(built.site, f"propositions/{proposition.id}/evidence/")
        seen = []
        for number, (url, html) in enumerate(listed, start=1):
            records = list(dict.fromkeys(evidence_in(url, html)))
            assert 1 <= len(records) <= PAGE_SIZE, url
            seen += records
            title = f"Evidence for proposition {proposition.number}" + (
                f", page {number} of {len(listed)}" if number > 1 else ""
            )
            assert f'<h1 id="section_top">{title}' in html, url
            if len(listed) > 1:
                assert article_links(html).nav_labels == [f"Pages of the evidence for proposition {proposition.number}"]
        assert sorted(seen) == sorted(expected), proposition.id  # every record, none twice
        assert len(listed) == -(-len(expected) // PAGE_SIZE)


def test_below_the_page_size_a_proposition_lists_every_record_and_has_no_list_of_its_own(catalogue):
    pages = {page.src_uri: page.content for page in PageRenderer(catalogue, "Site").all_pages()}
    assert not [src for src in pages if src.endswith("/evidence.md") and src.startswith("propositions/")]
    for proposition in catalogue.propositions:
        evidence = section(pages[paths.record_page(proposition)], "Evidence")
        assert records_linked(evidence) == {e.id for e in catalogue.proposition_evidence(proposition.id)}
        assert "records for this proposition" not in evidence


# -- the evidence map ------------------------------------------------------------------------------------


class _Cells(HTMLParser):
    """The evidence map's numbers: each link's address, aria-label and text."""

    def __init__(self):
        super().__init__()
        self.cells: list[dict] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and "aria-label" in attributes and " for proposition " in attributes["aria-label"]:
            self._open = {**attributes, "text": ""}

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open is not None:
            self.cells.append(self._open)
            self._open = None


def test_each_number_of_the_map_links_a_list_of_exactly_the_records_it_counts(built, catalogue):
    parser = _Cells()
    parser.feed(html_page(built.site, "evidence-map"))
    nations = {paths.NATION_NAMES[n]: n for n in Nation}
    kinds = {plural: kind for kind, (_, plural) in paths.KIND_NAMES.items()}
    by_number = {p.number: p for p in catalogue.propositions}
    expected_cells = 0
    for proposition in catalogue.propositions:
        records = catalogue.proposition_evidence(proposition.id)
        expected_cells += sum(1 for n in Nation if any(n in {pl.nation for pl in e.places} for e in records))
        expected_cells += len({e.kind for e in records})
    assert len(parser.cells) == expected_cells > 20
    for cell in parser.cells:
        number, column = re.fullmatch(r"\d+ records? for proposition (\d+) in (.+)", cell["aria-label"]).groups()
        proposition = by_number[int(number)]
        records = catalogue.proposition_evidence(proposition.id)
        if column in nations:
            wanted = {e.id for e in records if nations[column] in {place.nation for place in e.places}}
        else:
            wanted = {e.id for e in records if e.kind is kinds[column]}
        first = urljoin("evidence-map/", cell["href"])
        listed = [record for url, html in follow_pages(built.site, first) for record in evidence_in(url, html)]
        assert sorted(listed) == sorted(wanted), cell
        assert int(cell["text"]) == len(wanted)


def test_the_map_page_holds_the_tables_only(pages, catalogue):
    page = pages[paths.EVIDENCE_MAP]
    assert "## The records behind each number" not in page
    assert not records_linked(page)  # the records are on the cells' own pages


# -- the print edition -----------------------------------------------------------------------------------


def test_past_print_evidence_up_to_the_print_edition_counts_each_propositions_evidence(pages, catalogue):
    page = pages[paths.PRINT_EDITION]
    assert "holds 26 evidence records, more than the 10 this edition prints one by one" in page
    for evidence in catalogue.evidence:
        assert f"{{#{evidence.id}}}" not in page  # no entry of its own
    state = catalogue.records["state-and-citizen"]
    count = len(catalogue.proposition_evidence(state.id))
    assert (
        f"**Evidence:** {count} records, [listed on the site](propositions/state-and-citizen/evidence.md): "
        "by kind, case studies 5, reports 7, statistics 1, conversations 2; by nation, England 5, Scotland 5, "
        "Wales 1, Northern Ireland 1, UK-wide 4."
    ) in page
    for proposition in catalogue.propositions:
        assert f"{{#{proposition.id}}}" in page  # the propositions and recommendations stay whole
        for rec in proposition.recommendations:
            assert f"{{#{rec.id}}}" in page
    # a reference to an evidence record in a proposition's text goes to the record's page
    assert "](evidence/treorchy-high-street.md)" in page and "](#treorchy-high-street)" not in page


def test_past_print_evidence_up_to_the_print_editions_links_lead_to_pages_of_the_site(built):
    html = html_page(built.site, "print")
    hrefs = [h for h in article_links(html).hrefs if not h.startswith(("#", "http"))]
    assert any(h.startswith("../evidence/") for h in hrefs)
    for href in hrefs:
        target = urljoin("print/", href).split("#")[0]
        assert (built.site / target / "index.html").is_file() or (built.site / target).is_file(), href


def test_up_to_print_evidence_up_to_the_print_edition_prints_every_record(catalogue):
    page = PageRenderer(catalogue, "Site", print_evidence_up_to=len(catalogue.evidence)).print_edition()
    for evidence in catalogue.evidence:
        assert f"{{#{evidence.id}}}" in page
    assert "this edition prints one by one" not in page


def test_a_print_evidence_up_to_that_is_not_a_whole_number_stops_the_check_and_the_build(tmp_path, capsys):
    project = make_project(tmp_path / "project", ROOT)
    config = project.root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("    feed_items: 50", "    print_evidence_up_to: -1\n    feed_items: 50")
    )
    message = (
        "mkdocs.yml: extra.publication.print_evidence_up_to: expected a whole number of 0 or more (the most "
        "evidence records the print edition and the PDF print one by one), got '-1'"
    )
    checked = check_in_process(capsys, project.root)
    assert checked.returncode == 1 and message in checked.stdout + checked.stderr
    result = project.build()
    assert not result.ok and any(message in line for line in result.log), result.log


# -- the new pages are pages like the other lists --------------------------------------------------------


def test_the_new_lists_are_described_dated_in_the_sitemap_and_left_out_of_search(built):
    sitemap = (built.site / "sitemap.xml").read_text(encoding="utf-8")
    for url in (
        "propositions/state-and-citizen/evidence/",
        "propositions/state-and-citizen/evidence/page/2/",
        "evidence-map/state-and-citizen/wales/",
        "evidence-map/state-and-citizen/report/page/2/",
    ):
        html = html_page(built.site, url)
        description = re.search(r'<meta name="description" content="([^"]+)"', html).group(1)
        assert len(description) > 80 and "proposition" in description, url
        assert f"/{url}</loc>\n         <lastmod>" in sitemap, url
        assert "data-pagefind-body" not in html, url  # the site's search leaves it out, as the other lists


def test_the_new_lists_sit_where_no_record_page_can(catalogue):
    proposition = catalogue.records["state-and-citizen"]
    assert paths.proposition_evidence_page(proposition) == "propositions/state-and-citizen/evidence.md"
    assert paths.map_cell_page(proposition, "wales") == "evidence-map/state-and-citizen/wales.md"
    # record pages are one level down (propositions/<id>.md, evidence/<id>.md): none is in a folder
    assert all(paths.record_page(r).count("/") == 1 for r in catalogue.records.values())


# -- bounded at any size ---------------------------------------------------------------------------------


def _bench_build():
    spec = importlib.util.spec_from_file_location("bench_build", ROOT / "tests" / "benchmarks" / "bench_build.py")
    module = sys.modules["bench_build"] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_pages_that_used_to_grow_stay_the_same_size_as_the_records_double(tmp_path):
    """Clones of the default evidence (benchmarks/bench_build.py): from 200 to 400 records, with pages of
    10 and the print edition counting past 50, no proposition page, the map or the print edition grows by
    more than a few per cent (the titles of the clones grow by a digit)."""
    clone_records = _bench_build().clone_records
    sizes = []
    for count in (200, 400):
        clone_records(tmp_path / str(count), count)
        renderer = PageRenderer(load(tmp_path / str(count)), "Site", page_size=10, print_evidence_up_to=50)
        pages = {page.src_uri: page.content for page in renderer.all_pages()}
        watched = [
            paths.PRINT_EDITION,
            paths.EVIDENCE_MAP,
            *(p for p in pages if re.fullmatch(r"propositions/[a-z0-9-]+\.md", p)),
        ]
        sizes.append({src: len(split_front_matter(pages[src])[1]) for src in watched})
        assert max(len(content) for content in pages.values()) < 50_000
    for src, size in sizes[0].items():
        assert sizes[1][src] <= size * 1.05, (src, size, sizes[1][src])


def test_a_propositions_evidence_list_shows_record_text_as_its_page_does(tmp_path):
    """Markup in a title and a `how` (tests/hostile/list-markup-in-a-title-place-and-how): the evidence list
    writes each support line as the proposition's page does, through the same escaping, so what the
    hostile corpus proves of the page (nothing runs) holds for the list."""
    from test_broken_records import lay_over
    from test_hostile_records import HOSTILE

    shutil.copytree(FIXTURES / "minimal", tmp_path / "records")
    lay_over(HOSTILE / "list-markup-in-a-title-place-and-how", tmp_path / "records")
    catalogue = load(tmp_path / "records")
    proposition = catalogue.records["future-can-be-local"]
    whole = PageRenderer(catalogue, "Site").proposition_page(proposition)
    listed = {page.src_uri: page.content for page in PageRenderer(catalogue, "Site", page_size=1).all_pages()}

    def support_lines(markdown: str) -> list[str]:  # the Treorchy lines, without their link targets
        return [
            re.sub(r"\]\([^)]*\.md[^)]*\)", "]()", line)
            for line in markdown.splitlines()
            if line.startswith("- [Treorchy")
        ]

    lines = support_lines(whole)
    assert len(lines) == 1 and "&lt;script&gt;alert(3)&lt;/script&gt;" in lines[0], lines
    assert support_lines(listed[paths.proposition_evidence_page(proposition)]) == lines
