"""Text a build holds for a while, kept compressed: at 10,000 records the generated pages' markdown, and
the HTML MkDocs renders before it writes any page, each weigh about 200 MB as Python text and a tenth of
that compressed (`production.FinishedPage`, `mkdocs_bridge.PackedHtml`)."""

from __future__ import annotations

import zlib


def pack(text: str) -> bytes:
    """`text` compressed, quickly (zlib level 1); any string, lone surrogates included, comes back whole."""
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 1)


def unpack(packed: bytes) -> str:
    """The text `pack` was given."""
    return zlib.decompress(packed).decode("utf-8", "surrogatepass")
