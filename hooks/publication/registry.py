"""The record types: for each, where its files live, its model, its schema file, its pages and its names.

Everything that differs between propositions and evidence, apart from their fields (model.py),
is said here once; load, validate, schema, scaffold and paths read it from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .model import Evidence, Proposition, RecordModel


@dataclass(frozen=True)
class RecordType:
    """One type of record."""

    name: str  # as editors name it: `publication new proposition`
    folder: str  # where its files live, relative to the project folder
    model: type[Proposition] | type[Evidence]
    schema_file: str  # relative to docs/ and to the built site
    page_folder: str  # where its pages live in the site
    singular: str  # labels readers see
    plural: str

    def page(self, record_id: str) -> str:
        """The source path of the page of the record with this id, e.g. evidence/treorchy-high-street.md."""
        return f"{self.page_folder}/{record_id}.md"


PROPOSITIONS = RecordType(
    "proposition",
    "propositions",
    Proposition,
    "schema/proposition.schema.json",
    "propositions",
    "Proposition",
    "Propositions",
)
EVIDENCE = RecordType(
    "evidence", "evidence", Evidence, "schema/evidence.schema.json", "evidence", "Evidence", "Evidence"
)

RECORD_TYPES: Mapping[str, RecordType] = MappingProxyType({t.folder: t for t in (PROPOSITIONS, EVIDENCE)})
"""Every record type by its folder, in the order records are read."""

BY_NAME: Mapping[str, RecordType] = MappingProxyType({t.name: t for t in RECORD_TYPES.values()})
_BY_MODEL = {t.model: t for t in RECORD_TYPES.values()}


def type_of(record: RecordModel) -> RecordType:
    """The type of a validated record."""
    return _BY_MODEL[type(record)]
