"""The PDF edition: the publication as one tagged PDF/UA-1 file, made by WeasyPrint from its own HTML template.

`edition_html` turns the catalogue into one HTML document (`templates/pdf.html.j2`, a publisher's copy in
`overrides/publication/` first); `pdf_render.render_pdf` lays it out with the print stylesheet
`templates/pdf.css`.
Record text is untrusted, so it takes the pages' road: [[references]] resolved (here to anchors inside the
PDF), `recordtext.guard`, Python-Markdown with the site's extensions, then `richtext.sanitise_html`.
Same input, same HTML: it names no creation or modification date (see `pdf_render` for the bytes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

import jinja2
from markupsafe import Markup, escape

from . import paths
from .catalogue import Catalogue
from .mkdocs_bridge import page_url
from .model import Kind
from .pages import Links, ViewBuilder
from .paging import DEFAULT_PAGE_SIZE
from .problems import printable
from .richtext import MarkdownConfig, MarkdownRenderer, sanitise_html
from .settings import (
    DEFAULT_LANGUAGE,
    DEFAULT_PRINT_EVIDENCE,
    SettingsError,
    page_size,
    pdf_enabled,
    print_evidence_up_to,
)
from .templating import PageTemplates
from .text import join_words, long_date, partial_date
from .updates import last_updated
from .views import Link, PdfEdition, SafeMarkdown

TEMPLATE = "pdf.html.j2"
_CACHE_SIZE = 4  # rendered PDFs kept in one process, by the hash of their HTML


@dataclass(frozen=True)
class PdfSettings:
    """What the PDF edition takes from mkdocs.yml."""

    site_name: str
    site_url: str
    description: str | None = None
    author: str | None = None
    licence: str | None = None  # mkdocs.yml's `copyright`
    language: str = "en-GB"
    markdown: MarkdownConfig = field(default_factory=MarkdownConfig)
    custom_dir: str | None = None
    enabled: bool = True  # extra.publication.pdf
    print_evidence_up_to: int = DEFAULT_PRINT_EVIDENCE  # past it, each proposition's evidence is counted
    page_size: int = DEFAULT_PAGE_SIZE  # the site's: which propositions have an evidence list of their own
    use_directory_urls: bool = True  # the site's, for the addresses of its pages

    @classmethod
    def of_options(cls, options) -> PdfSettings:
        """The settings of a build's `production.SiteOptions` (mkdocs.yml as the engine read it). A `pdf`
        setting that is not true or false raises `SettingsError`."""
        extra = dict(options.extra)
        return cls(
            site_name=options.site_name,
            site_url=options.site_url or "",
            description=options.site_description,
            author=options.site_author,
            licence=options.copyright,
            language=str(extra.get("language", DEFAULT_LANGUAGE)),
            markdown=options.markdown,
            custom_dir=options.custom_dir,
            enabled=pdf_enabled(extra),
            print_evidence_up_to=print_evidence_up_to(extra),
            page_size=page_size(extra),
            use_directory_urls=options.use_directory_urls,
        )


def pdf_for_build(catalogue: Catalogue, settings: PdfSettings, previewing: bool) -> PdfEdition:
    """The PDF edition of a build: made by `mkdocs build` unless the setting is off, never by `serve`."""
    return pdf_job(catalogue, settings, previewing).make()


@dataclass(frozen=True)
class PdfJob:
    """A build's PDF edition before it is made: `edition` when it is known already (switched off, a preview,
    or the same HTML rendered before in this process), else the `html` to lay out. `make` may run in
    another process (sidework.py); `remember` keeps what it made for this process's next build."""

    edition: PdfEdition | None
    html: str = ""

    def make(self) -> PdfEdition:
        """The edition, laid out by WeasyPrint unless known; raises `SettingsError` when Pango is missing."""
        return self.edition or _built(_cached_pdf(self.html))

    def remember(self, edition: PdfEdition) -> PdfEdition:
        """Keep an edition `make` returned in another process, as if made here; return it."""
        if self.edition is None and edition.content is not None:
            _keep(_key(self.html), edition.content)
        return edition


