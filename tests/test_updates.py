"""Unit tests of updates and feeds without a build: collect_updates, FeedWriter, feed HTML, settings.

Catalogues come from small fixture trees (tests/fixtures/feeds: two propositions, four evidence
records, minor and major changes, same-day ties) loaded with the real loader.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import feedparser
import lxml.html
import pytest
from conftest import FIXTURES, ROOT
from lxml import etree
from site_safety import NEVER_IN_CONTENT

from publication.feeds import FeedWriter
from publication.load import load_publication
from publication.richtext import FeedHtml, sanitise_html
from publication.settings import FeedSettings, SettingsError, feed_settings
from publication.updates import Update, collect_updates

FEEDS_TREE = FIXTURES / "feeds"
TODAY = dt.date(2025, 1, 1)  # after every record date, before every review date: no warning depends on the clock
ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/elements/1.1/"
SITE = "https://example.org/pub/"
TAG = re.compile(r"^tag:example\.org,\d{4}-\d{2}-\d{2}:[a-z0-9-]+/(published|change-\d+)$")

# The fixture's updates, newest first; within a day propositions by number, then recommendations, then
# evidence by title ("Survey figures" before "Treorchy high street", whose id is high-street).
EXPECTED_ORDER = [
    ("2021-03-17", "alpha-local", "change-1"),
    ("2021-03-17", "survey-figures", "change-1"),
    ("2021-03-17", "high-street", "change-1"),
    ("2021-01-10", "beta-wellbeing", "change-1"),
    ("2021-01-10", "beta-wellbeing", "change-2"),
    ("2021-01-10", "kitchen-table", "published"),
    ("2020-12-02", "alpha-local", "change-1"),
    ("2020-12-02", "survey-figures", "published"),
    ("2020-12-02", "high-street", "published"),
    ("2020-07-23", "alpha-local", "published"),
    ("2020-07-23", "beta-wellbeing", "published"),
    ("2020-07-23", "the-report", "published"),
]


def load(root: Path = FEEDS_TREE):
    result = load_publication(root, today=TODAY)
    assert not result.problems, "\n".join(map(str, result.problems))
    return result.catalogue


def settings(**changes) -> FeedSettings:
    values = dict(
        site_url=SITE,
        site_name="Test & publication",
        description="Updates of a test.",
        id_authority="example.org",
        timezone="Europe/London",
        max_items=50,
        author="The Editors",
    )
    values.update(changes)
    return FeedSettings(**values)


@pytest.fixture(scope="module")
def catalogue():
    return load()


@pytest.fixture(scope="module")
def writer(catalogue):
    return FeedWriter(catalogue, settings())


def copy_tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    for folder in ("propositions", "evidence"):
        shutil.copytree(FEEDS_TREE / folder, root / folder)
    return root


def append_change(root: Path, record: str, date: str, note: str, **extra: str) -> None:
    """Add an entry at the end of a record's `changes` log (each fixture record ends with its log or none)."""
    path = next(root.glob(f"*/{record}.yml"))
    text = path.read_text()
    if "\nchanges:\n" not in text:
        text += "changes:\n"
    lines = [f"  - date: {date}", f"    note: {note}"] + [f"    {k}: {v}" for k, v in extra.items()]
    path.write_text(text.rstrip("\n") + "\n" + "\n".join(lines) + "\n")


# -- what an update is ---------------------------------------------------------------------------


def test_an_update_per_publication_and_per_major_change_newest_first(catalogue):
    updates = collect_updates(catalogue)
    assert [(u.date.isoformat(), u.record.id, u.event) for u in updates] == EXPECTED_ORDER


def test_minor_changes_make_no_update_but_keep_their_number(catalogue):
    events = [u.event for u in collect_updates(catalogue) if u.record.id == "high-street"]
    # high-street logs a major change and a minor one on 2021-03-17, and a minor one on 2021-06-01.
    assert events == ["change-1", "published"]


def test_same_day_events_sort_numerically():
    record = load().records["beta-wellbeing"]
    day = dt.date(2021, 1, 10)
    updates = [Update(day, record, e, "n", None, ("beta-wellbeing",)) for e in ("change-10", "change-2", "published")]
    assert [u.event for u in sorted(updates, key=lambda u: u.sort_key)] == ["published", "change-2", "change-10"]


