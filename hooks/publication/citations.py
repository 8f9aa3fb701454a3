"""Cite this: every proposition, recommendation and evidence record as a citable work, and its citation
files in BibTeX, RIS and CSL-JSON (`cite/<id>.bib`, `.ris`, `.json`).

One file per record holds the record as this site publishes it (its publisher, title, date of first
publication, address and the date of its last change, never the day of the build), followed by the
sources it draws on. The same `CitedRecord` feeds the "Cite this" block of the record's page
(`pages.py`), so the page and the files always say the same.

Record text is untrusted here too, and each format is written by a well-kept library, with each value
escaped for its format first:

- BibTeX (bibtexparser 2): text goes through pylatexenc's encoder with a rule for LaTeX's special
  characters, so `{`, `}`, `\\`, `%`, `#`, `&`, `$`, `_`, `~` and `^` become LaTeX escapes and no value can
  leave its braces (other characters stay as written: the files are UTF-8); addresses, which LaTeX reads
  verbatim, have `{`, `}`, `\\` and `%`-less spaces percent-encoded instead.
- RIS (rispy): one tag per line, so every value is written on one line (any line break becomes a space)
  and no value can start a tag of its own.
- CSL-JSON: `json.dumps`, with `<`, `>` and `&` written as escapes like the other JSON downloads.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

import bibtexparser
import rispy
from bibtexparser.model import Entry, Field
from pylatexenc.latexencode import RULE_DICT, UnicodeToLatexConversionRule, UnicodeToLatexEncoder

from . import paths
from .catalogue import Catalogue
from .memo import remembered
from .mkdocs_bridge import page_url
from .model import Evidence, Proposition, Source
from .plaintext import markdown_text, one_line
from .settings import FeedSettings
from .text import long_date
from .updates import last_updated

CITE_DIR = "cite"
FORMATS = ("bib", "ris", "json")
# The characters BibTeX and LaTeX read as syntax, as LaTeX escapes. Everything else stays as written (the
# files are UTF-8, which biber, biblatex and reference managers read).
_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "#": r"\#",
    "&": r"\&",
    "$": r"\$",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX = UnicodeToLatexEncoder(
    conversion_rules=[UnicodeToLatexConversionRule(RULE_DICT, {ord(c): tex for c, tex in _LATEX_SPECIALS.items()})],
    unknown_char_policy="keep",
    unknown_char_warning=False,
)
_AND = re.compile(r"\band\b", re.IGNORECASE)
_BIBTEX_FORMAT = bibtexparser.BibtexFormat()
_BIBTEX_FORMAT.block_separator = "\n"
# Characters an address may hold that LaTeX's verbatim url field would still read as syntax.
_URL_ESCAPES = {"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20"}


def cite_file(record_id: str, extension: str) -> str:
    """The path in the site of a record's citation file: cite/<id>.bib, .ris or .json."""
    return f"{CITE_DIR}/{record_id}.{extension}"


@dataclass(frozen=True)
class Work:
    """Something cited: the record on this site, or one of its sources.

    `people` are authors named as persons; `institution` is an organisation credited as the author (this
    site, for its own records). `date` is an ISO date, year-month or year; `updated` is set for this
    site's records only: the day of their last change."""

    key: str
    title: str
    people: tuple[str, ...]
    institution: str | None
    publisher: str | None
    date: str | None
    url: str | None
    updated: dt.date | None = None
    container: str | None = None  # the site a record is published on
    abstract: str | None = None


@dataclass(frozen=True)
class CitedRecord:
    """A record as one cites it: the record on this site (`work`), what kind of record it is, and its sources."""

    id: str
    kind: str  # "Proposition", "Recommendation", or the evidence kind ("Case study", ...)
    work: Work
    sources: tuple[Work, ...]


