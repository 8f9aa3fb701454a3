"""`publication rename OLD NEW`: a record's new id everywhere, its old address and feed item ids kept."""

from __future__ import annotations

import json
import re

import feedparser
import pytest
from conftest import FIXTURES, make_project
from search_index import indexed_urls
from site_safety import unsafe_findings
from test_hostile_records import SITE_URL, hand_written_pages

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
        ("no-such-record", NEW, "error: no record or recommendation has the id 'no-such-record'"),
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


REC_OLD, REC_NEW = "invest-in-the-hyperlocal", "invest-in-hyperlocal-groups"
# A change about the recommendation, linking it: a reference field and a [[link]] to rename, and a feed item.
CHANGE_ABOUT_IT = f"""changes:
  - date: 2021-03-04
    note: Linked [[{REC_OLD}|the recommendation on hyperlocal groups]] from its evidence.
    recommendation: {REC_OLD}
"""


def test_renaming_a_recommendation_changes_every_reference_and_keeps_its_old_anchor_and_feed_ids(tmp_path, capsys):
    project = make_project(tmp_path / "project")
    proposition = project.root / "propositions" / "future-can-be-local.yml"
    proposition.write_text(proposition.read_text(encoding="utf-8") + CHANGE_ABOUT_IT, encoding="utf-8")
    assert project.build().ok
    guids_before = guids(project.site)
    before = snapshot(project.root)

    status, out, _ = rename(capsys, project.root, REC_OLD, REC_NEW)
    assert status == 0, out
    assert out.splitlines()[:3] == [
        "propositions/future-can-be-local.yml line 27: change recommendations, item 1: id",
        "propositions/future-can-be-local.yml line 27: add recommendations, item 1: former_ids",
        "propositions/future-can-be-local.yml line 43: change changes, item 1: note [[link]]",
    ]
    assert out.splitlines()[-1] == (
        f"renamed recommendation {REC_OLD} to {REC_NEW} in 5 file(s); its old anchor stays on its proposition's page"
    )
    after = snapshot(project.root)
    assert sorted(after) == sorted(before)  # no file renamed: a recommendation lives in its proposition's file
    text = after["propositions/future-can-be-local.yml"].decode()
    assert f"  - id: {REC_NEW}\n    former_ids: [{REC_OLD}]\n    number: 6\n" in text
    assert f"note: Linked [[{REC_NEW}|the recommendation" in text and f"recommendation: {REC_NEW}\n" in text
    # Every supports entry naming it, and nothing else, changed.
    for name, content in after.items():
        if name.startswith("evidence/"):
            assert content == before[name].replace(REC_OLD.encode(), REC_NEW.encode()), name
    assert REC_OLD.encode() not in b"".join(after[name] for name in after if name.startswith("evidence/"))

    assert main(["check", "--strict", "--root", str(project.root)]) == 0
    assert project.build().ok  # strict
    site = project.site
    for page in ("propositions/future-can-be-local/index.html", "print/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        # The old anchor is an empty element just before the heading, so old links still land on it.
        assert re.search(rf'<div id="{REC_OLD}"></div>\s*<h3 id="{REC_NEW}">', html), page
        assert f'href="#{REC_OLD}"' not in html and f'href="./#{REC_OLD}"' not in html, page
    assert guids(site) == guids_before
    assert unsafe_findings(site, SITE_URL, hand_written_pages(project.root)) == []  # the extra anchor included
    rss = feedparser.parse((site / "feeds" / "rss.xml").read_bytes())
    about = [entry for entry in rss.entries if entry.title == "Updated recommendation: Invest in the hyperlocal"]
    assert [entry.link.rsplit("#", 1)[1] for entry in about] == [REC_NEW]
    download = json.loads((site / "downloads" / "publication.json").read_text(encoding="utf-8"))
    recs = {r["id"]: r for p in download["propositions"] for r in p.get("recommendations", [])}
    assert recs[REC_NEW]["former_ids"] == [REC_OLD]
    assert [rid for rid, r in recs.items() if "former_ids" in r] == [REC_NEW]


def test_a_recommendations_former_id_is_reserved_and_cannot_be_renamed(tmp_path, capsys):
    project = make_project(tmp_path / "project")
    assert rename(capsys, project.root, REC_OLD, REC_NEW)[0] == 0
    before = snapshot(project.root)
    assert rename(capsys, project.root, OLD, REC_OLD)[1:] == (
        "",
        f"error: the id '{REC_OLD}' is already used in propositions/future-can-be-local.yml; choose another\n",
    )
    status, out, err = rename(capsys, project.root, REC_OLD, "invest-locally")
    assert (status, out) == (1, "")
    assert err == (
        f"error: '{REC_OLD}' is a former id in propositions/future-can-be-local.yml; rename the record or "
        "recommendation by the id it has now\n"
    )
    assert snapshot(project.root) == before
    # Renamed again, it keeps both old ids, oldest first.
    assert rename(capsys, project.root, REC_NEW, "invest-locally")[0] == 0
    text = (project.root / "propositions" / "future-can-be-local.yml").read_text(encoding="utf-8")
    assert f"  - id: invest-locally\n    former_ids: [{REC_OLD}, {REC_NEW}]\n" in text


def test_a_recommendation_written_as_a_flow_mapping_gets_its_former_id_inside_the_braces(tmp_path, capsys):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    proposition = project.root / "propositions" / "future-can-be-local.yml"
    text = proposition.read_text(encoding="utf-8")
    block = text[text.index("  - id: invest-in-the-hyperlocal") : text.index("changes:")]
    flow = (
        "  - {id: invest-in-the-hyperlocal, number: 6, title: Invest in the hyperlocal, text: Fund small local "
        "groups., actors: [Funders, UK Government]}\n"
    )
    proposition.write_text(text.replace(block, flow), encoding="utf-8")
    assert main(["check", "--root", str(project.root)]) == 0
    assert rename(capsys, project.root, REC_OLD, REC_NEW)[0] == 0
    assert f"  - {{id: {REC_NEW}, former_ids: [{REC_OLD}], number: 6," in proposition.read_text(encoding="utf-8")
    assert main(["check", "--root", str(project.root)]) == 0
