"""The data behind the evidence index's filters: records in, one row per published record out."""

from __future__ import annotations

import json

from conftest import ROOT

from publication.filters import FACETS, evidence_filters
from publication.load import load_publication


def filter_data(**options) -> dict:
    result = load_publication(ROOT)
    assert not result.errors
    return json.loads(evidence_filters(result.catalogue, **options)), result.catalogue


def test_every_evidence_record_is_a_row_with_its_address_and_facets():
    data, catalogue = filter_data()
    assert data["facets"] == list(FACETS)
    rows = {row["url"]: row for row in data["records"]}
    assert len(rows) == len(catalogue.evidence)
    treorchy = rows["evidence/treorchy-high-street/"]
    record = next(e for e in catalogue.evidence if e.id == "treorchy-high-street")
    assert treorchy["title"] == record.title and treorchy["kind"] == record.kind.value
    assert treorchy["nation"] == sorted({p.nation.value for p in record.places})
    assert treorchy["proposition"] == [s.proposition for s in record.supports]


def test_each_menu_offers_only_values_some_record_has_with_readable_labels():
    data, _ = filter_data()
    for facet in FACETS:
        offered = [value for value, _ in data["choices"][facet]]
        used = {v for row in data["records"] for v in (row[facet] if isinstance(row[facet], list) else [row[facet]])}
        assert set(offered) == used and len(offered) == len(set(offered)), facet
    assert ["uk-wide", "UK-wide"] in data["choices"]["nation"]
    assert data["choices"]["proposition"][0][1].startswith("1. ")


def test_addresses_follow_the_sites_url_style():
    data, _ = filter_data(use_directory_urls=False)
    assert "evidence/treorchy-high-street.html" in {row["url"] for row in data["records"]}
