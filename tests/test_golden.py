"""Golden snapshots: everything the build generates, byte for byte, for three publications.

The publications are the repository's own content ("default"), tests/fixtures/minimal and
tests/fixtures/feeds. For each, tests/golden/<tree>/ holds:

- `built/`: what `mkdocs build --strict` writes from the records: every page's HTML (not 404.html),
<<<<<<< HEAD
  sitemap.xml, feeds/*.xml and downloads/*. Material's assets, the search index, the hand-written
  stylesheet and schemas, and the binary sitemap.xml.gz and PDF edition are left out (tests/test_pdf.py
  reads the PDF).
- `markdown/`: the markdown of every generated page as the templates write it (`PageRenderer.all_pages()`,
  with the site's settings) with its metadata for machines added (`metadata.with_metadata`), and the home
  page (docs/index.md followed by `home_sections()`). The engine gets the same, each page
=======
  sitemap.xml, feeds/*.xml and downloads/*. Material's assets, the search index (pagefind/), the hand-written
  stylesheet and schemas, and the binary sitemap.xml.gz are left out.
- `markdown/`: the markdown of every generated page as the templates write it (`PageRenderer.all_pages()`),
  and the home page (docs/index.md followed by `home_sections()`). The engine gets the same, each page
>>>>>>> search
  with the mark of a page showing record text first (`safe_pages.mark_untrusted`; see test_engines.py
  for the staged tree). A change to the page templates shows here before it shows in the HTML.

A difference fails with a unified diff of the first differing files. When a change to the output is
intended, regenerate every snapshot with one command, then read `git diff tests/golden` before
committing it:

    .venv/bin/python -m pytest tests/test_golden.py --update-goldens

Each tree is built once per session (the default content reuses conftest's `default_site`).
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import feedparser
import pytest
import yaml
from conftest import FIXTURES, ROOT, Project, make_project

from publication import paths
from publication.citations import CITE_DIR
from publication.load import load_publication
from publication.metadata import with_metadata
from publication.pages import PageRenderer
from publication.settings import feed_settings

GOLDEN = Path(__file__).resolve().parent / "golden"
TREES = {"default": ROOT, "minimal": FIXTURES / "minimal", "feeds": FIXTURES / "feeds"}
SHOWN_FILES = 3  # files whose diff a failure prints
SHOWN_LINES = 80  # diff lines printed per file
LINE_WIDTH = 240  # characters printed per diff line


# -- what is snapshotted -----------------------------------------------------------------------------


def is_generated(path: str) -> bool:
    """Whether a built file (its path in the site) comes from the records, and so is snapshotted."""
    top = path.split("/", 1)[0]
    if top in ("assets", "pagefind"):  # Material's static files; the search index repeats the pages
        return False
    if path.endswith(".html"):
        return path != "404.html"
    if path == paths.PDF_EDITION:  # binary, and its bytes follow WeasyPrint and the fonts: tests/test_pdf.py
        return False
    return path == "sitemap.xml" or top in (paths.FEEDS_DIR, "downloads", CITE_DIR)


def built_outputs(site: Path) -> dict[str, bytes]:
    """The snapshotted files of a built site, by their path in it."""
    found = {path.relative_to(site).as_posix(): path for path in site.rglob("*") if path.is_file()}
    return {name: found[name].read_bytes() for name in sorted(found) if is_generated(name)}


def generated_markdown(records: Path) -> dict[str, bytes]:
    """The markdown the hooks hand MkDocs for a publication, with this repository's site settings."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    site_name = config["site_name"]
    settings = feed_settings(
        config["site_url"], site_name, config.get("site_description"), config.get("site_author"), True, {}
    )
    result = load_publication(records)
    assert not result.errors, "\n".join(map(str, result.errors))
    renderer = PageRenderer(result.catalogue, site_name, None, None, settings)
    pages = {page.src_uri: page.content for page in renderer.all_pages()}
    pages = with_metadata(pages, result.catalogue, settings)
    pages[paths.HOME] = (ROOT / "docs" / paths.HOME).read_text(encoding="utf-8") + "\n" + renderer.home_sections()
    return {name: pages[name].encode("utf-8") for name in sorted(pages)}


