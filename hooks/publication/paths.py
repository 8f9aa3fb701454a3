"""Where each generated page lives, and how one page links to another.

Every path is built from a validated slug, so nothing can point outside the site.
"""

from __future__ import annotations

import posixpath

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
    link = posixpath.relpath(to_path, posixpath.dirname(from_page) or ".")
    return f"{link}#{anchor}" if anchor else link
