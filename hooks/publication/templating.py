"""The one Jinja environment that renders page views (`views.py`) into markdown.

Every value a template writes is escaped for markdown unless it is marked as markdown already: plain
text goes through `text.plain()` (so `*`, `#`, `<b>` in a title show as typed), a `Link` renders as a
link, and `SafeMarkdown` (record markdown the view builder prepared), macro output and `|safe` are
placed as they are. The mechanism is Jinja's autoescaping with a `finalize` hook: finalize turns each
value into markupsafe's `Markup`, which autoescaping then leaves alone.

Templates come from the theme's `custom_dir` + `/publication/` first (a publisher's overrides), then
from this package's `templates/`. Jinja comments are written `{## ... ##}`, since `{#id}` is the
markdown of a heading's anchor.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from . import anchors
from .compiled_templates import COMPILED
from .memo import remembered
from .richtext import is_safe_anchor
from .text import attribute, join_words, long_date, partial_date, period_phrase, plain
from .views import Link, Period, SafeMarkdown

PACKAGE_TEMPLATES = Path(__file__).resolve().parent / "templates"
OVERRIDES_FOLDER = "publication"  # inside the theme's custom_dir
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_YAML_AS_IT_IS = re.compile(r"[ !#-\[\]-~]*")  # printable ASCII but " and \: as it is in a "..." scalar


class TemplateFailure(Exception):
    """A page template could not be rendered; the message is `file:line: what went wrong`."""


def _sources_digest(folders: list[Path]) -> str:
    """A digest of every template file in `folders`: a page rendered with other templates is another page."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file():
                digest.update(f"{path.relative_to(folder)}\0".encode() + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _context_key(sources: str, template: str, context: tuple) -> tuple:
    """What a page's rendering depends on, as one value: a list in the context compares as a tuple."""
    return (sources, template, tuple((name, tuple(v) if isinstance(v, list) else v) for name, v in context))


@remembered(key=lambda templates, sources, template, context: _context_key(sources, template, context))
def _rendered(templates: PageTemplates, sources: str, template: str, context: tuple) -> str:
    """A page template rendered with `context`: under `mkdocs serve`, remembered by value between rebuilds."""
    return templates._render(template, dict(context))


def override_folder(custom_dir: str | None) -> Path | None:
    """Where a publisher's page templates live: `<custom_dir>/publication/`, if the theme has a custom_dir."""
    return Path(custom_dir) / OVERRIDES_FOLDER if custom_dir else None


class PageTemplates:
    """The environment every generated page is rendered with; `custom_dir` is the theme's (mkdocs.yml)."""

    def __init__(self, custom_dir: str | None = None):
        self.overrides = override_folder(custom_dir)
        folders = [folder for folder in (self.overrides, PACKAGE_TEMPLATES) if folder is not None]
        self.sources = _sources_digest(folders)  # what a remembered page was rendered from (memo.py)
        self.environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(folder) for folder in folders]),
            autoescape=True,
            finalize=as_markdown,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            comment_start_string="{##",
            comment_end_string="##}",
            auto_reload=False,
            bytecode_cache=COMPILED,  # compiled once per process, not once per build
        )
        self.environment.filters.update(
            {
                "link": link,
                "date": date,
                "period": period,
                "words": words,
                "join": join,
                "plural": plural,
                "one_line": one_line,
                "html": html,
                "yaml": yaml_value,
                "anchor": anchor,
                "section_id": anchors.section,
            }
        )

    def render(self, template: str, /, **context: Any) -> str:
        """Render `template`; a failure (a missing value, a syntax error) becomes a `TemplateFailure`."""
        return _rendered(self, self.sources, template, tuple(context.items()))

    def _render(self, template: str, context: dict[str, Any]) -> str:
        try:
            return self.environment.get_template(template).render(context)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateFailure(f"{self._shown(exc.filename or template)}:{exc.lineno}: {exc.message}") from None
        except jinja2.TemplateError as exc:
            # Jinja gives the frames of a template its file and line: the innermost such frame is the place.
            frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
            where = f"{self._shown(frames[-1].filename)}:{frames[-1].lineno}" if frames else template
            raise TemplateFailure(f"{where}: {exc.message or exc}") from None

    def _shown(self, filename: str) -> str:
        """An override as the publisher knows it (`overrides/publication/evidence.md.j2`), else the full path."""
        path = Path(filename)
        if self.overrides and path.is_relative_to(self.overrides):
            return path.relative_to(self.overrides.parent.parent).as_posix()
        return path.as_posix()


