"""A publication that looks like one: fact boxes on record pages, a designed home page, the evidence map as a gap
map, periods said once, and the reader's place shown in the navigation.

The pages are rendered from the default content and the minimal fixture; the built default site (conftest's
`default_site`) shows what survives the sanitiser and what Material makes of it. How they look in a browser, in
both colour schemes and on a phone, is tests/test_browser.py's.
"""

from __future__ import annotations

import re

import pytest
from conftest import FIXTURES, ROOT

from publication.load import load_publication
from publication.navsection import section_of
from publication.pages import Links, PageRenderer, map_legend, map_shade
from publication.recordtext import guard, lint
from publication.richtext import MAP_SHADES, TEMPLATE_CLASSES, sanitise_html
from publication.text import period_phrase
from publication.views import MapShade


def renderer_for(records=ROOT) -> tuple[PageRenderer, object]:
    result = load_publication(records)
    assert not result.errors
    return PageRenderer(result.catalogue, "Site"), result.catalogue


def page(default_site, path: str) -> str:
    return (default_site.site / path).read_text(encoding="utf-8")


# -- periods ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "said"),
    [
        ("2020-07", "2020-07", "July 2020"),
        ("2020-07", None, "July 2020"),
        ("2020-03", "2020-06", "March to June 2020"),
        ("2020-07-01", "2020-07-21", "1 to 21 July 2020"),
        ("2020-03-01", "2020-07-21", "1 March to 21 July 2020"),
        ("2019", "2021", "2019 to 2021"),
        ("2019-01", "2020-06", "January 2019 to June 2020"),
        ("2020", "2020-06", "2020 to June 2020"),
    ],
)
def test_a_period_names_each_month_and_year_once(start, end, said):
    assert period_phrase(start, end) == said


def test_a_period_within_one_month_reads_as_that_month_on_the_lists():
    renderer, _ = renderer_for()

    wales = renderer.nation_page(next(n for n in renderer.catalogue.by_nation if n.value == "wales"))

    assert "(report, England, Scotland and Wales, May 2020)" in wales
    assert "May 2020 to May 2020" not in wales


# -- fact boxes ------------------------------------------------------------------------------------------


def test_an_evidence_page_opens_with_a_compact_fact_box(default_site):
    html = page(default_site, "evidence/treorchy-high-street/index.html")

    box = re.search(r'<section class="pub-facts">\n<dl>(.*?)</dl>\n</section>', html, re.S)
    assert box, "no fact box"
    labels = re.findall(r"<dt>([^<]+)</dt>", box.group(1))
    assert labels == ["Kind", "Where", "When", "Themes", "Published"]
    assert "<dd>January 2020</dd>" in box.group(1)  # a period of one month, said once
    body = html.index("<article")  # the head's meta description quotes the summary too
    assert html.index("pub-facts", body) < html.index("Rhondda Fawr valley", body)  # before the summary
    assert "At a glance" not in html


def test_a_proposition_page_opens_with_its_facts_and_counts_linked_to_its_sections(default_site):
    html = page(default_site, "propositions/future-can-be-local/index.html")

    box = re.search(r'<section class="pub-facts">\n<dl>(.*?)</dl>\n</section>', html, re.S).group(1)
    assert re.findall(r"<dt>([^<]+)</dt>", box) == ["Proposition", "Themes", "Recommendations", "Evidence", "Published"]
    assert "<dd>3 of <a" in box and "Building Back for the Better</a>, p. 8</dd>" in box
    assert '<dd><a href="#section_recommendations" rel="noopener noreferrer">2 recommendations</a></dd>' in box
    assert '<dd><a href="#section_evidence" rel="noopener noreferrer">11 records</a></dd>' in box


def test_a_changed_record_says_when_it_was_last_updated():
    renderer, catalogue = renderer_for(FIXTURES / "feeds")

    markdown = renderer.proposition_page(catalogue.records["alpha-local"])

    assert "Published\n:   23 July 2020\n\nLast updated\n:   17 March 2021\n\n</section>" in markdown


# -- the home page ---------------------------------------------------------------------------------------


def test_the_home_page_presents_the_publication_its_authors_and_date():
    renderer, _ = renderer_for()

    home = renderer.home_sections()

    assert (
        "**Building Back for the Better**. By Jennifer Wallace, Douglas White and Sarah Davidson, "
        "Carnegie UK Trust, 23 July 2020.\n{: .pub-byline }"
    ) in home
    assert "[About the publication](evidence/building-back-for-the-better.md)" in home


def test_the_home_page_shows_the_propositions_as_cards_with_their_counts(default_site):
    html = page(default_site, "index.html")

    cards = re.findall(r'<section class="pub-card">(.*?)</section>', html, re.S)
    assert len(cards) == 6
    assert '<a href="propositions/future-can-be-local/"' in cards[2]
    assert '<p class="pub-card-counts">2 recommendations · 11 evidence records</p>' in cards[2]
    assert re.search(r'<a class="pub-button" href="feeds/rss.xml"[^>]*>RSS feed</a>', html)


