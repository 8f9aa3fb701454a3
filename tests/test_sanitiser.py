"""Record HTML in, safe HTML out: what the sanitiser keeps and drops on pages and in feeds, and the table of
contents Material writes beside it.

Pages run through `sanitise_html` whole (our markup and the editors'), so it keeps only what our pages and
Python-Markdown need. Material writes `page.toc` into the sidebar unescaped, so `on_page_content` makes its
entries safe too; the last tests render Material's own toc partial to show what a reader gets.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import jinja2
import markdown
import material
import pytest
from mkdocs.structure.toc import get_toc

from publication.richtext import FeedHtml, is_safe_anchor, leaves_the_site, sanitise_html
from publication.safe_pages import mark_untrusted

REL = 'rel="noopener noreferrer"'


def feed_html(text: str) -> str:
    """Record markdown as a feed item's HTML, [[references]] linked under https://e.org/."""
    return FeedHtml(lambda rid: f"https://e.org/{rid}/", lambda rid: rid).render(text)


# -- links -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "href",
    [
        "https://evil.example/",
        "/\\evil.example/",
        "//evil.example/",
        "HTTPS://evil.example/",
        "../the-paper/",
        "#sources",
    ],
)
def test_every_link_keeps_its_address_loses_target_and_opener_and_gets_noopener(href):
    html = f'<p><a href="{href}" target="_blank" rel="opener">the report</a></p>'
    assert sanitise_html(html) == f'<p><a href="{href}" {REL}>the report</a></p>'


def test_feed_links_lose_target_and_rel_too():
    html = feed_html('See <a href="https://evil.example/" target="_blank" rel="opener">the report</a>.')
    assert html == '<p>See <a href="https://evil.example/">the report</a>.</p>'


@pytest.mark.parametrize("href", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "vbscript:x", "data:text/html,x"])
def test_links_that_run_script_lose_their_address(href):
    assert sanitise_html(f'<a href="{href}">x</a>') == f"<a {REL}>x</a>"


# -- attributes and classes ----------------------------------------------------------------------------------


def test_attributes_that_drive_material_or_act_on_the_reader_are_dropped():
    html = (
        '<span data-clipboard-text="curl https://evil.example | sh" data-md-component="dialog" role="dialog" '
        'tabindex="0" hidden style="position:fixed" dir="rtl" aria-hidden="true" accesskey="s" '
        'contenteditable="true" onclick="x()" lang="cy" title="Croeso">Copy this</span>'
    )
    assert sanitise_html(html) == '<span lang="cy" title="Croeso">Copy this</span>'


def test_our_own_markup_keeps_what_it_needs():
    html = (
        '<table><caption>Per nation</caption><thead><tr><th scope="col">Proposition</th></tr></thead>'
        '<tbody><tr><th scope="row">3. Local</th><td><a href="#future-can-be-local--wales" '
        'aria-label="1 for proposition 3 in Wales">1</a></td></tr></tbody></table>'
        '<h2 id="section_history">History<a class="headerlink" href="#section_history" '
        'title="Link to this section">&para;</a></h2>'
        '<div class="admonition warning"><p class="admonition-title">Draft</p><p>Not yet.</p></div>'
    )
    assert sanitise_html(html) == html.replace("&para;", "\u00b6").replace('">1</a>', f'" {REL}>1</a>').replace(
        '">\u00b6</a>', f'" {REL}>\u00b6</a>'
    )


@pytest.mark.parametrize(
    "markup, expected",
    [
        ('<div class="md-dialog md-dialog--active">Session expired</div>', "<div>Session expired</div>"),
        ('<div class="admonition note md-header">Note</div>', '<div class="admonition note">Note</div>'),
        ('<p class="md-search__overlay admonition-title">Title</p>', '<p class="admonition-title">Title</p>'),
        ('<span class="md-clipboard md-icon headerlink">x</span>', "<span>x</span>"),
    ],
)
def test_only_admonition_and_permalink_classes_survive(markup, expected):
    assert sanitise_html(markup) == expected