def test_one_days_updates_read_propositions_by_number_then_recommendations_then_evidence_by_title():
    records = load().records
    day = dt.date(2021, 5, 1)
    alpha = records["alpha-local"].model_copy(update={"number": 7})  # numbered after beta: by number, not id
    beta = records["beta-wellbeing"]  # proposition 2
    updates = [
        Update(day, records["high-street"], "published", None, None, ()),  # "Treorchy high street"
        Update(day, alpha, "change-1", "n", "hyperlocal-fund", ()),
        Update(day, records["survey-figures"], "change-1", "n", None, ()),  # "Survey figures"
        Update(day, alpha, "published", None, None, ()),
        Update(day, beta, "change-1", "n", None, ()),
        Update(day - dt.timedelta(days=1), beta, "published", None, None, ()),
    ]
    ordered = [(u.date.isoformat(), u.record.id, u.event) for u in sorted(updates, key=lambda u: u.sort_key)]
    assert ordered == [
        ("2021-05-01", "beta-wellbeing", "change-1"),  # proposition 2
        ("2021-05-01", "alpha-local", "published"),  # proposition 7
        ("2021-05-01", "alpha-local", "change-1"),  # a recommendation of proposition 7
        ("2021-05-01", "survey-figures", "change-1"),
        ("2021-05-01", "high-street", "published"),
        ("2021-04-30", "beta-wellbeing", "published"),  # the day before
    ]


def test_titles_say_what_happened(catalogue):
    titles = {(u.record.id, u.date.isoformat(), u.event): u.title for u in collect_updates(catalogue)}
    assert titles[("alpha-local", "2020-07-23", "published")] == "New proposition: The future can be local"
    assert titles[("high-street", "2020-12-02", "published")] == "New evidence: Treorchy high street"
    assert titles[("survey-figures", "2021-03-17", "change-1")] == "Updated: Survey figures"
    assert titles[("alpha-local", "2021-03-17", "change-1")] == "Updated recommendation: Fund the hyperlocal"


def test_evidence_updates_go_to_every_proposition_it_supports(catalogue):
    affected = {u.record.id: u.propositions for u in collect_updates(catalogue)}
    assert affected["survey-figures"] == ("alpha-local", "beta-wellbeing")
    assert affected["high-street"] == ("alpha-local",)
    assert affected["alpha-local"] == ("alpha-local",)
    assert affected["the-report"] == ("alpha-local", "beta-wellbeing")


def test_guids_are_tag_uris_independent_of_urls_and_build(catalogue):
    one = FeedWriter(catalogue, settings())
    other = FeedWriter(catalogue, settings(site_url="https://elsewhere.example.net/", use_directory_urls=False))
    guids = [u.guid("example.org") for u in one.updates]
    assert all(TAG.match(g) for g in guids), guids
    assert len(set(guids)) == len(guids)
    assert [u.guid("example.org") for u in other.updates] == guids
    assert guids[0] == "tag:example.org,2021-03-17:alpha-local/change-1"


def test_adding_a_change_adds_one_update_and_renames_none(tmp_path):
    root = copy_tree(tmp_path)
    before = {u.guid("x.org") for u in collect_updates(load(root))}
    append_change(root, "survey-figures", "2021-03-17", "A second change the same day.")
    after_updates = collect_updates(load(root))
    after = {u.guid("x.org") for u in after_updates}
    assert before < after and len(after - before) == 1
    new = next(u for u in after_updates if u.guid("x.org") in after - before)
    assert (new.record.id, new.event, new.propositions) == (
        "survey-figures",
        "change-2",
        ("alpha-local", "beta-wellbeing"),
    )


def test_a_minor_change_adds_nothing_and_turning_it_major_renames_nothing(tmp_path):
    root = copy_tree(tmp_path)
    before = {u.guid("x.org") for u in collect_updates(load(root))}
    append_change(root, "kitchen-table", "2021-02-01", "Typo.", major="false")
    assert {u.guid("x.org") for u in collect_updates(load(root))} == before
    path = root / "evidence" / "kitchen-table.yml"
    path.write_text(path.read_text().replace("major: false", "major: true"))
    after = {u.guid("x.org") for u in collect_updates(load(root))}
    assert after - before == {"tag:x.org,2021-02-01:kitchen-table/change-1"} and before < after


# -- feeds, element by element ---------------------------------------------------------------------


