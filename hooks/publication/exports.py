"""Data downloads: every published record as JSON, and tables of evidence and recommendations as CSV.

Record text is untrusted and a spreadsheet runs a cell that starts like a formula, so every CSV cell
is neutralised as OWASP's CSV injection guidance says: quoted, and prefixed with a single quote when
it starts with one of FORMULA_STARTS.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from .catalogue import Catalogue
from .model import Evidence, Proposition

JSON_FILE = "downloads/publication.json"
EVIDENCE_CSV = "downloads/evidence.csv"
RECOMMENDATIONS_CSV = "downloads/recommendations.csv"
# A cell starting with any of these is read as a formula by Excel, LibreOffice or Google Sheets: OWASP's
# = + - @ tab and carriage return, with line feed and NUL, which some spreadsheets skip before a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00")


def export_files(catalogue: Catalogue) -> dict[str, bytes]:
    """The download files: their paths in the site and their bytes."""
    return {
        JSON_FILE: publication_json(catalogue).encode("utf-8"),
        EVIDENCE_CSV: csv_text(_evidence_rows(catalogue)).encode("utf-8"),
        RECOMMENDATIONS_CSV: csv_text(_recommendation_rows(catalogue)).encode("utf-8"),
    }


def publication_json(catalogue: Catalogue) -> str:
    """All records, as validated, in a stable order (`former_ids` only where a record or recommendation
    has been renamed)."""
    data = {
        "propositions": [_exported(p) for p in catalogue.propositions],
        "evidence": [_exported(e) for e in catalogue.evidence],
    }
    return html_safe_json(data) + "\n"


def html_safe_json(data, compact: bool = False) -> str:
    """`data` as JSON (UTF-8 text, not ASCII escapes), with the HTML-significant characters escaped too
    (`<`, `>`, `&` as \\u003c...), so the text is safe even if a page or a browser ever reads it as HTML."""
    text = json.dumps(data, ensure_ascii=False, **({"separators": (",", ":")} if compact else {"indent": 2}))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _exported(record: Proposition | Evidence) -> dict:
    data = record.model_dump(mode="json", exclude_none=True)
    for item in (data, *data.get("recommendations", ())):
        if not item.get("former_ids"):
            item.pop("former_ids", None)
    return data


def _evidence_rows(catalogue: Catalogue) -> list[list[str]]:
    rows = [
        [
            "id",
            "kind",
            "title",
            "places",
            "nations",
            "period_start",
            "period_end",
            "propositions",
            "recommendations",
            "published",
        ]
    ]
    for e in catalogue.evidence:
        supports = catalogue.support_by_evidence[e.id]
        rows.append(
            [
                e.id,
                e.kind.value,
                e.title,
                _listed(p.name for p in e.places),
                _listed(dict.fromkeys(p.nation.value for p in e.places)),
                e.period.start if e.period else "",
                (e.period.end or "") if e.period else "",
                _listed(dict.fromkeys(s.proposition.id for s in supports)),
                _listed(s.recommendation.id for s in supports if s.recommendation),
                e.published.isoformat(),
            ]
        )
    return rows


def _recommendation_rows(catalogue: Catalogue) -> list[list[str]]:
    rows = [["id", "number", "title", "proposition", "actors", "made_by"]]
    for entry in catalogue.recommendations.values():
        rec = entry.recommendation
        rows.append(
            [
                rec.id,
                str(rec.number or ""),
                rec.title,
                entry.proposition.id,
                _listed(rec.actors),
                entry.source.id if entry.source else "",
            ]
        )
    return rows


def _listed(items: Iterable[str]) -> str:
    """Several values in one cell, each neutralised: a reader who splits the cell at '; ' gets no formula."""
    return "; ".join(neutralised(item) for item in items)


def neutralised(cell: str) -> str:
    """`cell` as a spreadsheet shows it as text: with a leading single quote if it would start a formula."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def csv_text(rows: list[list[str]]) -> str:
    """A CSV table of `rows`, every cell quoted and neutralised."""
    buffer = io.StringIO()
    # Every cell quoted, so that no separator inside one (a comma, or the semicolon some locales split on)
    # can start a new cell that begins with a formula.
    csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(
        [neutralised(cell) for cell in row] for row in rows
    )
    return buffer.getvalue()
