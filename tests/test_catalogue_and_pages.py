"""The core without MkDocs: a fixture tree of records in, a catalogue and markdown pages out."""

from __future__ import annotations

import datetime as dt

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
    assert [e.id for e in catalogue.proposition_evidence("future-can-be-local")] == ["the-paper",
                                                                                      "treorchy-high-street"]


def test_the_catalogue_indexes_evidence_by_nation_kind_theme_and_actor():
    catalogue = load_minimal()

    assert [e.id for e in catalogue.by_nation[Nation.wales]] == ["treorchy-high-street"]
    assert [e.id for e in catalogue.by_kind[Kind.report]] == ["the-paper"]
    assert [r.id for r in catalogue.by_theme["place"]] == ["future-can-be-local", "treorchy-high-street"]
    assert [e.recommendation.id for e in catalogue.by_actor["Funders"]] == ["invest-in-the-hyperlocal"]


def test_a_proposition_page_lists_recommendations_with_anchors_and_evidence_by_kind():
    page = PageRenderer(load_minimal(), "Site").proposition_page(load_minimal().records["future-can-be-local"])

    assert '### Recommendation 6: Invest in the hyperlocal {#invest-in-the-hyperlocal}' in page
    assert "**Who should act:** Funders and UK Government" in page
    assert "*Made as recommendation 6 in [The paper](../evidence/the-paper.md) (Example Trust, 2020).*" in page
    assert "### Case studies\n\n- [Treorchy high street](../evidence/treorchy-high-street.md)" in page
    assert "### Reports\n\n- [The paper](../evidence/the-paper.md)" in page
    assert "See [Treorchy high street](../evidence/treorchy-high-street.md)." in page


def test_an_evidence_page_says_what_where_when_and_links_back():
    catalogue = load_minimal()
    page = PageRenderer(catalogue, "Site").evidence_page(catalogue.records["treorchy-high-street"])

    assert "Where\n:   Treorchy, Rhondda Cynon Taf ([Wales](../browse/nation-wales.md))" in page
    assert "When\n:   January 2019 to June 2020" in page
    assert ("- Proposition 3: [The future can be local (as well as global)](../propositions/future-can-be-local.md), "
            "recommendation [Invest in the hyperlocal](../propositions/future-can-be-local.md#invest-in-the-hyperlocal)."
            " Local people built it up together.") in page


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

    assert '<td><a href="#future-can-be-local--wales" aria-label="1 for proposition 3 in Wales">1</a></td>' in page
    assert "<td><em>none</em></td>" in page  # nothing from Scotland, England or Northern Ireland


def test_a_reference_written_in_code_is_shown_as_written(tmp_path):
    import shutil

    shutil.copytree(FIXTURES / "minimal", tmp_path / "records")
    record = tmp_path / "records" / "evidence" / "treorchy-high-street.yml"
    record.write_text(record.read_text(encoding="utf-8").replace(
        "summary: A thriving high street in the Rhondda.",
        "summary: Link a record with `[[its-id]]`, as in [[the-paper]]."), encoding="utf-8")

    result = load_publication(tmp_path / "records", today=TODAY)

    assert result.problems == []
    page = PageRenderer(result.catalogue, "Site").evidence_page(result.catalogue.records["treorchy-high-street"])
    assert "Link a record with `[[its-id]]`, as in [The paper](the-paper.md)." in page


def test_record_html_cannot_load_from_other_hosts_or_take_material_ids():
    from publication.richtext import sanitise_html

    html = ('<p id="__search">x<img src="https://tracker.example/p.png" alt="a">'
            '<img src="../assets/map.png" alt="b"></p><nav>menu</nav><input type="checkbox">')

    assert sanitise_html(html) == '<p>x<img alt="a"><img src="../assets/map.png" alt="b"></p>menu'