def test_the_home_page_presents_the_report_the_propositions_come_from_with_what_its_sources_say():
    renderer, catalogue = renderer_for(FIXTURES / "minimal")

    publication = renderer.views.publication(Links(catalogue, "index.md"))

    assert (publication.title, publication.publisher, publication.date) == ("The paper", "Example Trust", "2020-07-23")
    assert publication.authors == () and publication.url == "https://example.org/paper"
    assert "**The paper**. Published by Example Trust, 23 July 2020." in renderer.home_sections()


# -- the evidence map ------------------------------------------------------------------------------------


def test_map_shades_split_the_counts_into_equal_steps_and_gaps_have_none():
    assert [map_shade(n, 8) for n in range(9)] == [0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert map_shade(1, 1) == MAP_SHADES  # the fullest cell always has the strongest shade
    assert map_legend(8) == [MapShade(1, 1, 2), MapShade(2, 3, 4), MapShade(3, 5, 6), MapShade(4, 7, 8)]
    assert map_legend(0) == []


def test_the_map_is_a_gap_map_with_counts_as_text_a_legend_and_links_to_the_records(default_site):
    html = page(default_site, "evidence-map/index.html")

    assert html.count('<section class="pub-map-scroll">\n<table class="pub-map">') == 2
    assert '<p class="pub-map-hint">On a narrow screen the table scrolls sideways' in html
    assert '<li><span class="pub-map-swatch pub-map-gap">gap</span> no records yet</li>' in html
    cells = re.findall(r'<td class="(pub-map-[a-z0-9]+)">(.*?)</td>', html)
    assert len(cells) == 6 * (5 + 4)
    for shade, content in cells:
        if shade == "pub-map-gap":
            assert content == "gap"
        else:
            count = re.fullmatch(
                r'<a href="([a-z0-9-]+/[a-z0-9-]+/)" aria-label="(\d+) records? for [^"]+"[^>]*>(\d+)</a>', content
            )
            assert count and count.group(2) == count.group(3), content
            listed = page(default_site, f"evidence-map/{count.group(1)}index.html")  # the records behind the number
            assert listed.count('<li><a href="../../../evidence/') == int(count.group(2)), count.group(1)


# -- template classes are the site's own -----------------------------------------------------------------


def test_the_sanitiser_keeps_the_templates_classes_on_the_templates_tags():
    for tag, classes in TEMPLATE_CLASSES.items():
        for name in classes:
            assert name.startswith("pub-")
            element = f'<{tag} class="{name}">x</{tag}>'
            if tag in ("td", "th"):  # a cell only stands in a table
                element = f"<table><tbody><tr>{element}</tr></tbody></table>"
            assert f'class="{name}"' in sanitise_html(element)
    assert "div" not in TEMPLATE_CLASSES  # an admonition (`!!! pub-facts`) makes a div: none carries one


def test_record_text_cannot_use_the_templates_classes():
    text = 'Rated <span class="pub-strength">Level 5 of 5</span> and <span class="note">noted</span>.'

    assert [f.message.split(" belongs")[0] for f in lint(text)] == ["the class 'pub-strength'"]
    shown = sanitise_html(f"<p>{guard(text)}</p>")
    assert shown == "<p>Rated <span>Level 5 of 5</span> and <span>noted</span>.</p>"


# -- where the reader is ---------------------------------------------------------------------------------

NAV = ["index.md", "propositions/index.md", "evidence/index.md", "browse/index.md", "about.md"]


@pytest.mark.parametrize(
    ("page_path", "section"),
    [
        ("evidence/treorchy-high-street.md", "evidence/index.md"),
        ("propositions/future-can-be-local.md", "propositions/index.md"),
        ("browse/nation-wales.md", "browse/index.md"),
        ("evidence/index.md", None),  # in the navigation itself
        ("evidence-strength.md", None),  # at the top of the site: no section
        ("notes/x.md", None),  # its folder's index is not in the navigation
    ],
)
def test_a_page_outside_the_navigation_belongs_to_its_folders_index(page_path, section):
    assert section_of(page_path, NAV) == section


def test_a_record_page_highlights_its_section_and_shows_a_breadcrumb(default_site):
    html = page(default_site, "evidence/treorchy-high-street/index.html")

    active = re.findall(r'<li class="md-nav__item md-nav__item--active">\s*<a href="([^"]+)"', html)
    assert active == ["../"]  # Evidence, and nothing else
    crumbs = re.search(r'<nav class="md-path" aria-label="Breadcrumb" >(.*?)</nav>', html, re.S).group(1)
    assert re.findall(r'<a href="([^"]+)" class="md-path__link">\s*<span class="md-ellipsis">\s*(\w+)', crumbs) == [
        ("../..", "Home"),
        ("../", "Evidence"),
    ]


def test_a_page_in_the_navigation_marks_only_itself(default_site):
    html = page(default_site, "about/index.html")

    assert html.count("md-nav__item--active") == 1
    assert re.search(
        r'md-nav__item--active">(?:(?!</li>).)*<a href="./" class="md-nav__link md-nav__link--active">', html, re.S
    )
    assert 'class="md-path"' not in html
