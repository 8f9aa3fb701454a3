"""Metadata for machines: what each generated page tells search engines, reference managers and link
previews about itself, carried in the page's front matter and written into its `<head>` by
`overrides/main.html`.

Every generated page gets a description of its own (a record's: its summary as plain text, cut at a
word near 160 characters; another page's: its opening paragraph) and OpenGraph values. A record page
(a proposition or an evidence record) also gets Highwire Press `citation_*` tags, the ones Google
Scholar reads, and schema.org JSON-LD: an evidence record is an `Article` (a `Report` for the kind
report) that cites its sources and is `about` the propositions it supports; a proposition is a `Claim`
that `isBasedOn` its report record and cites the evidence for it (its first 100 records by title).
The downloads page describes the data as a `Dataset` with a `DataDownload` per file. Pages that only
repeat record text (the print edition, Updates, the evidence map and the lists behind its numbers, the
lists of propositions, recommendations and evidence, a proposition's evidence list, the browse pages of
a nation, kind or theme) are left out of the search index, so a search finds each record once,
on its own page; a record page's kind is its one tag, which Material's search shows under each hit.

Values are plain text here. MkDocs' theme templates do not escape, so `overrides/main.html` escapes
each one for where it lands (`|e` in attributes, `|tojson` for JSON-LD, which writes `<`, `>` and `&`
as escapes so nothing can close the script element); only `description`, which Material itself writes
into `<meta name="description">`, is stored HTML-escaped, as the title is.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

import yaml

from . import exports, paths
from .catalogue import Catalogue
from .citations import Citations
from .memo import remembered
from .mkdocs_bridge import page_url
from .model import Evidence, Kind, Proposition
from .plaintext import markdown_text, shortened
from .settings import FeedSettings
from .updates import last_updated

FRONT_MATTER_KEY = "page_meta"
SCHEMA_ORG = "https://schema.org"
# Pages that only repeat what the record pages say (titles, summaries, change notes): out of the search
# index, so that a search answers with each record once, on its own page. The nav still leads to them.
NOT_SEARCHED = (
    paths.PRINT_EDITION,
    paths.UPDATES,
    paths.EVIDENCE_MAP,
    paths.EVIDENCE_INDEX,
    paths.PROPOSITIONS_INDEX,
    paths.RECOMMENDATIONS,
)
NOT_SEARCHED_FOLDERS = ("browse/nation-", "browse/kind-", "browse/theme-")
# A proposition's JSON-LD cites at most this many of its evidence records (the first by title), so its
# page's metadata does not grow with its evidence; its page and evidence list link every one.
CITED_UP_TO = 100
# A paragraph shorter than this is too thin to describe a page alone: the page's title goes before it.
THIN_DESCRIPTION = 80
_NUMBERED = re.compile(r"^\d+\. ")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the same data either way; libyaml's is faster
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: faster, and it escapes a NEL PyYAML folds
_NO_WRAP = 2**31 - 1  # a line width both dumpers read as "never wrap" (libyaml takes no infinity)


class PageMetadata:
    """The metadata of every generated page of one catalogue. `pdf_urls` maps a page's source path to the
    full address of its PDF edition, where there is one (`citation_pdf_url`); no record has one (the
    PDF edition, downloads/publication.pdf, is the whole publication)."""

    def __init__(self, catalogue: Catalogue, settings: FeedSettings, pdf_urls: Mapping[str, str] | None = None):
        self.catalogue = catalogue
        self.settings = settings
        self.citations = Citations(catalogue, settings)
        self.pdf_urls = pdf_urls or {}
        self.records = {paths.record_page(r): r for r in catalogue.records.values()}

    def url(self, src_uri: str) -> str:
        """The full address of a file of the site."""
        return self.citations.base + page_url(src_uri, self.settings.use_directory_urls)

    def of(self, src_uri: str, markdown: str) -> dict:
        """What to add to the front matter of the generated page `src_uri`, whose markdown is `markdown`."""
        record = self.records.get(src_uri)
        if record is not None:
            facts = self.record(src_uri, record)
        else:
            facts = self.other_page(src_uri, *split_front_matter(markdown))
        added = {"description": html.escape(facts["description"]), FRONT_MATTER_KEY: facts}
        if record is not None:
            # The kind as the page's one tag, for a theme search that shows tags under its hits (Material's
            # did); the site's own search (Pagefind, search.py) reads the kind from `search: kind` instead.
            # (Without Material's tags plugin, the page itself shows no tags.)
            added["tags"] = [facts["kind"]]
        if src_uri in NOT_SEARCHED or src_uri.startswith(NOT_SEARCHED_FOLDERS):
            added["search"] = {"exclude": True}
        return added

    # -- record pages ------------------------------------------------------------------------------------

    def record(self, src_uri: str, record: Proposition | Evidence) -> dict:
        """A record page's description, OpenGraph values, `citation_*` tags and JSON-LD."""
        cited = self.citations.of(record.id)
        description = shortened(cited.work.abstract or "") or self.site_description  # its summary, as plain text
        tags = [
            ["citation_title", record.title],
            ["citation_author", cited.work.institution],
            ["citation_publication_date", record.published.strftime("%Y/%m/%d")],
        ]
        if isinstance(record, Evidence) and record.kind is Kind.report:
            institution = report_institution(record)
            if institution:
                tags.append(["citation_technical_report_institution", institution])
        if src_uri in self.pdf_urls:
            tags.append(["citation_pdf_url", self.pdf_urls[src_uri]])
        return {
            "title": record.title,
            "kind": cited.kind,
            "description": description,
            "type": "article",
            "citation": tags,
            "jsonld": self.record_jsonld(record, description),
        }

    def record_jsonld(self, record: Proposition | Evidence, description: str) -> dict:
        """schema.org: a proposition as a `Claim`, an evidence record as an `Article` or `Report`."""
        url = self.citations.url(record.id)
        data = {
            "@context": SCHEMA_ORG,
            "@id": url,
            "url": url,
            "name": record.title,
            "description": description,
            "datePublished": record.published.isoformat(),
            "dateModified": last_updated(record).isoformat(),
            "inLanguage": self.settings.language,
            "author": self.organisation(self.settings.author or self.settings.site_name),
            "publisher": self.organisation(self.settings.site_name, self.citations.base),
            "isPartOf": {"@type": "WebSite", "name": self.settings.site_name, "url": self.citations.base},
        }
        if isinstance(record, Proposition):
            data["@type"] = "Claim"
            source = self.catalogue.records.get(record.source)
            if isinstance(source, Evidence):
                data["isBasedOn"] = self.reference(source)
                data["firstAppearance"] = self.reference(source)
            evidence = self.catalogue.proposition_evidence(record.id)
            if evidence:  # the first CITED_UP_TO by title: the page's metadata stays small however many
                data["citation"] = [self.reference(e) for e in evidence[:CITED_UP_TO]]
            return data
        data["@type"] = "Report" if record.kind is Kind.report else "Article"
        data["headline"] = record.title
        supported = dict.fromkeys(s.proposition.id for s in self.catalogue.support_by_evidence[record.id])
        if supported:
            data["about"] = [self.reference(self.catalogue.records[p]) for p in supported]
        if record.sources:
            data["citation"] = [self.source(s) for s in record.sources]
        return data

    def reference(self, record: Proposition | Evidence) -> dict:
        """Another record of the site, named by its address."""
        kind = "Claim" if isinstance(record, Proposition) else ("Report" if record.kind is Kind.report else "Article")
        return {"@type": kind, "@id": self.citations.url(record.id), "name": record.title}

    def source(self, source) -> dict:
        """A source an evidence record cites."""
        data = {"@type": "CreativeWork", "name": source.title, "publisher": self.organisation(source.publisher)}
        if source.authors:
            data["author"] = [{"@type": "Person", "name": name} for name in source.authors]
        if source.date:
            data["datePublished"] = source.date
        if source.url:
            data["url"] = str(source.url)
        return data

    @staticmethod
    def organisation(name: str, url: str | None = None) -> dict:
        """An organisation (the site, a publisher) by name."""
        return {"@type": "Organization", "name": name, **({"url": url} if url else {})}

    # -- other pages -------------------------------------------------------------------------------------

    @property
    def site_description(self) -> str:
        """The site's own description (mkdocs.yml), the last resort of every page."""
        return shortened(self.settings.description or self.settings.site_name)

    def other_page(self, src_uri: str, front: dict, body: str) -> dict:
        """A generated page that is not a record (its front matter and the markdown after it): its title, a
        description from its opening paragraph, and for the downloads page the data as a schema.org
        `Dataset`."""
        title = html.unescape(str(front.get("title") or self.settings.site_name))
        opening = markdown_text(opening_paragraph(body), self.citations.title_of)
        if len(opening) >= THIN_DESCRIPTION:
            description = shortened(opening)
        else:  # a browse page ("3 records."): its title, and what it lists
            listed = "; ".join(markdown_text(item, self.citations.title_of) for item in list_items(body))
            description = shortened(" ".join(part for part in (f"{title}:", opening, listed) if part))
        facts = {"title": title, "description": description, "type": "website"}
        if src_uri == paths.DOWNLOADS:
            facts["jsonld"] = self.dataset(src_uri, title, description)
        return facts

    def dataset(self, src_uri: str, title: str, description: str) -> dict:
        """The downloads as a schema.org `Dataset`, one `DataDownload` per file."""
        records = list(self.catalogue.records.values())
        files = (
            (exports.JSON_FILE, "application/json", "All records"),
            (exports.EVIDENCE_CSV, "text/csv", "Evidence"),
            (exports.RECOMMENDATIONS_CSV, "text/csv", "Recommendations"),
        )
        data = {
            "@context": SCHEMA_ORG,
            "@type": "Dataset",
            "@id": self.url(src_uri),
            "url": self.url(src_uri),
            "name": f"{self.settings.site_name}: {title}",
            "description": description,
            "inLanguage": self.settings.language,
            "creator": self.organisation(self.settings.author or self.settings.site_name),
            "publisher": self.organisation(self.settings.site_name, self.citations.base),
            "isPartOf": {"@type": "WebSite", "name": self.settings.site_name, "url": self.citations.base},
            "distribution": [
                {"@type": "DataDownload", "name": name, "encodingFormat": media, "contentUrl": self.url(path)}
                for path, media, name in files
            ],
        }
        if records:
            data["dateModified"] = max(last_updated(r) for r in records).isoformat()
        return data


