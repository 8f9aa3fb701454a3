"""The PDF edition: records in, a tagged PDF/UA-1 file out, read back the way a reader's tools read it.

`pdfinfo` and `pdftotext` (Debian's poppler-utils, installed by .ci/run) say what a PDF viewer shows: its
tags, PDF/UA identification, pages and text; pypdf reads its links, named destinations and bookmarks. The
default content's PDF comes from conftest's `default_site` build; smaller ones are rendered in-process from
a catalogue (`pdf.edition_html` + `pdf.render_pdf`), which is what the build calls.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT, check_in_process, make_project
from pypdf import PdfReader
from test_broken_records import records_with
from test_hostile_records import HOSTILE, HOSTILE_CASES

from publication import paths
from publication.load import load_publication
from publication.pages import PageRenderer
from publication.pdf import PdfSettings, edition_html, file_size, pdf_for_build
from publication.pdf_render import RefusingFetcher, render_pdf
from publication.production import SiteOptions
from publication.settings import SettingsError
from publication.templating import TemplateFailure
from publication.updates import last_updated
from publication.views import PdfEdition

NO_POPPLER = "needs pdfinfo and pdftotext (Debian's poppler-utils; .ci/run installs it)"


@pytest.fixture(autouse=True)
def _poppler():
    """Skipped without poppler-utils, and failed in CI (CI=true), which must have it."""
    if shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None:
        (pytest.fail if os.environ.get("CI", "").lower() in {"1", "true", "yes"} else pytest.skip)(NO_POPPLER)


MKDOCS = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
SETTINGS = PdfSettings(
    site_name=MKDOCS["site_name"],
    site_url=MKDOCS["site_url"],
    description=MKDOCS["site_description"],
    licence=MKDOCS["copyright"],
)


def pdfinfo(path: Path, *options: str) -> str:
    return subprocess.run(["pdfinfo", *options, str(path)], capture_output=True, text=True, check=True).stdout


def page_texts(path: Path) -> list[str]:
    """The text of every page, as pdftotext lays it out."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return text.stdout.split("\f")[:-1]


