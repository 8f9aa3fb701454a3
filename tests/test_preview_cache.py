"""The warm preview: a `mkdocs serve` rebuild reuses the pages whose inputs did not change, and the site it
serves is the very site a fresh preview of the same records serves.

Each test drives the hooks as `mkdocs serve` does, in this process: one `on_startup(command="serve")`, then
for every rebuild a fresh `load_config` and `build(config, serve_url=...)` into the same folder
(`Preview.rebuild`), and `on_shutdown` at the end (`Preview.stop`), which puts back what a preview changes for
the whole process (the memo, the cycle collector). A fresh preview is the same in another copy of the project,
whose hooks (loaded once per path) have kept nothing. The two sites are compared file by file, byte for byte.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest
import yaml
from conftest import FIXTURES, ROOT, command_line_log, make_project
from search_index import indexed_urls

SERVE_URL = "http://127.0.0.1:8000/"


class Preview:
    """A project previewed the way `mkdocs serve` does it: one hook state, rebuilt into one folder."""

    def __init__(self, root: Path):
        from mkdocs.config import load_config

        self.root = root
        self.site = root / "served"
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(self.site))
        config.plugins.on_startup(command="serve", dirty=False)
        self.hooks = next(iter(config.hooks.values()))._hooks
        self._config = config

    def stop(self) -> None:
        """As the server does when it stops: the plugins' `on_shutdown`."""
        self._config.plugins.on_shutdown()

    def rebuild(self) -> list[str]:
        """One rebuild, as serve's builder runs it after a saved file; the lines MkDocs logged."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        with command_line_log() as log:
            config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(self.site))
            config.site_url = SERVE_URL
            build(config, serve_url=SERVE_URL)
            self.hooks.wait_for_search()
        return [line for line in log.lines if "Documentation built in" not in line]

    @property
    def counts(self) -> tuple[int, int]:
        """This rebuild's pages outside the navigation: (rendered by Material, written from the cache)."""
        cache = self.hooks.preview_cache
        return cache.rendered, cache.reused


def site_files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_site(served: Path, fresh: Path) -> None:
    """Every file of the two sites, and nothing more, byte for byte (differences named, not dumped)."""
    ours, theirs = site_files(served), site_files(fresh)
    assert sorted(ours) == sorted(theirs)
    differing = [name for name in ours if ours[name] != theirs[name]]
    assert differing == []


def fresh_preview(project_root: Path, tmp_path: Path, name: str) -> Preview:
    """A new copy of the project with the same records, pages and settings, previewed once with nothing kept:
    the memo (one for the process) is emptied first, so nothing of the other preview answers for it."""
    from publication import memo

    memo.stop_keeping()
    copy = make_project(tmp_path / name, project_root)
    shutil.rmtree(copy.root / "docs")
    shutil.copytree(project_root / "docs", copy.root / "docs")
    shutil.copy(project_root / "mkdocs.yml", copy.root / "mkdocs.yml")
    preview = Preview(copy.root)
    try:
        preview.rebuild()
    finally:
        preview.stop()
    return preview


def edit_title(path: Path, title: str) -> None:
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["title"] = title
    path.write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")


@pytest.fixture
def preview(tmp_path: Path):
    project = make_project(tmp_path / "project", ROOT)
    preview = Preview(project.root)
    preview.rebuild()
    yield preview
    preview.stop()


def test_a_rebuild_with_nothing_changed_renders_no_page_outside_the_navigation(preview: Preview):
    rendered_first = preview.counts[0]
    preview.rebuild()
    rendered, reused = preview.counts
    assert rendered_first > 30
    assert (rendered, reused) == (0, rendered_first)


def test_an_edited_record_renders_its_own_page_again_and_the_site_equals_a_fresh_preview(
    preview: Preview, tmp_path: Path
):
    edit_title(preview.root / "evidence" / "treorchy-high-street.yml", "Treorchy: a high street, edited")
    preview.rebuild()
    rendered, reused = preview.counts
    assert 0 < rendered < reused
    page = (preview.site / "evidence" / "treorchy-high-street" / "index.html").read_text(encoding="utf-8")
    assert "Treorchy: a high street, edited" in page
    assert_same_site(preview.site, fresh_preview(preview.root, tmp_path, "fresh").site)


def test_the_preview_s_search_index_is_the_index_of_the_pages_it_serves(preview: Preview, tmp_path: Path):
    # Each rebuild's index is made, in the background, from copies of its pages' searched parts kept for the
    # whole preview (search.SearchCopies: only changed copies are written again, a removed page's deleted):
    # the same files as Pagefind reading the served pages themselves.
    from publication.search import index_site

    evidence = preview.root / "evidence"
    added = yaml.safe_load((evidence / "treorchy-high-street.yml").read_text(encoding="utf-8"))
    added.update(id="a-new-record", title="A new record")
    added.pop("former_ids", None)
    (evidence / "a-new-record.yml").write_text(yaml.safe_dump(added, sort_keys=False), encoding="utf-8")
    edit_title(evidence / "treorchy-high-street.yml", "Treorchy: a high street, edited")
    preview.rebuild()
    assert "/evidence/a-new-record/" in indexed_urls(preview.site)
    (evidence / "a-new-record.yml").unlink()
    preview.rebuild()
    assert "/evidence/a-new-record/" not in indexed_urls(preview.site)
    index_site(preview.site, output=tmp_path / "pagefind")
    assert site_files(preview.site / "pagefind") == site_files(tmp_path / "pagefind")


