"""Where record markdown is code, read the way Python-Markdown (the site's renderer) reads it.

Text inside a code span is shown literally: `<style>`, `&#1;`, `{: #x }` and `[[id]]` there are words,
not markup. This module says which spans of a record's text are code on *every* page it appears on,
in one linear pass.

Python-Markdown finds a code span with the regex `(?<!\\)(`+)(.+?)(?<!`)\2(?!`)` over one block's
text: the leftmost backtick run not escaped by a backslash opens, taking as many of its backticks as
it can, and closes at the next run of exactly as many backticks. MkDocs also enables `fenced_code`
on every page, but a fenced block spans lines, and on the pages that join a text into one line it is no
block at all; so a fence is not reported as code here (its inside is escaped like prose: the safe side).

A record's text is shown in more than one shape: whole on its own page, the print edition and in
feeds (where blank lines, headings and list items split it into blocks), but joined into one line on
the Updates and home pages. A span is reported as code only if it is code in every shape: it is
code when the whole text is read as one block, and it lies on a line that, like every non-blank
line before it since the last blank line, keeps all its backticks to itself (each run either pairs
within the line or pairs with nothing at all). Blocks never start mid-line except at table cells
(so a span holding `|` is not reported) and raw HTML blocks hide code altogether (so nothing from a
line starting with an HTML tag on is reported). What is not reported is treated as prose: the safe
side, since prose is escaped and checked, and at worst a rare code span shows an escape literally.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_RUN = re.compile(r"`+")
_RAW_HTML_LINE = re.compile(r"[ \t]*<[A-Za-z/!?]")


@dataclass(frozen=True)
class CodeSpan:
    """A code span as Python-Markdown pairs it over the whole text: `text[start:end]`, backticks included."""

    start: int
    end: int


def code_spans(text: str) -> list[CodeSpan]:
    """Every code span of `text` read as one block, in order.

    A run that no later run closes pairs with nothing, in this text or in any part of it: it is a
    backtick shown as text.
    """
    runs = [(m.start(), m.end() - m.start()) for m in _RUN.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for index, (_, length) in enumerate(runs):
        by_length.setdefault(length, []).append(index)
    cursor = dict.fromkeys(by_length, 0)  # per length: first entry of by_length not yet passed
    spans: list[CodeSpan] = []
    i = 0
    while i < len(runs):
        start, length = runs[i]
        if escaped(text, start):  # \` is a backtick shown as text; the rest of the run may still open
            start, length = start + 1, length - 1
        closer = None
        for k in range(length, 0, -1):  # the longest opening that some later run of equal length closes
            indexes = by_length.get(k)
            if not indexes:
                continue
            at = cursor[k]
            while at < len(indexes) and indexes[at] <= i:
                at += 1
            cursor[k] = at
            if at < len(indexes):
                closer = indexes[at]
                break
        if closer is None:
            i += 1
            continue
        spans.append(CodeSpan(start, runs[closer][0] + runs[closer][1]))
        i = closer + 1
    return spans


def escaped(text: str, position: int) -> bool:
    """Whether the character at `position` follows an odd number of backslashes."""
    count = 0
    while position - count - 1 >= 0 and text[position - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def literal_spans(text: str) -> list[CodeSpan]:
    """The code spans of `text` that are code on every page the text is shown on, in order."""
    if "`" not in text:  # most record text: no backtick, so no code span
        return []
    spans = code_spans(text)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    line_ends = [s - 1 for s in line_starts[1:]] + [len(text)]

    current = [0]  # the line of the last offset asked for: offsets are asked for in increasing order

    def line_of(offset: int) -> int:
        line = current[0]
        while line + 1 < len(line_starts) and line_starts[line + 1] <= offset:
            line += 1
        current[0] = line
        return line

    # A line is bad if a span leaves it (or holds '|'); runs that pair with nothing are harmless anywhere.
    bad = [False] * len(line_starts)
    own: list[list[CodeSpan]] = [[] for _ in line_starts]
    for span in spans:
        first, last = line_of(span.start), line_of(span.end - 1)
        if first != last or "|" in text[span.start : span.end]:
            for line in range(first, last + 1):
                bad[line] = True
        else:
            own[first].append(span)
    kept: list[CodeSpan] = []
    clean = True  # every non-blank line since the last blank line is good
    for line, (start, end) in enumerate(zip(line_starts, line_ends, strict=True)):
        content = text[start:end]
        if _RAW_HTML_LINE.match(content):
            break
        if not content.strip():
            clean = True
            continue
        clean = clean and not bad[line]
        if clean:
            kept += own[line]
    return kept