def test_site_feeds_parse_and_carry_every_update(writer):
    feeds = writer.all_feeds()
    assert sorted(feeds) == [
        "feeds/alpha-local.atom.xml",
        "feeds/alpha-local.rss.xml",
        "feeds/atom.xml",
        "feeds/beta-wellbeing.atom.xml",
        "feeds/beta-wellbeing.rss.xml",
        "feeds/rss.xml",
    ]
    for name, content in feeds.items():
        parsed = feedparser.parse(content)
        assert parsed.bozo == 0, (name, parsed.get("bozo_exception"))
    rss = feedparser.parse(feeds["feeds/rss.xml"])
    assert rss.version == "rss20"
    assert [e.id for e in rss.entries] == [f"tag:example.org,{d}:{r}/{e}" for d, r, e in EXPECTED_ORDER]
    assert rss.feed.title == "Test & publication"
    assert rss.feed.link == SITE + "updates/"
    assert rss.feed.subtitle == "Updates of a test."
    atom = feedparser.parse(feeds["feeds/atom.xml"])
    assert atom.version == "atom10"
    assert [e.id for e in atom.entries] == [e.id for e in rss.entries]


def test_rss_channel_and_items(writer):
    root = etree.fromstring(writer.feed(None, "rss"))
    assert root.tag == "rss" and root.get("version") == "2.0"
    assert root.nsmap["atom"] == ATOM
    channel = root.find("channel")
    assert channel.findtext("title") == "Test & publication"
    assert channel.findtext("link") == SITE + "updates/"
    assert channel.findtext("description") == "Updates of a test."
    assert channel.findtext("language") == "en-GB"
    self_links = channel.findall(f"{{{ATOM}}}link")
    assert [(a.get("rel"), a.get("href"), a.get("type")) for a in self_links] == [
        ("self", SITE + "feeds/rss.xml", "application/rss+xml")
    ]
    assert channel.findtext("lastBuildDate") == "Wed, 17 Mar 2021 00:00:00 +0000"  # the newest item's
    # RSS's <author> takes an e-mail address only, so the site's author is the channel's Dublin Core publisher.
    assert [p.text for p in channel.findall(f"{{{DC}}}publisher")] == ["The Editors"]
    assert channel.find("author") is None and channel.find("managingEditor") is None
    items = channel.findall("item")
    assert len(items) == len(EXPECTED_ORDER)
    for item in items:
        guid = item.find("guid")
        assert guid.get("isPermaLink") == "false" and TAG.match(guid.text)
        assert re.match(r"^\w{3}, \d{2} \w{3} \d{4} 00:00:00 \+0[01]00$", item.findtext("pubDate"))
        assert item.findtext("link").startswith(SITE)
        assert item.findtext("title") and item.findtext("description").startswith("<p>")
    first = items[0]
    assert first.findtext("title") == "Updated recommendation: Fund the hyperlocal"
    assert first.findtext("link") == SITE + "propositions/alpha-local/#hyperlocal-fund"
    assert [c.text for c in first.findall("category")] == ["Proposition", "Place"]
    summer = items[-1]  # 23 July 2020, British Summer Time
    assert summer.findtext("pubDate") == "Thu, 23 Jul 2020 00:00:00 +0100"


def test_atom_feed_and_entries(writer):
    root = etree.fromstring(writer.feed(None, "atom"))
    assert root.tag == f"{{{ATOM}}}feed" and root.nsmap[None] == ATOM
    ns = {"a": ATOM}
    assert root.findtext("a:id", namespaces=ns) == "tag:example.org,2020:feed"
    assert root.findtext("a:title", namespaces=ns) == "Test & publication"
    assert root.findtext("a:updated", namespaces=ns) == "2021-03-17T00:00:00+00:00"
    assert root.findtext("a:author/a:name", namespaces=ns) == "The Editors"
    links = {link.get("rel"): link.get("href") for link in root.findall("a:link", namespaces=ns)}
    assert links == {"self": SITE + "feeds/atom.xml", "alternate": SITE + "updates/"}
    entries = root.findall("a:entry", namespaces=ns)
    assert len(entries) == len(EXPECTED_ORDER)
    for entry in entries:
        assert TAG.match(entry.findtext("a:id", namespaces=ns))
        assert re.match(r"^\d{4}-\d{2}-\d{2}T00:00:00\+0[01]:00$", entry.findtext("a:updated", namespaces=ns))
        assert entry.find("a:content", namespaces=ns).get("type") == "html"
        assert entry.find("a:link", namespaces=ns).get("href").startswith(SITE)
    high_street = next(e for e in entries if e.findtext("a:id", namespaces=ns).endswith("high-street/published"))
    assert [(c.get("term"), c.get("label")) for c in high_street.findall("a:category", namespaces=ns)] == [
        ("case-study", "Case study"),
        ("place", "Place"),
        ("high-streets", "High streets"),
    ]
    # Items are written by the site, named once for the feed; a record's organisations are its subject.
    assert high_street.findall("a:author", namespaces=ns) == []
    assert DC not in root.nsmap.values()  # Atom names the author in its own <author>


