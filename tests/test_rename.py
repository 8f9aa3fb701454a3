"""`publication rename OLD NEW`: a record's new id everywhere, its old address and feed item ids kept."""

from __future__ import annotations

import re

import feedparser
import pytest
from conftest import make_project
from search_index import indexed_urls

from publication.cli import main

OLD, NEW = "treorchy-high-street", "treorchy-high-street-2020"


def rename(capsys, root, *args):
    capsys.readouterr()
    status = main(["rename", "--root", str(root), *args])
    out, err = capsys.readouterr()
    return status, out, err


def snapshot(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.glob("*/*.yml")}


def guids(site):
    return sorted(entry.id for entry in feedparser.parse((site / "feeds" / "rss.xml").read_bytes()).entries)


def test_a_dry_run_prints_the_plan_and_changes_nothing(tmp_path, capsys):
    project = make_project(tmp_path / "project")
    before = snapshot(project.root)
    status, out, _ = rename(capsys, project.root, OLD, NEW, "--dry-run")
    assert status == 0
    assert "evidence/treorchy-high-street.yml line 2: change id" in out
    assert "propositions/future-can-be-local.yml line 13: change body [[link]]" in out
    assert f"evidence/{OLD}.yml: rename to evidence/{NEW}.yml" in out
    assert "dry run: nothing changed" in out
    assert snapshot(project.root) == before


def test_renaming_the_default_content_keeps_check_build_old_address_and_feed_ids(tmp_path, capsys):
    project = make_project(tmp_path / "project")
    project.build()
    guids_before = guids(project.site)
    layout_before = (project.root / "evidence" / f"{OLD}.yml").read_text(encoding="utf-8")

    status, out, _ = rename(capsys, project.root, OLD, NEW)
    assert status == 0, out
    record = (project.root / "evidence" / f"{NEW}.yml").read_text(encoding="utf-8")
    assert not (project.root / "evidence" / f"{OLD}.yml").exists()
    # Only the id line changed and one line was added: comments and layout are as they were.
    assert record == layout_before.replace(f"id: {OLD}\n", f"id: {NEW}\nformer_ids: [{OLD}]\n")
    assert f"[[{NEW}|Treorchy]]" in (project.root / "propositions" / "future-can-be-local.yml").read_text()

    assert main(["check", "--strict", "--root", str(project.root)]) == 0
    project.build()  # strict
    site = project.site
    assert (site / "evidence" / NEW / "index.html").is_file()
    redirect = (site / "evidence" / OLD / "index.html").read_text(encoding="utf-8")
    assert f'<meta http-equiv="refresh" content="0; url=../{NEW}/">' in redirect
    assert f'<link rel="canonical" href="https://building-back-better.example.org/evidence/{NEW}/">' in redirect
    # Not in the sitemap, the search index or the navigation.
    assert f"/evidence/{OLD}/<" not in (site / "sitemap.xml").read_text()
    assert f"/evidence/{NEW}/" in indexed_urls(site) and f"/evidence/{OLD}/" not in indexed_urls(site)
    assert f'href="../{OLD}/"' not in (site / "evidence" / NEW / "index.html").read_text()
    assert guids(site) == guids_before


def test_a_former_id_is_reserved(tmp_path, capsys):
    project = make_project(tmp_path / "project")
    assert rename(capsys, project.root, OLD, NEW)[0] == 0
    status, _, err = rename(capsys, project.root, "lga-funding-gap", OLD)
    assert status == 1
    assert err == f"error: the id '{OLD}' is already used in evidence/{NEW}.yml; choose another\n"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            OLD,
            "lga-funding-gap",
            "error: the id 'lga-funding-gap' is already used in evidence/lga-funding-gap.yml; choose another",
        ),
        (
            OLD,
            "Treorchy High",
            "error: 'Treorchy High' is not a valid id: use lower-case letters and digits "
            "joined by single hyphens, at most 80 characters",
        ),
        ("no-such-record", NEW, "error: no record has the id 'no-such-record'"),
    ],
    ids=["new-exists", "new-invalid", "old-unknown"],
)
def test_refusals_say_why_in_one_line_and_change_nothing(tmp_path, capsys, old, new, message):
    project = make_project(tmp_path / "project")
    before = snapshot(project.root)
    status, out, err = rename(capsys, project.root, old, new)
    assert (status, out, err) == (1, "", message + "\n")
    assert snapshot(project.root) == before


def test_former_ids_are_appended_oldest_first(tmp_path, capsys):
    project = make_project(tmp_path / "project")
    assert rename(capsys, project.root, OLD, NEW)[0] == 0
    assert rename(capsys, project.root, NEW, "treorchy")[0] == 0
    text = (project.root / "evidence" / "treorchy.yml").read_text(encoding="utf-8")
    assert re.search(rf"^former_ids: \[{OLD}, {NEW}\]$", text, re.MULTILINE)
