"""Full builds: the default publication builds strictly, links both ways, and never runs a record's HTML.

Builds run in this process (`project.build()`, see conftest.py); one test builds the same project twice
in a row, as the in-process builds of a session do, to show that nothing of one build reaches the next.
"""

from __future__ import annotations

import os
import re

import yaml
from conftest import ROOT, make_project

HOSTILE_TITLE = "Treorchy <script>alert(1)</script> <img src=x onerror=alert(1)>"
EPOCH_BEFORE_BUILDS = os.environ.get("SOURCE_DATE_EPOCH")  # a build must leave the environment as it found it
RAW_MARKUP = re.compile(r"<script>alert|<img src=x|<img[^>]*onerror|<b onmouseover")


def _records(folder: str) -> list[dict]:
    return [yaml.safe_load(f.read_text(encoding="utf-8")) for f in sorted((ROOT / folder).glob("*.yml"))]


def test_the_default_publication_has_six_propositions_and_enough_evidence():
    propositions = _records("propositions")
    assert sorted(p["number"] for p in propositions) == [1, 2, 3, 4, 5, 6]
    assert len(_records("evidence")) >= 18


def test_the_default_publication_builds_strictly_with_a_page_per_record(default_site):
    for record in _records("propositions"):
        assert (default_site.site / "propositions" / record["id"] / "index.html").is_file()
    for record in _records("evidence"):
        assert (default_site.site / "evidence" / record["id"] / "index.html").is_file()


def test_every_proposition_links_to_its_evidence_and_every_evidence_page_links_back(default_site):
    site = default_site.site
    supported_by: dict[str, set[str]] = {p["id"]: set() for p in _records("propositions")}
    for evidence in _records("evidence"):
        page = (site / "evidence" / evidence["id"] / "index.html").read_text(encoding="utf-8")
        for support in evidence.get("supports", []):
            supported_by[support["proposition"]].add(evidence["id"])
            assert f'href="../../propositions/{support["proposition"]}/' in page, (evidence["id"], support)
    for proposition_id, evidence_ids in supported_by.items():
        assert evidence_ids, f"{proposition_id} has no evidence"
        page = (site / "propositions" / proposition_id / "index.html").read_text(encoding="utf-8")
        for evidence_id in evidence_ids:
            assert f'href="../../evidence/{evidence_id}/"' in page, (proposition_id, evidence_id)


def test_record_pages_stay_out_of_the_nav_and_index_pages_are_in_it(default_site):
    home = (default_site.site / "index.html").read_text(encoding="utf-8")
    start = home.index('class="md-nav md-nav--primary"')
    nav = home[start : home.index('data-md-type="toc"', start)]  # the left sidebar, up to the right one
    for index in ("propositions/", "recommendations/", "evidence/", "evidence-map/", "updates/"):
        assert f'href="{index}"' in nav
    assert "evidence/treorchy" not in nav and "propositions/future-can-be-local" not in nav


def test_a_hostile_title_is_escaped_in_every_built_file(project):
    record = project.root / "evidence" / "treorchy-high-street.yml"
    text = record.read_text(encoding="utf-8")
    text = text.replace("title: Treorchy high street", f'title: "{HOSTILE_TITLE}"')
    text = text.replace(
        "summary: A thriving high street in the Rhondda.",
        'summary: "Raw <script>alert(2)</script> markup <img src=https://x.example/i.png onerror=alert(3)> in md"',
    )
    text = text.replace("{name: Treorchy,", '{name: "<b onmouseover=alert(4)>Treorchy</b>",')
    record.write_text(text, encoding="utf-8")
    proposition = project.root / "propositions" / "future-can-be-local.yml"
    proposition.write_text(
        proposition.read_text(encoding="utf-8").replace(
            "summary: Local places matter.",
            "summary: Local <img src=https://x.example/i.png onerror=alert(5)> places matter.",
        ),
        encoding="utf-8",
    )

    result = project.build()

    assert result.ok, result.stderr
    unsafe = []
    checked = 0
    for path in project.site.rglob("*"):
        if path.suffix in {".html", ".xml", ".json"}:
            checked += 1
            if RAW_MARKUP.search(path.read_text(encoding="utf-8")):
                unsafe.append(str(path.relative_to(project.site)))
    assert checked > 20
    assert unsafe == []
    page = (project.site / "evidence" / "treorchy-high-street" / "index.html").read_text(encoding="utf-8")
    assert "<title>Treorchy &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.split("<article", 1)[1]


def test_a_generated_page_may_not_replace_a_hand_written_one(project):
    project.write("docs/recommendations.md", "# My own page\n")

    result = project.build()

    assert not result.ok
    assert "docs/recommendations.md: this hand-written file has the path of a generated page" in result.stderr


def test_two_builds_of_the_same_records_are_identical(project, tmp_path):
    other = make_project(tmp_path / "elsewhere", project.root)
    assert project.build().ok
    assert other.build().ok
    first = {p.relative_to(project.site): p.read_bytes() for p in project.site.rglob("*") if p.is_file()}
    second = {p.relative_to(other.site): p.read_bytes() for p in other.site.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [str(k) for k in first if first[k] != second[k]] == []


def test_a_second_build_in_the_same_process_sees_only_its_own_records(project):
    """MkDocs loads a project's hook module once per process; what one build computed must not reach the next."""
    page = project.site / "evidence" / "treorchy-high-street" / "index.html"
    record = project.root / "evidence" / "treorchy-high-street.yml"
    good = record.read_text(encoding="utf-8")
    assert project.build().ok
    assert "A thriving high street in the Rhondda." in page.read_text(encoding="utf-8")

    record.write_text(
        good.replace("summary: A thriving high street in the Rhondda.", "sumary: Broken."), encoding="utf-8"
    )
    broken = project.build()
    assert not broken.ok  # not built from the last good records
    assert broken.publication_lines()[0].startswith("evidence/treorchy-high-street.yml:")

    record.write_text(good.replace("A thriving high street", "A changed high street"), encoding="utf-8")
    again = project.build()
    assert again.ok, again.stderr
    assert "A changed high street in the Rhondda." in page.read_text(encoding="utf-8")
    assert os.environ.get("SOURCE_DATE_EPOCH") == EPOCH_BEFORE_BUILDS


def test_the_files_that_are_not_pages_follow_exclude_docs(project):
    """A build writes the citation files, feeds and downloads into the site before the pages render (so as not
    to hold their bytes meanwhile), but only once MkDocs has decided what it publishes: what `exclude_docs`
    leaves out stays out."""
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + '\nexclude_docs: "*.bib"\n', encoding="utf-8")
    built = project.build(strict=False)  # pages still link their .bib files: MkDocs warns of each
    assert built.ok, built.stderr
    assert list(project.site.rglob("*.bib")) == []
    assert (project.site / "cite" / "treorchy-high-street.ris").is_file()
