"""The short reference form editors use inside markdown: [[record-id]] or [[record-id|link text]].

A [[...]] inside code (see `codespans`) is shown as written, not linked. Finding references is one
linear pass: the code spans are found once, then each match is kept only if it lies wholly outside them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from .codespans import CodeSpan, literal_spans

# No nested quantifiers and no backtracking over code: each match attempt stops at the next '[', ']' or
# line break, so scanning a text costs time in proportion to its length.
REFERENCE = re.compile(r"\[\[([^\[\]|\n]*)(?:\|([^\[\]\n]*))?\]\]")


@dataclass(frozen=True)
class Reference:
    """One [[...]] in a markdown text: the id it names, optional link text, and where it stands."""

    target: str
    label: str | None
    start: int
    end: int


def find_references(markdown: str, spans: Sequence[CodeSpan] | None = None) -> Iterator[Reference]:
    """Every [[...]] reference in `markdown` outside code, in order (`spans`: its `literal_spans`, if known)."""
    spans = literal_spans(markdown) if spans is None else spans
    at = 0
    for match in REFERENCE.finditer(markdown):
        while at < len(spans) and spans[at].end <= match.start():
            at += 1
        if at < len(spans) and spans[at].start < match.end():  # overlaps code: shown as written
            continue
        label = match.group(2).strip() if match.group(2) else None
        yield Reference(match.group(1).strip(), label, match.start(), match.end())


def replace_references(markdown: str, link: Callable[[str, str | None], str]) -> str:
    """Replace each [[id]] outside code by what `link(id, label)` returns (a markdown or HTML link)."""
    out, last = [], 0
    for ref in find_references(markdown):
        out += [markdown[last : ref.start], link(ref.target, ref.label)]
        last = ref.end
    out.append(markdown[last:])
    return "".join(out)