def report_institution(evidence: Evidence) -> str | None:
    """Who published a report, as its record says: its first organisation, else its first source's publisher."""
    if evidence.organisations:
        return evidence.organisations[0]
    return evidence.sources[0].publisher if evidence.sources else None


@remembered
def _front_matter_data(text: str) -> dict:
    front = yaml.load(text, Loader=_LOADER) or {}
    return front if isinstance(front, dict) else {}


def split_front_matter(markdown: str) -> tuple[dict, str]:
    """A generated page's front matter (as data) and the markdown after it."""
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 3)
        if end != -1:
            return _front_matter_data(markdown[4:end]), markdown[end + 5 :]
    return {}, markdown


def opening_paragraph(markdown: str) -> str:
    """The first paragraph of prose of a page: not a heading, list, table, admonition or raw HTML."""
    for block in markdown.split("\n\n"):
        block = block.strip()
        if block and not block.startswith(("#", "<", "!!!", "- ", "* ", "|", "{", ":")) and not _NUMBERED.match(block):
            return block
    return ""


def list_items(markdown: str, limit: int = 8) -> list[str]:
    """The first items of a page's lists, each without its marker."""
    return [line[2:] for line in markdown.splitlines() if line.startswith("- ")][:limit]


def with_metadata(
    pages: Mapping[str, str], catalogue: Catalogue, settings: FeedSettings, pdf_urls: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Generated pages (source path to markdown) with their metadata added to their front matter."""
    metadata = PageMetadata(catalogue, settings, pdf_urls)
    return {src_uri: add_front_matter(markdown, metadata.of(src_uri, markdown)) for src_uri, markdown in pages.items()}


@remembered(key=repr)  # the values are plain data (text, numbers, dates, lists, dicts): their repr says all
def _front_matter_yaml(values: dict) -> str:
    return yaml.dump(values, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=_NO_WRAP)


def add_front_matter(markdown: str, values: dict) -> str:
    """`markdown` with `values` added at the end of its front matter (a front matter of their own if it has
    none), written by PyYAML's safe dumper (libyaml's when installed: ten times faster, the same text). Keys
    the page sets itself are left as they are."""
    front, body = split_front_matter(markdown)
    added = {key: value for key, value in values.items() if key not in front}
    if not added:
        return markdown
    dumped = _front_matter_yaml(added)
    if front or markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 3)
        return markdown[: end + 1] + dumped + markdown[end + 1 :]
    return "---\n" + dumped + "---\n" + markdown
