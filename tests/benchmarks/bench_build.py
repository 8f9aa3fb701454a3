"""Benchmark: our build against a plain MkDocs-Material build of the same pages, at a given size.

Not a test (pytest collects test_*.py only). Run it from the repository root on a quiet machine:

    .venv/bin/python tests/benchmarks/bench_build.py 1000 [10000 ...] [--pairs 3]

For each size N it makes, in a temp folder:

- **the project** with N evidence records: the default evidence and clones of it, each clone with an id
  and title of its own (`clone_records`), beside the default propositions;
- **a plain MkDocs-Material site of the same pages** (`plain_site`): the same mkdocs.yml, theme and
  overrides without the publication's hooks, and as its docs/ the very markdown the hooks generate
  (every record, index and browse page, the home page with its sections, a long list's pagination as
  raw HTML) plus the non-page files they add (feeds, downloads, schemas). Same pages, same words,
  links and headings; what differs is the publication's own work: loading and checking the records,
  rendering the templates, sanitising.

Then it runs `mkdocs build`, one after the other, each in a fresh process: the plain site without search
(its mkdocs.yml is this project's, `plugins: []`), the plain site with Material's search plugin (MkDocs'
default, what a new MkDocs-Material site has), and the project, which makes its own search (Pagefind) and
its PDF edition. For each it prints wall and CPU time (the CPU of the build and of the programs it ran,
Pagefind's included), peak memory of the build process (its maximum resident set size), the largest page,
the total size of the site, the search payload of a first search (Material's: search/search_index.json,
raw and gzipped as a server would send it; Pagefind's: what Chromium downloads for a first search of
"community" and of "Treorchy", with bench_search.py's measure), and the links and
headings in the built pages (equal when the sites hold the same pages); then the ratios ours / plain with
search (the same features) and ours / plain without search. For the project it also times `publication
check` as an editor runs it (a fresh process, start-up included), and runs the Pagefind program alone on
the built site, to show how much of the build's time and peak memory is Pagefind's.

With `--pairs N` it builds the plain site with its search and the project N times in all, each pair one
right after the other, and prints each pair's ratio and their median: the machine is shared, and its load
slows ours (which uses both cores) more than the plain build (which uses one).

Nothing here is timed in the tests; tests/test_benchmark_records.py checks only the record generator.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides")
_LINK = re.compile(rb"<a\s")
_HEADING = re.compile(rb"<h[1-6][\s>]")
LIST_PAGES = ("evidence/index.html", "evidence/page/", "updates/", "browse/")
SEARCHED_CONFIG = "mkdocs-with-search.yml"  # the plain site with Material's search plugin


# -- the records --------------------------------------------------------------------------------------------


def clone_records(target: Path, count: int, source: Path = ROOT) -> list[str]:
    """Write the propositions of `source` and `count` evidence records into `target`: the default evidence
    first, then clones of it in turn, clone i of record r with the id `r-copy-i` and the title
    `<r's title> (copy i)`. A clone keeps everything else (text, places, supports, dates) and drops
    `former_ids`, which would clash with the original's. Returns the evidence ids written, in order."""
    shutil.rmtree(target / "propositions", ignore_errors=True)
    shutil.copytree(source / "propositions", target / "propositions")
    evidence = target / "evidence"
    shutil.rmtree(evidence, ignore_errors=True)
    evidence.mkdir(parents=True)
    originals = sorted((source / "evidence").glob("*.yml"))
    ids = []
    for path in originals[:count]:
        shutil.copy(path, evidence / path.name)
        ids.append(path.stem)
    records = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in originals]
    for i in range(1, count - len(ids) + 1):
        record = dict(records[(i - 1) % len(records)])
        record.pop("former_ids", None)
        record["id"] = f"{record['id']}-copy-{i}"
        record["title"] = f"{record['title']} (copy {i})"
        text = yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100)
        (evidence / f"{record['id']}.yml").write_text(text, encoding="utf-8")
        ids.append(record["id"])
    return ids


def make_project(folder: Path, count: int) -> Path:
    """A copy of this project's site settings and content with `count` evidence records."""
    folder.mkdir(parents=True)
    for part in PROJECT_PARTS:
        (shutil.copytree if (ROOT / part).is_dir() else shutil.copy)(ROOT / part, folder / part)
    (folder / "hooks").symlink_to(ROOT / "hooks", target_is_directory=True)
    clone_records(folder, count)
    return folder


# -- the plain site of the same pages ----------------------------------------------------------------------


