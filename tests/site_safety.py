"""What "nothing unsafe" means for a built site, as a list of findings a test can assert to be empty.

Record text is untrusted: on no page, feed or download may it run script, load from another host, or act on
the reader. `unsafe_findings(site)` reads every built file the way a browser, a feed reader or a spreadsheet
would and names each place where record text got through:

- HTML: an `on*` handler attribute anywhere; a `<script>` that is not one of Material's own or the page's
  JSON-LD (`type="application/ld+json"` in the head, holding JSON and no raw `<`); a `<style>`,
  `<iframe>`, `<template>`, `<object>`, `<embed>`, `<textarea>`... in the article or the navigation; an image
  that a browser would load from another host; a `target` attribute; `data-*` attributes in the article (they
  drive Material's JavaScript, e.g. `data-clipboard-text`); an off-site link without rel="noopener noreferrer";
  a table-of-contents link that is not `#` and a plain anchor; an id used twice on one page. The theme's
  own search frame around an article (overrides/main.html: `<div data-pagefind-body>` and its hidden block
  of `data-pagefind-meta`/`data-pagefind-filter` spans) is the one place such attributes may be, and the
  search page's article (overrides/search.html, no record text) may hold its form and script;
- feeds: item HTML with any of the above, or an image outside the site;
- CSV: a cell a spreadsheet would run as a formula;
- JSON: raw `<`, which could close a script element if the file were inlined.
"""

from __future__ import annotations

import collections
import csv
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import lxml.html

# Material's own inline scripts, by how their text starts (the rest of the text holds page paths).
MATERIAL_INLINE_SCRIPTS = ("__md_scope=", "var palette=", "var target=")
# Elements that run, embed, take input or swallow text: never in the article. Material's navigation holds its
# own icons (svg) and toggles (input, label), so there only what runs, embeds or swallows text is refused.
_RUNS_OR_EMBEDS = set(
    "script style iframe template object embed textarea noscript xmp plaintext noembed frame "
    "frameset form base meta link".split()
)
NEVER_IN_CONTENT = _RUNS_OR_EMBEDS | {"input", "button", "select", "title", "svg", "math"}
NEVER_IN_NAV = _RUNS_OR_EMBEDS | {"img"}
# Elements that record text may use but that must never hold the page's own headings: an element left open
# in one field would otherwise wrap the rest of the page in a link, a table, a closed disclosure...
WRAP_NOTHING_OF_THE_PAGE = set(
    "a details summary table tr td th pre code blockquote ul ol li dl dd dt span em strong b i mark small s del "
    "sub sup abbr time figure figcaption caption".split()
)
SAFE_ANCHOR = re.compile(r"^#[A-Za-z0-9][A-Za-z0-9_-]*$")
# The search page: the theme's template (overrides/search.html) writes its article; no record text is there.
SEARCH_PAGE = "search/index.html"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def off_host(url: str, site_url: str | None = None) -> bool:
    """Whether a browser would resolve `url` (as written in a page) to another host than the page's own."""
    cleaned = url.strip(" \t\n\r\f\v\x00").replace("\\", "/")
    parts = urlsplit(cleaned)
    if site_url and cleaned.startswith(site_url):
        return False
    return bool(parts.scheme or parts.netloc or cleaned.startswith("//"))


def search_frame(article) -> dict:
    """The elements of the theme's search frame around an article's content, each with the attributes it
    may carry: the `data-pagefind-body` div that is the article's first div, the hidden
    `data-pagefind-ignore` div that is its first child, and that div's spans, one attribute each."""
    frame: dict = {}
    body = next((child for child in article if child.tag == "div"), None)  # Zensical's skip anchor may go first
    if body is None or dict(body.attrib) != {"data-pagefind-body": ""}:
        return frame
    frame[body] = {"data-pagefind-body"}
    facts = next((child for child in body if isinstance(child.tag, str)), None)
    if facts is None or facts.tag != "div" or dict(facts.attrib) != {"data-pagefind-ignore": "", "hidden": ""}:
        return frame
    frame[facts] = {"data-pagefind-ignore"}
    for span in facts:
        if span.tag == "span" and len(span.attrib) == 1 and len(span) == 0:
            frame[span] = {"data-pagefind-meta", "data-pagefind-filter"}
    return frame


