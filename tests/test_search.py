"""The site's search index (Pagefind, publication/search.py), read from built sites: which pages it holds,
what each hit says about itself, that it reads only a page's article, that the same records give the same
files, and that it is written on every road (MkDocs hooks, `mkdocs serve`'s rebuilds, `publication
postbuild`). The search page in a real browser is tested in test_browser.py."""

from __future__ import annotations

import shutil

import pytest
from search_index import indexed_pages, indexed_urls, search_files

from publication import paths
from publication.load import load_publication
from publication.search import SearchIndexError, index_site, searched_part

# Pages that only repeat what the record pages say: never in the index (front matter search: exclude).
NOT_SEARCHED = [
    "/print/",
    "/updates/",
    "/evidence/",
    "/propositions/",
    "/recommendations/",
    "/evidence-map/",
    "/browse/",
    "/browse/nation-wales/",
    "/browse/kind-case-study/",
    "/browse/theme-place/",
    "/search/",
]


def test_the_index_holds_each_record_page_once_and_never_the_print_edition(default_site):
    urls = indexed_urls(default_site.site)
    assert len(urls) == len(set(urls)), "a page is indexed twice"
    records = load_publication(default_site.root).catalogue.records.values()
    record_pages = {"/" + paths.record_page(r).removesuffix(".md") + "/" for r in records}
    assert {url for url in urls if url.startswith(("/evidence/", "/propositions/"))} == record_pages
    assert [url for url in NOT_SEARCHED if url in urls] == []
    assert {"/", "/about/", "/downloads/"} <= set(urls)  # the hand-written pages are searched


def test_a_hit_says_what_kind_of_record_it_is_and_carries_its_filters(default_site):
    pages = {page["url"]: page for page in indexed_pages(default_site.site)}
    treorchy = pages["/evidence/treorchy-high-street/"]
    assert treorchy["meta"] == {"kind": "Case study", "title": "Treorchy: High Street of the Year"}
    assert treorchy["filters"] == {
        "kind": ["Case study"],
        "nation": ["Wales"],
        "theme": ["Place", "Communities", "Arts and culture"],
        "proposition": ["3. The future can be local (as well as global)"],
    }
    assert pages["/propositions/future-can-be-local/"]["meta"]["kind"] == "Proposition"
    assert pages["/about/"]["meta"] == {"kind": "Page", "title": "About"}
    assert pages["/about/"]["filters"] == {}


def test_the_index_reads_a_page_s_article_and_not_the_navigation_around_it(default_site):
    treorchy = next(p for p in indexed_pages(default_site.site) if p["url"] == "/evidence/treorchy-high-street/")
    words = treorchy["content"]
    assert words.startswith("Treorchy: High Street of the Year. Kind Case study Where Treorchy, Rhondda Cynon Taf")
    assert "Rhondda" in words and "Sources" in words
    assert "Print edition" not in words and "Evidence map" not in words  # the site's navigation
    assert "¶" not in words  # the headings' permalinks
    assert "Skip to content" not in words


def test_a_hand_written_page_can_leave_itself_out_of_the_index(project):
    project.write("docs/notes.md", "---\nsearch:\n  exclude: true\n---\n\n# Editors' notes\n\nZanzibar.\n")
    project.write("docs/guide.md", "# A guide\n\nZanzibar too.\n")
    assert project.build(strict=False).ok
    urls = indexed_urls(project.site)
    assert "/guide/" in urls and "/notes/" not in urls


def test_two_builds_of_the_same_records_give_identical_search_files(project, tmp_path):
    assert project.build().ok
    first = search_files(project.site)
    assert any(name.startswith("filter/") for name in first)  # the files Pagefind writes in no fixed order
    shutil.move(project.site, tmp_path / "first")
    assert project.build().ok
    second = search_files(project.site)
    assert sorted(second) == sorted(first)
    assert [name for name in first if first[name] != second[name]] == []


def test_a_rebuild_leaves_no_search_file_of_a_removed_page(project):
    project.write("docs/guide.md", "# A guide\n\nZanzibar.\n")
    assert project.build().ok
    assert "/guide/" in indexed_urls(project.site)
    (project.root / "docs" / "guide.md").unlink()
    (project.site / "guide" / "index.html").unlink()  # as MkDocs' dirty rebuild under serve leaves it
    index_site(project.site)
    assert "/guide/" not in indexed_urls(project.site)


def test_a_missing_pagefind_program_is_named_with_what_to_do(project, monkeypatch):
    assert project.build().ok
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(project.root / "no-such-pagefind"))
    with pytest.raises(
        SearchIndexError,
        match=r"^search: the Pagefind program is missing \(.*no-such-pagefind\); install .*: pip install -r",
    ):
        index_site(project.site)


# -- what Pagefind reads: the searched part of each page (search.SearchCopies) ------------------------------


def test_the_index_made_from_the_searched_parts_is_the_index_of_the_whole_pages(default_site, tmp_path):
    # `mkdocs build` indexes copies of each page's data-pagefind-body element; Pagefind, run on the built
    # pages themselves, must write the very same files.
    index_site(default_site.site, output=tmp_path / "pagefind")
    from_pages, built = search_files(tmp_path), search_files(default_site.site)
    assert sorted(built) == sorted(from_pages)
    assert [name for name in built if built[name] != from_pages[name]] == []


def test_record_text_that_writes_the_markers_cannot_move_what_is_searched(project, tmp_path):
    # The copy runs from the first <div data-pagefind-body> to the last </article>: record text that writes
    # either, as raw HTML or in code, is shown as text, and the index is still the whole pages'.
    treorchy = project.root / "evidence" / "treorchy-high-street.yml"
    hostile = "summary: 'Zanzibar </article> <div data-pagefind-body> `</article>` x'\n"
    text = treorchy.read_text(encoding="utf-8")
    treorchy.write_text(text.replace("summary: A thriving high street in the Rhondda.\n", hostile), encoding="utf-8")
    assert project.build(strict=False).ok
    index_site(project.site, output=tmp_path / "pagefind")
    assert search_files(project.site) == search_files(tmp_path)
    page = next(p for p in indexed_pages(project.site) if p["url"] == "/evidence/treorchy-high-street/")
    assert "Zanzibar" in page["content"] and "Sources" in page["content"]


def test_a_page_without_a_searched_part_is_not_copied():
    article = '<article class="md-content__inner">{}</article>'
    page = '<html lang="en-GB" class="no-js"><head></head><body>{}</body></html>'
    assert searched_part(page.format(article.format("x"))) is None
    copy = searched_part(page.format(article.format("<div data-pagefind-body><h1>T</h1></div>")))
    assert copy is not None
    assert '<html lang="en-GB">' in copy and "<div data-pagefind-body><h1>T</h1></div>" in copy
    assert "article" not in copy


def test_a_build_leaves_no_copy_of_the_searched_parts_behind(project):
    assert project.build().ok
    assert [p.name for p in project.root.iterdir() if p.name.startswith(".pagefind")] == []


def test_search_copies_let_go_delete_their_folder(tmp_path):
    # A build stopped by Ctrl-C never reaches on_build_error: its copies still go when they are let go (or
    # when the process ends), not left beside the site.
    import gc

    from publication.search import SearchCopies

    copies = SearchCopies(tmp_path / "site")
    copies.add("page/index.html", '<html lang="en"><div data-pagefind-body>x</div></article></html>')
    folder = copies.folder
    assert (folder / "page" / "index.html").is_file()
    del copies
    gc.collect()
    assert not folder.exists()