def plain_site(project: Path, folder: Path) -> int:
    """Write into `folder` a plain MkDocs-Material project whose docs/ hold exactly the pages and files a
    build of `project` has: hand-written ones as they are, generated ones as the hooks make them (run here,
    through MkDocs' own plugin events, untimed). Returns the number of markdown pages."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.pages import Page
    from mkdocs.structure.toc import get_toc

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(folder / "unused"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    docs = folder / "docs"
    pages = 0
    for file in files:
        target = docs / file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        if file.src_uri.endswith(".md"):
            pages += 1
            page = Page(None, file, config)
            source = config.plugins.on_page_read_source(page=page, config=config) or file.content_string
            markdown = config.plugins.on_page_markdown(source, page=page, config=config, files=files)
            # What the hooks add to a page's HTML of their own (a long list's pagination), as raw HTML.
            page.toc = get_toc([])  # the hooks make a page's table of contents safe: this one is empty
            added = config.plugins.on_page_content("", page=page, config=config, files=files)
            target.write_text(markdown + (f"\n\n{added}" if added else ""), encoding="utf-8")
        else:
            target.write_bytes(file.content_bytes)
    settings = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in ("hooks", "watch"):
        settings.pop(key, None)
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), "utf-8")
    # The same site as MkDocs-Material gives it to a new user: with its search plugin, MkDocs' default.
    settings["plugins"] = ["search"]
    (folder / SEARCHED_CONFIG).write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), "utf-8")
    shutil.copytree(project / "overrides", folder / "overrides")
    return pages


# -- measuring ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One command run in a fresh process: wall time, CPU time (user and system), peak resident memory, exit
    status and error output. On a machine shared with other work the CPU time moves less than the wall time."""

    seconds: float
    cpu_seconds: float
    peak_mb: float
    returncode: int
    stderr: str


# A small process between this one and the measured command: the kernel counts into a child's peak memory
# the resident size of the process it was forked from, and this one holds a whole rendered site.
_WRAPPER = """
import os, subprocess, sys
process = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(process.pid, 0)
open(sys.argv[1], "w").write(f"{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run(argv: list[str], cwd: Path) -> Run:
    """Run a command in a fresh process, timing it and reading its peak memory from the kernel (wait4's
    ru_maxrss, in KiB), through a small wrapper process so that this process's size does not count."""
    with tempfile.TemporaryDirectory() as tmp:
        peak, err = Path(tmp) / "peak", Path(tmp) / "stderr"
        with err.open("wb") as stderr:
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", _WRAPPER, str(peak), *argv], cwd=cwd, stdout=subprocess.DEVNULL, stderr=stderr
            )
            seconds = time.perf_counter() - started
        peak_kib, cpu = peak.read_text().split()
        return Run(seconds, float(cpu), int(peak_kib) / 1024, done.returncode, err.read_text("utf-8", "replace"))


def build(folder: Path, config: str = "mkdocs.yml", site: str = "site") -> Run:
    """`mkdocs build` of the project in `folder` (not strict: clones may bring warnings), in a new process."""
    argv = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", config, "-d", str(folder / site)]
    result = run(argv, folder)
    if result.returncode:
        raise SystemExit(f"mkdocs build failed in {folder}:\n{result.stderr[-3000:]}")
    return result


# The build's own indexing (search.index_site: in parts past search_parts.PAGES_PER_PART pages, one Pagefind
# run after another), from a small process, so that the peak memory measured is Pagefind's.
_INDEX_ALONE = (
    "import sys; from pathlib import Path; from publication.search import index_site; "
    "index_site(Path(sys.argv[1]), output=Path(sys.argv[2]))"
)


def pagefind_alone(site: Path, output: Path) -> Run:
    """The Pagefind program indexing a built site on its own, as the build runs it (every part), into `output`."""
    return run([sys.executable, "-c", _INDEX_ALONE, str(site), str(output)], site)


@dataclass(frozen=True)
class Site:
    """What a built site holds, in bytes."""

    total: int
    files: int
    pages: int
    largest: list[tuple[int, str]]  # the largest pages, largest first
    largest_list: tuple[int, str]  # the largest page of the paginated lists (evidence index, browse, Updates)
    search_index: int
    search_index_gzip: int
    links: int
    headings: int


def site_figures(site: Path) -> Site:
    """Sizes of a built site, its largest pages and search payload, and the links and headings its pages hold."""
    total = files = links = headings = 0
    pages, lists = [], [(0, "")]
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        files += 1
        if path.suffix == ".html":
            content = path.read_bytes()
            links += len(_LINK.findall(content))
            headings += len(_HEADING.findall(content))
            page = path.relative_to(site).as_posix()
            pages.append((size, page))
            if page.startswith(LIST_PAGES):
                lists.append((size, page))
    material_index = site / "search" / "search_index.json"  # gone since Pagefind replaced Material's search
    index = material_index.read_bytes() if material_index.is_file() else b""
    return Site(
        total,
        files,
        len(pages),
        sorted(pages, reverse=True)[:5],
        max(lists),
        len(index),
        len(gzip.compress(index, 6, mtime=0)),
        links,
        headings,
    )


def kb(size: int) -> str:
    return f"{size / 1e3:,.0f} kB" if size < 10e6 else f"{size / 1e6:,.1f} MB"


SEARCHED = ("community", "Treorchy")  # a common word and a rare one, as bench_search.py asks


