"""Data downloads: every published record as JSON, and tables of evidence and recommendations as CSV."""

from __future__ import annotations

import csv
import io
import json

from .catalogue import Catalogue

JSON_FILE = "downloads/publication.json"
EVIDENCE_CSV = "downloads/evidence.csv"
RECOMMENDATIONS_CSV = "downloads/recommendations.csv"


def export_files(catalogue: Catalogue) -> dict[str, bytes]:
    """The download files: their paths in the site and their bytes."""
    return {
        JSON_FILE: publication_json(catalogue).encode("utf-8"),
        EVIDENCE_CSV: _csv(_evidence_rows(catalogue)).encode("utf-8"),
        RECOMMENDATIONS_CSV: _csv(_recommendation_rows(catalogue)).encode("utf-8"),
    }


def publication_json(catalogue: Catalogue) -> str:
    """All records, as validated, in a stable order."""
    data = {
        "propositions": [p.model_dump(mode="json", exclude_none=True) for p in catalogue.propositions],
        "evidence": [e.model_dump(mode="json", exclude_none=True) for e in catalogue.evidence],
    }
    text = json.dumps(data, indent=2, ensure_ascii=False)
    # Escape the HTML-significant characters too, so the file is safe even if embedded in a page.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


def _evidence_rows(catalogue: Catalogue) -> list[list[str]]:
    rows = [["id", "kind", "title", "places", "nations", "period_start", "period_end", "propositions",
             "recommendations", "published"]]
    for e in catalogue.evidence:
        supports = catalogue.support_by_evidence[e.id]
        rows.append([
            e.id, e.kind.value, e.title,
            "; ".join(p.name for p in e.places),
            "; ".join(dict.fromkeys(p.nation.value for p in e.places)),
            e.period.start if e.period else "", (e.period.end or "") if e.period else "",
            "; ".join(dict.fromkeys(s.proposition.id for s in supports)),
            "; ".join(s.recommendation.id for s in supports if s.recommendation),
            e.published.isoformat(),
        ])
    return rows


def _recommendation_rows(catalogue: Catalogue) -> list[list[str]]:
    rows = [["id", "number", "title", "proposition", "actors", "made_by"]]
    for entry in catalogue.recommendations.values():
        rec = entry.recommendation
        rows.append([rec.id, str(rec.number or ""), rec.title, entry.proposition.id, "; ".join(rec.actors),
                     entry.source.id if entry.source else ""])
    return rows


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()
