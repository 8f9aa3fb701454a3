"""Benchmark: what a reader downloads for a first search, Material's search against Pagefind.

Run from the repository root:
    .venv/bin/python tests/benchmarks/bench_search.py [N ...] [--records copies|synthetic] [--keep DIR]
        [--site DIR] [--one-index] [--verbose]

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
- the time Pagefind takes to index the built site, run again alone as `mkdocs build` runs it (from copies
  of each page's searched part, `publication.search.SearchCopies`): in as many parts as the build writes
  (publication/search_parts.py), and again as one index (the part size raised past the site) to compare;
  the CPU time of the Pagefind runs, and each run's peak memory. The peak is wait4's ru_maxrss of Pagefind
  started by a small wrapper process (PAGEFIND_BINARY_PATH), not by this one: a child's ru_maxrss starts
  from its parent's size at the fork.
- a first search merges every part of the index before it asks, as the search page does (search.js).

`--keep DIR` keeps each built site in DIR/N; `--site DIR` measures those again without building.

Nothing is timed in the tests; figures go to README, Speed.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
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
from conftest import make_project  # noqa: E402

from publication import search_parts  # noqa: E402
from publication.search import SEARCH_FOLDER, SearchCopies  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
HOST = "127.0.0.1"
VERBOSE = "--verbose" in sys.argv  # print each file a first search loads
PAGE_OF_HITS = 5  # the hits whose data a results page loads first (the search page shows five at a time)
# The search page's own script, loaded only by the search page (overrides/search.html).
SEARCH_PAGE_FILES = ["javascripts/search.js"]
# The small process that starts Pagefind for the index runs, and notes each run's peak memory and time.
MEASURED_PAGEFIND = """\
import json, os, subprocess, sys, time
began = time.perf_counter()
child = subprocess.Popen([os.environ["BENCH_REAL_PAGEFIND"], *sys.argv[1:]])
_, status, usage = os.wait4(child.pid, 0)
with open(os.environ["BENCH_PAGEFIND_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps({"kb": usage.ru_maxrss, "seconds": time.perf_counter() - began}) + "\\n")
sys.exit(os.waitstatus_to_exitcode(status))
"""


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


def material_cost(site: Path) -> tuple[int, int] | None:
    """Bytes of Material's first search: the whole index and the worker script, raw and gzip-compressed; None
    for a site built without Material's search (`--site` on a site `mkdocs build` made)."""
    if not (site / "search" / "search_index.json").is_file():
        return None
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
                        await pagefind.options({ excerptLength: 24 });  // as search.js: options, then every part
                        for (const part of pagefind.publicationParts || []) {
                            await pagefind.mergeIndex(new URL(part, script).pathname, { excerptLength: 24 });
                        }
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


def measured_index(site: Path, one_index: bool = False) -> dict:
    """Index `site`'s pages again as `mkdocs build` does (from copies of their searched parts), in the parts
    the build writes or, with `one_index`, as one index; return the parts, the seconds, the CPU seconds of
    the Pagefind runs and each run's peak memory in MB."""
    from pagefind.service import get_executable

    with tempfile.TemporaryDirectory() as tmp:
        wrapper, log = Path(tmp) / "pagefind", Path(tmp) / "runs.jsonl"
        wrapper.write_text(f"#!{sys.executable}\n{MEASURED_PAGEFIND}", encoding="utf-8")
        wrapper.chmod(0o755)
        saved = {
            name: os.environ.get(name) for name in ("PAGEFIND_BINARY_PATH", "BENCH_REAL_PAGEFIND", "BENCH_PAGEFIND_LOG")
        }
        os.environ["BENCH_REAL_PAGEFIND"] = str(get_executable())
        os.environ.update(PAGEFIND_BINARY_PATH=str(wrapper), BENCH_PAGEFIND_LOG=str(log))
        limits = search_parts.PAGES_PER_PART, search_parts.BYTES_PER_PART
        if one_index:
            search_parts.PAGES_PER_PART = search_parts.BYTES_PER_PART = 10**12
        copies = SearchCopies(site)
        try:
            for path in sorted(site.rglob("*.html")):
                copies.add(path.relative_to(site).as_posix(), path.read_text(encoding="utf-8"))
            began, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
            pages = copies.write_index(site)
            seconds = time.perf_counter() - began
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
        finally:
            copies.discard()
            search_parts.PAGES_PER_PART, search_parts.BYTES_PER_PART = limits
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
        runs = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    return {
        "pages": pages,
        "parts": len(search_parts.part_folders(site / SEARCH_FOLDER)),
        "seconds": seconds,
        "cpu": after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime,
        "peaks": [run["kb"] / 1024 for run in runs],
    }


def build_site(folder: Path, size: int, records: str) -> tuple[Path, float]:
    """Build a project of `size` records in `folder` with Material's search plugin on beside the hooks
    (which write the Pagefind index after the build); return the site and the seconds the build took."""
    if records == "synthetic":
        # Imported here: bench_build.py no longer has it (it clones the repository's records instead), and
        # the default records need nothing from it.
        from bench_build import synthetic_records

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
    parser.add_argument("--one-index", action="store_true", help="also index each site as one index, to compare")
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
            one = measured_index(site, one_index=True) if args.one_index else None
            index = measured_index(site)  # last: the site keeps the index the build writes
            page_files = sum((ROOT / "docs" / f).stat().st_size for f in SEARCH_PAGE_FILES)
            bundle = sum(f.stat().st_size for f in (site / SEARCH_FOLDER).rglob("*") if f.is_file())
            costs = pagefind_cost(site, [q.format(last=size - 1) for q in queries])
            material = material_cost(site)
        rows.append((size, index, one, build_seconds, material, page_files, bundle, costs))
        print(f"done: {size} records", file=sys.stderr, flush=True)
    print(f"Records: {args.records}")
    for size, index, one, build_s, material, page_files, bundle, costs in rows:
        materials = (
            "no Material index" if material is None else f"{kb(material[0])} ({kb(material[1])} gzip-compressed)"
        )
        print(
            f"\n{size:,} records ({index['pages']:,} pages in the search index): build with both indexes "
            f"{'(not built: --site)' if build_s is None else f'{build_s:.0f} s'}; Material's first search "
            f"{materials}; Pagefind's files on disk {kb(bundle)}"
        )
        for label, run in [("as the build writes it", index), ("as one index", one)]:
            if run is not None:
                peaks = ", ".join(f"{peak:,.0f}" for peak in run["peaks"])
                print(
                    f"  Pagefind alone, {label}: {run['parts']} part(s), {run['seconds']:.1f} s "
                    f"({run['cpu']:.1f} s CPU); peak memory of each run {peaks} MB"
                )
        for query, cost in costs.items():
            print(
                f"  Pagefind, first search for {query!r}: {kb(cost['bytes'] + page_files)} ({cost['files']} files "
                f"+ the search page's script, {kb(page_files)}); {cost['hits']:,} hits; opening the filters adds "
                f"{kb(cost['filters'])}; first hits: {cost['titles']}"
            )


if __name__ == "__main__":
    main()
