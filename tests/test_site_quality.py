"""The built site asks no third-party host for anything: no web fonts, no CDN scripts or styles.

Checks the HTML and CSS of the default build without a browser (tests/test_browser.py watches the
requests a real browser makes), and that the theme's web fonts are switched off in mkdocs.yml.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import ROOT
from mkdocs.config import load_config

SITE_URL = "https://building-back-better.example.org/"
# <link rel> values that make a browser fetch, preload or connect to the target.
FETCHING_RELS = {
    "stylesheet",
    "preload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "modulepreload",
    "icon",
    "apple-touch-icon",
    "manifest",
    "mask-icon",
}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)


class _Resources(HTMLParser):
    """Collects the URLs a page loads: script, stylesheet (and other fetching links), img, iframe, and
    the rest of the embedding elements, with srcset and inline style url(...) values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        found: list[str] = []
        if tag in {"script", "img", "iframe", "embed", "source", "track", "audio", "video", "input"}:
            found.append(values.get("src") or "")
        if tag in {"img", "source"} and values.get("srcset"):
            found += [part.split()[0] for part in values["srcset"].split(",") if part.strip()]
        if tag == "video":
            found.append(values.get("poster") or "")
        if tag == "object":
            found.append(values.get("data") or "")
        if tag == "link" and FETCHING_RELS & set((values.get("rel") or "").lower().split()):
            found.append(values.get("href") or "")
        if values.get("style"):
            found += [a or b for a, b in CSS_URL.findall(values["style"])]
        self.urls += [(tag, url.strip()) for url in found if url and url.strip()]


def _foreign(url: str, page_url: str) -> bool:
    """Whether a browser at `page_url` would fetch `url` from a host other than the site's own."""
    absolute = urlsplit(urljoin(page_url, url))
    if absolute.scheme in {"data", "blob", "about", "javascript"}:
        return False
    return absolute.hostname != urlsplit(SITE_URL).hostname


def _page_url(site: Path, path: Path) -> str:
    relative = path.relative_to(site).as_posix()
    return urljoin(SITE_URL, relative)


@pytest.fixture(scope="module")
def html_files(default_site) -> list[Path]:
    files = sorted(default_site.site.rglob("*.html"))
    assert len(files) > 20, "the default site has too few pages to check"
    return files


def test_the_site_url_is_the_one_checked_against():
    assert load_config(str(ROOT / "mkdocs.yml")).site_url == SITE_URL


def test_pages_load_nothing_from_other_hosts(default_site, html_files):
    offending = []
    for path in html_files:
        parser = _Resources()
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        page_url = _page_url(default_site.site, path)
        offending += [
            f"{path.relative_to(default_site.site)}: <{tag}> {url}"
            for tag, url in parser.urls
            if _foreign(url, page_url)
        ]
    assert not offending, "pages load resources from other hosts:\n" + "\n".join(offending[:20])


def test_the_parser_sees_what_it_must():
    parser = _Resources()
    parser.feed(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<link rel="preconnect" href="https://fonts.gstatic.com" crossorigin>'
        '<link rel="alternate" type="application/rss+xml" href="https://feeds.example.com/rss.xml">'
        '<script src="//cdn.example.com/x.js"></script><img src="https://img.example.com/a.png">'
        '<iframe src="https://www.youtube.com/embed/x"></iframe><a href="https://example.com/">ok</a>'
        '<img src="../assets/logo.svg" srcset="https://img.example.com/b.png 2x">'
    )
    foreign = [url for _, url in parser.urls if _foreign(url, SITE_URL + "evidence/")]
    assert foreign == [
        "https://fonts.googleapis.com/css?family=Roboto",
        "https://fonts.gstatic.com",
        "//cdn.example.com/x.js",
        "https://img.example.com/a.png",
        "https://www.youtube.com/embed/x",
        "https://img.example.com/b.png",
    ]


def test_stylesheets_import_nothing_from_other_hosts(default_site):
    offending = []
    for path in sorted(default_site.site.rglob("*.css")):
        for match in CSS_URL.finditer(path.read_text(encoding="utf-8", errors="replace")):
            url = match.group(1) or match.group(2)
            if _foreign(url, _page_url(default_site.site, path)):
                offending.append(f"{path.relative_to(default_site.site)}: {url}")
    assert not offending, "stylesheets fetch from other hosts:\n" + "\n".join(offending[:20])


def test_theme_web_fonts_are_off():
    """Material loads Google Fonts unless `theme.font` is false: the system font stack is used instead."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    assert config.theme["font"] is False


def test_no_page_mentions_a_font_host(html_files):
    hosts = ("fonts.googleapis.com", "fonts.gstatic.com")
    mentions = [path.name for path in html_files if any(h in path.read_text(encoding="utf-8") for h in hosts)]
    assert not mentions, f"pages mention a web font host: {mentions[:10]}"
