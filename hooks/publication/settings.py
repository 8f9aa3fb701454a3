"""The site settings the core reads from mkdocs.yml's `extra.publication` block, with defaults.

extra:
  publication:
    timezone: Europe/London      # the zone of every record date in the feeds
    feed_items: 50               # newest items per feed; the Updates page keeps the whole history
    id_authority: example.org    # feed ids: tag:<this>,<date>:<record>/<event>; default: site_url's host
    language: en-GB              # the feeds' language
    pdf: true                    # the PDF edition (downloads/publication.pdf), made by `mkdocs build`
    page_size: 100               # entries per page of a long list (evidence index, browse pages, Updates)
    print_evidence_up_to: 150    # the print edition and the PDF print every evidence record up to this many
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from .paging import DEFAULT_PAGE_SIZE
from .problems import printable, shown

DEFAULT_TIMEZONE = "Europe/London"
DEFAULT_FEED_ITEMS = 50
DEFAULT_LANGUAGE = "en-GB"
MIN_PAGE_SIZE = 1
# Up to this many evidence records the print edition and the PDF print each one (title, summary, sources);
# past it they count each proposition's evidence instead, and the records stay on the site. With records
# like the default content's, the print edition's built page is 361 KB at 150 records (470 KB at 200,
# 689 KB at 300), so it stays under 500 KB at every size.
DEFAULT_PRINT_EVIDENCE = 150
# Characters XML 1.0 cannot carry (feeds are XML), other than tab, LF and CR.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
# A tag: URI's authority (RFC 4151): a domain name or an e-mail address.
_AUTHORITY = re.compile(
    r"^(?:[A-Za-z0-9._%+-]+@)?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$"
)
# Spaces and control characters, which a browser drops or rejects in an address.
_NOT_IN_ADDRESS = re.compile(r"[\x00-\x20\x7f]")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class FeedSettings:
    """What the feeds need from the site's configuration."""

    site_url: str
    site_name: str
    description: str
    id_authority: str
    timezone: str = "Europe/London"
    max_items: int = 50
    author: str | None = None
    language: str = "en-GB"
    use_directory_urls: bool = True


class SettingsError(ValueError):
    """mkdocs.yml lacks something the publication needs; the message says what to add."""


def _site_address(site_url: str | None) -> SplitResult:
    """`site_url`, split, if it is a plain public address that a page's path can be added to."""
    if not site_url:
        raise SettingsError(
            "mkdocs.yml: site_url: feeds need the site's public address for their links; "
            "add e.g. 'site_url: https://example.org/'"
        )
    try:
        parsed = urlsplit(site_url)
    except ValueError:  # an unclosed [ of an IPv6 address, and the like
        raise SettingsError(
            f"mkdocs.yml: site_url: expected the site's public address like https://example.org/, got {shown(site_url)}"
        ) from None
    if "@" in parsed.netloc:
        # Not quoted: what stands before the @ may be a password.
        raise SettingsError(
            "mkdocs.yml: site_url: holds a user name or password (the part before '@'), which "
            "every feed and page link would publish; write the address alone, like "
            "https://example.org/"
        )
    try:
        port_is_a_number = parsed.port is None or parsed.port >= 0  # raises ValueError unless 0 to 65535
        valid = parsed.scheme in ("http", "https") and bool(parsed.hostname) and port_is_a_number
    except ValueError:
        valid = False
    if not valid or _NOT_IN_ADDRESS.search(site_url):
        raise SettingsError(
            f"mkdocs.yml: site_url: expected the site's public address like https://example.org/, got {shown(site_url)}"
        )
    tail = re.search(r"[?#].*", site_url, re.DOTALL)
    if tail:
        part = "query" if tail.group().startswith("?") else "fragment"
        raise SettingsError(
            f"mkdocs.yml: site_url: the {part} {shown(tail.group())} would stand before the "
            "page's path in every feed link; write the address alone, like https://example.org/"
        )
    return parsed


