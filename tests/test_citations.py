"""Cite this: every record's citation files parse back, with the same libraries that wrote them, to the
record's own fields and its sources', for the default content and for record text that tries to break
out of a field (tests/hostile/cite-braces-and-tags-in-record-text)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from urllib.parse import unquote

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import SeparateCoAuthors
from conftest import FIXTURES, ROOT
from pylatexenc.latex2text import LatexNodes2Text

from publication.citations import Citations, citation_files, cite_file
from publication.load import load_publication
from publication.model import Evidence, Proposition
from publication.settings import feed_settings
from publication.updates import last_updated

SITE_URL = "https://building-back-better.example.org/"
HOSTILE = Path(__file__).resolve().parent / "hostile" / "cite-braces-and-tags-in-record-text"


def settings(author: str | None = None):
    return feed_settings(SITE_URL, "Building Back for the Better", "A publication.", author, True, {})


def catalogue_of(root: Path):
    result = load_publication(root, include_drafts=False)
    assert not result.errors, result.problems
    return result.catalogue


def hostile_root(tmp_path: Path) -> Path:
    root = tmp_path / "records"
    for folder in ("propositions", "evidence"):
        shutil.copytree(FIXTURES / "minimal" / folder, root / folder)
        if (HOSTILE / folder).is_dir():
            shutil.copytree(HOSTILE / folder, root / folder, dirs_exist_ok=True)
    return root


def parse_bibtex(data: bytes) -> list:
    """The entries of a .bib file as a reader gets them: authors split at the top-level "and" (a braced
    name is one), every value but the verbatim url LaTeX-decoded (pylatexenc, as bibtexparser's
    LatexDecodingMiddleware does)."""
    library = bibtexparser.parse_string(data.decode("utf-8"), append_middleware=[SeparateCoAuthors()])
    assert library.failed_blocks == []
    decode = LatexNodes2Text().latex_to_text
    for entry in library.entries:
        for field in entry.fields:
            if field.key == "url":
                continue
            field.value = [decode(v) for v in field.value] if isinstance(field.value, list) else decode(field.value)
    return library.entries


def expected_works(catalogue, record_id: str) -> tuple[dict, list[dict]]:
    """What the files must say, straight from the records: the record on the site, then its sources."""
    target, _, title = catalogue.target(record_id)
    if record_id in catalogue.recommendations:
        entry = catalogue.recommendations[record_id]
        published, report = entry.proposition.published, entry.source
    elif isinstance(target, Proposition):
        published, report = target.published, catalogue.records[target.source]
    else:
        published, report = target.published, target
    sources = [
        {
            "title": s.title,
            "publisher": s.publisher,
            "date": s.date,
            "url": str(s.url) if s.url else None,
            "authors": list(s.authors),
        }
        for s in (report.sources if isinstance(report, Evidence) else [])
    ]
    # A source keeps one key in every file that cites it (<its record's id>-source-<n>), so merged
    # bibliographies hold it once.
    for n, source in enumerate(sources, 1):
        source["key"] = f"{report.id}-source-{n}"
    return {"title": title, "published": published}, sources


@pytest.mark.parametrize("records", ["default", "hostile"])
def test_every_citation_file_parses_back_to_its_record_and_sources(records, tmp_path):
    catalogue = catalogue_of(ROOT if records == "default" else hostile_root(tmp_path))
    files = citation_files(catalogue, settings())
    ids = [*catalogue.records, *catalogue.recommendations]
    assert sorted(files) == sorted(cite_file(i, ext) for i in ids for ext in ("bib", "ris", "json"))
    citations = Citations(catalogue, settings())
    for record_id in ids:
        work, sources = expected_works(catalogue, record_id)
        url = citations.url(record_id)

        bib = parse_bibtex(files[cite_file(record_id, "bib")])
        assert [e.key for e in bib] == [record_id] + [s["key"] for s in sources]
        assert {e.entry_type for e in bib} == {"misc"}
        site = bib[0]
        assert site["title"] == work["title"]
        assert site["author"] == ["Building Back for the Better"]  # one institution, not a list of people
        assert site["date"] == work["published"].isoformat()
        assert site["url"] == url
        assert site["note"].startswith("Last updated ")
        for entry, source in zip(bib[1:], sources, strict=True):
            assert entry["title"] == source["title"]
            assert entry["publisher"] == source["publisher"]
            assert (entry["date"] if "date" in entry else None) == source["date"]
            assert (entry["author"] if "author" in entry else []) == source["authors"]
            if source["url"]:
                # The same address, with what LaTeX would read in it ({, }, \\) percent-encoded.
                assert unquote(entry["url"]) == unquote(source["url"])
                assert not set("{}\\") & set(entry["url"])
            assert set(entry.fields_dict) <= {"author", "title", "publisher", "year", "month", "date", "url"}

        ris = rispy.loads(files[cite_file(record_id, "ris")].decode("utf-8"))
        assert [r["id"] for r in ris] == [b.key for b in bib]
        assert [r["type_of_reference"] for r in ris] == ["ELEC"] + ["GEN"] * len(sources)
        assert ris[0]["title"] == work["title"]
        assert ris[0]["authors"] == ["Building Back for the Better"]
        assert ris[0]["urls"] == [url]
        assert ris[0]["date"] == work["published"].isoformat().replace("-", "/")
        for reference, source in zip(ris[1:], sources, strict=True):
            assert reference["title"] == source["title"]
            assert reference["publisher"] == source["publisher"]
            assert reference.get("authors", []) == source["authors"]
            assert reference.get("urls") == ([source["url"]] if source["url"] else None)

        csl = json.loads(files[cite_file(record_id, "json")])
        assert [item["id"] for item in csl] == [b.key for b in bib]
        assert csl[0]["type"] == "webpage" and csl[0]["title"] == work["title"] and csl[0]["URL"] == url
        published = work["published"]
        assert csl[0]["issued"] == {"date-parts": [[published.year, published.month, published.day]]}
        for item, source in zip(csl[1:], sources, strict=True):
            assert (item["title"], item["publisher"], item.get("URL")) == (
                source["title"],
                source["publisher"],
                source["url"],
            )
            assert [a["literal"] for a in item.get("author", [])] == source["authors"]


def test_hostile_text_stays_inside_its_field(tmp_path):
    """A title that closes its braces and opens an entry, and a summary whose line breaks would start RIS
    tags of its own, are one field each: no field, entry or reference is added."""
    catalogue = catalogue_of(hostile_root(tmp_path))
    files = citation_files(catalogue, settings())
    record = catalogue.records["treorchy-high-street"]

    bib = parse_bibtex(files["cite/treorchy-high-street.bib"])
    assert len(bib) == 2
    assert set(bib[0].fields_dict) == {
        "author",
        "title",
        "publisher",
        "year",
        "month",
        "date",
        "url",
        "note",
        "abstract",
    }
    assert bib[0]["title"] == record.title
    assert bib[1]["author"] == ["Smith and Jones", "Jo, Bloggs"]  # a name holding "and" stays one name

    ris = rispy.loads(files["cite/treorchy-high-street.ris"].decode("utf-8"))
    assert len(ris) == 2 and [r["type_of_reference"] for r in ris] == ["ELEC", "GEN"]
    assert ris[0]["abstract"].endswith("ER - TY - JOUR TI - An injected reference")
    text = files["cite/treorchy-high-street.ris"].decode("utf-8")
    assert [line[:2] for line in text.splitlines() if line[:2] in ("TY", "ER")] == ["TY", "ER", "TY", "ER"]

    csl = files["cite/treorchy-high-street.json"].decode("utf-8")
    assert "<" not in csl and json.loads(csl)[0]["title"] == record.title


def test_the_edition_is_the_records_last_change_never_the_build_day(tmp_path):
    catalogue = catalogue_of(ROOT)
    citations = Citations(catalogue, settings())
    for record in catalogue.records.values():
        assert citations.of(record.id).work.updated == last_updated(record)
    proposition = catalogue.records["future-can-be-local"]
    rec = citations.of("invest-in-the-hyperlocal").work
    about_it = [c.date for c in proposition.changes if c.recommendation == "invest-in-the-hyperlocal"]
    assert rec.updated == max([proposition.published, *about_it])
    assert rec.url == SITE_URL + "propositions/future-can-be-local/#invest-in-the-hyperlocal"
    assert citation_files(catalogue, settings()) == citation_files(catalogue_of(ROOT), settings())
    assert all(
        dt.date.today().isoformat() not in data.decode() for data in citation_files(catalogue, settings()).values()
    )


def test_the_site_author_is_credited_when_mkdocs_yml_names_one():
    catalogue = catalogue_of(ROOT)
    files = citation_files(catalogue, settings(author="Example Editors"))
    entry = parse_bibtex(files["cite/treorchy-high-street.bib"])[0]
    assert entry["author"] == ["Example Editors"] and entry["publisher"] == "Building Back for the Better"


def test_every_evidence_page_links_a_bib_and_a_ris_file_that_parse(default_site):
    site = default_site.site
    for page in sorted((site / "evidence").glob("*/index.html")):
        html = page.read_text(encoding="utf-8")
        record_id = page.parent.name
        for extension in ("bib", "ris", "json"):
            assert f'href="../../cite/{record_id}.{extension}"' in html, (record_id, extension)
        assert parse_bibtex((site / "cite" / f"{record_id}.bib").read_bytes())[0].key == record_id
        assert rispy.loads((site / "cite" / f"{record_id}.ris").read_text(encoding="utf-8"))[0]["id"] == record_id
