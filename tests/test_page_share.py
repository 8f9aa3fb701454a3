"""`mkdocs build` on two cores (page_share.py): a second process renders half the pages outside the navigation.

Records in, the same site out: every file of a build with the share is the file of a build without it, and
what a shared page's render logs (a broken link) is said once, as the build alone says it.
"""

from __future__ import annotations

import pytest
from conftest import make_project

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
    logged = []
    for fewest in (10**9, page_share.FEWEST_PAGES):
        monkeypatch.setattr(page_share, "FEWEST_PAGES", fewest)
        built = project.build()
        assert not built.ok and built.aborted.startswith("Aborted with ")
        logged.append([line for line in built.log if "nowhere-" in line])
    assert shares[0] is None and shares[1] is not None
    alone, shared = logged
    assert len(alone) == page_share.FEWEST_PAGES + 10
    assert shared == alone