def test_an_admonition_cannot_borrow_a_material_class():
    html = markdown.markdown('!!! md-dialog "Fake"\n    Its text stays.', extensions=["admonition"])
    assert sanitise_html(html) == (
        '<div class="admonition">\n<p class="admonition-title">Fake</p>\n<p>Its text stays.</p>\n</div>'
    )


# -- images --------------------------------------------------------------------------------------------------

ELSEWHERE = [
    "https://evil.example/a.png",
    "//evil.example/a.png",
    "/\\evil.example/a.png",
    "\\\\evil.example/a.png",
    " //evil.example/a.png",
    "\t/\t/evil.example/a.png",
    "\x01//evil.example/a.png",
    "HTTPS:evil.example/a.png",
    "data:image/svg+xml,%3Csvg%3E",
    "javascript:alert(1)",
]


@pytest.mark.parametrize("src", ELSEWHERE)
def test_an_image_a_browser_would_fetch_from_another_host_loses_its_address(src):
    assert leaves_the_site(src)
    assert sanitise_html(f'<img src="{src}" alt="chart">') == '<img alt="chart">'
    assert sanitise_html(f'<p>A <img src="{src}" alt="chart"></p>', feed=True) == '<p>A <img alt="chart"></p>'


@pytest.mark.parametrize("src", ["chart.png", "../assets/chart.png", "/assets/chart.png", "./x//y.png"])
def test_an_image_on_the_site_keeps_its_address(src):
    assert not leaves_the_site(src)
    assert sanitise_html(f'<img src="{src}" alt="chart">') == f'<img src="{src}" alt="chart">'


def test_a_markdown_image_from_another_host_is_dropped_in_a_feed():
    assert (
        feed_html("![a](https://evil.example/a.png) ![b](HTTPS:evil.example/b.png)")
        == '<p><img alt="a"> <img alt="b"></p>'
    )


# -- ids --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "anchor, safe",
    [
        ("future-can-be-local", True),
        ("section_history", True),
        ("future-can-be-local--wales", True),
        ("A1", True),
        ("__search", False),
        ("_1", False),
        ("-x", False),
        ('x" onmouseover="alert(1)', False),
        ("x y", False),
        ("caf\u00e9", False),
        ("", False),
        ("x\n", False),
    ],
)
def test_a_safe_anchor_is_a_plain_slug(anchor, safe):
    assert is_safe_anchor(anchor) is safe


def test_ids_that_are_not_plain_slugs_are_dropped_and_so_are_in_page_links_to_them():
    html = (
        '<h2 id="__search">a<a class="headerlink" href="#__search">\u00b6</a></h2>'
        '<p id=\'x" onmouseover="alert(1)\'>b</p><p id="ok"><a href="#">top</a> <a href="#ok">here</a></p>'
    )
    assert sanitise_html(html) == (
        f'<h2>a<a class="headerlink" {REL}>\u00b6</a></h2><p>b</p>'
        f'<p id="ok"><a href="#" {REL}>top</a> <a href="#ok" {REL}>here</a></p>'
    )


def test_feed_items_carry_no_ids():
    assert feed_html('<p id="ok">x</p>') == "<p>x</p>"


# -- the table of contents --------------------------------------------------------------------------------------

HOSTILE_HEADINGS = """\
## Quote {: #x" onmouseover="alert(1)" }

### Kept below a dropped entry

## Label {: data-toc-label='<img src=x onerror=alert(2)>' }

<h2 id='y" onfocus="alert(3)' markdown>Raw id</h2>

## __search

## Fish &lt;script&gt;alert(4)&lt;/script&gt; <em>market</em>
"""


def _page(text: str = HOSTILE_HEADINGS, marked: bool = True, extensions=("publication.safe_pages",)):
    """A page as an engine renders it: Python-Markdown with the site's extensions, the toc made from its tokens.
    `marked`: the page carries the core's mark for pages that show record text (generated pages, home)."""
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "toc", *extensions])
    html = md.convert(mark_untrusted(text) if marked else text)
    return SimpleNamespace(toc=get_toc(md.toc_tokens)), html