def test_proposition_feeds_carry_its_own_its_recommendations_and_its_evidence(writer, catalogue):
    alpha, beta = catalogue.propositions
    alpha_ids = [e.id for e in feedparser.parse(writer.feed(alpha, "rss")).entries]
    beta_ids = [e.id for e in feedparser.parse(writer.feed(beta, "atom")).entries]
    records_of = {
        "alpha-local": {"alpha-local", "high-street", "survey-figures", "the-report"},
        "beta-wellbeing": {"beta-wellbeing", "survey-figures", "kitchen-table", "the-report"},
    }

    def wanted(proposition: str) -> list[str]:
        return [f"tag:example.org,{d}:{r}/{e}" for d, r, e in EXPECTED_ORDER if r in records_of[proposition]]

    assert alpha_ids == wanted("alpha-local")
    assert beta_ids == wanted("beta-wellbeing")
    parsed = feedparser.parse(writer.feed(alpha, "rss"))
    assert parsed.feed.title == "Test & publication: The future can be local"
    assert parsed.feed.link == SITE + "propositions/alpha-local/"
    assert any(link.rel == "self" and link.href == SITE + "feeds/alpha-local.rss.xml" for link in parsed.feed.links)


def test_item_html_has_only_absolute_links_and_no_script(writer):
    parsed = feedparser.parse(writer.feed(None, "atom"))
    html = {e.id.split(",", 1)[1]: e.content[0].value for e in parsed.entries}  # by "date:record/event"
    assert html["2021-03-17:alpha-local/change-1"] == (
        f'<p>Reworded the recommendation after <a href="{SITE}evidence/kitchen-table/">Kitchen table talks</a>.</p>'
    )
    assert html["2021-03-17:high-street/change-1"] == (
        f'<p>Added the 2021 figures, which back <a href="{SITE}propositions/alpha-local/#hyperlocal-fund">the fund</a>.'
        "</p>"
    )
    assert f'<a href="{SITE}evidence/the-report/">The report</a>' in html["2020-12-02:high-street/published"]
    assert "<em>thriving</em>" in html["2020-12-02:high-street/published"]
    talk = html["2021-01-10:kitchen-table/published"]
    assert "<script" not in talk and "onclick" not in talk  # record text's <script> is shown as text, inert
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in talk
    assert '<a href="https://building-back-better.example.org/recommendations/">Recommendations</a>' in talk
    for value in html.values():  # [[references]] point into the site; record text links only by full address
        for href in re.findall(r'(?:href|src)="([^"]*)"', value):
            assert href.startswith((SITE, "https://building-back-better.example.org/")), href


def test_a_note_links_records_by_id_and_other_sites_by_full_address(tmp_path):
    root = copy_tree(tmp_path)
    append_change(
        root,
        "high-street",
        "2021-07-01",
        "See [[alpha-local|the proposition]], "
        '[the council](https://council.example/plan#p2) and <a href="mailto:editor@example.org">us</a>.',
    )
    writer = FeedWriter(load(root), settings())
    entries = feedparser.parse(writer.feed(None, "rss")).entries
    [entry] = [e for e in entries if e.id.endswith("2021-07-01:high-street/change-1")]
    assert entry.summary == (
        f'<p>See <a href="{SITE}propositions/alpha-local/">the proposition</a>, '
        '<a href="https://council.example/plan#p2">the council</a> and <a href="mailto:editor@example.org">us</a>.</p>'
    )


def test_a_relative_link_in_a_note_is_refused_where_it_is_written(tmp_path):
    root = copy_tree(tmp_path)
    append_change(root, "high-street", "2021-07-01", "See [the sources](#sources) and ![a chart](chart.png).")
    problems = load_publication(root, today=TODAY).problems
    assert [(p.path, p.field, p.message.split(" is ")[0]) for p in problems] == [
        ("evidence/high-street.yml", "changes, item 4: note", "the link address '#sources'"),
        ("evidence/high-street.yml", "changes, item 4: note", "the link address 'chart.png'"),
    ]
    assert problems[0].line == problems[1].line and problems[0].column < problems[1].column


