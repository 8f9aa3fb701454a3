"""Benchmark: how long the feeds of a 10,000-update publication take to generate.

Not a test (pytest collects test_*.py only). Run it from the repository root:

    .venv/bin/python tests/benchmarks/bench_feeds.py [--updates 10000] [--repeat 5]

It builds a synthetic catalogue in memory (propositions and evidence records whose publications and
major `changes` add up to the number of updates asked for), then times `FeedWriter` generating the
site-wide RSS and Atom feeds with `max_items` equal to the number of updates, so every update becomes
an item of both.

Texts mirror the default publication, where 40 of 41 summaries and notes are plain prose with
[[references]] ("Added [[a-shared-response]] and [[listening-project-places]].") and the rest use
more markdown: by default one text in ten (--markdown-share 0.1) has emphasis and a relative link,
which takes the full road (Python-Markdown, then the sanitiser). --markdown-share 1 is the worst case.

Figures printed (wall-clock seconds, best of --repeat runs, each on a new FeedWriter):
- "total": a new FeedWriter writing both site-wide feeds: collecting the updates, building every
  item (markdown to HTML included) and writing RSS and Atom. What a build pays for these two feeds.
- its parts, timed on separate FeedWriters: "updates" collects and sorts the updates; "HTML" turns
  every note or summary into item HTML; "items" builds every item and its feedgen entry (HTML
  included); "XML" writes RSS and Atom from built items (each <item> and <entry> built by
  `feeditems`, the documents written and serialised by feedgen: the feed generation proper).
- the same XML written the feedgen way (`make_entry=feedgen_entry`: entries filled in through
  feedgen's setters beforehand, untimed; timed, feedgen building each <item> and <entry> and writing
  the documents), which must give the same bytes; the script stops if it does not.
- every feed of the site (site-wide and per proposition) with `max_items` equal to the number of
  updates: each item is built once, as RSS and as Atom, and shared by the feeds that carry it;
- the default configuration: every feed with `max_items` 50.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "hooks"))

import feedparser  # noqa: E402

from publication.catalogue import build_catalogue  # noqa: E402
from publication.feeditems import feedgen_entry  # noqa: E402
from publication.feeds import FeedSettings, FeedWriter  # noqa: E402
from publication.model import Evidence, Proposition  # noqa: E402
from publication.richtext import is_plain  # noqa: E402
from publication.yamlfile import ParsedFile  # noqa: E402

PROPOSITIONS = 6
KINDS = ["case-study", "report", "statistic", "conversation"]
THEMES = ["place", "wellbeing", "digital-inclusion", "work", "democracy"]


def text(i: int, plain: str, share: float) -> str:
    """Plain prose with a reference, or (for `share` of the texts) the same with markdown."""
    if (i * share) % 1 + share >= 1 or share >= 1:
        return f"{plain} More in *the* [updates](../updates.md) and [[evidence-0]]."
    return f"{plain} More in [[evidence-0]]."


def synthetic_catalogue(updates: int, share: float = 0.1):
    """Propositions with two changes each, then evidence records with two major changes and one minor
    change each (three updates a record), and one last record with fewer, to reach `updates` exactly."""
    start = dt.date(2020, 7, 23)
    records = []
    for n in range(1, PROPOSITIONS + 1):
        records.append(Proposition.model_validate({
            "id": f"proposition-{n}", "number": n, "title": f"Proposition {n}",
            "summary": text(n, f"Proposition {n} says something about the evidence.", share),
            "themes": THEMES[n % len(THEMES): n % len(THEMES) + 2], "published": start,
            "source": "evidence-0",
            "recommendations": [{"id": f"recommendation-{n}", "number": n, "title": f"Recommendation {n}",
                                 "text": "Do it.", "actors": ["Funders"]}],
            "changes": [{"date": start + dt.timedelta(days=30 * k), "note": f"Added [[evidence-{k}]]."}
                        for k in (1, 2)],
        }))
    remaining = updates - 3 * PROPOSITIONS
    i = 0
    while remaining > 0:
        majors = min(2, remaining - 1)
        published = start + dt.timedelta(days=i % 1500)
        changes = [{"date": published + dt.timedelta(days=7 * (k + 1)),
                    "note": text(i * 3 + k, f"Change {k + 1}: see [[proposition-{1 + i % PROPOSITIONS}]].", share)}
                   for k in range(majors)]
        changes.append({"date": published + dt.timedelta(days=60), "note": "A typo.", "major": False})
        n = 1 + i % PROPOSITIONS
        records.append(Evidence.model_validate({
            "id": f"evidence-{i}", "kind": "report" if i == 0 else KINDS[i % len(KINDS)],
            "title": f"Evidence record {i}",
            "summary": text(i * 3 + 2, f"Evidence {i} from a community project, one of those in the report.", share),
            "places": [{"name": "Somewhere", "nation": "wales"}], "organisations": [f"Group {i % 97}"],
            "themes": [THEMES[i % len(THEMES)]],
            "supports": [{"proposition": f"proposition-{n}", "recommendation": f"recommendation-{n}",
                          "how": "It shows it."}],
            "sources": [{"title": "A source", "publisher": "A publisher"}],
            "published": published, "changes": changes,
        }))
        remaining -= 1 + majors
        i += 1
    files = [(ParsedFile(f"{'propositions' if isinstance(r, Proposition) else 'evidence'}/{r.id}.yml"), r)
             for r in records]
    catalogue, _ = build_catalogue(files, include_drafts=False, today=dt.date(2020, 1, 1))
    return catalogue


def settings(max_items: int) -> FeedSettings:
    return FeedSettings(site_url="https://example.org/", site_name="Benchmark", description="Synthetic.",
                        id_authority="example.org", max_items=max_items, author="Benchmark")


def best(runs: list[float]) -> str:
    return f"{min(runs):.3f} s (median {sorted(runs)[len(runs) // 2]:.3f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--markdown-share", type=float, default=0.1,
                        help="the share of texts with markdown beyond [[references]] (0 to 1)")
    args = parser.parse_args()

    started = time.perf_counter()
    catalogue = synthetic_catalogue(args.updates, args.markdown_share)
    texts = [r.summary for r in catalogue.records.values()] + [c.note for r in catalogue.records.values()
                                                               for c in r.changes if c.major]
    full = sum(not is_plain(t) for t in texts)
    print(f"synthetic catalogue: {len(catalogue.propositions)} propositions, {len(catalogue.evidence)} evidence "
          f"records, built in {time.perf_counter() - started:.1f} s (not timed below); {full} of {len(texts)} "
          f"texts need the full markdown road")

    runs: dict[str, list[float]] = {name: [] for name in
                                     ("total", "updates", "html", "items", "xml", "feedgen", "every", "default")}

    def timed(name: str, work):
        t0 = time.perf_counter()
        result = work()
        runs[name].append(time.perf_counter() - t0)
        return result

    for _ in range(args.repeat):
        writer, feeds = timed("total", lambda: (w := FeedWriter(catalogue, settings(args.updates)), w.feed_pair(None)))

        other = timed("updates", lambda: FeedWriter(catalogue, settings(args.updates)))
        timed("html", lambda: [other.item_html(update) for update in other.updates])
        other = FeedWriter(catalogue, settings(args.updates))
        timed("items", lambda: [other._entry(index) for index in range(len(other.updates))])
        assert timed("xml", lambda: other.feed_pair(None)) == feeds

        reference = FeedWriter(catalogue, settings(args.updates), make_entry=feedgen_entry)
        for index in range(len(reference.updates)):
            reference._entry(index)
        assert timed("feedgen", lambda: reference.feed_pair(None)) == feeds, "feedgen's road gives other bytes"

        timed("every", lambda: FeedWriter(catalogue, settings(args.updates)).all_feeds())
        timed("default", lambda: FeedWriter(catalogue, settings(50)).all_feeds())

    count = len(writer.updates)
    rss, atom = feedparser.parse(feeds["rss"]), feedparser.parse(feeds["atom"])
    assert rss.bozo == 0 and atom.bozo == 0, (rss.get("bozo_exception"), atom.get("bozo_exception"))
    assert len(rss.entries) == len(atom.entries) == count == args.updates, (len(rss.entries), count)
    print(f"updates: {count}; site feeds with max_items={args.updates}: RSS {len(feeds['rss']) / 1e6:.1f} MB, "
          f"Atom {len(feeds['atom']) / 1e6:.1f} MB, {count} items each (both parse with bozo == 0; "
          "byte-identical to feedgen's own item road)")
    print(f"total (new FeedWriter, both site feeds, everything included):    {best(runs['total'])}")
    print(f"  updates (collecting and sorting every update):                    {best(runs['updates'])}")
    print(f"  HTML    (item HTML of every update):                              {best(runs['html'])}")
    print(f"  items   (every item and its entry, HTML included):                {best(runs['items'])}")
    print(f"  XML     (RSS + Atom written from built items: feed generation):   {best(runs['xml'])}")
    print(f"  XML the feedgen way (feedgen building each <item> and <entry>):   {best(runs['feedgen'])}")
    feeds_count = 2 * (1 + len(catalogue.propositions))
    print(f"all {feeds_count} feeds, max_items={args.updates} (new FeedWriter):               {best(runs['every'])}")
    print(f"all {feeds_count} feeds, max_items=50, the default (new FeedWriter):         {best(runs['default'])}")


if __name__ == "__main__":
    main()
