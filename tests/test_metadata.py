"""Metadata for machines and search that answers once, read from the built default site: every record
page's head carries its own description, OpenGraph, Highwire Press citation_* tags and JSON-LD; the
downloads page describes a Dataset; the search index holds each record once, on its own page."""

from __future__ import annotations

import collections
import json
from pathlib import Path

import lxml.html
import pytest
import yaml
from conftest import FIXTURES, ROOT, make_project
from test_broken_records import lay_over

from publication.load import load_publication
from publication.metadata import PageMetadata, add_front_matter, opening_paragraph
from publication.plaintext import shortened
from publication.settings import feed_settings

SITE_URL = "https://building-back-better.example.org/"
HOSTILE = Path(__file__).resolve().parent / "hostile" / "meta-script-quotes-and-line-breaks"
SITE_DESCRIPTION = (
    "The six propositions of Building Back for the Better (Carnegie UK Trust, 2020), their recommendations, "
    "and community evidence from the UK's COVID-19 recovery."
)


@pytest.fixture(scope="module")
def catalogue():
    return load_publication(ROOT, include_drafts=False).catalogue


def head_of(path) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(path)).getroot().find("head")


def meta(head, attribute: str, name: str) -> list[str]:
    return [m.get("content") for m in head.iter("meta") if m.get(attribute) == name]


def jsonld(head) -> list[dict]:
    return [json.loads(s.text) for s in head.iter("script") if s.get("type") == "application/ld+json"]


def record_pages(site, catalogue):
    for record in catalogue.records.values():
        folder = "propositions" if record.__class__.__name__ == "Proposition" else "evidence"
        yield record, site / folder / record.id / "index.html"


def test_every_record_page_says_what_it_is_to_scholar_search_engines_and_link_previews(default_site, catalogue):
    descriptions = []
    for record, page in record_pages(default_site.site, catalogue):
        head = head_of(page)
        assert meta(head, "name", "citation_title") == [record.title]
        assert meta(head, "name", "citation_author") == ["Building Back for the Better"]
        assert meta(head, "name", "citation_publication_date") == [record.published.strftime("%Y/%m/%d")]
        assert meta(head, "name", "citation_pdf_url") == []  # no PDF edition is built yet
        assert meta(head, "property", "og:title") == [record.title]
        assert meta(head, "property", "og:type") == ["article"]
        assert meta(head, "property", "og:site_name") == ["Building Back for the Better"]
        url = SITE_URL + page.parent.relative_to(default_site.site).as_posix() + "/"
        assert meta(head, "property", "og:url") == [url]
        [description] = meta(head, "name", "description")
        assert meta(head, "property", "og:description") == [description]
        assert description != SITE_DESCRIPTION and 40 < len(description) <= 160
        assert record.summary.split()[0] in description  # from the record's own summary
        descriptions.append(description)
        [data] = jsonld(head)
        assert data["@context"] == "https://schema.org" and data["@id"] == url and data["name"] == record.title
        if record.__class__.__name__ == "Proposition":
            assert data["@type"] == "Claim"
            assert data["isBasedOn"]["@id"] == SITE_URL + f"evidence/{record.source}/"
            assert data["isBasedOn"]["@type"] == "Report"
        else:
            assert data["@type"] == ("Report" if record.kind.value == "report" else "Article")
            assert {c["name"] for c in data.get("citation", [])} == {s.title for s in record.sources}
            assert all(a["@type"] == "Claim" for a in data["about"])
    assert len(set(descriptions)) == len(descriptions)


def test_a_report_record_names_the_institution_that_published_it(default_site):
    head = head_of(default_site.site / "evidence" / "building-back-for-the-better" / "index.html")
    assert meta(head, "name", "citation_technical_report_institution") == ["Carnegie UK Trust"]
    case_study = head_of(default_site.site / "evidence" / "treorchy-high-street" / "index.html")
    assert meta(case_study, "name", "citation_technical_report_institution") == []


def test_the_downloads_page_describes_the_data_as_a_dataset(default_site):
    head = head_of(default_site.site / "downloads" / "index.html")
    [data] = jsonld(head)
    assert data["@type"] == "Dataset" and data["description"]
    downloads = data["distribution"]
    assert [d["@type"] for d in downloads] == ["DataDownload"] * 3
    for download in downloads:
        assert download["contentUrl"].startswith(SITE_URL)
        assert (default_site.site / download["contentUrl"][len(SITE_URL) :]).is_file()
    assert {d["encodingFormat"] for d in downloads} == {"application/json", "text/csv"}