# -- what every value becomes ----------------------------------------------------------------------------


def as_markdown(value: Any) -> Markup:
    """A value as the markdown that shows it: plain text escaped, links rendered, markdown left as it is."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, SafeMarkdown):
        return Markup(value)
    if isinstance(value, Link):
        return _markdown_link(plain(value.label), value.url)
    if isinstance(value, str):
        return Markup(plain(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return Markup(value)
    if isinstance(value, jinja2.Undefined):
        str(value)  # StrictUndefined raises here, naming what is missing
    raise jinja2.TemplateRuntimeError(
        f"cannot place a {type(value).__name__} on a page as it is; "
        "use a filter (date, words, ...) or one of its fields"
    )


# -- filters -----------------------------------------------------------------------------------------------


def link(value: Any, other: Any = None) -> Markup:
    """A markdown link: `{{ a_link|link }}`, relabelled `{{ a_link|link(label) }}`, or from a label and an
    address `{{ "RSS feed"|link(url) }}`. A label that is already markdown (a macro's output) keeps its
    formatting."""
    if isinstance(value, Link):
        return as_markdown(value) if other is None else _markdown_link(as_markdown(other), value.url)
    if not isinstance(other, str):
        raise jinja2.TemplateRuntimeError("link: a label needs an address, e.g. {{ 'Updates'|link(url) }}")
    return _markdown_link(as_markdown(value), other)


def date(value: dt.date | str) -> str:
    """23 July 2020; a partial date ('2020', '2020-07') as 2020 or July 2020."""
    return long_date(value) if isinstance(value, dt.date) else partial_date(value)


def period(value: Period) -> str:
    """An evidence period, each unit named once: 'July 2020', 'March to June 2020', '2019 to 2021'."""
    return period_phrase(value.start, value.end)


def words(items: Iterable[Any]) -> Markup:
    """'a', 'a and b', 'a, b and c', each item as markdown."""
    return Markup(join_words([str(as_markdown(item)) for item in items]))


def join(items: Iterable[Any], separator: str = "") -> Markup:
    """Jinja's join, with each item as markdown (the separator is the template's own text)."""
    return Markup(separator.join(as_markdown(item) for item in items))


def plural(count: int, noun: str) -> str:
    """'1 record', '3 records'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def one_line(value: Any) -> Markup:
    """Markdown on one line (a summary in a list item): every run of white space becomes one space."""
    return Markup(" ".join(as_markdown(value).split()))


def html(value: Any) -> SafeMarkdown:
    """Text for raw HTML (a `<table>` cell, an attribute), where markdown is not read: HTML-escaped only."""
    return SafeMarkdown(attribute(str(value)))


def yaml_value(value: str) -> SafeMarkdown:
    """A front matter value, written by yaml.safe_dump as a double-quoted scalar on one line. Printable
    ASCII without `"` and `\\` needs no escape there, so it is quoted without asking PyYAML (the same
    output, at a fraction of the cost: a build writes two for every page)."""
    text = str(value)
    if _YAML_AS_IT_IS.fullmatch(text):
        return SafeMarkdown(f'"{text}"')
    dumped = yaml.safe_dump(text, default_style='"', allow_unicode=True, width=math.inf)
    return SafeMarkdown(dumped.rstrip("\n"))


def anchor(value: str) -> SafeMarkdown:
    """An element id for `{#...}` or `href="#..."`: only plain slugs (`anchors.py` makes them) pass."""
    if not is_safe_anchor(value):
        raise jinja2.TemplateRuntimeError(f"anchor: {value!r} is not a plain slug")
    return SafeMarkdown(value)


def _markdown_link(label: str, url: str) -> Markup:
    if _SCHEME.match(url):
        # In <...> a ')' in the address does not end the link; '<' and '>' are escaped already by the URL
        # type, and again here so that nothing can close the brackets early.
        url = "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"
    return Markup(f"[{label}]({url})")
