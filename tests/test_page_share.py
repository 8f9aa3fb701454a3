"""`mkdocs build` on two cores (page_share.py): a second process renders half the pages outside the navigation.

Records in, the same site out: every file of a build with the share is the file of a build without it, and
what a shared page's render logs (a broken link) is said once, as the build alone says it.
"""

from __future__ import annotations

import pytest
from conftest import command_line_log, make_project

from publication import page_share, sidework

pytestmark = pytest.mark.skipif(not sidework.can_fork(), reason="this platform does not fork: the build renders alone")


@pytest.fixture
def shares(monkeypatch) -> list:
    """Every PageShare the builds in the test start, to show that the share was used."""
    started = []
    start = page_share.PageShare.start.__func__

    def noting(cls, config, files, nav):
        share = start(cls, config, files, nav)
        started.append(share)
        return share

    monkeypatch.setattr(page_share.PageShare, "start", classmethod(noting))
    return started


def files_of(site) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_the_site_built_with_the_share_is_the_site_built_alone(tmp_path, monkeypatch, shares):
    shared = make_project(tmp_path / "shared", pdf=True)
    assert shared.build().ok
    assert [share for share in shares if share is not None], "the default content is large enough to share"
    monkeypatch.setattr(page_share, "FEWEST_PAGES", 10**9)
    alone = make_project(tmp_path / "alone", pdf=True)
    assert alone.build().ok
    assert shares[-1] is None
    built_shared, built_alone = files_of(shared.site), files_of(alone.site)
    assert sorted(built_shared) == sorted(built_alone)
    assert [name for name in built_shared if built_shared[name] != built_alone[name]] == []


def test_what_shared_pages_log_is_said_once_in_the_order_the_build_alone_says_it(tmp_path, monkeypatch, shares):
    # Hand-written pages outside the navigation, each with a broken link: half of them are rendered by the
    # second process, and their warnings must still fail the strict build, each said once, in order.
    project = make_project(tmp_path / "project")
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  /search.md\n", "  /search.md\n  /notes/\n", 1))
    for n in range(1, page_share.FEWEST_PAGES + 11):
        project.write(f"docs/notes/note-{n:02}.md", f"# Note {n}\n\nSee [the record](nowhere-{n:02}.md).\n")
    # A locale the theme warns about once per build, from the theme's environment (which the second process
    # makes again for its own pages): said once either way.
    config.write_text(
        config.read_text(encoding="utf-8").replace("  language: en\n", "  language: en\n  locale: fr\n", 1)
    )
    logged, aborted = [], []
    for fewest in (10**9, page_share.FEWEST_PAGES):
        monkeypatch.setattr(page_share, "FEWEST_PAGES", fewest)
        built = project.build()
        assert not built.ok
        logged.append([line for line in built.log if "Documentation built in" not in line])
        aborted.append(built.aborted)
    assert shares[0] is None and shares[1] is not None
    alone, shared = logged
    assert len([line for line in alone if "nowhere-" in line]) == page_share.FEWEST_PAGES + 10
    assert [line for line in alone if "locale" in line]
    assert shared == alone
    assert aborted[1] == aborted[0]


def test_a_shared_page_that_fails_to_render_fails_the_build(tmp_path, monkeypatch, shares):
    # An AttributeError, which Jinja would turn into an empty value if read while a template renders, must
    # stop the build as it would have stopped it alone, not leave pages out.
    real = page_share._page_html

    def failing(get_context, page, *args):
        if page.file.src_uri.startswith("evidence/"):
            raise AttributeError("'NoneType' object has no attribute 'title'")
        return real(get_context, page, *args)

    monkeypatch.setattr(page_share, "_page_html", failing)  # before the fork: the second process has it too
    project = make_project(tmp_path / "project")  # the default content: enough pages to share
    with command_line_log() as log, pytest.raises(AttributeError, match="no attribute 'title'"):
        project.build()  # MkDocs logs which page, then lets the error through, as it does building alone
    assert shares[-1] is not None
    assert any(line.startswith("ERROR") and "Error building page 'evidence/" in line for line in log.lines)
    assert not any("Page skipped" in line for line in log.lines)