def test_max_items_keeps_the_newest(catalogue):
    writer = FeedWriter(catalogue, settings(max_items=3))
    for flavour in ("rss", "atom"):
        parsed = feedparser.parse(writer.feed(None, flavour))
        assert [e.id for e in parsed.entries] == [f"tag:example.org,{d}:{r}/{e}" for d, r, e in EXPECTED_ORDER[:3]]


def test_dates_are_midnight_in_the_configured_zone(catalogue):
    writer = FeedWriter(catalogue, settings(timezone="America/New_York"))
    rss = etree.fromstring(writer.feed(None, "rss"))
    dates = [i.findtext("pubDate") for i in rss.iter("item")]
    assert dates[0] == "Wed, 17 Mar 2021 00:00:00 -0400" and dates[-1] == "Thu, 23 Jul 2020 00:00:00 -0400"
    assert "Thu, 10 Jan 2021" not in dates and "Sun, 10 Jan 2021 00:00:00 -0500" in dates


def test_feeds_are_byte_identical_for_the_same_records(catalogue):
    assert FeedWriter(catalogue, settings()).all_feeds() == FeedWriter(load(), settings()).all_feeds()


def test_an_item_whose_text_sanitises_to_nothing_has_empty_content(tmp_path):
    root = copy_tree(tmp_path)
    record = root / "evidence" / "survey-figures.yml"
    record.write_text(
        record.read_text().replace("summary: Figures from a survey.", 'summary: "<!-- figures to come -->"')
    )
    feeds = FeedWriter(load(root), settings()).all_feeds()
    assert (
        b'<content type="html"/>' in feeds["feeds/atom.xml"]
        and b"<description></description>" in feeds["feeds/rss.xml"]
    )
    for name in ("feeds/atom.xml", "feeds/rss.xml"):
        assert feedparser.parse(feeds[name]).bozo == 0


def test_a_publication_without_records_gives_valid_empty_feeds(tmp_path):
    (tmp_path / "propositions").mkdir()
    writer = FeedWriter(load_publication(tmp_path, today=TODAY).catalogue, settings())
    for content in writer.all_feeds().values():
        parsed = feedparser.parse(content)
        assert parsed.bozo == 0 and parsed.entries == []


def test_absolute_urls_follow_where_mkdocs_puts_the_page(catalogue):
    assert FeedWriter(catalogue, settings()).record_url("high-street") == SITE + "evidence/high-street/"
    writer = FeedWriter(catalogue, settings(use_directory_urls=False))
    assert writer.record_url("high-street") == SITE + "evidence/high-street.html"
    assert writer.url("index.md") == SITE + "index.html"
    assert writer.url("feeds/rss.xml") == SITE + "feeds/rss.xml"


# -- feed HTML -----------------------------------------------------------------------------------------


def _renderer():
    titles = {"x": "X & <Y> \"Z\" 'W'", "y": "Plain"}
    return FeedHtml(lambda rid: f"https://e.org/{rid}/", lambda rid: titles.get(rid, rid))


def _corpus() -> list[str]:
    texts = [
        "Added [[x]] and [[y|the y record]].",
        "Wellbeing & the state, see [[x]]",
        "a &amp; b",
        "\u201cQuoted\u201d and \u2018single\u2019 \u2014 dash\u2026",
        '(see [[x|a & <b> "c"]])',
        "2020 was hard.",
        "3.5 million",
        "Two  spaces",
        "it's",
        'say "hi"',
        "\u00dcn\u00efc\u00f6d\u00e9 \u2713",
        "a --- b",
        "http://x.org/a?b=c",
        "A *b*",
        "1. a list",
        "- a list",
        "# heading",
        "> quote",
        "a <b>bold</b>",
        "x_y_z",
        "a \\* b",
        "line\nbreak",
        "`code`",
        "a | b",
        "{: .x }",
        "![i](a.png)",
    ]
    result = load_publication(ROOT, today=TODAY)  # the default content, as far as it loads
    for record in result.catalogue.records.values():
        texts += [record.summary] + [c.note for c in record.changes]
    return texts


