"""The data behind the evidence index's combined filters (nation × kind × theme × proposition).

One JSON file, `downloads/evidence-filters.json`, read by `docs/javascripts/evidence-filters.js` on the
evidence index: the choices of each filter with their labels, and one row per published evidence record
with its title, address and the values it can be filtered by. Without JavaScript the browse pages serve
the same purpose one facet at a time, so the file adds a convenience, never the only way in.

Record text travels as JSON strings (`<`, `>` and `&` escaped, as in the JSON download) and the script
places it with `textContent`, so nothing in a title can become markup. Addresses are paths from the site's
root, as MkDocs publishes the pages.
"""

from __future__ import annotations

from . import paths
from .catalogue import Catalogue
from .exports import html_safe_json
from .mkdocs_bridge import page_url
from .model import Kind, Nation

FILTERS_FILE = "downloads/evidence-filters.json"
FACETS = ("nation", "kind", "theme", "proposition")  # the order of the filters, and their URL parameters


def evidence_filters(catalogue: Catalogue, use_directory_urls: bool = True) -> bytes:
    """The filter data of a catalogue (see the module's docstring), as compact UTF-8 JSON."""
    propositions = {p.id: p for p in catalogue.propositions}
    rows = []
    for evidence in sorted(catalogue.evidence, key=lambda e: (e.title.casefold(), e.id)):
        nations = sorted({place.nation.value for place in evidence.places})
        supported = sorted(
            {s.proposition for s in evidence.supports if s.proposition in propositions},
            key=lambda pid: propositions[pid].number,
        )
        rows.append(
            {
                "title": evidence.title,
                "url": page_url(paths.record_page(evidence), use_directory_urls),
                "kind": evidence.kind.value,
                "nation": nations,
                "theme": sorted(evidence.themes),
                "proposition": supported,
            }
        )
    used = {facet: {value for row in rows for value in _values(row[facet])} for facet in FACETS}
    choices = {
        "nation": [[n.value, paths.NATION_NAMES[n]] for n in Nation if n.value in used["nation"]],
        "kind": [[k.value, paths.KIND_NAMES[k][0]] for k in Kind if k.value in used["kind"]],
        "theme": [[t, paths.theme_name(t)] for t in sorted(used["theme"])],
        "proposition": [
            [p.id, f"{p.number}. {p.title}"]
            for p in sorted(propositions.values(), key=lambda p: p.number)
            if p.id in used["proposition"]
        ],
    }
    data = {"facets": list(FACETS), "choices": choices, "records": rows}
    return html_safe_json(data, compact=True).encode("utf-8")


def _values(value: str | list[str]) -> list[str]:
    return value if isinstance(value, list) else [value]
