"""The short reference form editors use inside markdown: [[record-id]] or [[record-id|link text]]."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator

REFERENCE = re.compile(r"\[\[([^\[\]|\n]*)(?:\|([^\[\]\n]*))?\]\]")


@dataclass(frozen=True)
class Reference:
    """One [[...]] in a markdown text: the id it names and optional link text."""

    target: str
    label: str | None
    start: int


def find_references(markdown: str) -> Iterator[Reference]:
    """Every [[...]] reference in `markdown`, in order."""
    for match in REFERENCE.finditer(markdown):
        label = match.group(2).strip() if match.group(2) else None
        yield Reference(match.group(1).strip(), label, match.start())


def replace_references(markdown: str, link: Callable[[str, str | None], str]) -> str:
    """Replace each [[id]] by what `link(id, label)` returns (a markdown or HTML link)."""
    return REFERENCE.sub(lambda m: link(m.group(1).strip(), m.group(2).strip() if m.group(2) else None), markdown)
