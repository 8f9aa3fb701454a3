"""What keeps loading fast at thousands of records, held to what it promises.

Loading (the first step of `publication check`, of every build and of every `mkdocs serve` rebuild) pauses
Python's cycle collector while it reads the records: see `load.collector_paused`. That is only free if
loading makes no reference cycles, so these tests load records with the collector off and count what a
collection would find afterwards. The speed itself is measured by tests/benchmarks/bench_check.py, not here.
"""

from __future__ import annotations

import gc
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT

from publication import load
from publication.load import load_publication
from publication.registry import RECORD_TYPES
from publication.yamlfile import parse_yaml_file


@pytest.fixture
def collector_off() -> Iterator[None]:
    """The cycle collector off for the test, its garbage cleared first, and switched back on afterwards."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def cyclic_garbage_after_loading(root: Path) -> int:
    """How many objects in reference cycles loading `root` left behind (loaded once before, so that what the
    libraries make once, on first use, is not counted)."""
    load_publication(root)
    gc.collect()
    load_publication(root)
    return gc.collect()


def test_loading_valid_records_leaves_no_reference_cycles(collector_off):
    assert cyclic_garbage_after_loading(ROOT) == 0
    assert cyclic_garbage_after_loading(FIXTURES / "minimal") == 0


def test_loading_puts_the_collector_back_as_it_found_it():
    assert gc.isenabled()
    load_publication(FIXTURES / "minimal")
    assert gc.isenabled()
    gc.disable()
    try:
        load_publication(FIXTURES / "minimal")
        assert not gc.isenabled()
    finally:
        gc.enable()


def many_broken_records(tmp_path: Path, count: int) -> Path:
    """The minimal fixture with `count` evidence records that each lack their summary."""
    root = tmp_path / "records"
    for folder in RECORD_TYPES:
        shutil.copytree(FIXTURES / "minimal" / folder, root / folder)
    text = (ROOT / "tests" / "broken" / "missing-field" / "evidence" / "pop-up-shop.yml").read_text(encoding="utf-8")
    for i in range(count):
        (root / "evidence" / f"pop-up-shop-{i}.yml").write_text(text.replace("pop-up-shop", f"pop-up-shop-{i}"))
    return root


def test_the_cycles_broken_records_leave_are_collected_while_they_load(tmp_path, collector_off):
    """Reading a broken record leaves a few hundred objects in cycles (pydantic's, when it works out the
    defaults of the fields that could be read): with the collector paused they would pile up, one lot per
    broken file, so loading collects them after every BROKEN_FILES_PER_COLLECTION broken files."""
    one = cyclic_garbage_after_loading(many_broken_records(tmp_path / "one", 1))
    assert one > 0  # else this test proves nothing: nothing to collect
    count = 3 * load.BROKEN_FILES_PER_COLLECTION + 10
    left = cyclic_garbage_after_loading(many_broken_records(tmp_path / "many", count))
    assert left <= one * (load.BROKEN_FILES_PER_COLLECTION + 1)  # without the collections: one * count


# Every kind of scalar a record may hold, plain and quoted: the loader's quick way past PyYAML's resolver
# (a scalar whose first character no implicit resolver starts with is text) must read each as PyYAML does.
SCALARS = [
    "plain text",
    "The Trust",
    "yes",
    "No",
    "on",
    "OFF",
    "true",
    "False",
    "~",
    "null",
    "",
    "12",
    "-3",
    "+4",
    "0x1F",
    "0o17",
    "1_000",
    "1.5",
    ".5",
    "1e3",
    ".inf",
    "-.Inf",
    ".nan",
    "2020-07-23",
    "2020-07-23 10:00:00",
    "a&b",
    "'quoted yes'",
    '"quoted 12"',
    "|\n  block 12",
    ">\n  folded true",
]


@pytest.mark.parametrize("scalar", SCALARS)
def test_each_scalar_reads_as_pyyaml_reads_it(scalar: str):
    text = f"value: {scalar}\nafter: 1\n"
    parsed = parse_yaml_file("x.yml", text.encode())
    expected = yaml.safe_load(text)
    assert parsed.problems == []
    assert parsed.data == expected
    assert type(parsed.data["value"]) is type(expected["value"])
