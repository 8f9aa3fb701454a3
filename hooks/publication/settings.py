"""The site settings the core reads from mkdocs.yml's `extra.publication` block, with defaults."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .feeds import FeedSettings


class SettingsError(ValueError):
    """mkdocs.yml lacks something the publication needs; the message says what to add."""


def feed_settings(site_url: str | None, site_name: str, description: str | None, author: str | None,
                  use_directory_urls: bool, extra: dict[str, Any]) -> FeedSettings:
    """Read and check the feed settings. `extra` is mkdocs.yml's `extra.publication` mapping."""
    if not site_url:
        raise SettingsError("mkdocs.yml: site_url: feeds need the site's public address for their links; "
                            "add e.g. 'site_url: https://example.org/'")
    timezone = str(extra.get("timezone", "Europe/London"))
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"mkdocs.yml: extra.publication.timezone: unknown time zone '{timezone}' "
                            "(expected a name like Europe/London)") from None
    max_items = extra.get("feed_items", 50)
    if not isinstance(max_items, int) or isinstance(max_items, bool) or max_items < 1:
        raise SettingsError(f"mkdocs.yml: extra.publication.feed_items: expected a whole number of at least 1, "
                            f"got '{max_items}'")
    authority = str(extra.get("id_authority") or urlparse(site_url).hostname or "localhost")
    return FeedSettings(
        site_url=site_url,
        site_name=site_name,
        description=description or site_name,
        id_authority=authority,
        timezone=timezone,
        max_items=max_items,
        author=author or site_name,
        use_directory_urls=use_directory_urls,
    )
