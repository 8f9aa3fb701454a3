"""A Python-Markdown extension that makes every page showing record text safe, whatever engine renders it.

Generated pages (and the home page, which lists record summaries) start with `UNTRUSTED_MARK`, put there
by the core (`mark_untrusted`), never by a template a publisher can override. On such a page the
extension, after every other step of Python-Markdown:

- passes the page's HTML through the allow-list sanitiser (`richtext.sanitise_html`), and
- makes the table of contents as safe (`safetoc.safe_tokens`): MkDocs and Zensical both build the
  sidebar from Python-Markdown's `toc_tokens` and write its titles unescaped.

A marked page may end with HTML of the site's own, after `TRUSTED_MARK` (`with_site_html`: the pagination
of a long list, whose landmark and `aria-current` the sanitiser keeps out of record text). The core
always appends that mark last, after every record text, so the last one on a page is always the core's;
the extension takes everything after it out before Python-Markdown starts, and puts it back after the
sanitiser. A mark that record text might hold earlier on the page is just a comment, sanitised away.

Hand-written pages carry no mark and are left as they are. Because the work happens inside Python-Markdown,
it runs the same under MkDocs with our hooks, under ProperDocs, and under an engine that ignores `hooks:`
(Zensical) building a staged tree: the core adds the extension to every config it builds with
(`with_safe_pages`). Named in a config as `publication.safe_pages`.
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .richtext import sanitise_html
from .safetoc import safe_tokens

EXTENSION_NAME = "publication.safe_pages"
UNTRUSTED_MARK = "<!-- publication: this page shows record text -->"
TRUSTED_MARK = "<!-- publication: the site's own HTML follows -->"
# MkDocs' own pattern for YAML front matter (mkdocs.utils.meta.YAML_RE): the mark goes after it, where
# the engine hands the page to Python-Markdown.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)


def mark_untrusted(page_markdown: str) -> str:
    """`page_markdown` (front matter and all) marked as showing record text."""
    front = _FRONT_MATTER.match(page_markdown)
    cut = front.end() if front else 0
    return f"{page_markdown[:cut]}{UNTRUSTED_MARK}\n\n{page_markdown[cut:]}"


def with_site_html(page_markdown: str, site_html: str) -> str:
    """A marked page ending with `site_html`, HTML the core wrote from its own data (never record text),
    which the engine shows after the sanitised page as it is. The mark is added even when there is no HTML,
    so that the last mark on a page is always the core's."""
    return f"{page_markdown.rstrip(chr(10))}\n\n{TRUSTED_MARK}\n{site_html}"


def with_safe_pages(extensions: list) -> list:
    """A config's `markdown_extensions` with this extension among them (added last if missing)."""
    return extensions if EXTENSION_NAME in extensions else [*extensions, EXTENSION_NAME]


class _ReadMark(Preprocessor):
    """Notes whether the page carries the mark, and removes it; keeps the site's own HTML at its end aside."""

    def run(self, lines: list[str]) -> list[str]:
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        self.md.shows_record_text = first is not None and lines[first].strip() == UNTRUSTED_MARK
        self.md.site_html = ""
        self.md.site_html_due = False
        if not self.md.shows_record_text:
            return lines
        lines = lines[first + 1 :]
        last = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].strip() == TRUSTED_MARK), None)
        if last is not None:
            self.md.site_html = "\n".join(lines[last + 1 :]).strip("\n")
            lines = lines[:last]
        return lines


class _TreeDone(Treeprocessor):
    """Notes that the page's tree is done: the postprocessors run from here on are the whole page's. (The
    toc extension runs them before, on each heading's text, for its title: the site's HTML must not end
    those, or every entry of the table of contents would read "Reports Previous page 1 2".)"""

    def run(self, root) -> None:
        self.md.site_html_due = True


class _Sanitise(Postprocessor):
    """On a marked page: the sanitised HTML, and a safe table of contents."""

    def run(self, text: str) -> str:
        if not getattr(self.md, "shows_record_text", False):
            return text
        if hasattr(self.md, "toc_tokens"):
            self.md.toc_tokens = safe_tokens(self.md.toc_tokens)
        site_html = getattr(self.md, "site_html", "") if getattr(self.md, "site_html_due", False) else ""
        return sanitise_html(text) + (f"\n{site_html}" if site_html else "")


class SafePagesExtension(Extension):
    """See the module's docstring."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.shows_record_text = False
        md.site_html = ""
        md.site_html_due = False
        # Before every other preprocessor (normalize_whitespace is 30); after every postprocessor
        # (raw HTML is put back at 30, the last built-in one runs at 10).
        md.preprocessors.register(_ReadMark(md), "publication_read_mark", 100)
        md.postprocessors.register(_Sanitise(md), "publication_sanitise", 0)
        # After every treeprocessor (toc is 5, the last built-in one, unescape, 0).
        md.treeprocessors.register(_TreeDone(md), "publication_tree_done", -100)


def makeExtension(**kwargs) -> SafePagesExtension:  # noqa: N802 (Python-Markdown's entry point)
    """What Python-Markdown calls for `publication.safe_pages` in a config's `markdown_extensions`."""
    return SafePagesExtension(**kwargs)