def test_after_edits_additions_and_deletions_the_site_equals_a_fresh_preview(preview: Preview, tmp_path: Path):
    evidence = preview.root / "evidence"
    edit_title(evidence / "treorchy-high-street.yml", "Treorchy, renamed once")
    preview.rebuild()
    added = yaml.safe_load((evidence / "treorchy-high-street.yml").read_text(encoding="utf-8"))
    added.update(id="a-new-record", title="A new record")
    added.pop("former_ids", None)
    (evidence / "a-new-record.yml").write_text(yaml.safe_dump(added, sort_keys=False), encoding="utf-8")
    preview.rebuild()
    assert (preview.site / "evidence" / "a-new-record" / "index.html").is_file()
    edit_title(evidence / "a-new-record.yml", "A new record, retitled")
    preview.rebuild()
    victim = evidence / "a-new-record.yml"
    victim.unlink()
    preview.rebuild()
    proposition = next((preview.root / "propositions").glob("*.yml"))
    edit_title(proposition, "A proposition with a new title")  # on every page that lists it
    preview.rebuild()
    (preview.root / "docs" / "about.md").write_text("# About\n\nA shorter about page.\n", encoding="utf-8")
    preview.rebuild()
    assert not (preview.site / "evidence" / victim.stem / "index.html").exists()
    assert_same_site(preview.site, fresh_preview(preview.root, tmp_path, "fresh").site)


def test_a_broken_link_in_a_reused_page_is_still_reported(tmp_path: Path):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    project.write("docs/notes.md", "# Notes\n\nSee [the missing page](missing.md).\n")
    settings = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    (project.root / "mkdocs.yml").write_text(settings.replace("  /search.md\n", "  /search.md\n  /notes.md\n"))
    preview = Preview(project.root)
    try:
        first = [line for line in preview.rebuild() if "missing.md" in line]
        again = [line for line in preview.rebuild() if "missing.md" in line]
        assert preview.counts[0] == 0
        assert first and again == first
    finally:
        preview.stop()


def test_a_new_title_in_the_navigation_reaches_every_reused_page(tmp_path: Path):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    project.write("docs/notes.md", "# Working notes\n\nNotes.\n")
    settings = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    (project.root / "mkdocs.yml").write_text(
        settings.replace("  - About: about.md\n", "  - About: about.md\n  - notes.md\n")
    )
    preview = Preview(project.root)
    try:
        preview.rebuild()
        project.write("docs/notes.md", "# Field notes\n\nNotes.\n")  # its heading is its title in the navigation
        preview.rebuild()
    finally:
        preview.stop()
    record_pages = sorted((preview.site / "evidence").glob("*/index.html"))
    assert record_pages and all("Field notes" in page.read_text(encoding="utf-8") for page in record_pages)
    assert_same_site(preview.site, fresh_preview(preview.root, tmp_path, "fresh").site)


def test_remembered_functions_answer_from_memory_only_in_a_preview():
    from publication import memo

    calls = []

    @memo.remembered
    def doubled(value: int) -> int:
        calls.append(value)
        return value * 2

    saved = memo._active
    try:
        memo._active = False
        assert (doubled(2), doubled(2)) == (4, 4) and calls == [2, 2]
        memo._active = True
        calls.clear()
        assert (doubled(3), doubled(3), doubled(3)) == (6, 6, 6)
        assert calls == [3]
        assert doubled([1]) == [1, 1] and calls == [3, [1]]  # unhashable: computed, not remembered
        memo.next_build()
        memo.next_build()  # a whole build without asking: forgotten
        doubled(3)
        assert calls == [3, [1], 3]
    finally:
        memo._active = saved


def test_a_nav_page_subtitle_reaches_every_reused_page(tmp_path: Path):
    # Material shows a nav page's front matter (icon, subtitle, status) in the navigation of every page.
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    preview = Preview(project.root)
    try:
        preview.rebuild()
        about = project.root / "docs" / "about.md"
        about.write_text("---\nsubtitle: Who runs this site\n---\n" + about.read_text(encoding="utf-8"))
        preview.rebuild()
    finally:
        preview.stop()
    assert "Who runs this site" in (preview.site / "evidence" / "treorchy-high-street" / "index.html").read_text()
    assert_same_site(preview.site, fresh_preview(preview.root, tmp_path, "fresh").site)


def test_a_stopped_preview_leaves_nothing_beside_its_folder(tmp_path: Path):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    preview = Preview(project.root)
    preview.rebuild()
    preview.rebuild()
    preview.stop()
    assert sorted(p.name for p in preview.site.parent.iterdir() if p.name.startswith(".")) == []


def test_a_failed_rebuild_leaves_no_old_folder_behind(tmp_path: Path):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    preview = Preview(project.root)
    try:
        preview.rebuild()
        main = project.root / "overrides" / "main.html"
        main.write_text(main.read_text(encoding="utf-8") + "\n{% if %}\n", encoding="utf-8")  # a template error
        for _ in range(2):
            with pytest.raises(jinja2.TemplateSyntaxError):
                preview.rebuild()
        assert [p.name for p in preview.site.parent.iterdir() if p.name.startswith(".publication-old-")] == []
    finally:
        preview.stop()
