"""Benchmark: what the feeds cost a build.

Not a test (pytest collects test_*.py only). Run it from the repository root:

    .venv/bin/python tests/benchmarks/bench_feeds.py [--updates 10000] [--repeat 5]

It times exactly what a build does for its feeds (`FeedWriter` made in `on_config`, `all_feeds()`
called in `on_files`): a new FeedWriter writing every feed of the site, site-wide and per
proposition, in RSS and Atom, with the site's own settings from mkdocs.yml (`feed_items` 50). Two
publications:

- the default content (the repository's records);
- a synthetic one with as many updates as asked for (propositions and evidence records whose
  publications and major `changes` add up to --updates), in memory. One text in ten has emphasis and a
  relative link (--markdown-share 0.1) beside the [[references]] that every text has.

Figures printed: wall-clock milliseconds, best of --repeat runs (with the median), each on a new FeedWriter;
"item HTML" is the part spent turning the items' notes and summaries into HTML, timed on its own.
Every feed is checked to parse with feedparser (`bozo == 0`) and to hold min(50, its updates) items.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

import feedparser
import yaml

from publication.catalogue import Catalogue, build_catalogue
from publication.feeds import FeedWriter
from publication.load import load_publication
from publication.model import Evidence, Proposition
from publication.settings import FeedSettings, feed_settings

ROOT = Path(__file__).resolve().parents[2]

PROPOSITIONS = 6
KINDS = ["case-study", "report", "statistic", "conversation"]
THEMES = ["place", "wellbeing", "digital-inclusion", "work", "democracy"]


def text(i: int, plain: str, share: float) -> str:
    """Prose with a reference, or (for `share` of the texts) the same with markdown."""
    if (i * share) % 1 + share >= 1 or share >= 1:
        return f"{plain} More in *the* [updates](../updates.md) and [[evidence-0]]."
    return f"{plain} More in [[evidence-0]]."


def synthetic_catalogue(updates: int, share: float = 0.1) -> Catalogue:
    """Propositions with two changes each, then evidence records with two major changes and one minor
    change each (three updates a record), and one last record with fewer, to reach `updates` exactly."""
    start = dt.date(2020, 7, 23)
    records = []
    for n in range(1, PROPOSITIONS + 1):
        records.append(
            Proposition.model_validate(
                {
                    "id": f"proposition-{n}",
                    "number": n,
                    "title": f"Proposition {n}",
                    "summary": text(n, f"Proposition {n} says something about the evidence.", share),
                    "themes": THEMES[n % len(THEMES) : n % len(THEMES) + 2],
                    "published": start,
                    "source": "evidence-0",
                    "recommendations": [
                        {
                            "id": f"recommendation-{n}",
                            "number": n,
                            "title": f"Recommendation {n}",
                            "text": "Do it.",
                            "actors": ["Funders"],
                        }
                    ],
                    "changes": [
                        {"date": start + dt.timedelta(days=30 * k), "note": f"Added [[evidence-{k}]]."} for k in (1, 2)
                    ],
                }
            )
        )
    remaining = updates - 3 * PROPOSITIONS
    i = 0
    while remaining > 0:
        majors = min(2, remaining - 1)
        published = start + dt.timedelta(days=i % 1500)
        changes = [
            {
                "date": published + dt.timedelta(days=7 * (k + 1)),
                "note": text(i * 3 + k, f"Change {k + 1}: see [[proposition-{1 + i % PROPOSITIONS}]].", share),
            }
            for k in range(majors)
        ]
        changes.append({"date": published + dt.timedelta(days=60), "note": "A typo.", "major": False})
        n = 1 + i % PROPOSITIONS
        records.append(
            Evidence.model_validate(
                {
                    "id": f"evidence-{i}",
                    "kind": "report" if i == 0 else KINDS[i % len(KINDS)],
                    "title": f"Evidence record {i}",
                    "summary": text(
                        i * 3 + 2, f"Evidence {i} from a community project, one of those in the report.", share
                    ),
                    "places": [{"name": "Somewhere", "nation": "wales"}],
                    "organisations": [f"Group {i % 97}"],
                    "themes": [THEMES[i % len(THEMES)]],
                    "supports": [
                        {
                            "proposition": f"proposition-{n}",
                            "recommendation": f"recommendation-{n}",
                            "how": "It shows it.",
                        }
                    ],
                    "sources": [{"title": "A source", "publisher": "A publisher"}],
                    "published": published,
                    "changes": changes,
                }
            )
        )
        remaining -= 1 + majors
        i += 1
    return build_catalogue(records, include_drafts=False)


def site_settings() -> FeedSettings:
    """The feed settings a build of this repository uses (mkdocs.yml)."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    return feed_settings(
        config["site_url"],
        config["site_name"],
        config.get("site_description"),
        config.get("site_author"),
        config.get("use_directory_urls", True),
        config.get("extra", {}).get("publication") or {},
    )


def best(runs: list[float]) -> str:
    return f"{min(runs) * 1e3:.1f} ms (median {sorted(runs)[len(runs) // 2] * 1e3:.1f} ms)"


def measure(name: str, catalogue: Catalogue, settings: FeedSettings, repeat: int) -> None:
    """Time a build's feeds for one catalogue, check them, and print the figures."""
    total, html = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        feeds = FeedWriter(catalogue, settings).all_feeds()
        total.append(time.perf_counter() - started)
        writer = FeedWriter(catalogue, settings)
        chosen = sorted({i for p in [None, *catalogue.propositions] for i in writer.chosen_positions(p)})
        started = time.perf_counter()
        for index in chosen:
            writer.item_html(writer.updates[index])
        html.append(time.perf_counter() - started)
    for path, content in feeds.items():
        parsed = feedparser.parse(content)
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
    items = sum(len(feedparser.parse(content).entries) for content in feeds.values())
    print(
        f"{name}: {len(writer.updates)} updates; {len(feeds)} feeds, {items} items in all "
        f"({len(chosen)} distinct), {sum(map(len, feeds.values())) / 1e3:.0f} kB; all parse with bozo == 0"
    )
    print(f"  every feed of a build (new FeedWriter, max_items {settings.max_items}): {best(total)}")
    print(f"  of which item HTML ({len(chosen)} items):                  {best(html)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--markdown-share",
        type=float,
        default=0.1,
        help="the share of synthetic texts with markdown beyond [[references]] (0 to 1)",
    )
    args = parser.parse_args()
    settings = site_settings()

    default = load_publication(ROOT)
    assert not default.errors, "\n".join(map(str, default.errors))
    measure("default publication", default.catalogue, settings, args.repeat)

    started = time.perf_counter()
    catalogue = synthetic_catalogue(args.updates, args.markdown_share)
    print(f"(synthetic catalogue built in {time.perf_counter() - started:.1f} s, not timed)")
    measure(
        f"synthetic publication, {len(catalogue.propositions)} propositions and {len(catalogue.evidence)} "
        "evidence records",
        catalogue,
        settings,
        args.repeat,
    )


if __name__ == "__main__":
    main()
