"""Feeds for subscribers, checked on built sites (strict builds in this process; the build on another
day runs `mkdocs build --strict` under faketime, which needs a process of its own).

The publication is tests/fixtures/feeds (two propositions, four evidence records, minor and major
changes, same-day ties); see tests/test_updates.py for the unit tests without a build.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from conftest import FIXTURES, Project, make_project
from lxml import etree

FEEDS_TREE = FIXTURES / "feeds"
SITE_URL = "https://building-back-better.example.org/"
ATOM = "http://www.w3.org/2005/Atom"
FEED_FILES = [
    "alpha-local.atom.xml",
    "alpha-local.rss.xml",
    "atom.xml",
    "beta-wellbeing.atom.xml",
    "beta-wellbeing.rss.xml",
    "rss.xml",
]
ALL_ITEMS = 12  # two proposition and four evidence publications, six major changes (two minor ones make none)
TAG = re.compile(r"^tag:building-back-better\.example\.org,\d{4}-\d{2}-\d{2}:[a-z0-9-]+/(published|change-\d+)$")
RECORD_DATES = {"2020-07-23", "2020-12-02", "2021-01-10", "2021-03-17", "2021-06-01"}  # published and changed
RFC822_ZONED = re.compile(r"^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$")


def build_ok(project: Project) -> Project:
    """Build strictly; the build must finish."""
    result = project.build()
    assert result.ok, result.stderr
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Project:
    """The feeds fixture publication, built once for the tests that only read it."""
    return build_ok(make_project(tmp_path_factory.mktemp("feeds") / "project", FEEDS_TREE))


def feed(project: Project, name: str):
    parsed = feedparser.parse((project.site / "feeds" / name).read_bytes())
    assert parsed.bozo == 0, (name, parsed.get("bozo_exception"))
    return parsed


def built_file(project: Project, url: str) -> tuple[Path, str]:
    """The file a site URL is served from, and its fragment; fails if the URL is not in the site."""
    assert url.startswith(SITE_URL), url
    parts = urlsplit(url)
    path = parts.path[len(urlsplit(SITE_URL).path) :]
    file = project.site / path
    if not path or path.endswith("/"):
        file = file / "index.html"
    assert file.is_file(), f"{url} points to no built file ({file})"
    return file, parts.fragment


def assert_resolves(project: Project, url: str) -> None:
    file, fragment = built_file(project, url)
    if fragment:
        assert f'id="{fragment}"' in file.read_text(), f"{url}: no element with that id"


def every_file(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_sites(one: Path, other: Path) -> None:
    first, second = every_file(one), every_file(other)
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == [], f"files differ between the two builds: {differing}"
    for name in (
        "sitemap.xml",
        "sitemap.xml.gz",
        "pagefind/pagefind-entry.json",
        "feeds/rss.xml",
        "feeds/atom.xml",
        "updates/index.html",
    ):
        assert name in first, name


# -- every feed, element by element --------------------------------------------------------------------


def feed_names(project: Project) -> list[str]:
    """The feed files in feeds/ (beside them: the empty sitemap.xml that answers Material's fetch)."""
    return sorted(p.name for p in (project.site / "feeds").iterdir() if p.name != "sitemap.xml")


def test_every_feed_is_written_and_parses_cleanly(built):
    assert feed_names(built) == FEED_FILES
    for name in FEED_FILES:
        parsed = feed(built, name)
        assert parsed.version == ("atom10" if name.endswith("atom.xml") else "rss20")
        assert parsed.entries


def test_rss_channel(built):
    root = etree.fromstring((built.site / "feeds" / "rss.xml").read_bytes())
    assert root.tag == "rss" and root.get("version") == "2.0" and root.nsmap["atom"] == ATOM
    channel = root.find("channel")
    assert channel.findtext("title") == "Building Back for the Better"
    assert channel.findtext("link") == SITE_URL + "updates/"
    assert channel.findtext("description").startswith("The six propositions of Building Back for the Better")
    [self_link] = channel.findall(f"{{{ATOM}}}link")
    assert (self_link.get("rel"), self_link.get("href")) == ("self", SITE_URL + "feeds/rss.xml")
    assert channel.findtext("lastBuildDate") == "Wed, 17 Mar 2021 00:00:00 +0000"  # its newest item's


def test_atom_feed_head(built):
    root = etree.fromstring((built.site / "feeds" / "atom.xml").read_bytes())
    assert root.tag == f"{{{ATOM}}}feed" and root.nsmap[None] == ATOM
    ns = {"a": ATOM}
    assert root.findtext("a:title", namespaces=ns) == "Building Back for the Better"
    assert root.findtext("a:updated", namespaces=ns) == "2021-03-17T00:00:00+00:00"
    assert TAG.pattern and root.findtext("a:id", namespaces=ns) == "tag:building-back-better.example.org,2020:feed"
    links = {(link.get("rel"), link.get("href")) for link in root.findall("a:link", namespaces=ns)}
    assert links == {("self", SITE_URL + "feeds/atom.xml"), ("alternate", SITE_URL + "updates/")}


@pytest.mark.parametrize("name", FEED_FILES)
def test_every_item_has_a_guid_a_zoned_date_and_a_link_to_a_built_page(built, name):
    root = etree.fromstring((built.site / "feeds" / name).read_bytes())
    if root.tag == "rss":
        for item in root.iter("item"):
            guid = item.find("guid")
            assert guid.get("isPermaLink") == "false" and TAG.match(guid.text), guid.text
            assert RFC822_ZONED.match(item.findtext("pubDate"))
            assert_resolves(built, item.findtext("link"))
            assert item.findtext("title") and item.findall("category")
    else:
        ns = {"a": ATOM}
        for entry in root.iterfind("a:entry", namespaces=ns):
            assert TAG.match(entry.findtext("a:id", namespaces=ns))
            for field in ("a:updated", "a:published"):
                assert re.match(
                    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$", entry.findtext(field, namespaces=ns)
                )
            assert_resolves(built, entry.find("a:link", namespaces=ns).get("href"))
            assert entry.find("a:content", namespaces=ns).get("type") == "html"
            assert entry.findall("a:category", namespaces=ns)
    parsed = feed(built, name)
    for entry in parsed.entries:
        assert entry.id and entry.published_parsed and entry.link.startswith(SITE_URL)
        for href in re.findall(r'(?:href|src)="([^"]*)"', entry.summary):
            assert_resolves(built, href)


def test_site_feed_items_newest_first_with_content_categories_and_authors(built):
    rss, atom = feed(built, "rss.xml"), feed(built, "atom.xml")
    assert len(rss.entries) == len(atom.entries) == ALL_ITEMS
    assert [e.id for e in rss.entries] == [e.id for e in atom.entries]
    assert [e.id.split(",", 1)[1] for e in rss.entries] == [
        "2021-03-17:alpha-local/change-1",
        "2021-03-17:survey-figures/change-1",
        "2021-03-17:high-street/change-1",
        "2021-01-10:beta-wellbeing/change-1",
        "2021-01-10:beta-wellbeing/change-2",
        "2021-01-10:kitchen-table/published",
        "2020-12-02:alpha-local/change-1",
        "2020-12-02:survey-figures/published",
        "2020-12-02:high-street/published",
        "2020-07-23:alpha-local/published",
        "2020-07-23:beta-wellbeing/published",
        "2020-07-23:the-report/published",
    ]
    first = rss.entries[0]
    assert first.title == "Updated recommendation: Fund the hyperlocal"
    assert first.link == SITE_URL + "propositions/alpha-local/#hyperlocal-fund"
    assert first.guidislink is False
    assert first.published == "Wed, 17 Mar 2021 00:00:00 +0000"
    assert rss.entries[-1].published == "Thu, 23 Jul 2020 00:00:00 +0100"  # British Summer Time
    street = rss.entries[2]
    assert street.title == "Updated: Treorchy high street"
    assert [t.term for t in street.tags] == ["Case study", "Place", "High streets"]
    assert f'<a href="{SITE_URL}propositions/alpha-local/#hyperlocal-fund">the fund</a>' in street.summary
    new_street = atom.entries[8]
    assert new_street.title == "New evidence: Treorchy high street"
    assert [t.term for t in new_street.tags] == ["case-study", "place", "high-streets"]
    assert "Treorchy Traders" not in str(new_street.get("authors"))  # its organisations are not its authors
    assert f'<a href="{SITE_URL}evidence/the-report/">The report</a>' in new_street.content[0].value
    assert atom.feed.author == "Building Back for the Better"
    talk = next(e for e in atom.entries if e.title == "New evidence: Kitchen table talks")
    # Record text's <script> is shown as text, so nothing after it is swallowed; it never runs.
    assert "<script" not in talk.content[0].value and "onclick" not in talk.content[0].value
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in talk.content[0].value


def test_each_proposition_has_its_own_feeds(built):
    alpha_rss, alpha_atom = feed(built, "alpha-local.rss.xml"), feed(built, "alpha-local.atom.xml")
    assert alpha_rss.feed.title == alpha_atom.feed.title == "Building Back for the Better: The future can be local"
    assert alpha_rss.feed.link == SITE_URL + "propositions/alpha-local/"
    assert {r for e in alpha_rss.entries for r in [e.id.split(":")[2].split("/")[0]]} == {
        "alpha-local",
        "high-street",
        "survey-figures",
        "the-report",
    }
    beta = feed(built, "beta-wellbeing.rss.xml")
    assert {e.id.split(":")[2].split("/")[0] for e in beta.entries} == {
        "beta-wellbeing",
        "survey-figures",
        "kitchen-table",
        "the-report",
    }
    assert [e.id for e in alpha_rss.entries] == [e.id for e in alpha_atom.entries]
    site_ids = [e.id for e in feed(built, "rss.xml").entries]
    assert [i for i in site_ids if i in {e.id for e in beta.entries}] == [e.id for e in beta.entries]


# -- discovery and the human twin -----------------------------------------------------------------------


def alternate_links(page: Path) -> list[tuple[str, str, str]]:
    head = page.read_text().split("</head>", 1)[0]
    return re.findall(
        r'<link rel="alternate" type="(application/(?:rss|atom)\+xml)" title="([^"]*)" '
        r'href="([^"]*)">',
        head,
    )


def test_every_page_links_the_site_feeds_and_proposition_pages_their_own(built):
    pages = sorted(built.site.rglob("*.html"))
    assert len(pages) > 15
    for page in pages:
        links = alternate_links(page)
        # 404.html is served at any depth, so MkDocs gives it paths from the site's root.
        targets = [
            (
                built.site / href[len(urlsplit(SITE_URL).path) :] if href.startswith("/") else page.parent / href
            ).resolve()
            for _, _, href in links
        ]
        assert all(t.is_file() for t in targets), (page, links)
        names = [t.name for t in targets]
        assert names[:2] == ["rss.xml", "atom.xml"], page
        if page.parent.parent.name == "propositions":
            proposition = page.parent.name
            assert names[2:] == [f"{proposition}.rss.xml", f"{proposition}.atom.xml"], page
            assert (
                links[2][1]
                == {"alpha-local": "The future can be local", "beta-wellbeing": "Wellbeing &amp; the state"}[
                    proposition
                ]
                + ": updates (RSS)"
            )
        else:
            assert len(names) == 2, page
    assert not (built.site / "feed_rss_created.xml").exists()  # no Material rss plugin links


def test_updates_page_lists_the_same_items_with_subscribe_links(built):
    html = (built.site / "updates" / "index.html").read_text()
    main = html.split('<article class="md-content__inner', 1)[1]
    site = feed(built, "rss.xml")
    positions = []
    for entry in site.entries:
        target = entry.link[len(SITE_URL) :]
        relative = "../" + target
        needle = f'href="{relative}" rel="noopener noreferrer">{entry.title.replace("&", "&amp;")}</a>'
        assert needle in main, needle
        positions.append(main.index(needle, positions[-1] + 1 if positions else 0))
    assert positions == sorted(positions)
    assert 'href="../feeds/rss.xml"' in main and 'href="../feeds/atom.xml"' in main
    proposition = (built.site / "propositions" / "alpha-local" / "index.html").read_text()
    assert 'href="../../feeds/alpha-local.rss.xml"' in proposition.split("</head>", 1)[1]


def test_a_link_in_a_note_leads_to_the_same_place_on_every_page_and_in_feeds(tmp_path):
    linked = make_project(tmp_path / "linked", FEEDS_TREE)
    record = linked.root / "evidence" / "high-street.yml"
    record.write_text(
        record.read_text() + "  - date: 2021-07-01\n    note: See [[alpha-local|the proposition]] "
        "and [the council's plan](https://council.example/plan#p2).\n"
    )
    build_ok(linked)
    [entry] = [
        e
        for e in feed(linked, "rss.xml").entries
        if e.id.endswith(":high-street/change-1") and e.published.startswith("Thu, 01 Jul 2021")
    ]
    assert entry.summary == (
        f'<p>See <a href="{SITE_URL}propositions/alpha-local/">the proposition</a> '
        'and <a href="https://council.example/plan#p2">the council\'s plan</a>.</p>'
    )
    for page, prefix in [
        ("evidence/high-street/index.html", "../../"),
        ("updates/index.html", "../"),
        ("index.html", ""),
    ]:
        html = (linked.site / page).read_text()
        assert f'href="{prefix}propositions/alpha-local/" rel="noopener noreferrer">the proposition' in html, page
        assert 'href="https://council.example/plan#p2" rel="noopener noreferrer">the council' in html, page


def test_a_relative_link_in_a_note_stops_the_build_at_its_line(tmp_path):
    broken = make_project(tmp_path / "broken", FEEDS_TREE)
    record = broken.root / "evidence" / "high-street.yml"
    record.write_text(record.read_text() + "  - date: 2021-07-01\n    note: See [the sources](#sources).\n")
    result = broken.build()
    assert not result.ok
    [line] = result.publication_lines()
    assert line.startswith("evidence/high-street.yml:") and ": changes, item " in line
    assert "the link address '#sources' is relative" in line


# -- identity across changes, the item limit -----------------------------------------------------------------


def test_adding_a_change_adds_one_item_to_the_site_feed_and_each_affected_feed_only(built, tmp_path):
    changed = make_project(tmp_path / "changed", FEEDS_TREE)
    record = changed.root / "evidence" / "high-street.yml"  # supports alpha-local only
    record.write_text(record.read_text() + "  - date: 2021-04-01\n    note: Added the [[survey-figures]].\n")
    build_ok(changed)
    for name in FEED_FILES:
        before, after = feed(built, name), feed(changed, name)
        old, new = [e.id for e in before.entries], [e.id for e in after.entries]
        if name.startswith("beta-wellbeing"):
            assert (changed.site / "feeds" / name).read_bytes() == (built.site / "feeds" / name).read_bytes()
            continue
        assert new == ["tag:building-back-better.example.org,2021-04-01:high-street/change-1"] + old, name
        kept = {e.id: (e.title, e.link, e.published) for e in before.entries}
        assert {e.id: (e.title, e.link, e.published) for e in after.entries[1:]} == kept
        assert after.entries[0].title == "Updated: Treorchy high street"


def test_item_limit_comes_from_the_config_and_the_updates_page_keeps_everything(tmp_path):
    limited = make_project(tmp_path / "limited", FEEDS_TREE)
    config = limited.root / "mkdocs.yml"
    text, count = re.subn(r"feed_items: \d+", "feed_items: 3", config.read_text())
    assert count == 1
    config.write_text(text)
    build_ok(limited)
    for name in FEED_FILES:
        assert len(feed(limited, name).entries) == 3, name
    ids = [e.id for e in feed(limited, "rss.xml").entries]
    assert [i.split(",", 1)[1] for i in ids] == [
        "2021-03-17:alpha-local/change-1",
        "2021-03-17:survey-figures/change-1",
        "2021-03-17:high-street/change-1",
    ]
    updates = (limited.site / "updates" / "index.html").read_text()
    assert updates.count("New proposition: ") == 2 and updates.count("New evidence: ") == 4


# -- same commit, same bytes ------------------------------------------------------------------------------------


def test_two_builds_from_different_directories_are_byte_identical(built, tmp_path):
    other = build_ok(make_project(tmp_path / "somewhere" / "else" / "entirely", FEEDS_TREE))
    assert_same_sites(built.site, other.site)


def test_a_build_on_another_day_is_byte_identical(built, tmp_path):
    faketime = shutil.which("faketime")
    if faketime is None:
        pytest.skip("faketime is not installed (Debian package faketime): cannot fake the build date")
    later = make_project(tmp_path / "later", FEEDS_TREE)
    argv = [
        faketime,
        "2031-05-06 10:00:00",
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-d",
        str(later.site),
    ]  # never -q: a quiet MkDocs does not count warnings under --strict
    probe = subprocess.run(
        [faketime, "2031-05-06 10:00:00", sys.executable, "-c", "import datetime; print(datetime.date.today())"],
        capture_output=True,
        text=True,
    )
    assert probe.stdout.strip() == "2031-05-06", probe.stderr  # the clock really is faked
    env = {k: v for k, v in __import__("os").environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run(argv, cwd=later.root, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert_same_sites(built.site, later.site)
    sitemap = (later.site / "sitemap.xml").read_text()  # dated by the records (minor changes too), not the clock
    assert set(re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap)) <= RECORD_DATES


def test_sitemap_dates_each_record_page_by_its_last_change(built):
    sitemap = (built.site / "sitemap.xml").read_text()
    dates = dict(re.findall(r"<loc>([^<]*)</loc>\s*<lastmod>([^<]*)</lastmod>", sitemap))
    assert dates[SITE_URL + "evidence/the-report/"] == "2020-07-23"
    assert dates[SITE_URL + "evidence/kitchen-table/"] == "2021-01-10"
    assert dates[SITE_URL + "propositions/alpha-local/"] == "2021-03-17"
    assert dates[SITE_URL + "evidence/high-street/"] == "2021-06-01"  # a minor change updates the page
    assert dates[SITE_URL + "updates/"] == "2021-06-01"  # other pages: the newest record date


# -- bad configuration and bad text -------------------------------------------------------------------------------


def test_missing_site_url_is_a_clear_error(project):
    config = project.root / "mkdocs.yml"
    text, count = re.subn(r"(?m)^site_url:.*\n", "", config.read_text())
    assert count == 1
    config.write_text(text)
    result = project.build()
    assert not result.ok
    assert (
        "mkdocs.yml: site_url: feeds need the site's public address for their links; "
        "add e.g. 'site_url: https://example.org/'" in result.stderr
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "summary, column",
    [
        (b'summary: "A thriving \\x0c high street."', 10),  # a YAML escape
        (b"summary: A thriving \x1b high street.", 21),  # the character itself
    ],
)
def test_a_control_character_is_refused_with_file_and_line(project, summary, column):
    record = project.root / "evidence" / "treorchy-high-street.yml"
    lines = record.read_bytes().split(b"\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(b"summary:"))
    lines[index] = summary
    record.write_bytes(b"\n".join(lines))
    result = project.build()
    assert not result.ok
    assert (
        f"evidence/treorchy-high-street.yml:{index + 1}:{column}: summary: contains the control character"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not (project.site / "feeds").exists()


# -- the default publication ------------------------------------------------------------------------------------


def test_default_publication_feeds(default_site):
    names = feed_names(default_site)
    propositions = sorted(p.stem for p in (default_site.root / "propositions").glob("*.yml"))
    assert names == sorted(["rss.xml", "atom.xml"] + [f"{p}.{f}.xml" for p in propositions for f in ("rss", "atom")])
    seen = set()
    for name in names:
        parsed = feed(default_site, name)
        for entry in parsed.entries:
            assert TAG.match(entry.id) and entry.published_parsed
            if entry.link not in seen:
                seen.add(entry.link)
                assert_resolves(default_site, entry.link)
            for href in re.findall(r'(?:href|src)="([^"]*)"', entry.summary):
                assert href.startswith(("https://", "http://", "mailto:")), href
                if href.startswith(SITE_URL):
                    assert_resolves(default_site, href)
    page = default_site.site / "propositions" / propositions[0] / "index.html"
    assert [t for _, _, t in alternate_links(page)] == [
        "../../feeds/rss.xml",
        "../../feeds/atom.xml",
        f"../../feeds/{propositions[0]}.rss.xml",
        f"../../feeds/{propositions[0]}.atom.xml",
    ]


def test_feed_items_keep_the_words_of_record_html_and_lose_what_acts_on_the_reader(tmp_path):
    hostile = make_project(tmp_path / "hostile", FEEDS_TREE)
    record = hostile.root / "evidence" / "high-street.yml"
    record.write_text(
        record.read_text() + "  - date: 2021-07-01\n    note: '"
        '<a href="https://evil.example/r" target="_blank" rel="opener">The report</a>, '
        '<span data-clipboard-text="rm -rf ~" class="md-dialog" style="position:fixed">the hours</span>, '
        '<img src="https:/\\evil.example/a.png" alt="a chart"> and ![another](HTTPS://evil.example/b.png)'
        ".'\n"
    )
    build_ok(hostile)
    for name in ("rss.xml", "atom.xml"):
        [entry] = [
            e
            for e in feed(hostile, name).entries
            if e.id.endswith(":high-street/change-1") and e.published.startswith(("Thu, 01 Jul 2021", "2021-07-01"))
        ]
        html = entry.content[0].value if name == "atom.xml" else entry.summary
        assert html == (
            '<p><a href="https://evil.example/r">The report</a>, <span>the hours</span>, '  # as feedparser
            '<img alt="a chart" /> and <img alt="another" />.</p>'
        ), name  # writes it back