def pdf_job(catalogue: Catalogue, settings: PdfSettings, previewing: bool) -> PdfJob:
    """What making a build's PDF edition takes: made by `mkdocs build` unless the setting is off, never by
    `serve`. Its HTML is written here, and the edition looked up among those this process made."""
    if not settings.enabled:
        return PdfJob(PdfEdition(None, "off"))
    if previewing:
        return PdfJob(PdfEdition(None, "preview"))
    html = edition_html(catalogue, settings)
    known = _rendered.get(_key(html))
    return PdfJob(_built(known) if known is not None else None, html)


def _built(content: bytes) -> PdfEdition:
    return PdfEdition(content, "built", file_size(len(content)))


def pdf_edition(catalogue: Catalogue, settings: PdfSettings) -> bytes:
    """The publication as a tagged PDF/UA-1 file. Rendered once per distinct HTML in a process; raises
    `SettingsError` when WeasyPrint cannot load Pango."""
    return _cached_pdf(edition_html(catalogue, settings))


def file_size(size: int) -> str:
    """Bytes as KB (1,024 bytes, at least 1) up to a megabyte, then MB with one decimal."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


# -- the HTML -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cover:
    """What the cover says: every value from mkdocs.yml or the records."""

    title: str
    description: str | None
    author: str | None
    based_on: tuple[Any, ...]  # views.Citation of the propositions' source reports
    edition: dt.date | None  # the newest record date
    address: str
    licence: str | None
    recommendations: int


@dataclass(frozen=True)
class EvidenceGroup:
    """The evidence of one kind, under an anchor of the PDF's own."""

    name: str
    anchor: str
    records: tuple[Any, ...]  # views.EvidenceView


def edition_html(catalogue: Catalogue, settings: PdfSettings) -> str:
    """The HTML WeasyPrint lays out: cover, contents, the propositions with their recommendations, and the
    evidence: up to `settings.print_evidence_up_to` records each one with its summary and sources; past
    that, each proposition's evidence counted by kind and nation with the address of its list on the site,
    and every link to an evidence record a link to its page there (plain text when the site has no
    `site_url`), so the file stays a few dozen pages however many records there are."""
    printed = len(catalogue.evidence) <= settings.print_evidence_up_to
    address = _site_address(settings)
    links = Links(catalogue, paths.PRINT_EDITION, within_page=True, evidence_on_page=printed, site_address=address)
    builder = ViewBuilder(catalogue, updates=[], page_size=settings.page_size)
    printed_evidence = catalogue.evidence if printed else []
    evidence = sorted(printed_evidence, key=lambda e: list(Kind).index(e.kind))  # stable: by title within a kind
    groups = tuple(
        EvidenceGroup(
            paths.KIND_NAMES[kind][1],
            f"kind_{kind.value}",
            tuple(builder.evidence(e, links) for e in records),
        )
        for kind, records in groupby(evidence, key=lambda e: e.kind)
    )
    counts = {}
    if not printed:
        for proposition in catalogue.propositions:
            listed = address(*builder.evidence_list(proposition))
            link = Link(listed, listed) if listed else None
            counts[proposition.id] = builder.evidence_counts(proposition, link)
    dates = [last_updated(r) for r in catalogue.records.values()]
    return _Templates(settings).render(
        TEMPLATE,
        cover=_cover(catalogue, settings, builder, links, max(dates, default=None)),
        language=settings.language,
        propositions=[builder.proposition(p, links) for p in catalogue.propositions],
        evidence_groups=groups,
        counts=counts,
        printed_up_to=settings.print_evidence_up_to,
        evidence_count=len(catalogue.evidence),
        evidence_index=address(paths.EVIDENCE_INDEX, None),
    )


