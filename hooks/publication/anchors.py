"""The anchors (element ids) of generated pages, in forms that cannot collide with one another.

Every heading a generated page writes carries an explicit id in one of these forms:

- `<record-id>`: a record, e.g. `/propositions/future-can-be-local/#invest-in-the-hyperlocal`. Record ids are
  slugs (lower-case words joined by single hyphens) and unique across the publication.
- `<former-id>`: a recommendation renamed by `publication rename` keeps each old id as the id of an empty
  element just before its heading (`former_anchors` in templates/_macros.md.j2), so old links still land
  on it. Former ids are reserved like ids, so they collide with nothing either.
- `section_<name>`: one of the page's own sections (`section_evidence`, `section_history`, `section_top`
  for the title). An underscore cannot occur in a record id.
- `actor_<slug>`: a group of recommendations by who should act (the Recommendations page), numbered
  `-2`, `-3` ... when two names give one slug.

Python-Markdown's toc gives ids only to headings that have none yet (the rest of the page's text: docs
pages and record markdown), and never reuses an id already on the page, so these cannot be taken either.
"""

from __future__ import annotations

import re

from markdown.extensions.toc import slugify

SECTION_PREFIX = "section_"
ACTOR_PREFIX = "actor_"
# What is left of a name once Python-Markdown's slugify has dropped everything else; a slug ends in neither.
_EDGES = "-_"


def section(name: str) -> str:
    """The anchor of a page's own section `name` (a fixed heading such as 'Evidence', or a year)."""
    return SECTION_PREFIX + _slug(name)


class Unique:
    """Anchors for names written by editors (actors): `prefix` + a slug, numbered when two names meet."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.given: dict[str, str] = {}
        self.taken: set[str] = set()

    def __call__(self, name: str) -> str:
        """The anchor of `name`: the same name always gets the same one, different names never do."""
        if name not in self.given:
            base = self.prefix + (_slug(name) or "unnamed")
            anchor, n = base, 1
            while anchor in self.taken:
                n += 1
                anchor = f"{base}-{n}"
            self.given[name] = anchor
            self.taken.add(anchor)
        return self.given[name]


def _slug(name: str) -> str:
    """`name` as Python-Markdown's toc would slug it, without leading or trailing hyphens and underscores,
    and with no run of them (so never the `--` of a map cell)."""
    return re.sub(r"[-_]{2,}", "-", slugify(name, "-")).strip(_EDGES)