def test_every_page_has_a_description_and_the_generated_ones_their_own(default_site):
    seen = collections.Counter()
    for page in default_site.site.rglob("index.html"):
        head = head_of(page)
        [description] = meta(head, "name", "description")
        assert meta(head, "property", "og:description") == [description], page
        assert meta(head, "property", "og:title"), page
        seen[description] += 1
    # Only the home page falls back on the site's description.
    assert seen[SITE_DESCRIPTION] == 1
    updates = head_of(default_site.site / "updates" / "index.html")
    assert meta(updates, "name", "description")[0].startswith("Everything added or changed")


def test_the_home_page_the_report_record_and_the_print_edition_have_distinct_titles(default_site):
    site = default_site.site
    titles = [
        head_of(site / path).findtext("title")
        for path in ("index.html", "evidence/building-back-for-the-better/index.html", "print/index.html")
    ]
    assert titles == [
        "Building Back for the Better",
        "Building Back for the Better (report) - Building Back for the Better",
        "Building Back for the Better: print edition - Building Back for the Better",
    ]


def test_a_pdf_edition_is_named_where_there_is_one(catalogue):
    settings = feed_settings(SITE_URL, "Building Back for the Better", "d", None, True, {})
    pdf = SITE_URL + "print/treorchy-high-street.pdf"
    facts = PageMetadata(catalogue, settings, {"evidence/treorchy-high-street.md": pdf}).of(
        "evidence/treorchy-high-street.md", ""
    )
    assert ["citation_pdf_url", pdf] in facts["page_meta"]["citation"]


def test_descriptions_are_cut_at_a_word_and_front_matter_is_added_not_replaced():
    text = "Treorchy, in the Rhondda Fawr valley in Wales, " * 6
    cut = shortened(text)
    assert len(cut) <= 160 and cut.endswith("…") and text.startswith(cut[:-1])
    assert text[len(cut) - 1] == " "  # the cut falls between words
    assert shortened("Short enough.") == "Short enough."
    page = '---\ntitle: "A title"\n---\n# A title\n\nIts first paragraph.\n'
    added = add_front_matter(page, {"title": "ignored", "description": 'Say "hi" & go'})
    assert added == '---\ntitle: "A title"\ndescription: Say "hi" & go\n---\n# A title\n\nIts first paragraph.\n'
    assert opening_paragraph("# Title\n\n- a list\n\n!!! note\n\nThe prose.\n") == "The prose."


def test_hostile_titles_and_summaries_reach_the_head_as_the_text_they_are(tmp_path, capsys):
    """tests/hostile/meta-script-quotes-and-line-breaks, built: each value, read back from its attribute or
    its JSON string, is the record's text exactly (its summary on one line), and nothing else got in."""
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    lay_over(HOSTILE, project.root)
    (project.root / "expected.yml").unlink()
    assert project.build().ok
    records = load_publication(project.root, include_drafts=False).catalogue.records
    evidence, proposition = records["treorchy-high-street"], records["future-can-be-local"]

    head = head_of(project.site / "evidence" / "treorchy-high-street" / "index.html")
    summary = " ".join(evidence.summary.split())
    assert meta(head, "name", "citation_title") == meta(head, "property", "og:title") == [evidence.title]
    assert meta(head, "name", "description") == meta(head, "property", "og:description") == [summary]
    [data] = jsonld(head)
    assert data["name"] == data["headline"] == evidence.title and data["description"] == summary
    assert data["citation"][0]["name"] == evidence.sources[0].title
    assert data["citation"][0]["author"] == [{"@type": "Person", "name": evidence.sources[0].authors[0]}]
    assert head.findtext("title") == f"{evidence.title} (case study) - Building Back for the Better"
    assert [s.get("type") for s in head.iter("script") if not s.get("src")].count("application/ld+json") == 1

    head = head_of(project.site / "propositions" / "future-can-be-local" / "index.html")
    assert meta(head, "property", "og:title") == [proposition.title]
    [data] = jsonld(head)
    assert data["name"] == proposition.title and data["@type"] == "Claim"


@pytest.mark.parametrize(
    "title",
    ["Caf\u00e9 \U0001f600 news", "a\u0085line break", "two\u2028lines", "quote ' and \" and : colon", "- dash", ""],
)
def test_front_matter_gives_back_exactly_the_values_written(title: str):
    # The YAML that MkDocs reads back must hold the very values: PyYAML's pure-Python dumper folds a NEL or a
    # line separator inside quotes into a space; libyaml's, used when installed, escapes them.
    page = add_front_matter("# A page\n", {"title": title, "keywords": [title, "x"]})
    front = page[len("---\n") : page.index("\n---\n", 3)]
    assert yaml.safe_load(front) == {"title": title, "keywords": [title, "x"]}
    assert page.endswith("---\n# A page\n")
