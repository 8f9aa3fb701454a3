"""The short reference form editors use inside markdown: [[record-id]] or [[record-id|link text]]."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator

REFERENCE = re.compile(r"\[\[([^\[\]|\n]*)(?:\|([^\[\]\n]*))?\]\]")
# Code is shown as written: a fenced block or a `code span` may hold [[...]] literally.
_CODE_OR_REFERENCE = re.compile(
    r"^(?P<fence>`{3,}|~{3,})[^\n]*\n.*?^(?P=fence)[ \t]*$"  # fenced code block
    r"|(?P<ticks>`+).+?(?<!`)(?P=ticks)(?!`)"  # code span
    r"|" + REFERENCE.pattern,
    re.MULTILINE | re.DOTALL,
)


@dataclass(frozen=True)
class Reference:
    """One [[...]] in a markdown text: the id it names and optional link text."""

    target: str
    label: str | None
    start: int


def find_references(markdown: str) -> Iterator[Reference]:
    """Every [[...]] reference in `markdown`, in order."""
    for match in _CODE_OR_REFERENCE.finditer(markdown):
        if match.group("fence") or match.group("ticks"):
            continue
        label = match.group(4).strip() if match.group(4) else None
        yield Reference(match.group(3).strip(), label, match.start())


def replace_references(markdown: str, link: Callable[[str, str | None], str]) -> str:
    """Replace each [[id]] by what `link(id, label)` returns (a markdown or HTML link)."""

    def replace(match: re.Match) -> str:
        if match.group("fence") or match.group("ticks"):
            return match.group(0)
        return link(match.group(3).strip(), match.group(4).strip() if match.group(4) else None)

    return _CODE_OR_REFERENCE.sub(replace, markdown)
