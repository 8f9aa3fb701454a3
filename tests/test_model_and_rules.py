"""The model says what refers to what; one walker reads it; the rules and the catalogue build on it.

Records go in as YAML files (or plain data), and out come what the walker finds, the problems the
rules report and the frozen catalogue the pages are rendered from.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES

from publication import paths, rules
from publication.dates import impossible_because
from publication.load import load_publication
from publication.model import MARKDOWN, Defines, Evidence, Proposition, Ref, Target
from publication.registry import BY_NAME, RECORD_TYPES, type_of
from publication.walker import can_define, defined_ids, markdown_fields, references, walk

TODAY = dt.date(2021, 1, 1)


def minimal_with(tmp_path: Path, **files: str) -> Path:
    """The minimal fixture with extra or replaced record files: `evidence__x="..."` is evidence/x.yml."""
    root = tmp_path / "records"
    for folder in RECORD_TYPES:
        shutil.copytree(FIXTURES / "minimal" / folder, root / folder)
    for name, text in files.items():
        folder, stem = name.split("__")
        (root / folder / f"{stem}.yml").write_text(text, encoding="utf-8")
    return root


def messages(root: Path) -> list[str]:
    return [str(p).split(": ", 1)[1] for p in load_publication(root, today=TODAY).problems]


# The walker


def test_the_walker_finds_what_a_proposition_defines_references_and_writes_in_markdown():
    record = load_publication(FIXTURES / "minimal", today=TODAY).catalogue.records["future-can-be-local"]
    found = [(f.path, f.marker, f.value) for f in walk(Proposition, record)]
    assert found == [
        (("id",), Defines("record"), "future-can-be-local"),
        (("summary",), MARKDOWN, "Local places matter. See [[treorchy-high-street]]."),
        (("body",), MARKDOWN, "A longer text about the proposition."),
        (("source",), Ref(Target.report), "the-paper"),
        (("recommendations", 0, "id"), Defines("recommendation"), "invest-in-the-hyperlocal"),
        (("recommendations", 0, "text"), MARKDOWN, "Fund small local groups."),
        (("changes", 0, "note"), MARKDOWN, "Added evidence from [[treorchy-high-street]]."),
    ]


def test_the_walker_reads_the_raw_data_of_a_broken_record_as_it_reads_a_valid_one():
    raw = {
        "id": " broken ",
        "number": "three",
        "source": 12,
        "summary": ["not", "text"],
        "recommendations": ["not an entry", {"id": "second", "source": "a-report"}],
        "changes": [{"recommendation": "second"}],
    }
    assert [(f.path, f.value) for f in walk(Proposition, raw)] == [
        (("id",), "broken"),  # text is read as validation would read it: stripped
        (("recommendations", 1, "id"), "second"),  # the entry keeps its position
        (("recommendations", 1, "source"), "a-report"),
        (("changes", 0, "recommendation"), "second"),
    ]
    assert list(walk(Evidence, None)) == [] and list(walk(Evidence, "a text")) == []


def test_the_walker_splits_what_it_finds_into_definitions_references_and_markdown():
    raw = {"id": "e", "supports": [{"proposition": "p", "recommendation": "r"}], "body": "See [[p]]."}
    assert [f.value for f in defined_ids(Evidence, raw)] == ["e"]
    assert [(f.marker.names, f.value) for f in references(Evidence, raw)] == [
        (Target.proposition, "p"),
        (Target.recommendation_of_proposition, "r"),
    ]
    assert [f.path for f in markdown_fields(Evidence, raw)] == [("body",)]


def test_only_a_proposition_can_define_recommendations():
    assert can_define(Proposition, "recommendation") and not can_define(Evidence, "recommendation")


# The registry


def test_each_record_type_is_described_once_and_paths_read_it():
    assert list(RECORD_TYPES) == ["propositions", "evidence"]
    assert [t.model for t in RECORD_TYPES.values()] == [Proposition, Evidence]
    assert BY_NAME["proposition"] is RECORD_TYPES["propositions"]
    assert paths.SCHEMA_FILES == {
        "propositions": "schema/proposition.schema.json",
        "evidence": "schema/evidence.schema.json",
    }
    catalogue = load_publication(FIXTURES / "minimal", today=TODAY).catalogue
    assert [paths.record_page(r) for r in catalogue.records.values()] == [
        "propositions/future-can-be-local.md",
        "evidence/the-paper.md",
        "evidence/treorchy-high-street.md",
    ]
    assert type_of(catalogue.records["the-paper"]).plural == "Evidence"


# The rules


def test_the_rules_are_one_list_of_functions_each_returning_problems(tmp_path):
    root = minimal_with(
        tmp_path,
        evidence__copy=(FIXTURES / "minimal/evidence/the-paper.yml")
        .read_text()
        .replace("id: the-paper", "id: copy")
        .replace("published: 2020-07-23", "published: 2022-01-01"),
    )
    assert rules.unique_ids in rules.RULES and rules.markdown_text in rules.RULES
    assert all(callable(rule) for rule in rules.RULES)
    assert messages(root) == ["published: 2022-01-01 is in the future; check the date"]


def test_a_broken_record_still_has_its_references_checked_and_one_mistake_gives_one_message(tmp_path):
    root = minimal_with(
        tmp_path,
        propositions__second="""\