class Citations:
    """Builds the citable form of every record of one catalogue."""

    def __init__(self, catalogue: Catalogue, settings: FeedSettings):
        self.catalogue = catalogue
        self.settings = settings
        self.base = settings.site_url if settings.site_url.endswith("/") else settings.site_url + "/"
        self._cited: dict[str, CitedRecord] = {}

    def url(self, record_id: str) -> str:
        """The full address of a record's page, or of a recommendation's anchor on its proposition's page."""
        record, anchor, _ = self.catalogue.target(record_id)
        url = self.base + page_url(paths.record_page(record), self.settings.use_directory_urls)
        return f"{url}#{anchor}" if anchor else url

    def title_of(self, record_id: str) -> str:
        """The title of any record or recommendation ([[references]] in plain text become it)."""
        return self.catalogue.target(record_id)[2]

    def all(self) -> list[CitedRecord]:
        """Every record, in the site's order: propositions each followed by its recommendations, then evidence."""
        cited = []
        for proposition in self.catalogue.propositions:
            cited.append(self.of(proposition.id))
            cited += [self.of(rec.id) for rec in proposition.recommendations]
        return cited + [self.of(evidence.id) for evidence in self.catalogue.evidence]

    def of(self, record_id: str) -> CitedRecord:
        """One record (a proposition, a recommendation or an evidence record) as one cites it."""
        if record_id not in self._cited:
            self._cited[record_id] = self._cite(record_id)
        return self._cited[record_id]

    def _cite(self, record_id: str) -> CitedRecord:
        if record_id in self.catalogue.recommendations:
            entry = self.catalogue.recommendations[record_id]
            rec = entry.recommendation
            updated = max(
                [entry.proposition.published]
                + [c.date for c in entry.proposition.changes if c.recommendation == rec.id]
            )
            work = self._site_work(
                rec.id, rec.title, entry.proposition.published, updated, markdown_text(rec.text, self.title_of)
            )
            return CitedRecord(rec.id, "Recommendation", work, self._sources_of(entry.source))
        record = self.catalogue.records[record_id]
        work = self._site_work(
            record.id,
            record.title,
            record.published,
            last_updated(record),
            markdown_text(record.summary, self.title_of),
        )
        if isinstance(record, Proposition):
            return CitedRecord(
                record.id, "Proposition", work, self._sources_of(self.catalogue.records.get(record.source))
            )
        return CitedRecord(record.id, paths.KIND_NAMES[record.kind][0], work, self._sources_of(record))

    def _site_work(self, key: str, title: str, published: dt.date, updated: dt.date, abstract: str) -> Work:
        return Work(
            key=key,
            title=title,
            people=(),
            institution=self.settings.author or self.settings.site_name,
            publisher=self.settings.site_name,
            date=published.isoformat(),
            url=self.url(key),
            updated=updated,
            container=self.settings.site_name,
            abstract=abstract or None,
        )

    def _sources_of(self, record: Proposition | Evidence | None) -> tuple[Work, ...]:
        """The sources an evidence record cites (a proposition or recommendation: those of its report record)."""
        if not isinstance(record, Evidence):
            return ()
        return tuple(self._source(record.id, n, s) for n, s in enumerate(record.sources, 1))

    def _source(self, record_id: str, number: int, source: Source) -> Work:
        return Work(
            key=f"{record_id}-source-{number}",
            title=source.title,
            people=tuple(source.authors),
            institution=None,
            publisher=source.publisher,
            date=source.date,
            url=str(source.url) if source.url else None,
        )


def citation_files(catalogue: Catalogue, settings: FeedSettings) -> dict[str, bytes]:
    """Every record's citation files, by path in the site: BibTeX, RIS and CSL-JSON, one of each per record."""
    files: dict[str, bytes] = {}
    for cited in Citations(catalogue, settings).all():
        files[cite_file(cited.id, "bib")] = bibtex_text(cited).encode("utf-8")
        files[cite_file(cited.id, "ris")] = ris_text(cited).encode("utf-8")
        files[cite_file(cited.id, "json")] = csl_json_text(cited).encode("utf-8")
    return files


def edition_note(work: Work) -> str | None:
    """The words every format uses for a site record's edition: 'Last updated 24 November 2026'."""
    return f"Last updated {long_date(work.updated)}" if work.updated else None


# -- BibTeX ------------------------------------------------------------------------------------------------