def test_plain_prose_is_one_paragraph_with_absolute_reference_links():
    html = _renderer().render("Added [[x]] and [[y|the y record]] & more.")
    assert html == (
        '<p>Added <a href="https://e.org/x/">X &amp; &lt;Y&gt; "Z" \'W\'</a> and '
        '<a href="https://e.org/y/">the y record</a> &amp; more.</p>'
    )


def test_every_text_of_the_corpus_renders_to_item_html_with_nothing_that_acts():
    renderer = _renderer()
    for text in _corpus():
        fragment = lxml.html.fragment_fromstring(renderer.render(text), create_parent="div")
        elements = [e for e in fragment.iter() if isinstance(e.tag, str)]
        assert not [e.tag for e in elements if e.tag in NEVER_IN_CONTENT], text
        assert not [a for e in elements for a in e.attrib if a.startswith("on") or a in ("style", "target")], text


def test_sanitiser_keeps_page_html_and_drops_handlers():
    html = '<p id="a" onclick="x()">Hi <a href="../x/" target="_blank">x</a><script>bad()</script></p>'
    assert sanitise_html(html) == '<p id="a">Hi <a href="../x/" rel="noopener noreferrer">x</a></p>'
    assert sanitise_html(html, feed=True) == '<p>Hi <a href="../x/">x</a></p>'


# -- settings and bad input --------------------------------------------------------------------------------


def _settings(site_url="https://example.org/", extra=None, **names):
    args = dict(site_name="Site", description="About", author=None)
    args.update(names)
    return feed_settings(site_url, args["site_name"], args["description"], args["author"], True, extra or {})


def test_settings_defaults():
    made = _settings()
    assert (made.timezone, made.max_items, made.id_authority, made.author, made.language) == (
        "Europe/London",
        50,
        "example.org",
        "Site",
        "en-GB",
    )
    made = _settings(
        extra={"timezone": "Europe/Paris", "feed_items": 7, "id_authority": "me@example.org", "language": "cy"},
        author="Editors",
    )
    assert (made.timezone, made.max_items, made.id_authority, made.author, made.language) == (
        "Europe/Paris",
        7,
        "me@example.org",
        "Editors",
        "cy",
    )


@pytest.mark.parametrize(
    "site_url, extra, names, message",
    [
        (None, {}, {}, "mkdocs.yml: site_url: feeds need the site's public address"),
        ("", {}, {}, "mkdocs.yml: site_url: feeds need the site's public address"),
        ("example.org", {}, {}, "mkdocs.yml: site_url: expected the site's public address"),
        ("https://e.org/", {"timezone": "Mars/Olympus"}, {}, "extra.publication.timezone: unknown time zone"),
        ("https://e.org/", {"feed_items": 0}, {}, "extra.publication.feed_items: expected a whole number"),
        ("https://e.org/", {"feed_items": "ten"}, {}, "extra.publication.feed_items: expected a whole number"),
        ("https://e.org/", {"feed_items": True}, {}, "extra.publication.feed_items: expected a whole number"),
        ("https://e.org/", {"id_authority": "not a domain/"}, {}, "extra.publication.id_authority: expected"),
        ("https://e.org/", {"language": "English!"}, {}, "extra.publication.language: expected a language tag"),
        (
            "https://e.org/",
            {},
            {"site_name": "Bad\x07name"},
            "mkdocs.yml: site_name: contains the control character U+0007",
        ),
    ],
)
def test_settings_errors_say_what_to_fix(site_url, extra, names, message):
    with pytest.raises(SettingsError, match=re.escape(message)):
        _settings(site_url, extra, **names)


@pytest.mark.parametrize(
    "value, line, column",
    [
        (b'summary: "A \\x01 thriving high street."', 6, 10),  # a YAML escape
        (b"summary: A \x0b thriving high street.", 6, 12),  # the character itself
    ],
)
def test_control_characters_are_refused_at_load_time_with_file_and_line(tmp_path, value, line, column):
    root = copy_tree(tmp_path)
    path = root / "evidence" / "high-street.yml"
    lines = path.read_bytes().split(b"\n")
    index = next(i for i, text in enumerate(lines) if text.startswith(b"summary:"))
    lines[index] = value
    path.write_bytes(b"\n".join(lines))
    problems = [str(p) for p in load_publication(root, today=TODAY).errors]
    assert index + 1 == line
    assert len(problems) == 1 and problems[0].startswith(f"evidence/high-street.yml:{line}:{column}: summary: "), (
        problems
    )
    assert "control character" in problems[0]