def _html_findings(path: str, text: str, trusted: bool) -> list[str]:
    found = []
    doc = lxml.html.document_fromstring(text)
    ids = collections.Counter()
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        for name in element.attrib:
            if name.lower().startswith("on"):
                found.append(f"{path}: <{element.tag} {name}=...>: an event handler")
        if element.get("id"):
            ids[element.get("id")] += 1
        if element.tag == "script":
            inline = (element.text or "").lstrip()
            if element.get("src"):
                if off_host(element.get("src")):
                    found.append(f"{path}: a script from another host: {element.get('src')[:80]}")
            elif element.get("type") == "application/ld+json":
                found += _jsonld_findings(path, element)
            elif not (inline.startswith(MATERIAL_INLINE_SCRIPTS) or element.get("id") == "__config"):
                found.append(f"{path}: an inline script that is not Material's: {inline[:60]!r}")
        if element.tag in ("img", "source", "video", "audio") and element.get("src") and off_host(element.get("src")):
            found.append(f"{path}: <{element.tag}> loads from another host: {element.get('src')[:80]!r}")
    found += [f"{path}: the id {i!r} is used {n} times" for i, n in ids.items() if n > 1]
    for article in doc.find_class("md-content__inner"):
        frame = search_frame(article)
        for heading in article.iter("h1", "h2", "h3", "h4", "h5", "h6"):
            wrappers = [a.tag for a in heading.iterancestors() if a.tag in WRAP_NOTHING_OF_THE_PAGE]
            if (heading.get("id") or "").startswith("section_") and wrappers:
                found.append(
                    f"{path}: the page's own heading #{heading.get('id')} is inside <{wrappers[0]}> "
                    "(record text left an element open)"
                )
        for element in article.iter():
            if not isinstance(element.tag, str):
                continue
            if path == SEARCH_PAGE and element.tag in ("form", "input", "button", "script"):
                continue  # the search page's own form and script (overrides/search.html)
            if element.tag in NEVER_IN_CONTENT:
                found.append(f"{path}: a <{element.tag}> element in the article")
            for name in element.attrib:
                if element in frame and name in frame[element]:
                    continue
                if path == SEARCH_PAGE and name.startswith("data-pf-"):
                    continue
                if name.startswith("data-") or name in ("target", "style", "formaction", "srcdoc", "srcset"):
                    found.append(f"{path}: <{element.tag} {name}=...> in the article")
            if element.tag == "a" and element.get("href") and off_host(element.get("href")) and not trusted:
                rel = set((element.get("rel") or "").split())
                if not {"noopener", "noreferrer"} <= rel:
                    found.append(
                        f'{path}: an off-site link without rel="noopener noreferrer": {element.get("href")[:80]!r}'
                    )
            if element.tag == "a" and (element.get("href") or "").strip().lower().startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                found.append(f"{path}: a link that runs script: {element.get('href')[:40]!r}")
    for nav in doc.find_class("md-nav"):
        for element in nav.iter():
            if not isinstance(element.tag, str):
                continue
            if element.tag in NEVER_IN_NAV:
                found.append(f"{path}: a <{element.tag}> element in the navigation")
            href = element.get("href") or ""
            if element.tag == "a" and href.startswith("#") and not SAFE_ANCHOR.match(href):
                found.append(f"{path}: a table-of-contents link to {href[:60]!r}")
    return found


def _jsonld_findings(path: str, script) -> list[str]:
    """A JSON-LD block is data, never script: in the head, JSON through and through, with no raw '<' that
    could close the element (`</script>`) or open another."""
    text = script.text or ""
    found = []
    if script.getparent() is None or script.getparent().tag != "head":
        found.append(f"{path}: JSON-LD outside the head")
    if "<" in text:
        found.append(f"{path}: JSON-LD holds a raw '<': {text[text.index('<') :][:40]!r}")
    try:
        json.loads(text)
    except ValueError as exc:
        found.append(f"{path}: JSON-LD that does not parse ({exc})")
    return found


def _feed_findings(path: str, data: bytes, site_url: str) -> list[str]:
    feed = feedparser.parse(data)
    found = [f"{path}: does not parse as a feed ({feed.bozo_exception})"] if feed.bozo else []
    for entry in feed.entries:
        for content in [*entry.get("content", []), {"value": entry.get("summary", "")}]:
            html = content.get("value") or ""
            if not html.strip():
                continue
            fragment = lxml.html.fragment_fromstring(html, create_parent="div")
            for element in fragment.iter():
                if not isinstance(element.tag, str):
                    continue
                if element.tag in NEVER_IN_CONTENT:
                    found.append(f"{path}: a <{element.tag}> element in an item")
                for name in element.attrib:
                    if name.lower().startswith("on") or name.startswith("data-") or name in ("target", "style"):
                        found.append(f"{path}: <{element.tag} {name}=...> in an item")
                if element.tag == "img" and off_host(element.get("src") or "", site_url):
                    found.append(f"{path}: an item image from another host: {element.get('src')[:80]!r}")
    return found


def _csv_findings(path: str, text: str) -> list[str]:
    return [
        f"{path}: row {number}: the cell {cell[:40]!r} would run as a spreadsheet formula"
        for number, row in enumerate(csv.reader(text.splitlines()), 1)
        for cell in row
        if cell.startswith(FORMULA_START)
    ]


def unsafe_findings(site: Path, site_url: str, trusted_pages: frozenset[str] = frozenset()) -> list[str]:
    """Every place in the built site where record text could run, load from elsewhere, or act on the reader.

    `trusted_pages` are built from pages written by hand (docs/about.md): their off-site links are the
    project's own, so they need no rel="noopener noreferrer"; everything else is checked on them too."""
    found: list[str] = []
    for file in sorted(site.rglob("*")):
        if not file.is_file() or "assets" in file.relative_to(site).parts:
            continue
        path = file.relative_to(site).as_posix()
        if file.suffix == ".html":
            found += _html_findings(path, file.read_text(encoding="utf-8"), path in trusted_pages)
        elif file.suffix == ".xml" and path.startswith("feeds/") and "sitemap" not in file.name:
            found += _feed_findings(path, file.read_bytes(), site_url)
        elif file.suffix == ".csv":
            found += _csv_findings(path, file.read_text(encoding="utf-8"))
        elif file.suffix == ".json" and "<" in file.read_text(encoding="utf-8") and "search" not in path:
            found.append(f"{path}: holds a raw '<'")
    return found
