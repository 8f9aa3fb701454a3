"""The search index written in parts (publication/search_parts.py): how many parts, which page goes to which,
that a small site's index is what one Pagefind run writes, and that a large site's parts (the part size
lowered here, so that the default content makes three) hold every page once, the same pages as one index,
and no second copy of Pagefind's script. That a reader's search merges them into the same hits and filter
counts is tested in a real browser in test_browser.py."""

from __future__ import annotations

import math
import os
import shutil
import subprocess

import pytest
from search_index import indexed_urls, part_pages, search_files

from publication import search_parts
from publication.search import EXCLUDED, SearchCopies, same_order
from publication.search_parts import ANNOUNCED, part_count, part_folders, part_of

PATHS = [f"evidence/record-{n}/index.html" for n in range(3000)]


def in_parts(site, monkeypatch, parts: int = 3) -> int:
    """Index the pages of the built `site` anew, as `mkdocs build` does (from copies of their searched
    parts), with the part size lowered so that they make `parts` parts; return the pages indexed."""
    html = [(p.relative_to(site).as_posix(), p.read_text(encoding="utf-8")) for p in sorted(site.rglob("*.html"))]
    copies = SearchCopies(site)
    try:
        copies.update(html)
        monkeypatch.setattr(search_parts, "PAGES_PER_PART", math.ceil(copies.copied / parts))
        return copies.write_index(site)
    finally:
        copies.discard()


@pytest.fixture
def site_in_parts(default_site, tmp_path, monkeypatch):
    """A copy of the default site whose index is written in three parts."""
    site = tmp_path / "site"
    shutil.copytree(default_site.site, site, copy_function=os.link, ignore=shutil.ignore_patterns("pagefind"))
    in_parts(site, monkeypatch)
    return site


def test_a_site_has_one_part_per_part_s_worth_of_pages_or_of_bytes():
    assert [part_count(n) for n in (0, 1, 3000, 3001, 6000, 6001, 10_010)] == [1, 1, 1, 2, 2, 3, 4]
    assert part_count(100, size=15_000_000) == 1
    assert part_count(100, size=15_000_001) == 2  # few pages, but long ones
    assert part_count(10_010, size=50_000_000) == 4


def test_a_page_stays_in_its_part_and_a_new_part_takes_pages_only_from_the_others():
    for parts in (2, 3, 4, 5):
        before = [part_of(path, parts) for path in PATHS]
        after = [part_of(path, parts + 1) for path in PATHS]
        moved = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
        assert {a for _, a in moved} == {parts}, "a page moved between parts that were there before"
        assert abs(len(moved) - len(PATHS) / (parts + 1)) < 0.15 * len(PATHS) / (parts + 1)
        sizes = [before.count(part) for part in range(parts)]
        assert max(sizes) - min(sizes) < 0.15 * len(PATHS) / parts, sizes  # the parts about equal
    # The same path, the same part, whatever else the site holds (and from one Python to the next).
    assert [part_of(path, 4) for path in PATHS[:8]] == [part_of(path, 4) for path in reversed(PATHS[:8])][::-1]
    assert [part_of(path, 4) for path in PATHS[:8]] == [3, 1, 3, 3, 3, 0, 3, 3]


def test_a_small_site_s_index_is_one_part_exactly_as_one_pagefind_run_writes_it(default_site, tmp_path):
    from pagefind.service import get_executable

    bundle = default_site.site / "pagefind"
    assert part_folders(bundle) == [bundle] and not (bundle / "parts").exists()
    assert ANNOUNCED not in (bundle / "pagefind.js").read_text(encoding="utf-8")
    # What the build wrote before the index came in parts: Pagefind run once on the pages, no settings.
    argv = [str(get_executable()), "--site", str(default_site.site), "--output-path", str(tmp_path / "pagefind")]
    for selector in EXCLUDED:
        argv += ["--exclude-selectors", selector]
    subprocess.run([*argv, "--force-language", "en", "--silent"], check=True)
    same_order(tmp_path / "pagefind")
    assert search_files(default_site.site) == search_files(tmp_path)


def test_the_parts_hold_every_page_of_one_index_once(default_site, site_in_parts):
    bundle = site_in_parts / "pagefind"
    parts = part_folders(bundle)
    assert [p.relative_to(bundle).as_posix() for p in parts] == [".", "parts/2", "parts/3"]
    urls = [[page["url"] for page in part_pages(part)] for part in parts]
    assert all(urls), "a part holds no page"
    assert sorted(url for part in urls for url in part) == indexed_urls(default_site.site)
    for part, held in enumerate(urls):  # each page in the part its path gives
        paths = [url.strip("/") + "/index.html" if url != "/" else "index.html" for url in held]
        assert {part_of(path.removeprefix("/"), 3) for path in paths} == {part}


