"""Evidence strength: an optional level on a named scale (Nesta's Standards of Evidence), always with a reason.

tests/fixtures/strength is the minimal fixture with one rated record. The default content rates nothing: no
source of it states a level, and the site never invents one. Records that get the field wrong (a level off the
scale, no rationale) are in tests/broken/strength-*.
"""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from conftest import FIXTURES, ROOT, make_project

from publication.load import load_publication
from publication.pages import PageRenderer

STRENGTH = FIXTURES / "strength"
RATED = "treorchy-high-street"
RATIONALE = "An invented example for the tests; its figures show change on the street, not what caused it."
BADGE = '<span class="pub-strength">Level 2 of 5</span>'
SCALE_LINK = "[Nesta Standards of Evidence](../evidence-strength.md#section_nesta-standards-of-evidence)"


def rendered(records=STRENGTH) -> tuple[PageRenderer, object]:
    result = load_publication(records)
    assert result.problems == []
    return PageRenderer(result.catalogue, "Site"), result.catalogue


def test_a_rated_record_shows_its_level_as_a_labelled_badge_linked_to_the_scale_with_its_reason():
    renderer, catalogue = rendered()

    page = renderer.evidence_page(catalogue.records[RATED])

    assert f"Strength of evidence\n:   {BADGE} on the {SCALE_LINK}: {RATIONALE}\n" in page


def test_a_record_without_a_strength_shows_no_badge():
    renderer, catalogue = rendered()

    page = renderer.evidence_page(catalogue.records["the-paper"])

    assert "pub-strength" not in page and "Strength of evidence" not in page


def test_the_scale_page_explains_the_levels_links_nesta_and_lists_the_rated_records():
    renderer, _ = rendered()

    page = renderer.evidence_strength_page()

    assert "## Nesta Standards of Evidence {#section_nesta-standards-of-evidence}" in page
    assert all(f"**Level {n}:**" in page for n in range(1, 6))
    assert "(<https://www.nesta.org.uk/feature/innovation-methods/standards-evidence/>)" in page
    assert f"- [Treorchy high street](evidence/{RATED}.md): {BADGE} on the [Nesta" in page


def test_the_default_content_rates_no_evidence_and_says_so():
    renderer, catalogue = rendered(ROOT)

    assert [e.id for e in catalogue.evidence if e.strength] == []
    assert "None of the 26 evidence records gives a strength yet." in renderer.evidence_strength_page()


def test_the_rationale_is_plain_text_shown_as_written(tmp_path):
    import shutil

    shutil.copytree(STRENGTH, tmp_path / "records")
    record = tmp_path / "records" / "evidence" / f"{RATED}.yml"
    record.write_text(
        record.read_text(encoding="utf-8").replace(RATIONALE, "<b>Rated</b> *so* by [the council](https://x.example)"),
        encoding="utf-8",
    )
    renderer, catalogue = rendered(tmp_path / "records")

    page = renderer.evidence_page(catalogue.records[RATED])

    assert "&lt;b&gt;Rated&lt;/b&gt; \\*so\\* by \\[the council\\](https://x.example)" in page


def test_the_built_page_keeps_the_badge_and_its_link_resolves(tmp_path):
    project = make_project(tmp_path / "project", STRENGTH)

    result = project.build()

    assert result.returncode == 0, result.stderr
    html = (project.site / "evidence" / RATED / "index.html").read_text(encoding="utf-8")
    assert f"<dt>Strength of evidence</dt>\n<dd>{BADGE} on the " in html
    assert 'href="../../evidence-strength/#section_nesta-standards-of-evidence"' in html
    scale = (project.site / "evidence-strength" / "index.html").read_text(encoding="utf-8")
    assert 'id="section_nesta-standards-of-evidence"' in scale


# -- the editor's schema says the same as the model ------------------------------------------------------


def schema():
    return json.loads((ROOT / "docs" / "schema" / "evidence.schema.json").read_text(encoding="utf-8"))


def record_with(strength) -> dict:
    data = yaml.safe_load((STRENGTH / "evidence" / f"{RATED}.yml").read_text(encoding="utf-8"))
    data["strength"] = strength
    return json.loads(json.dumps(data, default=str))  # dates as the editor's YAML extension reads them: text


def test_the_editors_schema_accepts_the_fixtures_strength():
    data = record_with({"scale": "nesta", "level": 2, "rationale": RATIONALE})

    jsonschema.validate(data, schema())


@pytest.mark.parametrize(
    "strength",
    [
        {"scale": "nesta", "level": 6, "rationale": "Off the scale."},
        {"scale": "nesta", "level": 0, "rationale": "Off the scale."},
        {"scale": "nesta", "level": 2},
        {"scale": "eef", "level": 2, "rationale": "Another scale."},
        {"level": 2, "rationale": "No scale named."},
    ],
    ids=["level-6", "level-0", "no-rationale", "unknown-scale", "no-scale"],
)
def test_the_editors_schema_refuses_what_the_check_refuses(strength):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record_with(strength), schema())