def _site_address(settings: PdfSettings):
    """The full address of a page of the site (source path and anchor) for links out of the PDF, or ""
    when mkdocs.yml names no `site_url`."""
    base = settings.site_url.rstrip("/") + "/" if settings.site_url else ""

    def address(path: str, anchor: str | None) -> str:
        if not base:
            return ""
        return base + page_url(path, settings.use_directory_urls) + (f"#{anchor}" if anchor else "")

    return address


def _cover(catalogue: Catalogue, settings: PdfSettings, builder: ViewBuilder, links: Links, edition) -> Cover:
    reports = dict.fromkeys(p.source for p in catalogue.propositions if p.source in catalogue.records)
    based_on = tuple(
        citation for rid in reports for citation in builder.evidence(catalogue.records[rid], links).sources[:1]
    )
    return Cover(
        title=settings.site_name,
        description=settings.description,
        author=settings.author,
        based_on=based_on,
        edition=edition,
        address=settings.site_url,
        licence=settings.licence,
        recommendations=len(catalogue.recommendations),
    )


class _Templates(PageTemplates):
    """The HTML environment of the PDF: the page templates' folders and failures (file and line), but Jinja's
    HTML autoescaping, and record markdown placed as sanitised HTML (`|text`)."""

    def __init__(self, settings: PdfSettings):
        super().__init__(settings.custom_dir)
        self.environment = jinja2.Environment(
            loader=self.environment.loader,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
        )
        render = MarkdownRenderer(_without_toc(settings.markdown))
        self.environment.filters.update(
            {
                "text": lambda value: _record_html(render, value),
                "date": lambda value: long_date(value) if isinstance(value, dt.date) else partial_date(value),
                "link": _link,
                "words": lambda items: Markup(join_words([str(escape(i)) for i in items])),
            }
        )


def _without_toc(config: MarkdownConfig) -> MarkdownConfig:
    """The site's extensions without `toc`: headings in record text get no ids, so none can take a record's
    anchor inside the PDF."""
    names = tuple(e for e in config.extensions if not (isinstance(e, str) and e.rsplit(".", 1)[-1] == "toc"))
    return MarkdownConfig(names, {k: v for k, v in config.configs.items() if k.rsplit(".", 1)[-1] != "toc"})


def _record_html(render: MarkdownRenderer, value: SafeMarkdown) -> Markup:
    """Record markdown (already guarded by the view builder) as sanitised HTML."""
    if not isinstance(value, SafeMarkdown):
        raise jinja2.TemplateRuntimeError("text: expects record markdown from the view builder")
    return Markup(sanitise_html(render(value))) if value else Markup("")


def _link(value: Link, label: Any = None) -> Markup:
    """A link; one with no address (a record's page when the site has no `site_url`) is its label alone."""
    text = value.label if label is None else label
    return Markup('<a href="{}">{}</a>').format(value.url, text) if value.url else Markup("{}").format(text)


# -- the PDF ------------------------------------------------------------------------------------------------


_rendered: dict[str, bytes] = {}


def _key(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


def _keep(key: str, content: bytes) -> None:
    if key not in _rendered and len(_rendered) >= _CACHE_SIZE:
        _rendered.pop(next(iter(_rendered)))
    _rendered[key] = content


def _cached_pdf(html: str) -> bytes:
    key = _key(html)
    if key not in _rendered:
        try:
            from .pdf_render import render_pdf  # WeasyPrint and Pango load only for a build that makes a PDF
        except (ImportError, OSError) as exc:  # OSError: WeasyPrint could not load Pango's libraries
            raise SettingsError(
                f"mkdocs.yml: extra.publication.pdf: the PDF edition needs WeasyPrint and Pango, which could not "
                f"be loaded ({printable(str(exc))[:120]}); install Debian's libpango-1.0-0, libpangoft2-1.0-0 "
                "and libharfbuzz-subset0, or set 'pdf: false'"
            ) from None

        _keep(key, render_pdf(html))
    return _rendered[key]