@remembered
def bibtex_text(cited: CitedRecord) -> str:
    """The record and its sources as BibTeX `@misc` entries, written by bibtexparser."""
    library = bibtexparser.Library()
    library.add([_bibtex_entry(work) for work in (cited.work, *cited.sources)])
    return bibtexparser.write_string(library, bibtex_format=_BIBTEX_FORMAT)


def _bibtex_entry(work: Work) -> Entry:
    fields: list[tuple[str, str]] = []
    if work.institution:
        fields.append(("author", "{" + latex(work.institution) + "}"))  # braced: one name, not parsed as a person
    elif work.people:
        fields.append(("author", " and ".join(bibtex_name(person) for person in work.people)))
    fields.append(("title", latex(work.title)))
    if work.publisher:
        fields.append(("publisher", latex(work.publisher)))
    if work.date:
        fields.append(("year", work.date[:4]))
        if len(work.date) >= 7:
            fields.append(("month", str(int(work.date[5:7]))))
        fields.append(("date", work.date))
    if work.url:
        fields.append(("url", bibtex_url(work.url)))
    if work.updated:
        fields.append(("note", latex(edition_note(work))))
    if work.abstract:
        fields.append(("abstract", latex(work.abstract)))
    return Entry("misc", work.key, [Field(key, value) for key, value in fields])


def bibtex_name(person: str) -> str:
    """A person's name for BibTeX's `author` list, which splits at the word "and": a name holding that word
    is braced, so it stays one name; any other name is left for BibTeX to read as first and last names."""
    name = latex(person)
    return "{" + name + "}" if _AND.search(name) else name


def latex(text: str) -> str:
    """Plain text as the LaTeX of a BibTeX value: on one line, every special character escaped (pylatexenc)."""
    return _LATEX.unicode_to_latex(one_line(text))


def bibtex_url(url: str) -> str:
    """An address for BibTeX's verbatim `url` field: the characters LaTeX would still read, percent-encoded."""
    return "".join(_URL_ESCAPES.get(char, char) for char in one_line(url))


# -- RIS ---------------------------------------------------------------------------------------------------


@remembered
def ris_text(cited: CitedRecord) -> str:
    """The record (`ELEC`, a web page) and its sources (`GEN`) as RIS references, written by rispy."""
    return rispy.dumps([_ris_reference(cited.work, "ELEC"), *(_ris_reference(s, "GEN") for s in cited.sources)])


def _ris_reference(work: Work, kind: str) -> dict:
    reference: dict = {"type_of_reference": kind, "id": work.key, "title": one_line(work.title)}
    authors = [work.institution] if work.institution else list(work.people)
    if authors:
        reference["authors"] = [one_line(a) for a in authors]
    if work.publisher:
        reference["publisher"] = one_line(work.publisher)
    if work.date:
        reference["year"] = work.date[:4]
        reference["date"] = work.date.replace("-", "/")
    if work.url:
        reference["urls"] = [one_line(work.url)]
    if work.container:
        reference["secondary_title"] = one_line(work.container)
    if work.updated:
        reference["edition"] = edition_note(work)
    if work.abstract:
        reference["abstract"] = one_line(work.abstract)
    return reference


# -- CSL-JSON ----------------------------------------------------------------------------------------------


@remembered
def csl_json_text(cited: CitedRecord) -> str:
    """The record (`webpage`) and its sources (`document`) as a CSL-JSON array."""
    items = [_csl_item(cited.work, "webpage"), *(_csl_item(s, "document") for s in cited.sources)]
    text = json.dumps(items, indent=2, ensure_ascii=False)
    # As the other JSON downloads: safe even if a page ever embeds the file.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


def _csl_item(work: Work, kind: str) -> dict:
    item: dict = {"id": work.key, "type": kind, "title": work.title}
    authors = [work.institution] if work.institution else list(work.people)
    if authors:
        item["author"] = [{"literal": name} for name in authors]
    if work.publisher:
        item["publisher"] = work.publisher
    if work.container:
        item["container-title"] = work.container
    if work.date:
        item["issued"] = {"date-parts": [[int(part) for part in work.date.split("-")]]}
    if work.url:
        item["URL"] = work.url
    if work.updated:
        item["note"] = edition_note(work)
    if work.abstract:
        item["abstract"] = work.abstract
    return item