def first_search(site: Path) -> str:
    """What a reader downloads for a first search of the built site `site` (Pagefind's files and the search
    page's script, measured in Chromium by bench_search.pagefind_cost), for each query of SEARCHED."""
    try:
        import bench_search  # a sibling script; it needs Playwright and Debian's Chromium
    except ImportError as exc:
        return f"not measured ({exc})"
    script = sum((ROOT / "docs" / name).stat().st_size for name in bench_search.SEARCH_PAGE_FILES)
    try:
        costs = bench_search.pagefind_cost(site, list(SEARCHED))
    except Exception as exc:  # no browser here: the rest of the figures still stand
        return f"not measured ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})"
    return "Pagefind's first search " + "; ".join(
        f"for {query!r} {kb(cost['bytes'] + script)} ({cost['files']} files and the search page's script)"
        for query, cost in costs.items()
    )


def report(name: str, built: Run, site: Site, site_dir: Path) -> None:
    print(f"  {name}: {built.seconds:.1f} s ({built.cpu_seconds:.1f} s CPU), peak memory {built.peak_mb:.0f} MB")
    print(f"    site: {kb(site.total)} in {site.files:,} files, {site.pages:,} pages")
    print(f"    largest pages: {'; '.join(f'{page} {kb(size)}' for size, page in site.largest)}")
    print(f"    largest page of a paginated list: {site.largest_list[1]} {kb(site.largest_list[0])}")
    if site.search_index:
        print(f"    search payload: search_index.json {kb(site.search_index)} ({kb(site.search_index_gzip)} gzipped)")
    elif (site_dir / "pagefind").is_dir():
        print(f"    search payload: {first_search(site_dir)}")
    else:
        print("    search payload: none (no search)")
    print(f"    links {site.links:,}, headings {site.headings:,}")


def measure(count: int, keep: Path | None, pairs: int = 1) -> None:
    """Build the project with `count` evidence records and the plain site of its pages; print the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        base = keep or Path(tmp)
        project = make_project(base / f"project-{count}", count)
        started = time.perf_counter()
        pages = plain_site(project, base / f"plain-{count}")
        made = time.perf_counter() - started
        print(f"{count:,} evidence records: {pages:,} markdown pages (plain site written in {made:.0f} s, untimed)")
        check = run([sys.executable, "-m", "publication", "check", "--root", str(project)], project)
        plain = build(base / f"plain-{count}")
        searched = build(base / f"plain-{count}", SEARCHED_CONFIG, "site-with-search")
        ours = build(project)
        print(
            f"  publication check: {check.seconds:.2f} s ({check.cpu_seconds:.2f} s CPU, exit {check.returncode}), "
            f"peak memory {check.peak_mb:.0f} MB"
        )
        plain_site_dir = base / f"plain-{count}" / "site"
        report("plain MkDocs-Material, no search", plain, site_figures(plain_site_dir), plain_site_dir)
        searched_site_dir = base / f"plain-{count}" / "site-with-search"
        report(
            "plain MkDocs-Material with its search plugin", searched, site_figures(searched_site_dir), searched_site_dir
        )
        report("this project (Pagefind search, PDF edition)", ours, site_figures(project / "site"), project / "site")
        alone = pagefind_alone(project / "site", base / f"pagefind-{count}")
        print(
            f"    of which the Pagefind program, run again alone on the built site: {alone.seconds:.1f} s "
            f"({alone.cpu_seconds:.1f} s CPU), peak memory {alone.peak_mb:.0f} MB (the build's peak is the "
            "largest of its process and Pagefind's)"
        )
        for name, baseline in (("with its search", searched), ("no search", plain)):
            print(
                f"  ratio (ours / plain {name}): {ours.seconds / baseline.seconds:.2f} wall, "
                f"{ours.cpu_seconds / baseline.cpu_seconds:.2f} CPU",
                flush=True,
            )
        if pairs > 1:
            again_in_pairs(project, base / f"plain-{count}", pairs - 1, [(searched, ours)])


def again_in_pairs(project: Path, plain: Path, more: int, pairs: list[tuple[Run, Run]]) -> None:
    """Build the plain site with its search and the project `more` times again, one right after the other, and
    print each pair's ratio and their median: on a shared machine the load moves between two builds run
    minutes apart, and it slows ours (which uses both cores) more than the plain build (which uses one)."""
    for _ in range(more):
        pairs.append((build(plain, SEARCHED_CONFIG, "site-with-search"), build(project)))
    ratios = [ours.seconds / searched.seconds for searched, ours in pairs]
    for number, ((searched, ours), ratio) in enumerate(zip(pairs, ratios, strict=True), 1):
        print(
            f"  pair {number}: plain with its search {searched.seconds:.1f} s, ours {ours.seconds:.1f} s: {ratio:.2f}"
        )
    print(
        f"  ratio (ours / plain with its search), median of {len(pairs)} pairs: {statistics.median(ratios):.2f} wall "
        f"(from {min(ratios):.2f} to {max(ratios):.2f})",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000], help="evidence records (default 1000)")
    parser.add_argument("--keep", type=Path, help="build in this (new) folder and keep it, to look at the sites")
    parser.add_argument(
        "--pairs", type=int, default=1, help="build plain-with-search and ours this many times in pairs (median ratio)"
    )
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the start; Python {sys.version.split()[0]}")
    for count in args.sizes:
        measure(count, args.keep, args.pairs)


if __name__ == "__main__":
    main()
