"""Laying out the PDF edition's HTML with WeasyPrint: a tagged PDF/UA-1 file that loads nothing.

WeasyPrint is given a URL fetcher that refuses every address, whatever its scheme (http, file, data...):
the stylesheet is passed as text and the fonts come from the system (fontconfig), so the edition needs
nothing fetched, and nothing in a record can make the build load a file or reach a host.

Same input, same bytes: WeasyPrint writes no creation or modification date unless the HTML names one
(`pdf.py`'s template does not), and the file identifier is a hash of the content (`pdf_identifier=True`).
This module is imported only by a build that makes the PDF: loading WeasyPrint and Pango costs about 0.3 s.
"""

from __future__ import annotations

import logging

import weasyprint

from .templating import PACKAGE_TEMPLATES

STYLESHEET = PACKAGE_TEMPLATES / "pdf.css"
PDF_VARIANT = "pdf/ua-1"
# WeasyPrint logs what it skips (a CSS property it does not know, a refused address) as warnings on its own
# logger; none is something an editor can act on, so the build's log shows only its errors.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


class RefusingFetcher(weasyprint.URLFetcher):
    """WeasyPrint's URL fetcher for the PDF edition: it refuses every address, whatever its scheme (http,
    file, data...), and remembers which it was asked for. The edition needs nothing fetched, and record text
    must not make the build load a file or reach a host."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=(), allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        self.refused.append(url)
        raise ValueError(f"the PDF edition loads nothing: {url[:80]}")


def render_pdf(html: str, fetcher: RefusingFetcher | None = None) -> bytes:
    """Lay out `html` with the print stylesheet as a tagged PDF/UA-1 file (not cached)."""
    fetcher = fetcher or RefusingFetcher()
    stylesheet = weasyprint.CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=fetcher)
    document = weasyprint.HTML(string=html, base_url="about:blank", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet], pdf_variant=PDF_VARIANT, pdf_identifier=True)