id: second
number: two
title: Second
summary: See [[treorchy-high-stret]].
published: 2020-07-23
source: the-papr
""",
        evidence__mentions="""\
id: mentions
kind: statistic
title: Mentions
summary: It names [[second]], which is broken itself.
supports:
  - {proposition: second, how: It says so.}
sources:
  - {title: A source, publisher: Someone}
published: 2020-07-23
""",
    )
    assert messages(root) == [
        "number: expected a whole number, got 'two'",
        "summary: [[treorchy-high-stret]] links to no record (did you mean 'treorchy-high-street'?)",
        "source: unknown report 'the-papr' (did you mean 'the-paper'?)",
    ]  # nothing about [[second]] or `proposition: second`: the record's own problem explains them


def test_a_recommendation_named_in_supports_must_be_one_of_the_proposition_named_beside_it(tmp_path):
    root = minimal_with(
        tmp_path,
        evidence__wrong="""\
id: wrong
kind: statistic
title: Wrong
summary: A statistic.
supports:
  - {proposition: future-can-be-local, recommendation: invest-in-hyperlocal, how: It says so.}
  - {proposition: no-such-proposition, recommendation: invest-in-the-hyperlocal, how: It says so.}
sources:
  - {title: A source, publisher: Someone}
published: 2020-07-23
changes:
  - {date: 2020-08-01, note: Added., recommendation: invest-in-the-hyperlocal}
""",
    )
    assert messages(root) == [
        "supports, item 1: recommendation: unknown recommendation 'invest-in-hyperlocal' "
        "(did you mean 'invest-in-the-hyperlocal'?)",
        "supports, item 2: proposition: unknown proposition 'no-such-proposition'",  # and nothing of its recommendation
        "changes, item 1: recommendation: only a proposition's change can name a recommendation",
    ]


# The catalogue


def test_the_catalogue_is_frozen_data_read_through_query_methods():
    catalogue = load_publication(FIXTURES / "minimal", today=TODAY).catalogue
    with pytest.raises(dataclasses.FrozenInstanceError):
        catalogue.records = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        catalogue.records["x"] = catalogue.records["the-paper"]  # type: ignore[index]
    assert isinstance(catalogue.propositions, tuple) and isinstance(catalogue.by_theme["place"], tuple)
    assert catalogue.target("invest-in-the-hyperlocal")[1:] == ("invest-in-the-hyperlocal", "Invest in the hyperlocal")


def test_an_index_reads_a_key_without_entries_as_empty_and_does_not_grow():
    catalogue = load_publication(FIXTURES / "minimal", today=TODAY).catalogue
    assert catalogue.support_by_evidence["no-such-record"] == ()
    assert "no-such-record" not in catalogue.support_by_evidence
    assert catalogue.by_kind.get("no-such-kind") is None
    assert list(catalogue.support_by_evidence) == ["the-paper", "treorchy-high-street"]


@pytest.mark.parametrize(
    "written, why",
    [
        ("2020-06-31", "June has 30 days"),
        ("2021-02-29", "February has 28 days in 2021"),
        ("2020-02-30", "February has 29 days in 2020"),
        ("2020-00", "there is no month 0 (months run from 01 to 12)"),
        ("2020-07-00", "days start at 01"),
        ("2020-07-23", None),
        ("2020", None),
        ("23 July 2020", None),  # not written with numbers: the message says what is expected instead
    ],
)
def test_an_impossible_date_is_explained_as_a_person_would(written, why):
    assert impossible_because(written) == why
