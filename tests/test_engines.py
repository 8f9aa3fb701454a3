"""Any engine: the same records give the same site under MkDocs, ProperDocs and Zensical.

Three roads to a published site, each tested here against the MkDocs build with our hooks (conftest's
`default_site`, built with `mkdocs build --strict`):

- **ProperDocs** (a continuation of MkDocs 1.x) builds the repository as it is, hooks and all;
- **MkDocs without hooks** builds the tree `publication stage` writes, then `publication postbuild`;
- **Zensical** (pinned: `zensical==0.0.73`, the newest on the package index CI reaches; it ignores
  `hooks:`) builds the same staged tree, then `publication postbuild`.

The engines come from requirements-dev.txt, so they are always there; a page missing from an engine's site
fails the test and is named.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
import yaml
from conftest import FIXTURES, make_project
from search_index import indexed_pages, indexed_urls
from site_safety import unsafe_findings
from test_broken_records import lay_over
from test_hostile_records import HOSTILE, HOSTILE_CASES, SITE_URL, expectations, hand_written_pages

from publication import cli
from publication.safe_pages import EXTENSION_NAME
from publication.staging import STAGE_MARK

# Keep Material's and ProperDocs' notices about MkDocs' future out of the engines' output.
QUIET = {**os.environ, "NO_MKDOCS_2_WARNING": "true", "DISABLE_MKDOCS_2_WARNING": "true"}
QUIET.pop("SOURCE_DATE_EPOCH", None)


def run_engine(*argv: str, cwd: Path) -> subprocess.CompletedProcess:
    """An engine's command line (`python -m mkdocs|properdocs|zensical ...`) run in `cwd`; it must succeed."""
    done = subprocess.run(
        [sys.executable, "-m", *argv], cwd=cwd, capture_output=True, text=True, env=QUIET, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    return done


def files_of(site: Path) -> dict[str, Path]:
    """Every file of a built site, by its path in it."""
    return {path.relative_to(site).as_posix(): path for path in sorted(site.rglob("*")) if path.is_file()}


def pages_of(site: Path) -> set[str]:
    """The HTML pages of a built site."""
    return {name for name in files_of(site) if name.endswith(".html")}


def staged_tree(project_root: Path, out: Path, capsys) -> Path:
    """`publication stage OUT --root PROJECT`, which must succeed."""
    assert cli.main(["stage", str(out), "--root", str(project_root)]) == 0, capsys.readouterr()
    return out


def postbuild(site: Path, capsys) -> subprocess.CompletedProcess:
    """`publication postbuild SITE`, run from inside the staged tree (it finds the project from there)."""
    capsys.readouterr()
    saved = Path.cwd()
    os.chdir(site.parent)
    try:
        status = cli.main(["postbuild", str(site)])
    finally:
        os.chdir(saved)
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(["publication", "postbuild"], status, out, err)


# -- the staged tree ----------------------------------------------------------------------------------------


def test_the_staged_tree_holds_every_generated_page_and_a_config_without_hooks(default_site, tmp_path, capsys):
    staged = staged_tree(default_site.root, tmp_path / "staged", capsys)
    config = yaml.safe_load((staged / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "hooks" not in config and "watch" not in config
    assert config["docs_dir"] == "docs" and config["theme"]["custom_dir"] == "overrides"
    assert EXTENSION_NAME in config["markdown_extensions"]
    assert "/evidence/treorchy-high-street.md" in config["not_in_nav"].splitlines()
    docs = staged / "docs"
    for page in ("evidence/treorchy-high-street.md", "propositions/index.md", "browse/nation-wales.md", "print.md"):
        assert (docs / page).read_text(encoding="utf-8").count("<!-- publication: this page shows record text -->")
    assert (docs / "feeds" / "rss.xml").is_file() and (docs / "downloads" / "evidence.csv").is_file()
    assert not (staged / "overrides" / "publication").exists()  # page templates are read when staging
    assert (default_site.root / "docs" / "index.md").read_text(encoding="utf-8") in (docs / "index.md").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize(
    "where, says",
    [
        (".", "this folder holds the project"),
        ("..", "this folder holds the project"),
        ("evidence/staged", "inside evidence/, which the build reads"),
        ("docs/staged", "inside docs/, which the build reads"),
        ("overrides/staged", "inside overrides/, which the build reads"),
        ("elsewhere", "this folder is not empty and was not staged by `publication stage`"),
    ],
)
def test_stage_never_writes_over_the_project_or_a_folder_it_did_not_stage(project, capsys, where, says):
    (project.root / "elsewhere").mkdir()
    (project.root / "elsewhere" / "notes.txt").write_text("mine")
    before = files_of(project.root)
    capsys.readouterr()
    assert cli.main(["stage", str(project.root / where), "--root", str(project.root)]) == 1
    out, err = capsys.readouterr()
    assert says in err and "Traceback" not in err
    assert files_of(project.root) == before


def test_stage_replaces_a_tree_it_staged_before(project, tmp_path, capsys):
    staged = staged_tree(project.root, tmp_path / "staged", capsys)
    (staged / "docs" / "stale.md").write_text("from an earlier run")
    staged_tree(project.root, staged, capsys)
    assert not (staged / "docs" / "stale.md").exists() and (staged / STAGE_MARK).is_file()


def test_stage_refuses_broken_records_with_the_checks_lines(project, tmp_path, capsys):
    project.write("evidence/broken.yml", "id: broken\ntitle: Broken\nkind: case-studdy\n")
    capsys.readouterr()
    assert cli.main(["stage", str(tmp_path / "staged"), "--root", str(project.root)]) == 1
    out, err = capsys.readouterr()
    assert "evidence/broken.yml:3" in out and "kind" in out
    assert not (tmp_path / "staged").exists()


# -- the engines --------------------------------------------------------------------------------------------


def without_section_marks(html: str) -> str:
    """A page less what only the hooks add (`navsection.py`, in `on_page_context`): the active nav section and
    the breadcrumb of a page outside the navigation."""
    html = re.sub(r'\s*<nav class="md-path" aria-label="Breadcrumb" >.*?</nav>', "", html, flags=re.DOTALL)
    html = html.replace(" md-nav__item--active", "")
    return "\n".join(line for line in html.splitlines() if line.strip())


def test_mkdocs_without_hooks_builds_the_staged_tree_into_the_same_site(default_site, tmp_path, capsys):
    """Byte for byte, but for the nav section and breadcrumb the hooks mark on pages outside the nav."""
    staged = staged_tree(default_site.root, tmp_path / "staged", capsys)
    run_engine("mkdocs", "build", "--strict", cwd=staged)
    assert postbuild(staged / "site", capsys).returncode == 0
    hooked, unhooked = files_of(default_site.site), files_of(staged / "site")
    assert sorted(unhooked) == sorted(hooked)
    differing = [name for name in hooked if hooked[name].read_bytes() != unhooked[name].read_bytes()]
    outside_nav = [n for n in differing if n.startswith(("evidence/", "propositions/", "browse/")) and n.count("/") > 1]
    assert differing == outside_nav and "evidence/treorchy-high-street/index.html" in differing
    for name in differing:
        hooked_page = hooked[name].read_text(encoding="utf-8")
        assert 'class="md-path"' in hooked_page, name
        assert without_section_marks(hooked_page) == without_section_marks(unhooked[name].read_text(encoding="utf-8"))


def test_properdocs_builds_the_repository_as_mkdocs_does(default_site, tmp_path):
    project = make_project(tmp_path / "project", pdf=True)  # as default_site: the PDF edition too
    run_engine("properdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", "site", cwd=project.root)
    mkdocs_files, properdocs_files = files_of(default_site.site), files_of(project.site)
    assert sorted(properdocs_files) == sorted(mkdocs_files)
    differing = {}
    for name, path in mkdocs_files.items():
        if path.read_bytes() != properdocs_files[name].read_bytes():
            before = path.read_text(encoding="utf-8").splitlines()
            after = properdocs_files[name].read_text(encoding="utf-8").splitlines()
            differing[name] = {line for line in set(before) ^ set(after)}
    # The one difference: each page names the engine that built it.
    for name, lines in differing.items():
        assert all('<meta name="generator"' in line for line in lines), (name, lines)
    assert "index.html" in differing and "feeds/rss.xml" not in differing


def test_zensical_builds_every_page_of_the_staged_tree_and_postbuild_adds_the_files(default_site, tmp_path, capsys):
    staged = staged_tree(default_site.root, tmp_path / "staged", capsys)
    site = staged / "site"
    run_engine("zensical", "build", "--strict", cwd=staged)  # strict: it stops on a link to a missing page
    missing = sorted(pages_of(default_site.site) - pages_of(site))
    assert missing == [], f"Zensical left out {len(missing)} page(s) the MkDocs build has: {missing[:10]}"
    shutil.rmtree(site / "feeds")  # what the engine copied from the staged tree: postbuild writes it again
    for download in (site / "downloads").glob("*.*"):
        if download.name != "index.html":  # the downloads page itself is a page
            download.unlink()
    finished = postbuild(site, capsys)
    assert finished.returncode == 0, finished.stderr
    feeds = sorted((site / "feeds").glob("*.xml"))
    assert len(feeds) == len(list((default_site.site / "feeds").glob("*.xml"))) > 2
    for feed in feeds:
        if feed.name != "sitemap.xml":
            parsed = feedparser.parse(feed.read_bytes())
            assert parsed.bozo == 0 and parsed.entries, feed.name
    for download in sorted((default_site.site / "downloads").glob("*.*")):
        if download.name == "index.html":
            continue  # the downloads page: a page, each engine's own HTML
        assert (site / "downloads" / download.name).read_bytes() == download.read_bytes(), download.name
    # postbuild indexed the site for search: the same pages as the MkDocs build's index, the print edition
    # never, each hit with its kind and filters
    assert indexed_urls(site) == indexed_urls(default_site.site)
    assert "/print/" not in indexed_urls(site)
    zensical_hits = {page["url"]: page for page in indexed_pages(site)}
    mkdocs_hits = {page["url"]: page for page in indexed_pages(default_site.site)}
    for url, hit in mkdocs_hits.items():
        assert (zensical_hits[url]["meta"], zensical_hits[url]["filters"]) == (hit["meta"], hit["filters"]), url


def test_postbuild_names_a_page_the_engine_left_out(default_site, tmp_path, capsys):
    staged = staged_tree(default_site.root, tmp_path / "staged", capsys)
    run_engine("mkdocs", "build", cwd=staged)
    (staged / "site" / "evidence" / "treorchy-high-street" / "index.html").unlink()
    finished = postbuild(staged / "site", capsys)
    assert finished.returncode == 1
    assert "evidence/treorchy-high-street/index.html (from evidence/treorchy-high-street.md)" in finished.stderr
    assert not (staged / "site" / "feeds" / "rss.xml").read_bytes() == b""  # nothing half-written


@pytest.mark.parametrize("case", HOSTILE_CASES)
def test_hostile_text_is_as_harmless_in_the_site_zensical_builds(case, tmp_path, capsys):
    """The pages are made safe inside Python-Markdown (`publication.safe_pages`), so an engine that runs
    no hooks publishes the same harmless pages: the hostile corpus, built by Zensical from a staged tree."""
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    lay_over(HOSTILE / case, project.root)
    (project.root / "expected.yml").unlink()
    staged = staged_tree(project.root, tmp_path / "staged", capsys)
    run_engine("zensical", "build", "--strict", cwd=staged)
    assert postbuild(staged / "site", capsys).returncode == 0
    site = staged / "site"
    assert unsafe_findings(site, SITE_URL, hand_written_pages(project.root)) == []
    for relative, texts in (expectations(case).get("present") or {}).items():
        content = (site / relative).read_text(encoding="utf-8")
        assert [t for t in texts if t not in content] == [], relative