def feed_settings(
    site_url: str | None,
    site_name: str,
    description: str | None,
    author: str | None,
    use_directory_urls: bool,
    extra: dict[str, Any],
) -> FeedSettings:
    """Read and check the feed settings. `extra` is mkdocs.yml's `extra.publication` mapping."""
    if not isinstance(extra, dict):
        raise SettingsError("mkdocs.yml: extra.publication: expected settings (name: value lines)")
    parsed = _site_address(site_url)
    for name, value in (("site_name", site_name), ("site_description", description), ("site_author", author)):
        bad = _NOT_XML.search(value or "")
        if bad:
            raise SettingsError(
                f"mkdocs.yml: {name}: contains the control character U+{ord(bad.group()):04X}, "
                "which a feed cannot carry; delete it"
            )
    timezone = str(extra.get("timezone", DEFAULT_TIMEZONE))
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            f"mkdocs.yml: extra.publication.timezone: unknown time zone {shown(timezone)} "
            "(expected a name like Europe/London)"
        ) from None
    max_items = extra.get("feed_items", DEFAULT_FEED_ITEMS)
    if not isinstance(max_items, int) or isinstance(max_items, bool) or max_items < 1:
        raise SettingsError(
            f"mkdocs.yml: extra.publication.feed_items: expected a whole number of at least 1, got {shown(max_items)}"
        )
    authority = str(extra.get("id_authority") or parsed.hostname)
    if not _AUTHORITY.match(authority):
        raise SettingsError(
            f"mkdocs.yml: extra.publication.id_authority: expected a domain name like "
            f"example.org (or an e-mail address), got {shown(authority)}"
        )
    language = str(extra.get("language", DEFAULT_LANGUAGE))
    if not _LANGUAGE.match(language):
        raise SettingsError(
            f"mkdocs.yml: extra.publication.language: expected a language tag like en-GB, got {shown(language)}"
        )
    return FeedSettings(
        site_url=site_url,
        site_name=site_name,
        description=description or site_name,
        id_authority=authority,
        timezone=timezone,
        max_items=max_items,
        author=author or site_name,
        language=language,
        use_directory_urls=use_directory_urls,
    )


def pdf_enabled(extra: dict[str, Any]) -> bool:
    """Whether `mkdocs build` makes the PDF edition: `extra.publication.pdf`, true unless set to false."""
    value = extra.get("pdf", True) if isinstance(extra, dict) else True
    if not isinstance(value, bool):
        raise SettingsError(
            f"mkdocs.yml: extra.publication.pdf: expected true or false (whether to make the PDF edition), "
            f"got {shown(value)}"
        )
    return value


def page_size(extra: dict[str, Any]) -> int:
    """How many entries a page of a long list shows: `extra.publication.page_size`, a whole number of at
    least 1, default 100 (see paging.py)."""
    size = extra.get("page_size", DEFAULT_PAGE_SIZE) if isinstance(extra, dict) else DEFAULT_PAGE_SIZE
    if not isinstance(size, int) or isinstance(size, bool) or size < MIN_PAGE_SIZE:
        raise SettingsError(
            f"mkdocs.yml: extra.publication.page_size: expected a whole number of at least {MIN_PAGE_SIZE} "
            f"(entries per page of a long list), got {shown(size)}"
        )
    return size


def print_evidence_up_to(extra: dict[str, Any]) -> int:
    """The most evidence records the print edition and the PDF print one by one:
    `extra.publication.print_evidence_up_to`, a whole number (0 or more), default 150."""
    default = DEFAULT_PRINT_EVIDENCE
    value = extra.get("print_evidence_up_to", default) if isinstance(extra, dict) else default
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise SettingsError(
            "mkdocs.yml: extra.publication.print_evidence_up_to: expected a whole number of 0 or more (the most "
            f"evidence records the print edition and the PDF print one by one), got {shown(value)}"
        )
    return value


def settings_problem(config_file: Path) -> str | None:
    """What `feed_settings` would refuse in a project's mkdocs.yml, read without building: the build's own
    message, or None when the settings are fine. `check` uses it, so a setting that stops the build stops
    the check too."""
    from mkdocs.utils.yaml import yaml_load  # MkDocs' own reader: it knows mkdocs.yml's !ENV and !relative tags

    try:
        with config_file.open("rb") as stream:
            config = yaml_load(stream) or {}
    except (OSError, yaml.YAMLError) as exc:
        return f"mkdocs.yml: cannot be read ({printable(type(exc).__name__)}); run `mkdocs build` to see where"
    if not isinstance(config, dict):
        return "mkdocs.yml: expected settings (name: value lines)"
    extra = config.get("extra") if isinstance(config.get("extra"), dict) else {}
    try:
        feed_settings(
            _text_or_none(config.get("site_url")),
            str(config.get("site_name") or ""),
            _text_or_none(config.get("site_description")),
            _text_or_none(config.get("site_author")),
            bool(config.get("use_directory_urls", True)),
            extra.get("publication") or {},
        )
        pdf_enabled(extra.get("publication") or {})
        page_size(extra.get("publication") or {})
        print_evidence_up_to(extra.get("publication") or {})
    except SettingsError as exc:
        return str(exc)
    return None


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)
