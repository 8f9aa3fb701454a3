"""Text a build keeps compressed comes back exactly as it went in."""

from __future__ import annotations

import pytest

from publication.packing import pack, unpack


@pytest.mark.parametrize("text", ["", "# A page\n\nCafé — \U0001f600", "a lone surrogate \udcff kept", "x" * 100_000])
def test_packed_text_comes_back_whole(text: str):
    packed = pack(text)
    assert isinstance(packed, bytes)
    assert unpack(packed) == text


def test_repeated_page_text_packs_small():
    page = "<li><a href='../x/'>A record with a long title</a></li>\n" * 2_000
    assert len(pack(page)) < len(page.encode()) / 10
