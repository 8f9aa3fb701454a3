"""Record markdown as the site reads it: where code is, what prose may hold, and how it is shown.

The corpus (tests/broken/, tests/hostile/) shows whole records through check and build; these tests show
the pieces: record text in, code spans, findings and the text handed to Python-Markdown out.
"""

from __future__ import annotations

import random
import re

import markdown
import pytest

from publication.codespans import code_spans, literal_spans
from publication.recordtext import MAX_FIELD_CHARS, guard, lint
from publication.references import find_references, replace_references

# Python-Markdown's own code-span pattern (markdown.inlinepatterns.BACKTICK_RE).
PM_BACKTICK = re.compile(r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)(`+)(.+?)(?<!`)\2(?!`))", re.DOTALL)
SITE_EXTENSIONS = ["admonition", "attr_list", "def_list", "md_in_html", "tables", "toc"]


def python_markdown_spans(text: str) -> list[tuple[int, int]]:
    """The code spans Python-Markdown finds, matching as its inline processor does (match, stash, go on)."""
    spans, position = [], 0
    while (match := PM_BACKTICK.search(text, position)) is not None:
        if match.group(2):
            spans.append((match.start(2), match.end()))
        text = text[: match.start()] + "\x02" * (match.end() - match.start()) + text[match.end() :]
        position = match.end()
    return spans


def render(text: str) -> str:
    return markdown.markdown(guard(text), extensions=SITE_EXTENSIONS)


def test_code_spans_are_paired_exactly_as_python_markdown_pairs_them():
    rng = random.Random(8)
    for _ in range(20_000):
        text = "".join(rng.choice("```\\ab\n") for _ in range(rng.randint(1, 16)))
        assert [(s.start, s.end) for s in code_spans(text)] == python_markdown_spans(text), repr(text)


def test_a_run_closes_only_at_a_run_of_the_same_length():
    text = "``a ` b`` and `c`"
    assert [text[s.start : s.end] for s in code_spans(text)] == ["``a ` b``", "`c`"]


def test_code_that_spans_lines_is_not_trusted_as_code_but_code_on_its_own_line_is():
    text = "`a\nb` then `<style>`\n\nnew paragraph: `<b>`"
    assert [text[s.start : s.end] for s in literal_spans(text)] == ["`<b>`"]


def test_raw_text_tags_show_as_text_and_what_follows_them_survives():
    html = render("The <style> element, a <template> tag, <!-- and an open comment. The words after.")
    assert "&lt;style&gt;" in html and "&lt;template&gt;" in html and "&lt;!--" in html
    assert "The words after." in html


def test_allowed_tags_autolinks_link_addresses_closed_comments_and_code_are_left_as_written():
    text = (
        "Some <b>bold</b> <https://example.org> [about](<../about.md>) <!-- note --> `<style>`\n\n"
        "[site]: <https://example.org>"
    )
    assert guard(text) == text


def test_unknown_and_malformed_tags_show_as_text():
    assert guard('<blink>x</blink> <span title="open>y') == '&lt;blink>x&lt;/blink> &lt;span title="open>y'


@pytest.mark.parametrize("text", ["&#1;", "&#x0B", "&#xFFFE;", "&#0;", "&#xD800;", "&#x202E;", "&#" + "9" * 5000 + ";"])
def test_character_references_no_feed_can_carry_are_refused_and_lose_their_ampersand(text):
    assert [f.token for f in lint(f"a {text} b")] == ["&#"]
    assert guard(f"a {text} b") == f"a &amp;{text[1:]} b"


def test_printable_and_named_character_references_are_fine():
    assert lint("&#233; &#x2014; &amp; &eacute; `&#1;`") == []


@pytest.mark.parametrize(
    "text",
    [
        "# Heading {#x}",
        "Line one\n{: .wide }",
        "*a*{: .c}",
        "[a](https://b.example/){ target=_blank }",
        "Term {.t}\n:   Definition",
        "| a {: .x } |\n|---|",
        "{: #x } at the start",
    ],
)
def test_attribute_lists_are_refused_wherever_attr_list_would_read_them(text):
    findings = lint(text)
    assert [f.token for f in findings] == ["{"]
    assert "attribute lists like" in findings[0].message


@pytest.mark.parametrize(
    "text",
    [
        "The set {a, b} is small.",
        "Write {x} in a sentence.",
        "`{: #x }` in code",
        "Escaped \\{: #x }",
        "Empty {} braces",
    ],
)
def test_braces_in_ordinary_prose_are_fine(text):
    assert lint(text) == []


def test_raw_html_may_not_choose_ids_or_names():
    messages = [f.message for f in lint('<h2 id="x" markdown>T</h2> <a name="n">a</a> <span class="ok">c</span>')]
    assert messages == [
        f"the HTML attribute '{name}' is not allowed in record text; ids, names and labels come "
        "from the site's templates"
        for name in ("id", "name")
    ]


def test_a_field_longer_than_the_limit_is_refused_once_at_its_start():
    assert [(f.offset, f.token) for f in lint("a" * (MAX_FIELD_CHARS + 1))] == [(0, "")]


@pytest.mark.parametrize(
    "text",
    [
        "- " * 25 + "a",
        "> " * 25 + "a",
        "<div markdown>\n" * 25,
        "[" * 30,
        "*a " * 320,
        "a\n=\n" * 60,
        "a\n" + ":   b\n" * 101,
    ],
)
def test_shapes_python_markdown_cannot_render_in_good_time_are_refused(text):
    assert lint(text)


def test_references_in_code_stay_literal_and_others_are_linked():
    text = "See [[a]], not `[[b]]`, and [[c|the c]]."
    assert [(r.target, r.label) for r in find_references(text)] == [("a", None), ("c", "the c")]
    assert replace_references(text, lambda rid, label: f"<{rid}>") == "See <a>, not `[[b]]`, and <c>."


def test_pathological_backticks_and_brackets_are_read_in_one_pass():
    # The old regex took 15 s on 1,500 backticks; these complete at once (no timing: the suite would hang).
    for text in ("`" * 20_000, "`a " * 7_000, "[[" * 10_000, "``` `` ` " * 2_000):
        list(find_references(text))
        lint(text[:MAX_FIELD_CHARS])
        guard(text)
