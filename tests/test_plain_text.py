"""Plain-text fields are shown exactly as written, on every page that shows them.

A title ending in '#' keeps it (Markdown would take it for the end of a heading), and a source's
web address containing ')' is linked whole (Markdown would end the link there).
"""

from __future__ import annotations

import html
import re

import pytest
from conftest import FIXTURES, make_project

RECORD = """\
id: learning-c
kind: report
title: "Learning C#: a #1 guide, F# too #"
summary: A report with an awkward title.
supports:
  - proposition: future-can-be-local
    how: "It says so in section #3."
sources:
  - title: "C# (programming language) #"
    publisher: "Wikipedia #"
    url: https://en.wikipedia.org/wiki/C_Sharp_(programming_language)
  - title: Unbalanced
    publisher: Example
    url: https://example.org/report)final.pdf
published: 2020-12-02
"""
TITLE = "Learning C#: a #1 guide, F# too #"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("plain") / "project", FIXTURES / "minimal")
    project.write("evidence/learning-c.yml", RECORD)
    result = project.build()
    assert result.returncode == 0, result.stderr
    return project.site


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def test_a_title_ending_in_a_hash_keeps_it_on_its_page_and_in_its_browser_title(site):
    page = (site / "evidence" / "learning-c" / "index.html").read_text(encoding="utf-8")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)
    assert _text(heading.split('<a class="headerlink"')[0]) == TITLE
    assert _text(re.search(r"<title>(.*?)</title>", page, re.S).group(1)).startswith(TITLE)
    assert "\\#" not in page


def test_a_title_with_hashes_is_shown_whole_on_the_list_pages(site):
    for listing in (site / "evidence" / "index.html", site / "print" / "index.html"):
        page = listing.read_text(encoding="utf-8")
        assert TITLE in html.unescape(page), listing
        assert "\\#" not in page, listing


def test_a_source_address_with_a_parenthesis_is_linked_whole(site):
    page = (site / "evidence" / "learning-c" / "index.html").read_text(encoding="utf-8")
    links = dict(
        (_text(text), href) for href, text in re.findall(r'<a href="(https://[^"]+)"[^>]*>(.*?)</a>', page, re.S)
    )
    assert links["C# (programming language) #"] == "https://en.wikipedia.org/wiki/C_Sharp_(programming_language)"
    assert links["Unbalanced"] == "https://example.org/report)final.pdf"
    assert "final.pdf)" not in _text(page)  # nothing of the address spills into the text
    assert "(Wikipedia #" in _text(page)
