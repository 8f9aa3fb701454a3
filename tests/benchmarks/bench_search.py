"""Benchmark: what a reader downloads for a first search, Material's search against Pagefind.

Run from the repository root:
    .venv/bin/python tests/benchmarks/bench_search.py [N ...] [--records copies|synthetic] [--keep DIR]
        [--site DIR] [--verbose]

For each N it writes N evidence records into a temp copy of the project (by default the repository's own
evidence and numbered copies of it, so that pages hold real text; `--records synthetic` uses
bench_build.py's one-line records instead),
builds it once in-process with Material's `search` plugin switched back on beside the hooks (so both
indexes come from the same pages), and then measures:

- Material: a reader downloads the whole index before the first result, so the first search costs
  `search/search_index.json` plus the search worker script; both are summed from the files, raw and
  gzip-compressed (as most hosts serve them). (Material 9.8.1's plugin lists `indexing`, which would index
  titles or sections only, as an unsupported option: it changes nothing, so it is not measured.)
- Pagefind: the site is served on 127.0.0.1 and Chromium (Playwright, Debian's /usr/bin/chromium) opens
  the search page and asks Pagefind's own script (`pagefind/pagefind.js`, as the search page does) for a
  query's results and the first page of hits' data; every response under /pagefind/ is recorded with its
  size, then what opening the filters adds. The search page's own script is added from its file. Two
  queries: a common word and a rare one ("community" and "Treorchy"; with synthetic records "evidence",
  on every page, and one record's place).
- the time Pagefind takes to index the built site (`publication.search.index_site`, run again alone), and
  the CPU time of the Pagefind program.

`--keep DIR` keeps each built site in DIR/N; `--site DIR` measures those again without building.

Nothing is timed in the tests; figures go to README, Speed.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
import yaml  # noqa: E402
from bench_build import synthetic_records  # noqa: E402
from conftest import make_project  # noqa: E402

from publication.search import SEARCH_FOLDER, index_site  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
HOST = "127.0.0.1"
VERBOSE = "--verbose" in sys.argv  # print each file a first search loads
PAGE_OF_HITS = 5  # the hits whose data a results page loads first (the search page shows five at a time)
# The search page's own script, loaded only by the search page (overrides/search.html).
SEARCH_PAGE_FILES = ["javascripts/search.js"]


ROOT = HERE.parents[1]


def copied_records(root: Path, count: int) -> None:
    """The repository's evidence, then numbered copies of it in turn up to `count` records: copy n has
    the id `<id>-copy-n` and the title `<title> (copy n)` and keeps the rest (text, places, supports)."""
    originals = sorted((ROOT / "evidence").glob("*.yml"))
    for path in originals[:count]:
        (root / "evidence" / path.name).write_bytes(path.read_bytes())
    records = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in originals]
    for n in range(1, count - len(originals) + 1):
        record = {k: v for k, v in records[(n - 1) % len(records)].items() if k != "former_ids"}
        record["id"] = f"{record['id']}-copy-{n}"
        record["title"] = f"{record['title']} (copy {n})"
        text = yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100)
        (root / "evidence" / f"{record['id']}.yml").write_text(text, encoding="utf-8")


def kb(size: int) -> str:
    return f"{size / 1000:,.0f} KB" if size >= 10_000 else f"{size / 1000:,.1f} KB"


def material_cost(site: Path) -> tuple[int, int]:
    """Bytes of Material's first search: the whole index and the worker script, raw and gzip-compressed."""
    files = [site / "search" / "search_index.json", *sorted((site / "assets/javascripts/workers").glob("search.*.js"))]
    raw = sum(f.stat().st_size for f in files)
    packed = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
    return raw, packed


