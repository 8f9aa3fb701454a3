"""Hostile record text that the check accepts must come out of the build harmless, on every page and file.

The corpus lives in files, one case per folder:

    tests/hostile/<case>/evidence/<file>.yml   record(s) laid over tests/fixtures/minimal
    tests/hostile/<case>/expected.yml          what the reader must get instead:

        why: one sentence: what the input tries, and what the reader gets instead
        present:                         # built file -> texts it must still contain (nothing swallowed)
          updates/index.html: [words after the tag]
        absent: ['<style']               # regexes no built .html, .xml, .json or .csv file may match

Each case is checked with `check --strict` (it must pass: nothing here is an editor's mistake) and built with
`mkdocs build --strict` (it must pass too: check passing means the build passes). Then, beyond its own
`present` and `absent`, every built file must be free of what `site_safety.unsafe_findings` looks for: event
handlers, foreign scripts, raw-text and embedding elements, images from other hosts, `target` and `data-*`
attributes, off-site links without rel="noopener noreferrer", unsafe table-of-contents anchors, duplicate ids,
spreadsheet formulas in the CSV downloads.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, check_in_process, make_project
from site_safety import unsafe_findings
from test_broken_records import lay_over

HOSTILE = Path(__file__).resolve().parent / "hostile"
HOSTILE_CASES = sorted(p.name for p in HOSTILE.iterdir() if p.is_dir()) if HOSTILE.is_dir() else []
SITE_URL = "https://building-back-better.example.org/"
EXPECTATION_KEYS = {"why", "present", "absent"}


def hand_written_pages(root: Path) -> frozenset[str]:
    """The built pages of docs/*.md other than the home page (which shows record summaries)."""
    return frozenset(
        f"{p.relative_to(root / 'docs').with_suffix('').as_posix()}/index.html"
        for p in (root / "docs").rglob("*.md")
        if p.name != "index.md"
    )


def expectations(case: str) -> dict:
    """The case's expected.yml."""
    return yaml.safe_load((HOSTILE / case / "expected.yml").read_text(encoding="utf-8"))


def test_every_hostile_case_says_why_and_what_the_reader_gets():
    assert len(HOSTILE_CASES) >= 10
    for case in HOSTILE_CASES:
        expected = expectations(case)
        assert set(expected) <= EXPECTATION_KEYS, case
        assert expected.get("why"), case
        assert expected.get("present") or expected.get("absent"), case


def test_the_safety_check_finds_what_it_looks_for(tmp_path):
    """The checker itself, on a site made by hand: each unsafe thing is named, a clean page is not."""
    site = tmp_path / "site"
    (site / "evidence").mkdir(parents=True)
    (site / "downloads").mkdir()
    article = (
        '<html><body><nav class="md-nav"><a class="md-nav__link" href="#x&quot; onmouseover=1">t</a></nav>'
        '<article class="md-content__inner">{}</article></body></html>'
    )
    (site / "clean.html").write_text(
        article.format('<p id="a"><a href="https://e.example/" rel="noopener noreferrer">x</a><img src="../x.png"></p>')
    )
    (site / "evidence" / "bad.html").write_text(
        article.format(
            '<p onclick="x()" id="a"><span id="a" data-clipboard-text="rm -rf ~">y</span><a href="https://e.example/" '
            'target="_blank">z</a><img src="/\\evil.example/x.png"><style>p{}</style><script>alert(1)</script></p>'
        )
    )
    (site / "evidence" / "jsonld.html").write_text(
        '<html><head><script type="application/ld+json">{"name": "a </script><script>alert(1)</script>"}</script>'
        '<script type="application/ld+json">{"name": "fine"}</script></head>'
        '<body><article class="md-content__inner"><script type="application/ld+json">{}</script></article>'
        "</body></html>"
    )
    # The theme's search frame may carry Pagefind's attributes; the same attributes anywhere else may not.
    frame = (
        '<div data-pagefind-body><div data-pagefind-ignore hidden><span data-pagefind-filter="kind">K</span></div>'
        "{}</div>"
    )
    (site / "framed.html").write_text(article.format(frame.format("<p>words</p>")))
    (site / "evidence" / "framed.html").write_text(
        article.format(frame.format('<p data-pagefind-filter="kind">R</p><div data-pagefind-body>x</div>'))
    )
    (site / "downloads" / "evidence.csv").write_text('id,title\nx,"=HYPERLINK(""https://e.example"")"\ny,fine\n')
    found = unsafe_findings(site, SITE_URL)
    assert [f for f in found if f.startswith("framed.html") and "pagefind" in f] == []
    assert [f for f in found if f.startswith("evidence/framed.html") and "pagefind" in f] == [
        "evidence/framed.html: <p data-pagefind-filter=...> in the article",
        "evidence/framed.html: <div data-pagefind-body=...> in the article",
    ]
    bad = [f for f in found if f.startswith("evidence/bad.html")]
    for expected in (
        "an event handler",
        "used 2 times",
        "data-clipboard-text",
        "target=",
        "another host",
        "<style> element",
        "inline script",
        "without rel",
    ):
        assert any(expected in f for f in bad), (expected, bad)
    jsonld = [f for f in found if f.startswith("evidence/jsonld.html")]
    assert any("JSON-LD that does not parse" in f for f in jsonld), jsonld  # </script> closed it early
    assert any("inline script that is not Material's: 'alert(1)'" in f for f in jsonld), jsonld
    assert any("JSON-LD outside the head" in f for f in jsonld), jsonld
    assert not any('"fine"' in f for f in jsonld)
    assert [f for f in found if f.startswith("downloads/")] == [
        "downloads/evidence.csv: row 2: the cell '=HYPERLINK(\"https://e.example\")' would run as a spreadsheet formula"
    ]
    assert [f for f in found if f.startswith("clean.html")] == [
        "clean.html: a table-of-contents link to '#x\" onmouseover=1'"
    ]


@pytest.mark.parametrize("case", HOSTILE_CASES)
def test_hostile_text_passes_check_and_builds_into_a_harmless_site(case, tmp_path, capsys):
    expected = expectations(case)
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    lay_over(HOSTILE / case, project.root)
    (project.root / "expected.yml").unlink()

    checked = check_in_process(capsys, project.root, "--strict")
    assert checked.returncode == 0, checked.stdout
    built = project.build()
    assert built.returncode == 0, built.stderr  # check --strict passed, so the strict build must pass
    assert "Traceback" not in built.stderr

    assert unsafe_findings(project.site, SITE_URL, hand_written_pages(project.root)) == []
    for relative, texts in (expected.get("present") or {}).items():
        content = (project.site / relative).read_text(encoding="utf-8")
        missing = [t for t in texts if t not in content]
        assert missing == [], f"{relative} lost {missing}"
    for pattern in expected.get("absent") or []:
        matches = [
            p.relative_to(project.site).as_posix()
            for p in project.site.rglob("*")
            if p.suffix in {".html", ".xml", ".json", ".csv"}
            and "assets" not in p.parts
            and re.search(pattern, p.read_text(encoding="utf-8"))
        ]
        assert matches == [], f"{pattern!r} found in {matches}"


def test_the_default_publication_is_harmless_too(default_site):
    assert unsafe_findings(default_site.site, SITE_URL, hand_written_pages(default_site.root)) == []
