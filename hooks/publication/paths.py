"""Where each generated page lives, and how one page links to another.

Every path is built from a validated slug, so nothing can point outside the site.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterable
from functools import lru_cache

from .model import Evidence, Kind, Nation, Proposition
from .registry import RECORD_TYPES, type_of

PROPOSITIONS_INDEX = "propositions/index.md"
EVIDENCE_INDEX = "evidence/index.md"
RECOMMENDATIONS = "recommendations.md"
EVIDENCE_MAP = "evidence-map.md"
BROWSE_INDEX = "browse/index.md"
UPDATES = "updates.md"
PRINT_EDITION = "print.md"
DOWNLOADS = "downloads.md"
PDF_EDITION = "downloads/publication.pdf"  # the PDF edition (pdf.py)
EVIDENCE_STRENGTH = "evidence-strength.md"  # the scales of evidence strength, explained (outside the nav)
HOME = "index.md"
FEEDS_DIR = "feeds"
SCHEMA_FILES = {folder: record_type.schema_file for folder, record_type in RECORD_TYPES.items()}

NATION_NAMES = {
    Nation.england: "England",
    Nation.scotland: "Scotland",
    Nation.wales: "Wales",
    Nation.northern_ireland: "Northern Ireland",
    Nation.uk_wide: "UK-wide",
}
KIND_NAMES = {
    Kind.case_study: ("Case study", "Case studies"),
    Kind.report: ("Report", "Reports"),
    Kind.statistic: ("Statistic", "Statistics"),
    Kind.conversation: ("Conversation", "Conversations"),
}


def record_page(record: Proposition | Evidence) -> str:
    """The source path of a record's page, e.g. evidence/treorchy-high-street.md."""
    return type_of(record).page(record.id)


def proposition_evidence_page(proposition: Proposition) -> str:
    """The first page of a proposition's own evidence list (when its page cannot list every record):
    propositions/<id>/evidence.md, beside its page propositions/<id>.md."""
    return record_page(proposition).removesuffix(".md") + "/evidence.md"


def map_cell_page(proposition: Proposition, column: str) -> str:
    """The first page of the records behind one number of the evidence map: one proposition in one
    nation or kind (`column` is the nation's or kind's value), e.g. evidence-map/future-can-be-local/wales.md."""
    return f"{EVIDENCE_MAP.removesuffix('.md')}/{proposition.id}/{column}.md"


def nation_page(nation: Nation) -> str:
    """The browse page of one nation."""
    return f"browse/nation-{nation.value}.md"


def kind_page(kind: Kind) -> str:
    """The browse page of one kind of evidence."""
    return f"browse/kind-{kind.value}.md"


def theme_page(theme: str) -> str:
    """The browse page of one theme."""
    return f"browse/theme-{theme}.md"


def theme_name(theme: str) -> str:
    """A theme slug as readers see it: 'digital-inclusion' becomes 'Digital inclusion'."""
    return theme.replace("-", " ").capitalize()


def feed_file(proposition_id: str | None, flavour: str) -> str:
    """The path of a feed in the site: feeds/rss.xml, or feeds/<proposition>.atom.xml."""
    name = flavour if proposition_id is None else f"{proposition_id}.{flavour}"
    return f"{FEEDS_DIR}/{name}.xml"


def relative_link(from_page: str, to_path: str, anchor: str | None = None) -> str:
    """A relative link from one source page to another file, which MkDocs then checks and rewrites."""
    link = _relative(posixpath.dirname(from_page), to_path)
    return f"{link}#{anchor}" if anchor else link


@lru_cache(maxsize=1 << 17)  # a build links each record from a few folders only, many times over
def _relative(folder: str, to_path: str) -> str:
    """`posixpath.relpath(to_path, folder or ".")` for the plain relative paths of site files, worked out on
    the strings alone (relpath asks the operating system for the working folder each time: a build makes
    tens of thousands of links). Any other path is left to relpath."""
    start = folder.split("/") if folder else []
    target = to_path.split("/")
    if not _plain_parts(start) or not _plain_parts(target):
        return posixpath.relpath(to_path, folder or ".")
    common = 0
    for mine, theirs in zip(start, target, strict=False):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + target[common:]) or "."


def forget_links() -> None:
    """Let go of the links `relative_link` has remembered: at 10,000 records, tens of MB that a build would
    hold for nothing once its pages are made (a preview keeps them for its next rebuild)."""
    _relative.cache_clear()


def _plain_parts(parts: list[str]) -> bool:
    return all(part not in ("", ".", "..") for part in parts)


def redirect_files(
    records: Iterable[Proposition | Evidence], site_url: str, use_directory_urls: bool
) -> dict[str, bytes]:
    """For each former id of each record, a page at its old address sending readers to the record's page.

    A plain HTML file (not a markdown page), so it is in neither the navigation, the sitemap nor the
    search index: a meta refresh, a `rel=canonical` link to the new address, and a link for readers.
    """
    files = {}
    for record in records:
        folder = type_of(record).page_folder
        for old in record.former_ids:
            if use_directory_urls:
                source, target = f"{folder}/{old}/index.html", f"../{record.id}/"
                address = f"{folder}/{record.id}/"
            else:
                source, target = f"{folder}/{old}.html", f"{record.id}.html"
                address = f"{folder}/{record.id}.html"
            canonical = (site_url.rstrip("/") + "/" + address) if site_url else target
            files[source] = _REDIRECT.format(target=html.escape(target), canonical=html.escape(canonical)).encode()
    return files


_REDIRECT = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Moved</title>
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={target}">
<link rel="canonical" href="{canonical}">
</head>
<body>
<p>This page has moved to <a href="{target}">{target}</a>.</p>
</body>
</html>
"""