# -- comparing -------------------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, bytes]:
    """The golden files under `folder`, by their path in it."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()
    }


def rewrite(folder: Path, files: dict[str, bytes]) -> None:
    """Replace the golden files under `folder` by `files` (stale ones go too)."""
    shutil.rmtree(folder, ignore_errors=True)
    for name, content in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def unified_diff(name: str, expected: bytes, actual: bytes) -> list[str]:
    """A readable diff of one file: at most SHOWN_LINES lines, each cut to LINE_WIDTH characters."""
    lines = list(
        difflib.unified_diff(
            expected.decode("utf-8", "replace").splitlines(),
            actual.decode("utf-8", "replace").splitlines(),
            fromfile=f"golden/{name}",
            tofile=f"built/{name}",
            lineterm="",
            n=2,
        )
    )
    shown = [line if len(line) <= LINE_WIDTH else line[:LINE_WIDTH] + " [...]" for line in lines[:SHOWN_LINES]]
    if len(lines) > SHOWN_LINES:
        shown.append(f"... {len(lines) - SHOWN_LINES} more diff lines")
    return shown


def differences(where: str, expected: dict[str, bytes], actual: dict[str, bytes]) -> list[str]:
    """What differs between the golden files and the built ones, in words and diffs; [] if nothing."""
    if expected == actual:
        return []
    if not expected:
        return [f"{where}: no golden files yet; write them with --update-goldens"]
    missing = sorted(expected.keys() - actual.keys())
    extra = sorted(actual.keys() - expected.keys())
    changed = [name for name in sorted(expected.keys() & actual.keys()) if expected[name] != actual[name]]
    report = [
        f"{where}: {len(changed)} file(s) differ, {len(missing)} missing from the build, "
        f"{len(extra)} new; if the change is intended, rerun with --update-goldens and read the git diff"
    ]
    report += [f"  missing: {name}" for name in missing] + [f"  new: {name}" for name in extra]
    for name in changed[:SHOWN_FILES]:
        report += ["", *unified_diff(f"{where}/{name}", expected[name], actual[name])]
    if len(changed) > SHOWN_FILES:
        report += ["", f"... and {len(changed) - SHOWN_FILES} more: " + ", ".join(changed[SHOWN_FILES:])]
    return report


def check_against_goldens(request: pytest.FixtureRequest, where: str, actual: dict[str, bytes]) -> None:
    """Compare `actual` with tests/golden/<where>/, or rewrite that folder under --update-goldens."""
    folder = GOLDEN / where
    if request.config.getoption("--update-goldens"):
        rewrite(folder, actual)
        return
    report = differences(where, snapshot(folder), actual)
    if report:
        pytest.fail("\n".join(report), pytrace=False)


# -- builds ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def fixture_builds(tmp_path_factory):
    """Build a fixture tree strictly, once per session."""
    built: dict[str, Project] = {}

    def build(tree: str) -> Project:
        if tree not in built:
            project = make_project(tmp_path_factory.mktemp(f"golden-{tree}") / "project", TREES[tree], pdf=True)
            result = project.build()
            assert result.returncode == 0, result.stderr
            built[tree] = project
        return built[tree]

    return build


def built_site(request: pytest.FixtureRequest, fixture_builds, tree: str) -> Path:
    project = request.getfixturevalue("default_site") if tree == "default" else fixture_builds(tree)
    return project.site


# -- tests -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("tree", TREES)
def test_built_pages_feeds_and_downloads_match_the_goldens(tree, request, fixture_builds):
    outputs = built_outputs(built_site(request, fixture_builds, tree))
    feeds = [
        name for name in outputs if name.startswith(f"{paths.FEEDS_DIR}/") and name != f"{paths.FEEDS_DIR}/sitemap.xml"
    ]
    assert len(feeds) >= 4 and {f"{paths.FEEDS_DIR}/rss.xml", f"{paths.FEEDS_DIR}/atom.xml"} <= set(feeds)
    for name in feeds:
        parsed = feedparser.parse(outputs[name])
        assert parsed.bozo == 0, (name, parsed.get("bozo_exception"))
    check_against_goldens(request, f"{tree}/built", outputs)


@pytest.mark.parametrize("tree", TREES)
def test_generated_markdown_matches_the_goldens(tree, request):
    markdown = generated_markdown(TREES[tree])
    assert paths.HOME in markdown and paths.UPDATES in markdown
    check_against_goldens(request, f"{tree}/markdown", markdown)


def test_a_difference_is_reported_as_a_short_unified_diff():
    golden = {"a.html": b"<p>one</p>\n<p>two</p>\n", "gone.xml": b"x", "same.csv": b"s"}
    built = {"a.html": b"<p>one</p>\n<p>2</p>\n", "new.json": b"{}", "same.csv": b"s"}
    assert differences("t/built", golden, built) == [
        "t/built: 1 file(s) differ, 1 missing from the build, 1 new; if the change is intended, "
        "rerun with --update-goldens and read the git diff",
        "  missing: gone.xml",
        "  new: new.json",
        "",
        "--- golden/t/built/a.html",
        "+++ built/t/built/a.html",
        "@@ -1,2 +1,2 @@",
        " <p>one</p>",
        "-<p>two</p>",
        "+<p>2</p>",
    ]
    assert differences("t/built", golden, dict(golden)) == []