def _sidebar(page) -> str:
    """Material's own partials/toc.html, rendered for `page` as the theme renders it."""
    loader = jinja2.FileSystemLoader(Path(material.__file__).parent / "templates")
    template = jinja2.Environment(loader=loader).get_template("partials/toc.html")
    return " ".join(
        template.render(
            page=page, config=SimpleNamespace(mdx_configs={}), lang=SimpleNamespace(t=lambda key: "Table of contents")
        ).split()
    )


def _entries(toc, depth=0) -> list[tuple[int, str, str]]:
    """(depth, id, title) of every entry, depth first."""
    rows = []
    for entry in toc:
        rows += [(depth, entry.id, entry.title), *_entries(entry.children, depth + 1)]
    return rows


def test_without_the_extension_material_writes_hostile_ids_and_labels_into_the_sidebar():
    page, _ = _page(extensions=())
    sidebar = _sidebar(page)
    assert '<a href="#x"" class="md-nav__link">' in sidebar  # attr_list's id: a stray quote
    assert '<a href="#y" onfocus="alert(3)" class="md-nav__link">' in sidebar  # md_in_html's: a handler


def test_a_generated_page_keeps_only_plain_slug_entries_with_plain_text_titles():
    page, html = _page()
    assert _entries(page.toc) == [
        (0, "kept-below-a-dropped-entry", "Kept below a dropped entry"),
        (0, "label", ""),
        (0, "fish-scriptalert4script-market", "Fish &lt;script&gt;alert(4)&lt;/script&gt; market"),
    ]
    sidebar = _sidebar(page)
    assert "onmouseover" not in sidebar and "onfocus" not in sidebar and "onerror" not in sidebar
    assert "__search" not in sidebar
    assert (
        '<a href="#fish-scriptalert4script-market" class="md-nav__link"> <span class="md-ellipsis"> '
        "Fish &lt;script&gt;alert(4)&lt;/script&gt; market </span>" in sidebar
    )


def test_a_marked_page_body_is_sanitised_and_unmarked_hand_written_pages_are_left_as_written():
    _, html = _page()
    assert "onmouseover" not in html and "onfocus" not in html and "onerror" not in html
    assert "publication:" not in html  # the mark itself is gone
    about, html = _page('## About us\n\n## Contact {: #contact-us }\n\n<p onclick="x()">raw</p>\n', marked=False)
    assert '<p onclick="x()">raw</p>' in html
    assert [(e.id, e.title) for e in about.toc] == [("about-us", "About us"), ("contact-us", "Contact")]


def test_the_mark_goes_after_front_matter_so_the_engine_still_reads_the_title():
    marked = mark_untrusted("---\ntitle: A\n---\n# Body\n")
    assert marked.startswith("---\ntitle: A\n---\n<!-- publication:")
    assert mark_untrusted("# Body\n").startswith("<!-- publication:")


def test_only_the_site_html_after_the_last_mark_skips_the_sanitiser():
    """A page of a long list ends with its pagination, HTML of the site's own, after the core's mark. A record
    text that writes the same mark earlier on the page gets nothing past the sanitiser."""
    from publication.safe_pages import TRUSTED_MARK, with_site_html

    record_text = f"Summary\n\n{TRUSTED_MARK}\n<img src=x onerror=alert(1)>\n\nMore record text"
    page = with_site_html(
        mark_untrusted(f"# Title\n\n{record_text}\n"), '<nav aria-label="Pages"><a aria-current="page">1</a></nav>'
    )
    html = markdown.Markdown(extensions=["publication.safe_pages"]).convert(page)
    assert "onerror" not in html and "More record text" in html
    assert html.endswith('<nav aria-label="Pages"><a aria-current="page">1</a></nav>')
    unmarked = markdown.Markdown(extensions=["publication.safe_pages"]).convert(f"{TRUSTED_MARK}\n<p onclick=x>")
    assert "<p onclick=x>" in unmarked  # a hand-written page: left as written, mark and all
