"""Page templates: a publisher's override in the theme's folder, markdown escaping by default, clear errors.

Every generated page is a view (plain data, links resolved) rendered by a template from
hooks/publication/templates/, or from `overrides/publication/` when the publisher put one there.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, make_project

from publication.templating import PACKAGE_TEMPLATES, PageTemplates
from publication.views import Link, SafeMarkdown

OVERRIDE = "overrides/publication/evidence.md.j2"


def built_pages(site: Path) -> dict[str, str]:
    """Every HTML page of a built site, by its path in the site."""
    return {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8") for path in site.rglob("*.html")}


def render(source: str, **values) -> str:
    """A template written inline, rendered by the environment every page uses."""
    return PageTemplates().environment.from_string(source).render(**values)


# -- overriding a page template --------------------------------------------------------------------------


def test_an_evidence_template_in_overrides_changes_every_evidence_page_and_no_other(tmp_path):
    plain = make_project(tmp_path / "plain", FIXTURES / "minimal")
    overridden = make_project(tmp_path / "overridden", FIXTURES / "minimal")
    default = (PACKAGE_TEMPLATES / "evidence.md.j2").read_text(encoding="utf-8")
    overridden.write(OVERRIDE, default + "\nReviewed by the editorial board: {{ evidence.title }}.\n")

    assert plain.build().returncode == 0
    assert overridden.build().returncode == 0

    before, after = built_pages(plain.site), built_pages(overridden.site)
    evidence_pages = {"evidence/the-paper/index.html", "evidence/treorchy-high-street/index.html"}
    assert before.keys() == after.keys() and evidence_pages <= before.keys()
    assert {name for name in before if before[name] != after[name]} == evidence_pages
    assert (
        "<p>Reviewed by the editorial board: Treorchy high street.</p>"
        in after["evidence/treorchy-high-street/index.html"]
    )
    assert not (overridden.site / "publication").exists()  # the template is read, not published


# -- escaping ------------------------------------------------------------------------------------------------


def test_a_plain_value_is_escaped_for_markdown_without_the_template_saying_so():
    assert render("# {{ title }}", title="*Not* <b>bold</b> #1") == "# \\*Not\\* &lt;b&gt;bold&lt;/b&gt; \\#1"
    assert render("{{ name }}", name="- not a list") == "\\- not a list"


def test_safe_markdown_and_links_are_placed_as_markdown():
    assert render("{{ text }}", text=SafeMarkdown("*really* [[done]]")) == "*really* [[done]]"
    assert render("{{ link }}", link=Link("A *title*", "../evidence/x.md")) == "[A \\*title\\*](../evidence/x.md)"
    assert render("{{ 'All updates'|link(url) }}", url="../updates.md") == "[All updates](../updates.md)"
    assert render("{{ link|link('other') }}", link=Link("A", "x.md#y")) == "[other](x.md#y)"


def test_an_address_with_a_scheme_is_written_in_angle_brackets_so_a_parenthesis_cannot_end_it():
    assert render("{{ 'Report'|link(url) }}", url="https://example.org/a_(b)<c>") == (
        "[Report](<https://example.org/a_(b)%3Cc%3E>)"
    )


def test_values_in_raw_html_are_html_escaped_only():
    assert render("<th>{{ title|html }}</th>", title='<b> & "*x*"') == "<th>&lt;b&gt; &amp; &quot;*x*&quot;</th>"


def test_front_matter_is_yaml_with_the_title_html_escaped():
    source = '{% import "_macros.md.j2" as m %}{{ m.front_matter(title, feed="p-1") }}'

    assert render(source, title='A "quoted" <b>title</b> \\ é') == (
        '---\ntitle: "A &quot;quoted&quot; &lt;b&gt;title&lt;/b&gt; \\\\ é"\nfeed: "p-1"\n---\n'
    )


def test_a_front_matter_value_is_what_yaml_safe_dump_writes_whatever_it_holds():
    import math
    import random

    import yaml

    from publication.templating import yaml_value

    rng = random.Random(11)
    ascii_only = ["", " ", "Evidence, page 2 of 10", "a: b # c", "- [x]", "'single'", "&amp; &lt;b&gt;", "  ~  "]
    ascii_only += ["".join(chr(rng.randint(0x20, 0x7E)) for _ in range(rng.randint(0, 40))) for _ in range(2000)]
    others = ['say "hi"', "back\\slash", "café", "tab\there", "line\u2028break", "\ufeffbom", "\x85", "😀"]
    for text in ascii_only + others:
        expected = yaml.safe_dump(text, default_style='"', allow_unicode=True, width=math.inf).rstrip("\n")
        assert yaml_value(text) == expected, text
        assert yaml.safe_load(f"title: {yaml_value(text)}") == {"title": text}


def test_lists_and_dates_have_filters():
    import datetime as dt

    assert render("{{ names|words }}", names=["A*", Link("B", "b.md"), "C"]) == "A\\*, [B](b.md) and C"
    assert render("{{ day|date }} · {{ '2020-07'|date }} · {{ 3|plural('record') }}", day=dt.date(2020, 7, 23)) == (
        "23 July 2020 · July 2020 · 3 records"
    )


# -- mistakes in a template ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, message",
    [
        ("{{ evidence.titel }}", "'publication.views.EvidenceView object' has no attribute 'titel'"),
        ("{{ evidence.published }}", "cannot place a date on a page as it is; use a filter"),
        ("{% if %}", "Expected an expression, got 'end of statement block'"),
    ],
)
def test_a_mistake_in_an_override_names_the_template_and_line_without_a_traceback(tmp_path, line, message):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")
    project.write(OVERRIDE, '{% import "_macros.md.j2" as m %}\n' + line + "\n")

    result = project.build()

    assert result.returncode == 1
    assert f"ERROR   -  {OVERRIDE}:2: {message}" in result.stderr
    assert "Traceback" not in result.stderr


# -- templates compiled once per process (compiled_templates.py) -------------------------------------------


def test_a_template_compiled_before_is_compiled_again_once_its_file_changes(tmp_path):
    import jinja2

    from publication.compiled_templates import CompiledTemplates

    compiled = CompiledTemplates()
    (tmp_path / "page.html").write_text("first {{ x }}", encoding="utf-8")

    def render() -> str:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), bytecode_cache=compiled)
        return env.get_template("page.html").render(x=1)

    assert render() == "first 1"
    assert render() == "first 1"  # a new environment, answered from the compiled code
    (tmp_path / "page.html").write_text("second {{ x }}", encoding="utf-8")
    assert render() == "second 1"


def test_environments_whose_settings_compile_differently_do_not_share_code(tmp_path):
    import jinja2

    from publication.compiled_templates import CompiledTemplates

    compiled = CompiledTemplates()
    (tmp_path / "page.html").write_text("{% if x %}\n  yes\n{% endif %}\n", encoding="utf-8")
    loader = jinja2.FileSystemLoader(str(tmp_path))
    plain = jinja2.Environment(loader=loader, bytecode_cache=compiled).get_template("page.html").render(x=1)
    trimmed = jinja2.Environment(loader=loader, bytecode_cache=compiled, trim_blocks=True, lstrip_blocks=True)
    assert plain == "\n  yes\n"
    assert trimmed.get_template("page.html").render(x=1) == "  yes\n"
