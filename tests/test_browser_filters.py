"""The evidence index's combined filters in a real browser (Chromium): menus in, matching records out.

Filters are a progressive enhancement (docs/javascripts/evidence-filters.js over the build's
downloads/evidence-filters.json): with JavaScript the section "Filter the evidence" gains four menus
whose choices combine, show in the address and come back with it; without JavaScript the same section
links the browse pages. Uses the server, browser and helpers of tests/test_browser.py.
"""

# The fixtures (served, visit) are imported from test_browser (`browser` is conftest's), and the tests name them as
# arguments: pytest's way, which ruff reads as a redefinition.
# ruff: noqa: F811

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from test_browser import (  # noqa: F401 (fixtures)
    AXE_OPTIONS,
    HOSTILE_ID,
    _axe_report,
    _chromium_present,
    _injected,
    axe_module,
    served,
    visit,
)

pytestmark = pytest.mark.browser

INDEX = "evidence/"


def records(default_site) -> list[dict]:
    """The evidence rows the build wrote for the filters."""
    data = json.loads((default_site.site / "downloads" / "evidence-filters.json").read_text(encoding="utf-8"))
    return data["records"]


def listed(page) -> list[str]:
    """The titles the filter lists, in order, once the script has built the form (it fetches its data)."""
    page.wait_for_selector("form.publication-filters")
    return page.locator(".publication-filters__results li a").all_inner_texts()


def test_choices_combine_and_list_exactly_the_matching_records(served, visit, default_site):
    page = visit().goto(served["default"] + INDEX)
    page.select_option("#publication-filter-nation", "wales")
    wales = sorted(r["title"] for r in records(default_site) if "wales" in r["nation"])
    assert sorted(listed(page)) == wales and len(wales) >= 2
    page.select_option("#publication-filter-kind", "case-study")
    both = sorted(r["title"] for r in records(default_site) if "wales" in r["nation"] and r["kind"] == "case-study")
    assert sorted(listed(page)) == both and 0 < len(both) < len(wales)
    status = page.locator(".publication-filters__status")
    assert status.get_attribute("role") == "status"
    assert status.inner_text().startswith(f"{len(both)} record") and "nation: Wales" in status.inner_text()
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"nation": ["wales"], "kind": ["case-study"]}


def test_the_address_restores_the_choice_and_back_undoes_it(served, visit, default_site):
    page = visit().goto(served["default"] + INDEX + "?kind=report&nation=uk-wide")
    assert page.locator("#publication-filter-kind").input_value() == "report"
    expected = sorted(r["title"] for r in records(default_site) if r["kind"] == "report" and "uk-wide" in r["nation"])
    assert sorted(listed(page)) == expected and expected
    page.select_option("#publication-filter-kind", "")
    page.go_back()
    page.wait_for_function("document.querySelector('#publication-filter-kind').value === 'report'")
    assert sorted(listed(page)) == expected


def test_results_link_to_the_record_pages(served, visit):
    page = visit().goto(served["default"] + INDEX + "?nation=wales")
    title = listed(page)[0]
    page.locator(".publication-filters__results li a").first.click()
    page.wait_for_load_state("load")
    assert page.locator("h1").first.inner_text().startswith(title)  # then the heading's permalink


def test_keyboard_only_a_reader_can_filter_and_clear(served, visit):
    page = visit().goto(served["default"] + INDEX)
    page.focus("#publication-filter-nation")
    page.keyboard.press("ArrowDown")  # the first nation after "Any"
    assert page.locator("#publication-filter-nation").input_value() != ""
    assert listed(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past kind, theme and proposition to "Clear filters"
    assert page.evaluate("document.activeElement.textContent") == "Clear filters"
    page.keyboard.press("Enter")
    assert listed(page) == [] and urlsplit(page.url).query == ""


def test_without_javascript_the_section_links_the_browse_pages(served, visit):
    page = visit(java_script_enabled=False).goto(served["default"] + INDEX)
    section = page.locator("#section_filter-the-evidence")
    assert section.count() == 1
    assert page.locator("form.publication-filters").count() == 0
    link = page.locator("#section_filter-the-evidence + p a")
    assert link.inner_text() == "Browse" and link.get_attribute("href").endswith("browse/")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_the_filters_have_no_axe_violations(served, visit, scheme, width):
    one = visit(color_scheme=scheme, viewport={"width": width, "height": 900})
    page = one.goto(served["default"] + INDEX + "?nation=scotland")
    assert listed(page)
    violations = axe_module.Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, _axe_report(violations)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert not one.errors and not one.outside_requests()


def test_markup_in_a_listed_title_is_shown_as_text_and_never_runs(served, visit):
    one = visit()
    page = one.goto(served["hostile"] + INDEX + "?kind=case-study")
    titles = listed(page)
    hostile = [t for t in titles if t.startswith("Zebrafish")]
    assert len(hostile) == 1 and "<script>alert(2)</script>" in hostile[0]  # the characters, as text
    link = page.locator(".publication-filters__results a", has_text="Zebrafish")
    assert link.get_attribute("href").endswith(f"/evidence/{HOSTILE_ID}/")
    assert link.get_attribute("onmouseover") is None
    link.hover()
    assert one.dialogs == [] and _injected(page) == []