def test_only_the_first_part_holds_pagefind_s_script_and_it_names_the_others(site_in_parts):
    bundle = site_in_parts / "pagefind"
    first, *others = part_folders(bundle)
    assert (first / "pagefind.js").is_file() and list(first.glob("wasm.*.pagefind"))
    for part in others:
        names = sorted(p.name for p in part.iterdir())
        assert [n for n in names if not n.endswith(".pf_meta")] == [
            "filter",
            "fragment",
            "index",
            "pagefind-entry.json",
        ]
        assert [n for n in names if n.endswith(".pf_meta")], f"{part}: no meta file"
        assert not [p for p in part.rglob("*") if p.suffix in {".js", ".css", ".pagefind", ".wasm"}]
    script = (first / "pagefind.js").read_text(encoding="utf-8")
    assert script.endswith(f'\nexport const {ANNOUNCED}=["parts/2/","parts/3/"];\n')


def test_an_edit_moves_no_other_page_between_parts(site_in_parts, monkeypatch):
    def parts_of(site):
        bundle = site / "pagefind"
        return {page["url"]: n for n, part in enumerate(part_folders(bundle)) for page in part_pages(part)}

    before = parts_of(site_in_parts)
    article = (
        '<html lang="en-GB"><body><article><div data-pagefind-body><h1>Zanzibar</h1></div></article></body></html>'
    )
    (site_in_parts / "zanzibar").mkdir()
    (site_in_parts / "zanzibar" / "index.html").write_text(article, encoding="utf-8")
    gone = "/about/"
    (site_in_parts / "about" / "index.html").unlink()
    html = [(p.relative_to(site_in_parts).as_posix(), p.read_text("utf-8")) for p in site_in_parts.rglob("*.html")]
    copies = SearchCopies(site_in_parts)
    try:
        copies.update(html)
        copies.write_index(site_in_parts)  # the part size the fixture set: still three parts
    finally:
        copies.discard()
    after = parts_of(site_in_parts)
    assert "/zanzibar/" in after and gone not in after
    assert {url: part for url, part in after.items() if url != "/zanzibar/"} == {
        url: part for url, part in before.items() if url != gone
    }


def test_a_build_of_a_large_site_writes_its_index_in_parts_and_leaves_nothing_beside(project, monkeypatch):
    # Through the hooks, as `mkdocs build` runs them: the minimal fixture, one part per two pages.
    assert project.build().ok
    one_index = indexed_urls(project.site)
    monkeypatch.setattr(search_parts, "PAGES_PER_PART", 2)
    assert project.build().ok
    parts = part_folders(project.site / "pagefind")
    assert len(parts) == math.ceil(len(one_index) / 2) > 1
    assert indexed_urls(project.site) == one_index
    assert [p.name for p in project.root.iterdir() if p.name.startswith(".pagefind")] == []


def test_pagefind_reads_the_settings_a_part_is_written_with(default_site, tmp_path):
    # The Pagefind pinned reads both: the default content's words make more index chunks with a part's
    # setting than without; its allocator names a setting it cannot read.
    from pagefind.service import get_executable

    from publication.search import _run_pagefind

    _run_pagefind(get_executable(), default_site.site, tmp_path / "chunked", "en", search_parts.PART_ENVIRONMENT)
    chunks = len(list((tmp_path / "chunked" / "index").iterdir()))
    assert chunks > len(list((default_site.site / "pagefind" / "index").iterdir())) > 1
    allocator = {**os.environ, "_RJEM_MALLOC_CONF": "no_such_setting:1"}
    said = subprocess.run([str(get_executable()), "--version"], capture_output=True, text=True, env=allocator)
    assert "<jemalloc>: Invalid conf pair: no_such_setting:1" in said.stderr
    assert set(search_parts.ALLOCATOR_ENVIRONMENT) == {"_RJEM_MALLOC_CONF"}


def test_a_few_long_pages_leave_no_part_empty(tmp_path, monkeypatch):
    # Two pages over the size of a part make more parts than pages: only the parts that hold a page are written.
    site = tmp_path / "site"
    body = "<div data-pagefind-body><h1>{}</h1><p>" + "word " * 400 + "</p></div>"
    for name in ("one", "two"):
        (site / name).mkdir(parents=True)
        text = f"<html lang='en'><body><article>{body.format(name)}</article></body></html>"
        (site / name / "index.html").write_text(text, encoding="utf-8")
    monkeypatch.setattr(search_parts, "BYTES_PER_PART", 100)
    copies = SearchCopies(site)
    try:
        copies.update((f"{n}/index.html", (site / n / "index.html").read_text("utf-8")) for n in ("one", "two"))
        assert part_count(2, size=sum(copies._sizes.values())) > 2
        assert copies.write_index(site) == 2
    finally:
        copies.discard()
    parts = part_folders(site / "pagefind")
    assert 1 <= len(parts) <= 2 and all(part_pages(part) for part in parts)
    assert indexed_urls(site) == ["/one/", "/two/"]