class _Recording(http.server.SimpleHTTPRequestHandler):
    """Serves the site and notes the path of every file it sends, in order (page, workers and all)."""

    sent: list[str] = []

    def do_GET(self):  # noqa: N802 - the base class's name
        type(self).sent.append(self.path.split("?", 1)[0])
        super().do_GET()

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def pagefind_cost(site: Path, queries: list[str]) -> dict[str, dict]:
    """For each query in a fresh browser: the bytes and files under /pagefind/ its first search loads, the
    hits and the first hits' titles, and the bytes that opening the filters adds. The sizes are those of
    the files the server sent (it compresses nothing; Pagefind's index files are gzip-compressed already)."""
    from playwright.sync_api import sync_playwright

    handler = type("Handler", (_Recording,), {"sent": []})
    server = http.server.ThreadingHTTPServer((HOST, 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://{HOST}:{server.server_address[1]}/"

    def search_bytes(paths: list[str]) -> tuple[int, int]:
        files = [site / path.lstrip("/") for path in paths if path.startswith(f"/{SEARCH_FOLDER}/")]
        return sum(f.stat().st_size for f in files), len(files)

    results = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
            for query in queries:
                context = browser.new_context()
                page = context.new_page()
                page.goto(base + "about/", wait_until="load")
                handler.sent.clear()
                found = page.evaluate(
                    """async ([script, query, shown]) => {
                        window.pagefind = await import(script);
                        const search = await pagefind.search(query);
                        const data = await Promise.all(search.results.slice(0, shown).map(r => r.data()));
                        return [search.results.length, data.map(d => d.meta.title)];
                    }""",
                    [base + SEARCH_FOLDER + "/pagefind.js", query, PAGE_OF_HITS],
                )
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(1000)  # anything Pagefind fetches after answering counts too
                first = list(handler.sent)
                page.evaluate("async () => { await pagefind.filters(); }")
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(1000)
                later = handler.sent[len(first) :]
                if VERBOSE:
                    for path in first + ["(filters opened)"] + later:
                        print(f"  {query!r}: {path}", file=sys.stderr)
                size, files = search_bytes(first)
                results[query] = {
                    "bytes": size,
                    "files": files,
                    "hits": found[0],
                    "titles": found[1],
                    "filters": search_bytes(later)[0],
                }
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return results


def build_site(folder: Path, size: int, records: str) -> tuple[Path, float]:
    """Build a project of `size` records in `folder` with Material's search plugin on beside the hooks
    (which write the Pagefind index after the build); return the site and the seconds the build took."""
    if records == "synthetic":
        project = make_project(folder / "project", folder / "empty")
        synthetic_records(project.root, size)
    else:
        project = make_project(folder / "project")
        copied_records(project.root, size)
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    material = "plugins:\n  - search\n"
    text = text.replace("plugins: []\n", material)
    assert material in text, "mkdocs.yml: no plugins line to switch Material's search on"
    config.write_text(text, encoding="utf-8")
    began = time.perf_counter()
    built = project.build(strict=False)
    assert built.ok, built.stderr[-2000:]
    return project.site, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--records", default="copies", choices=["copies", "synthetic"])
    parser.add_argument("--verbose", action="store_true", help="print each file a first search loads")
    parser.add_argument("--site", type=Path, help="measure the site built before in DIR/N (see --keep); no build")
    parser.add_argument("--keep", type=Path, help="copy each built site to DIR/N (for a look afterwards)")
    args = parser.parse_args()
    queries = ["evidence", "Place {last}"] if args.records == "synthetic" else ["community", "Treorchy"]
    rows = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            if args.site:
                site, build_seconds = args.site / str(size), None
            else:
                site, build_seconds = build_site(Path(tmp), size, args.records)
                if args.keep:
                    shutil.copytree(site, args.keep / str(size), dirs_exist_ok=True)
            began, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
            pages = index_site(site)  # again, alone, to time it (the Pagefind program is a child process)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            index_seconds = (time.perf_counter() - began, after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime)
            page_files = sum((ROOT / "docs" / f).stat().st_size for f in SEARCH_PAGE_FILES)
            bundle = sum(f.stat().st_size for f in (site / SEARCH_FOLDER).rglob("*") if f.is_file())
            costs = pagefind_cost(site, [q.format(last=size - 1) for q in queries])
            material_raw, material_gzip = material_cost(site)
        rows.append((size, pages, build_seconds, index_seconds, material_raw, material_gzip, page_files, bundle, costs))
        print(f"done: {size} records", file=sys.stderr, flush=True)
    print(f"Records: {args.records}")
    for size, pages, build_s, index_s, m_raw, m_gzip, page_files, bundle, costs in rows:
        print(
            f"\n{size:,} records ({pages:,} pages in the search index): build with both indexes "
            f"{'(not built: --site)' if build_s is None else f'{build_s:.0f} s'}, Pagefind alone "
            f"{index_s[0]:.1f} s ({index_s[1]:.1f} s CPU); Material's first search {kb(m_raw)} "
            f"({kb(m_gzip)} gzip-compressed); Pagefind's files "
            f"on disk {kb(bundle)}"
        )
        for query, cost in costs.items():
            print(
                f"  Pagefind, first search for {query!r}: {kb(cost['bytes'] + page_files)} ({cost['files']} files "
                f"+ the search page's script, {kb(page_files)}); {cost['hits']:,} hits; opening the filters adds "
                f"{kb(cost['filters'])}; first hits: {cost['titles']}"
            )


if __name__ == "__main__":
    main()