def words(text: str) -> str:
    """Text with every run of white space as one space (pdftotext breaks lines where the PDF does)."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def default_pdf(default_site) -> Path:
    return default_site.site / paths.PDF_EDITION


def catalogue_of(folder: Path):
    result = load_publication(folder)
    assert not result.errors, "\n".join(map(str, result.errors))
    return result.catalogue


# -- what the reader gets -------------------------------------------------------------------------------


def test_the_site_holds_a_tagged_pdf_ua_edition(default_pdf):
    info = pdfinfo(default_pdf)
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(rf"^Title:\s+{re.escape(MKDOCS['site_name'])}$", info, re.M)
    assert int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1)) >= 2
    assert 'pdfuaid:part="1"' in pdfinfo(default_pdf, "-meta")  # the XMP identification of PDF/UA-1
    catalog = PdfReader(default_pdf).trailer["/Root"]
    assert catalog["/Lang"] == "en-GB" and bool(catalog["/MarkInfo"]["/Marked"])
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])  # viewers show the title, not the file name


def test_its_cover_names_the_publication_its_sources_edition_address_and_licence(default_pdf):
    cover = words(page_texts(default_pdf)[0])
    records = catalogue_of(ROOT).records.values()
    newest = max(last_updated(r) for r in records)
    assert cover.startswith("READERS' EDITION Building Back for the Better")
    assert (
        "Jennifer Wallace, Douglas White and Sarah Davidson, Building Back for the Better (Carnegie UK Trust" in cover
    )
    assert f"EDITION {newest.day} {newest:%B %Y}, the date of the newest record" in cover
    assert "ONLINE https://building-back-better.example.org/" in cover
    assert f"LICENCE {words(MKDOCS['copyright'])}" in cover
    assert "6 propositions, 5 recommendations and 26 evidence records" in cover
    assert len(cover.split()) > 60, "the first page is a cover, not a near-blank page"
    assert "Page 1" not in cover  # no running header or page number on the cover


def test_its_contents_give_the_page_each_proposition_and_kind_of_evidence_starts_on(default_pdf):
    pages = page_texts(default_pdf)
    contents = pages[1]
    assert [line.strip() for line in contents.splitlines() if line.strip()][1] == "Contents"  # after the header
    entries = re.findall(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$", contents, re.M)
    titles = [p.title for p in catalogue_of(ROOT).propositions]
    assert [title for title, _ in entries] == [
        *(f"{n}. {t}" for n, t in enumerate(titles, 1)),
        "Evidence",
        "Case studies",
        "Reports",
        "Statistics",
        "Conversations",
    ]
    for title, page in entries:
        header, body = pages[int(page) - 1].lstrip().split("\n", 1)  # the running header, then the page
        assert title in words(body), f"{title!r} is not on page {page}"


def test_every_page_after_the_cover_has_its_running_header_and_number(default_pdf):
    pages = page_texts(default_pdf)
    for number, text in enumerate(pages[1:], start=2):
        assert text.lstrip().startswith("Building Back for the Better"), number
        assert f"Page {number} of {len(pages)}" in text
    assert "6. Technology can be for all" in pages[int(re.search(r"for all\s*\.+\s*(\d+)", pages[1]).group(1)) - 1]


def test_every_reference_is_a_link_to_its_record_inside_the_pdf(default_pdf):
    reader = PdfReader(default_pdf)
    destinations = reader.named_destinations
    records = catalogue_of(ROOT)
    assert set(records.records) | set(records.recommendations) <= set(destinations)
    links = [
        annotation.get_object()
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if annotation.get_object()["/Subtype"] == "/Link"
    ]
    internal = [link["/Dest"] for link in links if "/Dest" in link]
    assert "financial-impact-tracker" in internal  # [[financial-impact-tracker]] in proposition 5's body
    assert set(internal) <= set(destinations), "every internal link lands on a named destination"
    # ...and that destination is the page where the record's own heading is.
    tracker = records.records["financial-impact-tracker"]
    page = reader.get_destination_page_number(destinations["financial-impact-tracker"])
    assert tracker.title in words(page_texts(default_pdf)[page])


def test_its_bookmarks_follow_the_publication(default_pdf):
    outline = PdfReader(default_pdf).outline
    top = [item.title for item in outline if not isinstance(item, list)]
    titles = [f"{p.number}. {p.title}" for p in catalogue_of(ROOT).propositions]
    assert top == ["Building Back for the Better", "Contents", *titles, "Evidence"]
    nested = [
        item.title for group in outline if isinstance(group, list) for item in group if not isinstance(item, list)
    ]
    assert "Recommendation 6: Invest in the hyperlocal" in nested and "Case studies" in nested


def test_the_evidence_is_printed_as_summaries_with_their_sources(default_pdf):
    text = words(" ".join(page_texts(default_pdf)))
    tracker = catalogue_of(ROOT).records["financial-impact-tracker"]
    assert words(tracker.summary)[:80] in text
    assert f"{tracker.sources[0].title} ({tracker.sources[0].publisher}" in text


def test_the_print_edition_and_downloads_pages_link_the_pdf_with_its_size(default_site, default_pdf):
    size = file_size(default_pdf.stat().st_size)
    downloads = (default_site.site / "downloads" / "index.html").read_text(encoding="utf-8")
    printed = (default_site.site / "print" / "index.html").read_text(encoding="utf-8")
    assert f'<a href="publication.pdf" rel="noopener noreferrer">The publication as PDF</a> (PDF, {size})' in downloads
    assert (
        f'<a href="../downloads/publication.pdf" rel="noopener noreferrer">the PDF edition</a> (PDF, {size})' in printed
    )


# -- same input, same bytes ------------------------------------------------------------------------------


def test_two_renderings_of_the_same_records_give_the_same_bytes_and_no_dates(default_pdf):
    built = default_pdf.read_bytes()
    html = edition_html(catalogue_of(ROOT), PdfSettings.of_options(SiteOptions.of_mkdocs(_config())))
    again = render_pdf(html)  # rendered afresh, not from the build's cache
    assert again == built
    assert b"/CreationDate" not in built and b"/ModDate" not in built and b"CreateDate" not in built
    assert not re.search(r"^(CreationDate|ModDate):", pdfinfo(default_pdf), re.M)


def test_a_build_in_another_process_gives_the_same_bytes(default_pdf, tmp_path):
    project = make_project(tmp_path / "project", pdf=True)  # the default content, built by `mkdocs build`
    result = project.build_with_cli()
    assert result.returncode == 0, result.stderr
    assert (project.site / paths.PDF_EDITION).read_bytes() == default_pdf.read_bytes()


def _config():
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml"))


# -- record text cannot act ------------------------------------------------------------------------------


HOSTILE_RECORD = """\
id: hostile-chart
kind: statistic
title: A chart </style> with <script>alert(1)</script> in its title
summary: >-
  Before <script>alert(2)</script> the chart <img src="https://evil.example/a.png" alt="remote">
  ![also remote](https://evil.example/b.png) </style><style>* {{ display: none }}</style>
  <link rel="stylesheet" href="https://evil.example/s.css"> <iframe src="https://evil.example/f"></iframe>
  <a rel="attachment" href="https://evil.example/secret.bin">attach</a> and after it, Treorchy thrives.
places:
  - {{name: Treorchy, nation: wales}}
supports:
  - {{proposition: future-can-be-local, how: It counts.}}
sources:
  - {{title: "</style><script>alert(3)</script>", publisher: "<img src=https://evil.example/c.png>"}}
published: 2020-12-02
"""


def test_a_hostile_record_shows_as_text_and_makes_the_pdf_load_nothing(tmp_path):
    folder = records_with(HOSTILE / HOSTILE_CASES[0], tmp_path / "records")
    (folder / "evidence" / "hostile-chart.yml").write_text(HOSTILE_RECORD.format(), encoding="utf-8")
    html = edition_html(catalogue_of(folder), SETTINGS)
    assert not re.search(r"<(script|style|link|iframe|object|embed|base)\b", html, re.I)
    assert not re.search(r"<img\b[^>]*\bsrc=", html, re.I)  # an image keeps its alt text, never its address
    assert "attachment" not in re.findall(r'rel="([^"]*)"', html)
    fetcher = RefusingFetcher()
    document = render_pdf(html, fetcher)
    assert fetcher.refused == []  # WeasyPrint was asked for nothing at all
    target = tmp_path / "hostile.pdf"
    target.write_bytes(document)
    text = words(" ".join(page_texts(target)))
    assert "A chart </style> with <script>alert(1)</script> in its title" in text
    assert "and after it, Treorchy thrives." in text  # nothing swallowed
    for marker in (b"/JavaScript", b"/JS", b"/EmbeddedFile", b"/Launch", b"/XObject"):
        assert marker not in document, marker  # no script, attachment, program or image in the file


def test_whatever_asks_to_load_a_resource_is_refused(tmp_path):
    """The last net: even HTML that names resources (no record can reach the template with it) gets
    nothing: the fetcher refuses every scheme, and the PDF is still made."""
    asks = (
        '<html lang="en"><head><title>t</title><link rel="stylesheet" href="file:///etc/passwd"></head><body>'
        '<img src="http://127.0.0.1:9/x.png" alt="x"><img src="data:image/png;base64,AAAA" alt="d"><p>text</p>'
        "</body></html>"
    )
    fetcher = RefusingFetcher()
    document = render_pdf(asks, fetcher)
    assert document.startswith(b"%PDF-")
    assert set(fetcher.refused) == {"file:///etc/passwd", "http://127.0.0.1:9/x.png", "data:image/png;base64,AAAA"}


@pytest.mark.parametrize("case", HOSTILE_CASES)
def test_every_hostile_case_makes_a_pdf_that_loads_nothing(case, tmp_path):
    html = edition_html(catalogue_of(records_with(HOSTILE / case, tmp_path / "records")), SETTINGS)
    assert not re.search(r"<(script|style|link|iframe|template)\b|<img\b[^>]*\bsrc=", html, re.I)
    fetcher = RefusingFetcher()
    render_pdf(html, fetcher)
    assert fetcher.refused == []


# -- cost and bounds -------------------------------------------------------------------------------------


def test_past_print_evidence_up_to_the_pdf_counts_the_evidence_and_links_the_records_on_the_site():
    catalogue = catalogue_of(FIXTURES / "minimal")
    summary = catalogue.records["treorchy-high-street"].summary
    assert summary in edition_html(catalogue, SETTINGS)
    bounded = edition_html(catalogue, replace(SETTINGS, print_evidence_up_to=1))
    assert summary not in bounded and 'id="treorchy-high-street"' not in bounded  # no entry for any record
    assert "holds 2 evidence records, more than the 1 this edition prints one by one" in bounded
    assert "2 evidence records</dd>" in bounded  # the cover still counts every record
    site = SETTINGS.site_url
    assert (
        "<strong>Evidence:</strong> 2 records, listed at "
        f'<a href="{site}propositions/future-can-be-local/#section_evidence">' in bounded
    )  # the proposition's page lists both: it has no evidence list of its own at two records
    assert "by kind, case studies 1, reports 1; by nation, Wales 1, UK-wide 1." in bounded
    # a reference in record text leads to the record's page on the site; the proposition stays in the PDF
    assert f'<a href="{site}evidence/treorchy-high-street/" rel="noopener noreferrer">' in bounded
    assert 'id="future-can-be-local"' in bounded
    assert f'<a href="{site}evidence/">{site}evidence/</a>' in bounded  # where every record is


def test_past_print_evidence_up_to_a_propositions_count_links_its_own_evidence_list():
    bounded = edition_html(catalogue_of(ROOT), replace(SETTINGS, print_evidence_up_to=10, page_size=3))
    assert f'listed at <a href="{SETTINGS.site_url}propositions/state-and-citizen/evidence/">' in bounded


def test_without_a_site_address_the_records_past_the_bound_are_named_unlinked():
    catalogue = catalogue_of(FIXTURES / "minimal")
    bounded = edition_html(catalogue, replace(SETTINGS, site_url="", print_evidence_up_to=1))
    assert "Treorchy high street" in bounded and "treorchy-high-street/" not in bounded
    assert "<strong>Evidence:</strong> 2 records: by kind" in bounded  # no address to give
    assert 'href=""' not in bounded and "<dt>Online</dt>" not in bounded  # nor the cover an address


def test_past_print_evidence_up_to_the_pdf_stays_the_same_size_as_the_records_grow(tmp_path):
    """Clones of the default evidence (benchmarks/bench_build.py): 100 and 400 records, counted past 50,
    make PDFs of the same number of pages."""
    from test_bounded_pages import _bench_build

    counted = []
    for count in (100, 400):
        _bench_build().clone_records(tmp_path / str(count), count)
        html = edition_html(catalogue_of(tmp_path / str(count)), replace(SETTINGS, print_evidence_up_to=50))
        counted.append(len(PdfReader(io.BytesIO(render_pdf(html))).pages))
    assert counted[0] == counted[1] < 20, counted


def test_switched_off_the_build_makes_no_pdf_and_links_none(tmp_path):
    project = make_project(tmp_path / "project", FIXTURES / "minimal")  # extra.publication.pdf: false
    assert "pdf: false" in (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    assert project.build().ok
    assert not (project.site / paths.PDF_EDITION).exists()
    for page in ("downloads/index.html", "print/index.html"):
        assert "publication.pdf" not in (project.site / page).read_text(encoding="utf-8")


def test_the_preview_says_the_pdf_is_made_by_mkdocs_build():
    renderer = PageRenderer(catalogue_of(FIXTURES / "minimal"), "Site", pdf=PdfEdition(None, "preview"))
    assert "The publication as PDF is made by `mkdocs build`" in renderer.downloads_page()
    assert "The PDF edition is made by `mkdocs build`" in renderer.print_edition()
    assert "publication.pdf" not in renderer.downloads_page()


def test_only_mkdocs_build_makes_the_pdf_and_only_when_it_is_on():
    catalogue = catalogue_of(FIXTURES / "minimal")
    off = replace(SETTINGS, enabled=False)
    assert pdf_for_build(catalogue, off, previewing=False) == PdfEdition(None, "off")
    assert pdf_for_build(catalogue, off, previewing=True) == PdfEdition(None, "off")
    assert pdf_for_build(catalogue, SETTINGS, previewing=True) == PdfEdition(None, "preview")
    built = pdf_for_build(catalogue, SETTINGS, previewing=False)
    assert built.content.startswith(b"%PDF-1.7") and built.size == file_size(len(built.content))
    assert built.files() == {paths.PDF_EDITION: built.content}


def test_a_mistake_in_a_publishers_pdf_template_names_its_file_and_line(tmp_path):
    overrides = tmp_path / "overrides" / "publication"
    overrides.mkdir(parents=True)
    (overrides / "pdf.html.j2").write_text("<html>\n<p>{{ cover.titel }}</p>\n</html>\n", encoding="utf-8")
    with pytest.raises(TemplateFailure) as failure:
        edition_html(catalogue_of(FIXTURES / "minimal"), replace(SETTINGS, custom_dir=str(tmp_path / "overrides")))
    assert (
        str(failure.value)
        == "overrides/publication/pdf.html.j2:2: 'publication.pdf.Cover object' has no attribute 'titel'"
    )


def test_without_pango_the_build_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "publication.pdf_render", None)  # as if WeasyPrint could not load
    with pytest.raises(SettingsError) as failure:
        pdf_for_build(catalogue_of(FIXTURES / "minimal"), replace(SETTINGS, site_name="No Pango"), previewing=False)
    assert str(failure.value).startswith(
        "mkdocs.yml: extra.publication.pdf: the PDF edition needs WeasyPrint and Pango"
    )
    assert str(failure.value).endswith(
        "install Debian's libpango-1.0-0, libpangoft2-1.0-0 and libharfbuzz-subset0, or set 'pdf: false'"
    )


def test_a_pdf_setting_that_is_not_true_or_false_stops_the_check_and_the_build(tmp_path, capsys):
    project = make_project(tmp_path / "project", FIXTURES / "minimal", pdf=True)
    settings = project.root / "mkdocs.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("  publication:\n", "  publication:\n    pdf: sometimes\n", 1)
    )
    message = (
        "mkdocs.yml: extra.publication.pdf: expected true or false (whether to make the PDF edition), got 'sometimes'"
    )
    result = project.build()
    assert not result.ok and message in result.stderr
    checked = check_in_process(capsys, project.root)
    assert checked.returncode != 0 and message in checked.stdout + checked.stderr


def test_sizes_read_as_kb_then_mb():
    assert [file_size(n) for n in (10, 1024, 125_952, 1024 * 1024 * 3 // 2)] == ["1 KB", "1 KB", "123 KB", "1.5 MB"]


def test_the_pdf_parses_with_pypdf(default_pdf):
    assert len(PdfReader(io.BytesIO(default_pdf.read_bytes())).pages) == len(page_texts(default_pdf))
